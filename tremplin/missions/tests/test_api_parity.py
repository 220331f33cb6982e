"""The missions pages' actions through the API: a planner's and an accountant's day without
a page — the same services, French errors, nothing half-saved."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from tremplin.missions.models import (
    Assignment,
    Client,
    Invoice,
    MissionRequest,
    MonthClosure,
    Payment,
    Reminder,
    TimeEntry,
)
from tremplin.missions.services.assignments import assignment_create
from tremplin.network.models import Activity

from .conftest import START, make_client, make_request

D = datetime.date
T = datetime.time


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def _as(client, world, role):
    client.force_login(world.user(role))
    return client


def _post(http, url, body=None, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return http.post(url, body or {}, content_type="application/json", headers=headers)


def test_a_planner_creates_a_client_and_a_request_with_its_slot(world, client):
    http = _as(client, world, "planner")
    answer = _post(
        http,
        "/api/v1/clients/",
        {
            "structure": world.own.pk,
            "kind": "company",
            "name": "Boulangerie Lemoine",
            "siret": "732 829 320 00074",
            "address": "3 place Bellecour",
            "commune": "69123",
        },
        key="client-1",
    )
    assert answer.status_code == 201, answer.content
    created = Client.objects.get(pk=answer.json()["id"])
    assert (created.siret, created.structure_id) == ("73282932000074", world.own.pk)
    answer = _post(
        http,
        "/api/v1/demandes/",
        {
            "client": created.pk,
            "activity": Activity.objects.get(code="proprete").pk,
            "commune": "69123",
            "start_date": "2025-01-06",
            "end_date": "2025-03-31",
            "hours": "120",
            "weekday": 0,
            "start_time": "08:00",
            "end_time": "12:00",
        },
    )
    assert answer.status_code == 201, answer.content
    mission = MissionRequest.objects.get(pk=answer.json()["id"])
    assert list(mission.slots.values_list("weekday", "start_time")) == [(0, T(8))]
    assert answer.json()["state"] == "new"


def test_a_legal_person_without_siret_is_refused_in_french(world, client):
    http = _as(client, world, "planner")
    body = {
        "structure": world.own.pk,
        "kind": "association",
        "name": "Les Amis du Parc",
        "address": "1 rue",
        "commune": "69123",
    }
    answer = _post(http, "/api/v1/clients/", body)
    assert answer.status_code == 400
    assert answer.json()["siret"] == [
        "Une personne morale s'identifie par son SIRET : saisissez-le."
    ]
    assert not Client.objects.exists()
    household = _post(http, "/api/v1/clients/", {**body, "kind": "household"})
    assert household.status_code == 201  # a household has no SIRET


def test_a_client_of_another_structure_or_by_an_accountant_is_refused(world, client):
    body = {"kind": "household", "name": "M. Dupont", "address": "1 rue", "commune": "69123"}
    http = _as(client, world, "planner")
    assert _post(http, "/api/v1/clients/", {**body, "structure": world.other.pk}).status_code == 404
    http = _as(client, world, "accountant")
    refused = _post(http, "/api/v1/clients/", {**body, "structure": world.own.pk})
    assert refused.status_code == 403 and "pas" in refused.json()["detail"]
    assert not Client.objects.exists()


def test_a_request_ending_before_it_starts_is_refused(world, client):
    customer = make_client(world)
    activity = make_request(world, customer).activity_id
    http = _as(client, world, "planner")
    answer = _post(
        http,
        "/api/v1/demandes/",
        {
            "client": customer.pk,
            "activity": activity,
            "commune": "69123",
            "start_date": "2025-03-01",
            "end_date": "2025-02-28",
            "hours": "10",
            "weekday": 2,
            "start_time": "10:00",
            "end_time": "09:00",
        },
    )
    assert answer.status_code == 400
    assert set(answer.json()) == {"end_date", "end_time"}
    assert MissionRequest.objects.count() == 1


def test_slots_closing_and_an_assignment_removed(world, client, employee):
    mission = make_request(world, make_client(world))
    assignment = assignment_create(
        actor=world.user("planner"),
        request=mission,
        person=employee,
        day=START,
        start=T(8),
        end=T(12),
    )
    http = _as(client, world, "planner")
    slot = {"weekday": 1, "start_time": "08:00", "end_time": "10:00"}
    assert _post(http, f"/api/v1/demandes/{mission.pk}/creneaux/", slot).status_code == 200
    again = _post(http, f"/api/v1/demandes/{mission.pk}/creneaux/", slot)
    assert again.status_code == 400 and "créneau" in str(again.json())
    assert mission.slots.count() == 1
    url = f"/api/v1/affectations/{assignment.pk}/"
    assert http.get(url).json()["person"] == employee.pk
    assert http.delete(url).status_code == 204
    assert not Assignment.objects.exists()
    assert http.delete(url).status_code == 404
    closing = _post(http, f"/api/v1/demandes/{mission.pk}/cloture/", {"state": "cancelled"})
    assert closing.status_code == 200 and closing.json()["state"] == "cancelled"
    closed = _post(http, f"/api/v1/demandes/{mission.pk}/creneaux/", slot)
    assert closed.status_code == 400 and "close" in str(closed.json())
    assert (
        _post(http, f"/api/v1/demandes/{mission.pk}/cloture/", {"state": "open"}).status_code == 400
    )


def test_an_accountant_may_not_remove_an_assignment(world, client, employee):
    mission = make_request(world, make_client(world))
    assignment = assignment_create(
        actor=world.user("planner"),
        request=mission,
        person=employee,
        day=START,
        start=T(8),
        end=T(9),
    )
    http = _as(client, world, "accountant")
    assert http.delete(f"/api/v1/affectations/{assignment.pk}/").status_code == 403
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def _hours(world, employee, customer, days=3, first_day=0):
    mission = make_request(world, customer)
    entries = []
    for offset in range(first_day, first_day + days):
        day = START + datetime.timedelta(days=offset)
        assignment = assignment_create(
            actor=world.user("planner"),
            request=mission,
            person=employee,
            day=day,
            start=T(8),
            end=T(12),
        )
        entries.append(
            TimeEntry.objects.create(
                structure=world.own,
                person=employee,
                client=customer,
                assignment=assignment,
                date=day,
                hours=Decimal(4),
            )
        )
    return entries


def test_the_accountants_month_through_the_api(world, client, employee, prices):
    customer = make_client(world, "company")
    entries = _hours(world, employee, customer)
    planner = _as(client, world, "planner")
    validated = _post(planner, "/api/v1/heures/validation/", {"entries": [e.pk for e in entries]})
    assert validated.status_code == 200 and validated.json() == {"validated": 3}
    assert set(TimeEntry.objects.values_list("status", flat=True)) == {"validated"}
    http = _as(client, world, "accountant")
    month = {"structure": world.own.pk, "month": "2025-01-15"}
    drafts = _post(http, "/api/v1/factures/brouillons/", month, key="janvier")
    assert drafts.status_code == 200, drafts.content
    (draft,) = drafts.json()["drafts"]
    assert (draft["status"], draft["total_excl_vat"], draft["period_start"]) == (
        "draft",
        "258.00",
        "2025-01-01",
    )
    assert drafts.json()["errors"] == []
    again = _post(http, "/api/v1/factures/brouillons/", month)  # nothing left to invoice
    assert again.json()["drafts"] == [] and Invoice.objects.count() == 1
    detail = http.get(f"/api/v1/factures/{draft['id']}/").json()
    assert [line["quantity"] for line in detail["lines"]] == ["12.00"]
    issued = _post(http, f"/api/v1/factures/{draft['id']}/emission/")
    assert issued.status_code == 200 and issued.json()["reference"].endswith("00001")
    twice = _post(http, f"/api/v1/factures/{draft['id']}/emission/")
    assert twice.status_code == 400 and "avoir" in str(twice.json())
    paid = _post(
        http,
        f"/api/v1/factures/{draft['id']}/paiements/",
        {"paid_on": "2025-02-10", "amount": "100.00", "method": "cesu"},
    )
    assert paid.status_code == 201 and Payment.objects.get().amount == Decimal(100)
    reminder = _post(http, f"/api/v1/factures/{draft['id']}/relance/")
    assert reminder.status_code in (201, 400)
    assert Reminder.objects.count() == (1 if reminder.status_code == 201 else 0)
    credit = _post(http, f"/api/v1/factures/{draft['id']}/avoir/", {"reason": "Erreur de taux"})
    assert credit.status_code == 201, credit.content
    assert credit.json()["corrects"] == draft["id"] and credit.json()["total"].startswith("-")
    pdf = http.get(f"/api/v1/factures/{draft['id']}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:5] == b"%PDF-"


def test_a_planner_prepares_no_invoice_and_another_structure_is_not_found(
    world, client, employee, prices
):
    customer = make_client(world, "company")
    _hours(world, employee, customer)
    http = _as(client, world, "planner")
    refused = _post(
        http, "/api/v1/factures/brouillons/", {"structure": world.own.pk, "month": "2025-01-01"}
    )
    assert refused.status_code == 403
    http = _as(client, world, "accountant")
    other = _post(
        http, "/api/v1/factures/brouillons/", {"structure": world.other.pk, "month": "2025-01-01"}
    )
    assert other.status_code == 404 and "Introuvable" in other.json()["detail"]
    assert not Invoice.objects.exists()


def test_a_month_is_closed_once_its_hours_are_validated(world, client, employee):
    customer = make_client(world, "household")
    entries = _hours(world, employee, customer, days=1)
    http = _as(client, world, "planner")
    month = {"structure": world.own.pk, "month": "2025-01-20"}
    refused = _post(http, "/api/v1/heures/cloture/", month)
    assert refused.status_code == 400 and not MonthClosure.objects.exists()
    _post(http, "/api/v1/heures/validation/", {"entries": [entries[0].pk]})
    closed = _post(http, "/api/v1/heures/cloture/", month)
    assert closed.status_code == 200 and closed.json()["month"] == "2025-01-01"
    assert MonthClosure.objects.count() == 1


def test_the_accountant_issues_a_whole_month_and_sets_payment_terms(
    world, client, employee, prices
):
    first, second = make_client(world, "company"), make_client(world, "company")
    entries = _hours(world, employee, first) + _hours(world, employee, second, 2, first_day=7)
    TimeEntry.objects.filter(pk__in=[e.pk for e in entries]).update(status="validated")
    http = _as(client, world, "accountant")
    terms = _post(
        http,
        f"/api/v1/clients/{first.pk}/delai-de-paiement/",
        {"payment_terms": "days", "payment_days": 45},
    )
    assert terms.status_code == 200, terms.content
    assert (terms.json()["payment_terms"], terms.json()["payment_days"]) == ("days", 45)
    too_long = _post(
        http,
        f"/api/v1/clients/{second.pk}/delai-de-paiement/",
        {"payment_terms": "days", "payment_days": 61},
    )
    assert too_long.status_code == 400
    assert Client.objects.get(pk=second.pk).payment_terms == "legal"
    month = {"structure": world.own.pk, "month": "2025-01-01"}
    assert len(_post(http, "/api/v1/factures/brouillons/", month).json()["drafts"]) == 2
    issued = _post(http, "/api/v1/factures/emission-du-mois/", month, key="janvier-emission")
    assert issued.status_code == 200, issued.content
    references = sorted(row["reference"] for row in issued.json())
    assert [ref[-5:] for ref in references] == ["00001", "00002"]
    assert not Invoice.objects.filter(status="draft").exists()
    replay = _post(http, "/api/v1/factures/emission-du-mois/", month, key="janvier-emission")
    assert replay.json() == issued.json() and replay["Idempotent-Replayed"] == "true"
    planner = _as(client, world, "planner")
    assert _post(planner, "/api/v1/factures/emission-du-mois/", month).status_code == 403
