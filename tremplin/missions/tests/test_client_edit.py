"""A client's details changed, on its page and through the API, by the same service and its
checks (a legal person keeps a valid SIRET); a request created on the page keeps its place."""

import datetime

from django.urls import reverse

from tremplin.missions.models import Client, MissionRequest
from tremplin.network.models import Activity

from .conftest import make_client

SIRET = "73282932000074"


def _form(client, **changes):
    data = {
        "kind": client.kind,
        "name": client.name,
        "siret": client.siret,
        "address": client.address,
        "commune": client.commune.label,
        "email": client.email,
        "phone": client.phone,
    }
    return {**data, **changes}


def test_a_planner_changes_a_client_on_its_page(world, client):
    customer = make_client(world)
    Client.objects.filter(pk=customer.pk).update(siret=SIRET)
    customer.refresh_from_db()
    url = reverse("missions:client_edit", args=[customer.pk])
    client.force_login(world.user("planner"))
    page = client.get(url)
    assert page.status_code == 200 and f'value="{SIRET}"' in page.content.decode()
    response = client.post(url, _form(customer, address="2 rue du Port", phone="04 78 00 00 00"))
    assert response["Location"] == reverse("missions:client_detail", args=[customer.pk])
    customer.refresh_from_db()
    assert (customer.address, customer.phone, customer.siret) == (
        "2 rue du Port",
        "04 78 00 00 00",
        SIRET,
    )


def test_a_legal_person_without_siret_is_refused_and_nothing_changes(world, client):
    household = make_client(world, "household", name="Mme Petit")
    client.force_login(world.user("planner"))
    url = reverse("missions:client_edit", args=[household.pk])
    response = client.post(url, _form(household, kind="company", name="SARL Petit"))
    assert response.status_code == 200
    assert "SIRET" in " ".join(response.context["form"].errors["siret"])
    household.refresh_from_db()
    assert (household.kind, household.name) == ("household", "Mme Petit")


def test_only_who_plans_edits_a_client(world, client):
    customer = make_client(world)
    client.force_login(world.user("accountant"))
    url = reverse("missions:client_edit", args=[customer.pk])
    assert client.post(url, _form(customer, name="Autre")).status_code == 403
    customer.refresh_from_db()
    assert customer.name == "Société Martin"


def test_the_api_patches_a_client_through_the_same_checks(world, client):
    household = make_client(world, "household", name="Mme Petit")
    client.force_login(world.user("planner"))
    url = f"/api/v1/clients/{household.pk}/"
    changed = client.patch(url, {"phone": "0600000000"}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["phone"] == "0600000000"
    assert changed.json()["name"] == "Mme Petit"  # what the PATCH leaves out stays
    refused = client.patch(url, {"kind": "company"}, content_type="application/json")
    assert refused.status_code == 400 and "SIRET" in str(refused.json())
    household.refresh_from_db()
    assert (household.kind, household.phone) == ("household", "0600000000")
    other = make_client(world, structure=world.other, name="Ailleurs")
    assert client.patch(f"/api/v1/clients/{other.pk}/", {"phone": "1"}).status_code == 404


def test_a_request_from_the_page_keeps_its_address(world, client):
    customer = make_client(world)
    client.force_login(world.user("planner"))
    response = client.post(
        reverse("missions:request_create", args=[customer.pk]),
        {
            "activity": Activity.objects.get(code="proprete").pk,
            "address": "Entrepôt, 8 rue des Docks",
            "commune": customer.commune.label,
            "start_date": "2025-01-06",
            "end_date": "2025-03-31",
            "hours": "20",
            "weekday": "1",
            "start_time": "08:00",
            "end_time": "07:00",
        },
    )
    assert response.status_code == 200 and not MissionRequest.objects.exists()
    assert response.context["form"].errors["end_time"]
    response = client.post(
        reverse("missions:request_create", args=[customer.pk]),
        {
            "activity": Activity.objects.get(code="proprete").pk,
            "address": "Entrepôt, 8 rue des Docks",
            "commune": customer.commune.label,
            "start_date": "2025-01-06",
            "end_date": "2025-03-31",
            "hours": "20",
            "weekday": "1",
            "start_time": "08:00",
            "end_time": "11:00",
        },
    )
    mission = MissionRequest.objects.get()
    assert response["Location"] == reverse("missions:request_detail", args=[mission.pk])
    assert (mission.address, mission.start_date) == (
        "Entrepôt, 8 rue des Docks",
        datetime.date(2025, 1, 6),
    )
    assert [(s.weekday, s.start_time.hour) for s in mission.slots.all()] == [(1, 8)]


def test_saved_unchanged_a_client_is_not_written(world, client):
    customer = make_client(world, "household", name="Mme Petit")
    before = Client.objects.get(pk=customer.pk).updated_at
    client.force_login(world.user("planner"))
    response = client.post(reverse("missions:client_edit", args=[customer.pk]), _form(customer))
    assert response.status_code == 302
    assert Client.objects.get(pk=customer.pk).updated_at == before
