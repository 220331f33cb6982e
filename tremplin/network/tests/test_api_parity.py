"""The network pages' actions through the API: the federation creates a structure, records
its membership and dues, makes a group; a director keeps their structure's profile only."""

import datetime

import pytest
from django.utils import translation

from tremplin.network.models import DuesRecord, Structure, StructureGroup


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def _send(client, world, role, method, url, body):
    client.force_login(world.user(role))
    return getattr(client, method)(url, body, content_type="application/json")


NEW = {
    "name": "Élan Solidaire",
    "siret": "732 829 320 00017",
    "kind": "ACI",
    "address": "2 rue de Brest",
    "commune": "35238",
    "activities": ["proprete"],
}


def test_the_federation_creates_a_structure_and_others_may_not(world, client):
    refused = _send(client, world, "director", "post", "/api/v1/structures/", NEW)
    assert refused.status_code == 403
    created = _send(client, world, "federation", "post", "/api/v1/structures/", NEW)
    assert created.status_code == 201, created.content
    structure = Structure.objects.get(pk=created.json()["id"])
    assert structure.siret == "73282932000017" and structure.delegation is not None
    assert list(structure.activities.values_list("code", flat=True)) == ["proprete"]
    wrong = _send(
        client, world, "federation", "post", "/api/v1/structures/", {**NEW, "siret": "1234"}
    )
    assert wrong.status_code == 400 and "14 chiffres" in str(wrong.json())


def test_a_director_changes_the_profile_but_not_the_kind(world, client):
    url = f"/api/v1/structures/{world.own.pk}/"
    kind = world.own.kind
    refused = _send(
        client, world, "director", "patch", url, {"kind": "EI", "phone": "04 78 00 00 01"}
    )
    assert refused.status_code == 400
    assert refused.json() == {"kind": ["Vous ne pouvez pas modifier ce champ."]}
    changed = _send(client, world, "director", "patch", url, {"phone": "04 78 00 00 00"})
    assert changed.status_code == 200, changed.content
    world.own.refresh_from_db()
    assert (world.own.phone, world.own.kind) == ("04 78 00 00 00", kind)
    other = f"/api/v1/structures/{world.other.pk}/"
    assert _send(client, world, "director", "patch", other, {"phone": "01"}).status_code == 404


def test_membership_keeps_its_date_and_dues_are_recorded_once_a_year(world, client):
    url = f"/api/v1/structures/{world.own.pk}/"
    member = {"membership_status": "active", "member_since": "2018-07-01"}
    answer = _send(client, world, "federation", "post", f"{url}adhesion/", member)
    assert answer.status_code == 200, answer.content
    world.own.refresh_from_db()
    assert world.own.member_since == datetime.date(2018, 7, 1)
    assert _send(client, world, "director", "post", f"{url}adhesion/", member).status_code == 403
    dues = {"year": 2025, "amount": "350.00", "status": "called"}
    assert _send(client, world, "federation", "post", f"{url}cotisations/", dues).status_code == 200
    paid = _send(
        client, world, "federation", "post", f"{url}cotisations/", {**dues, "status": "paid"}
    )
    assert paid.json()["status"] == "paid"
    assert DuesRecord.objects.filter(structure=world.own).count() == 1
    late = _send(client, world, "federation", "post", f"{url}cotisations/", {**dues, "year": 1900})
    assert late.status_code == 400 and "year" in late.json()


def test_a_group_is_made_then_its_members_replaced(world, client):
    body = {"name": "GES Zorglub", "structures": [world.own.pk, world.other.pk]}
    assert _send(client, world, "director", "post", "/api/v1/groupes/", body).status_code == 403
    made = _send(client, world, "federation", "post", "/api/v1/groupes/", body)
    assert made.status_code == 201, made.content
    group = StructureGroup.objects.get(pk=made.json()["id"])
    assert set(group.structures.values_list("pk", flat=True)) == {world.own.pk, world.other.pk}
    url = f"/api/v1/groupes/{group.pk}/"
    replaced = _send(
        client,
        world,
        "federation",
        "put",
        url,
        {"name": "GES Zorglub Sud", "structures": [world.own.pk]},
    )
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["name"] == "GES Zorglub Sud"
    assert list(group.structures.values_list("pk", flat=True)) == [world.own.pk]
    unknown = _send(client, world, "federation", "put", url, {"name": "X", "structures": [10**9]})
    assert unknown.status_code == 400 and "structures" in unknown.json()
    group.refresh_from_db()
    assert group.name == "GES Zorglub Sud"
