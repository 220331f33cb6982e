"""Every link of the observatory's pages leads to a page that exists, for every role —
a delegation without structures included (it answers an empty state, not a 404)."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from tremplin.conftest import ROLES
from tremplin.network.models import Delegation

from .test_views import figures  # noqa: F401  (the fixture)

OBSERVATORY = "/observatoire/"


class _Links(HTMLParser):
    """The links of the page's own content (<main>: the navigation is walked by the
    navigation's tests)."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.inside = [], False

    def handle_starttag(self, tag, attrs):
        self.inside |= tag == "main"
        href = dict(attrs).get("href")
        if self.inside and tag == "a" and href and not href.startswith(("#", "mailto:", "tel:")):
            self.hrefs.append(href)

    def handle_endtag(self, tag):
        self.inside &= tag != "main"


def _links(url, response) -> list[str]:
    parser = _Links()
    parser.feed(response.content.decode())
    result = []
    for href in parser.hrefs:
        absolute = urljoin(url, href)
        parts = urlsplit(absolute)
        if parts.netloc in ("", "testserver"):  # this site's pages only
            result.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return result


def _walk(client, start) -> dict[str, int]:
    """Every page reached from `start`: the observatory's pages are followed further,
    the others they link opened once."""
    seen, todo = {}, [start]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url, follow=True)
        seen[url] = response.status_code
        inside = urlsplit(url).path.startswith(OBSERVATORY)
        content_type = response.get("Content-Type", "")
        if inside and response.status_code == 200 and content_type.startswith("text/html"):
            final = response.redirect_chain[-1][0] if response.redirect_chain else url
            todo += [link for link in _links(final, response) if link not in seen]
    return seen


@pytest.mark.parametrize("role", list(ROLES))
def test_every_link_of_the_observatory_exists(world, client, figures, role):  # noqa: F811
    empty = Delegation.objects.create(name="Délégation sans structure")
    if world.user(role):
        client.force_login(world.user(role))
    seen = _walk(client, reverse("observatory:home"))
    broken = {url: status for url, status in seen.items() if status == 404 or status >= 500}
    assert not broken
    if role in ("federation", "delegate", "director"):  # a dashboard: tables, exports, PDF
        assert any("export=" in url for url in seen) and any("format=pdf" in url for url in seen)
    if role == "federation":
        # The network page links every delegation, the empty one too: it says so.
        url = reverse("observatory:delegation", args=[empty.pk])
        assert any(u.startswith(url) for u in seen)


def test_a_delegation_without_structures_says_it_has_no_figures(world, client):
    empty = Delegation.objects.create(name="Délégation sans structure")
    client.force_login(world.user("federation"))
    response = client.get(reverse("observatory:delegation", args=[empty.pk]), {"annee": 2025})
    assert response.status_code == 200
    assert b'data-empty="observatory"' in response.content
