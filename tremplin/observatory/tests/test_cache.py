"""The protected dashboards are kept between requests, and forgotten when figures are
computed again."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override as translation_override

from tremplin.conftest import make_structure
from tremplin.observatory import maintenance
from tremplin.observatory.models import Figure

YEAR = 2025


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.OBSERVATORY_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _network(world, federation_user):
    from tremplin.network.demo import siret_for

    structures = [world.own, world.other] + [
        make_structure(actor=federation_user, name=f"EI {i}", siret=siret_for(9100 + i))
        for i in range(2)
    ]
    for structure, count in zip(structures, (12, 10, 8, 9), strict=True):
        Figure.objects.create(
            structure=structure, year=YEAR, period="Y", key="accompanied",
            value=Decimal(count), people=count,
        )  # fmt: skip
    return structures


def _page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("observatory:network"), {"annee": YEAR})
    assert response.status_code == 200
    return response, len(queries)


def test_the_network_dashboard_is_kept_until_figures_are_computed_again(
    world, federation_user, client, django_capture_on_commit_callbacks
):
    structures = _network(world, federation_user)
    client.force_login(world.user("federation"))
    # The clock stands still: on a slow machine the first page may take seconds,
    # which would move the cache's expiry away from the instants travelled to below.
    start = datetime.datetime.now(tz=datetime.UTC)
    with time_machine.travel(start, tick=False):
        first, computed = _page(client)
        second, kept = _page(client)
        assert kept < computed  # the release is not read nor protected again
        assert first.context["board"].headlines == second.context["board"].headlines
        # A figure written behind the cache's back is not seen: the page is the kept one...
        Figure.objects.filter(structure=structures[0]).update(value=Decimal(40), people=40)
        assert _page(client)[0].context["board"].headlines == first.context["board"].headlines
    # ...for OBSERVATORY_CACHE_SECONDS: a second before, still kept; then computed again.
    with time_machine.travel(start + datetime.timedelta(seconds=599), tick=False):
        assert _page(client)[0].context["board"].headlines == first.context["board"].headlines
    with time_machine.travel(start + datetime.timedelta(seconds=601), tick=False):
        after, queries = _page(client)
    assert queries == computed
    assert after.context["board"].headlines != first.context["board"].headlines


def test_a_rebuild_of_every_figure_forgets_the_kept_dashboards(
    world, federation_user, client, django_capture_on_commit_callbacks
):
    _network(world, federation_user)
    client.force_login(world.user("federation"))
    first, computed = _page(client)
    assert _page(client)[1] < computed
    # Rebuilt from the operations (none here: the figures written by hand go away).
    with django_capture_on_commit_callbacks(execute=True):
        maintenance.rebuild(years=[YEAR])
    after = client.get(reverse("observatory:network"), {"annee": YEAR})
    assert "board" not in after.context or (
        after.context["board"].headlines != first.context["board"].headlines
    )


def test_a_structure_s_own_page_is_never_kept(world, client):
    Figure.objects.create(
        structure=world.own, year=YEAR, period="Y", key="accompanied",
        value=Decimal(12), people=12,
    )  # fmt: skip
    client.force_login(world.user("director"))
    url = reverse("observatory:structure")
    before = client.get(url, {"annee": YEAR}).context["board"].headlines
    Figure.objects.filter(structure=world.own).update(value=Decimal(30), people=30)
    assert client.get(url, {"annee": YEAR}).context["board"].headlines != before


def _computing(calls, value="computed"):
    def compute():
        calls.append(1)
        return value

    return compute


def test_a_cold_dashboard_waits_for_the_request_already_computing_it(monkeypatch):
    """While one request computes a dashboard, the others wait for its result."""
    from tremplin.observatory import cache as kept_cache

    key = ":".join(map(str, ("observatory", "dashboard", kept_cache.generation(), "fr", "n")))
    cache.add(f"{key}:computing", 1, timeout=60)  # another request is computing
    polls = []

    def elsewhere(seconds):
        # The other request finishes during the second poll.
        polls.append(seconds)
        if len(polls) == 2:
            cache.set(key, "from the other request", timeout=600)

    monkeypatch.setattr(kept_cache.time, "sleep", elsewhere)
    calls = []
    with translation_override("fr"):
        assert kept_cache.kept(("n",), _computing(calls)) == "from the other request"
    assert calls == []
    assert len(polls) == 2


def test_a_waiting_request_computes_itself_when_the_computing_one_failed(monkeypatch):
    from tremplin.observatory import cache as kept_cache

    key = ":".join(map(str, ("observatory", "dashboard", kept_cache.generation(), "fr", "n")))
    cache.add(f"{key}:computing", 1, timeout=60)
    # The computing request fails: its lock goes away with no value.
    monkeypatch.setattr(kept_cache.time, "sleep", lambda s: cache.delete(f"{key}:computing"))
    calls = []
    with translation_override("fr"):
        assert kept_cache.kept(("n",), _computing(calls)) == "computed"
    assert calls == [1]


def test_the_first_request_of_a_cold_dashboard_computes_it_once_and_releases_the_lock():
    from tremplin.observatory import cache as kept_cache

    calls = []
    with translation_override("fr"):
        assert kept_cache.kept(("n",), _computing(calls)) == "computed"
        assert kept_cache.kept(("n",), _computing(calls)) == "computed"
    assert calls == [1]
    key = ":".join(map(str, ("observatory", "dashboard", kept_cache.generation(), "fr", "n")))
    assert cache.get(f"{key}:computing") is None
