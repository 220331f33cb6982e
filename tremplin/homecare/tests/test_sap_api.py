"""The catalogue's API: read by whoever sees the structure, written by its director with
the pages' rules, and replayed on a retry with the same Idempotency-Key."""

import pytest

from tremplin.homecare.models import Service
from tremplin.homecare.tests.routes_sap import SapObjects

pytestmark = pytest.mark.django_db
URL = "/api/v1/sap/services/"


@pytest.fixture
def objects(world):
    objects = SapObjects(world.own)
    world.own.activities.add(objects.service.work_activity)
    return objects


def body(objects, **extra):
    return {
        "structure": objects.declaration.structure_id,
        "name": "Ménage du samedi",
        "activity": "menage",
        "mode": "prestataire",
        "work_activity": objects.service.work_activity.code,
        "price_excl_vat": "24.00",
        "vat_rate": "10.00",
        "urssaf_nature_code": "10",
        **extra,
    }


def post(client, data, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(URL, data, content_type="application/json", headers=headers)


def test_the_director_adds_a_service_once_per_key(client, world, objects):
    client.force_login(world.user("director"))
    first = post(client, body(objects), key="catalogue-1")
    assert first.status_code == 201, first.json()
    assert first.json()["price_incl_vat"] == "26.40"
    assert first.json()["regime"] == "declaration" and first.json()["sub_cap"] == ""
    assert "50 %" in first.json()["tax_mention_printed"]
    again = post(client, body(objects), key="catalogue-1")
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Service.objects.filter(name="Ménage du samedi").count() == 1


def test_the_rules_answer_400_by_field_in_french(client, world, objects):
    client.force_login(world.user("director"))
    response = post(client, body(objects, activity="bricolage"))
    assert response.status_code == 400
    assert "ajoutez-la d'abord" in response.json()["activity"][0]
    assert not Service.objects.filter(name="Ménage du samedi").exists()


def test_other_roles_read_but_do_not_write(client, world, objects):
    client.force_login(world.user("planner"))
    assert post(client, body(objects)).status_code == 403
    listed = client.get(URL, {"structure": world.own.pk}).json()
    assert [row["name"] for row in listed["results"]] == [objects.service.name]
    patch = client.patch(
        f"{URL}{objects.service.pk}/", {"vat_rate": "20"}, content_type="application/json"
    )
    assert patch.status_code == 403
    objects.service.refresh_from_db()
    assert objects.service.vat_rate == 10


def test_another_structures_catalogue_is_not_found(client, world, objects):
    other = SapObjects(world.other)
    client.force_login(world.user("director"))
    assert client.get(f"{URL}{other.service.pk}/").status_code == 404
    assert post(client, body(objects, structure=world.other.pk)).status_code == 404
    assert not Service.objects.filter(structure=world.other, name="Ménage du samedi").exists()


def test_the_director_changes_a_price(client, world, objects):
    client.force_login(world.user("director"))
    response = client.patch(
        f"{URL}{objects.service.pk}/",
        {"price_excl_vat": "30.00"},
        content_type="application/json",
        headers={"Idempotency-Key": "prix-1"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["price_incl_vat"] == "33.00"


# --- The declaration, its activities, the licences -----------------------------------------


def test_the_director_records_the_declaration_and_its_activities(client, world, today):
    client.force_login(world.user("director"))
    url = f"/api/v1/sap/structures/{world.own.pk}/declaration/"
    response = client.put(
        url,
        {"number": "SAP732829320", "declared_on": today.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    refused = client.post(
        f"/api/v1/sap/structures/{world.own.pk}/activites/",
        {"activity": "garde_moins_3", "mode": "prestataire"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "agrément" in str(refused.json())
    added = client.post(
        f"/api/v1/sap/structures/{world.own.pk}/activites/",
        {"activity": "menage", "mode": "mise_a_disposition"},
        content_type="application/json",
        headers={"Idempotency-Key": "activite-1"},
    )
    assert added.status_code == 201
    declaration = client.get(url).json()
    assert [(a["activity"], a["regime"]) for a in declaration["activities"]] == [
        ("menage", "declaration")
    ]
    assert client.delete(f"/api/v1/sap/activites/{added.json()['id']}/").status_code == 204
    assert client.get(url).json()["activities"] == []


def test_the_planner_reads_the_declaration_but_does_not_change_it(client, world, objects):
    client.force_login(world.user("planner"))
    url = f"/api/v1/sap/structures/{world.own.pk}/declaration/"
    assert client.get(url).json()["number"] == objects.declaration.number
    response = client.put(
        url,
        {"number": "SAP732829320", "declared_on": "2020-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
    objects.declaration.refresh_from_db()
    assert objects.declaration.declared_on.isoformat() == "2020-03-01"


def test_the_federation_grants_and_changes_a_licence(client, world, objects):
    client.force_login(world.user("federation"))
    response = client.post(
        "/api/v1/proxim-services/licences/",
        {
            "structure": world.other.pk,
            "started_on": "2024-01-01",
            "status": "active",
            "charter_version": "2024",
            "charter_signed_on": "2024-01-01",
            "territory": ["35", "29"],
        },
        content_type="application/json",
        headers={"Idempotency-Key": "licence-1"},
    )
    assert response.status_code == 201, response.json()
    assert sorted(response.json()["territory"]) == ["29", "35"]
    pk = response.json()["id"]
    overlap = client.post(
        "/api/v1/proxim-services/licences/",
        {
            "structure": world.other.pk,
            "started_on": "2025-01-01",
            "status": "active",
            "charter_version": "2024",
            "charter_signed_on": "2025-01-01",
        },
        content_type="application/json",
    )
    assert overlap.status_code == 400
    ended = client.put(
        f"/api/v1/proxim-services/licences/{pk}/",
        {
            "started_on": "2024-01-01",
            "ends_on": "2024-12-31",
            "status": "ended",
            "charter_version": "2024",
            "charter_signed_on": "2024-01-01",
        },
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["territory"] == ["29", "35"]


def test_a_director_cannot_grant_a_licence(client, world, objects):
    client.force_login(world.user("director"))
    response = client.post(
        "/api/v1/proxim-services/licences/",
        {
            "structure": world.own.pk,
            "started_on": "2030-01-01",
            "status": "active",
            "charter_version": "2024",
            "charter_signed_on": "2030-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    assert [
        row["id"] for row in client.get("/api/v1/proxim-services/licences/").json()["results"]
    ] == [objects.licence.pk]
