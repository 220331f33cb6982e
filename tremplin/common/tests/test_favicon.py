"""Every page links the project's icon, a vendored static file (no request to elsewhere)."""

import lxml.html
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse


def _icon_of(html: str) -> str:
    (link,) = lxml.html.document_fromstring(html).xpath("//head/link[@rel='icon']")
    return link.get("href")


def test_pages_and_error_pages_link_the_vendored_favicon(client, db):
    pages = [client.get(reverse("network:directory")), client.get("/nulle-part/")]
    assert [page.status_code for page in pages] == [200, 404]
    for page in pages:
        assert _icon_of(page.content.decode()) == static("tremplin/favicon.svg")
    with open(finders.find("tremplin/favicon.svg"), encoding="utf-8") as icon:
        assert icon.read().startswith("<svg")
