"""The delegation page: its structures with kind, membership and dues, a map, a link to
its figures; an empty delegation says so; refusals are the French 403 page."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.conftest import make_structure
from tremplin.network import services
from tremplin.network.models import Delegation, Region


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _page(client, world, delegation=None):
    return client.get(
        reverse("network:delegation_detail", args=[(delegation or world.own_delegation).pk])
    )


def test_the_delegate_sees_the_structures_with_kind_membership_and_dues(world, client, today):
    federation = world.user("federation")
    services.dues_record_set(
        actor=federation,
        structure=world.own,
        year=today.year,
        amount=Decimal("1200"),
        status="paid",
    )
    services.dues_record_set(
        actor=federation,
        structure=world.own,
        year=today.year - 1,
        amount=Decimal("1100"),
        status="late",
    )
    client.force_login(world.user("delegate"))
    response = _page(client, world)
    assert response.status_code == 200
    body = _text(response)
    assert "AI du Rhône" in body
    assert "Association intermédiaire (AI)" in body  # the kind's label, not « AI »
    assert "Adhérente active" in body
    assert f"Cotisation {today.year}" in body and "Réglée" in body
    assert "1\N{NO-BREAK SPACE}200,00 €" in body or "1 200,00 €" in body
    assert f"En retard : {today.year - 1}" in body
    # Another delegation's structure is not on the page.
    assert "ACI de Bretagne" not in body
    markers = response.context["markers"]
    assert [m["name"] for m in markers] == ["AI du Rhône"]
    assert markers[0]["url"] == reverse("network:structure_detail", args=[world.own.pk])
    assert 'id="map-markers"' in body and "network/map.js" in body
    assert reverse("observatory:delegation", args=[world.own_delegation.pk]) in body


def test_a_structure_without_dues_this_year_says_not_recorded(world, client):
    client.force_login(world.user("delegate"))
    body = _text(_page(client, world))
    assert "Non enregistrée" in body


def test_a_delegation_without_structures_shows_an_empty_state(world, client):
    federation = world.user("federation")
    empty = Delegation.objects.create(name="Délégation sans structure")
    empty.regions.set(Region.objects.all()[:1])
    client.force_login(federation)
    response = _page(client, world, empty)
    assert response.status_code == 200
    body = _text(response)
    assert "Aucune structure n'appartient encore à cette délégation" in body
    assert 'id="map"' not in body and "map.js" not in body
    # No link to figures that cannot exist.
    assert reverse("observatory:delegation", args=[empty.pk]) not in body


def test_the_page_reads_in_constant_queries(world, client):
    client.force_login(world.user("delegate"))
    _page(client, world)
    with assert_query_count(11) as counted:
        _page(client, world)
    for i in range(4):
        structure = make_structure(
            actor=world.user("federation"),
            name=f"EI numéro {i}",
            siret=["44306184100047", "38012986646850", "55203253400646", "40483304800022"][i],
            commune="69123",
            kind="EI",
        )
        services.dues_record_set(
            actor=world.user("federation"),
            structure=structure,
            year=2025,
            amount=Decimal(1),
            status="late",
        )
    with assert_query_count(len(counted.captured_queries)):
        response = _page(client, world)
    assert "EI numéro 3" in _text(response)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("delegate", lambda w: reverse("network:structure_create")),
        ("delegate", lambda w: reverse("network:structure_membership", args=[w.own.pk])),
        ("director", lambda w: reverse("network:delegation_list")),
        ("planner", lambda w: reverse("network:network_counts")),
    ],
)
def test_a_refusal_is_the_french_403_page(world, client, role, url):
    client.force_login(world.user(role))
    response = client.get(url(world))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    body = _text(response)
    assert "Accès refusé" in body and "Forbidden" not in body
    assert "<nav" in body  # the site's layout, not Django's bare page
