"""Two page actions through the API: assigning one employee on several days at once (a
period, or every week of a slot), each day checked and the refused ones answered with their
reasons; and an issued e-invoice sent again to the client's platform."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.missions.models import Assignment, InvoiceTransmission, RequestSlot
from tremplin.missions.services import invoices
from tremplin.missions.services.assignments import weekly_days
from tremplin.people.services import contracts
from tremplin.people.tests.conftest import make_approval, make_person

from .conftest import make_client, make_request
from .test_einvoicing import company, draft

DAY = datetime.timedelta(days=1)


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EINVOICING_OUTBOX_DIR = str(tmp_path)
    settings.EINVOICING_TRANSMITTER = "tremplin.missions.einvoicing.DirectoryTransmitter"
    return tmp_path


def _post(http, url, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return http.post(url, body, content_type="application/json", headers=headers)


@pytest.fixture
def hired(world, today):
    person = make_person(world, last_name="Lot")
    make_approval(world, person, today - 60 * DAY)
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=today - 60 * DAY,
        planned_end_date=today + 100 * DAY,
        weekly_hours=Decimal(20),
    )
    request = make_request(
        world, make_client(world, "household", name="Mme Roux"), start=today, end=today + 300 * DAY
    )
    return person, request


def _url(request):
    return reverse("api:request-assignments", args=[request.pk])


def test_a_period_keeps_the_days_the_rules_accept_and_answers_the_others(
    world, client, today, hired
):
    person, request = hired
    monday = today - today.weekday() * DAY + 7 * DAY
    client.force_login(world.user("planner"))
    body = {
        "person": person.pk,
        "first_day": monday.isoformat(),
        "last_day": (monday + 6 * DAY).isoformat(),
        "weekdays": [0, 1, 2, 3, 4, 5],
        "start_time": "08:00",
        "end_time": "12:00",
    }
    response = _post(client, _url(request), body, key="lot-1")
    assert response.status_code == 201
    created = response.json()["created"]
    assert [a["date"] for a in created] == [(monday + i * DAY).isoformat() for i in range(5)]
    (refused,) = response.json()["refused"]  # Saturday: past the contract's 20 hours
    assert refused["date"] == (monday + 5 * DAY).isoformat()
    assert "20" in refused["reasons"][0] and "semaine" in refused["reasons"][0]
    # A retry with the same key writes nothing more.
    again = _post(client, _url(request), body, key="lot-1")
    assert again.json() == response.json() and Assignment.objects.count() == 5


def test_every_week_of_a_slot_until_the_contract_ends(world, client, today, hired):
    person, request = hired
    slot = RequestSlot.objects.create(
        request=request,
        weekday=(today + DAY).weekday(),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
    )
    client.force_login(world.user("planner"))
    response = _post(client, _url(request), {"person": person.pk, "slot": slot.pk})
    assert response.status_code == 201
    contract_end = today + 100 * DAY
    weeks = weekly_days(request, slot.weekday, from_day=today)
    kept = [d.isoformat() for d in weeks if d <= contract_end]
    assert [a["date"] for a in response.json()["created"]] == kept
    refused = response.json()["refused"]
    assert [r["date"] for r in refused] == [d.isoformat() for d in weeks if d > contract_end]
    assert all("contrat" in r["reasons"][0] for r in refused)
    assert all(a["start_time"] == "09:00:00" for a in response.json()["created"])


def test_every_day_refused_answers_200_and_saves_nothing(world, client, today, hired):
    person, request = hired
    late = today + 200 * DAY  # after the contract
    client.force_login(world.user("planner"))
    body = {
        "person": person.pk,
        "first_day": late.isoformat(),
        "start_time": "08:00",
        "end_time": "10:00",
    }
    response = _post(client, _url(request), body)
    assert response.status_code == 200
    assert response.json()["created"] == [] and len(response.json()["refused"]) == 1
    assert not Assignment.objects.exists()


def test_the_input_is_refused_in_french(world, client, today, hired):
    person, request = hired
    other_slot = RequestSlot.objects.create(
        request=make_request(world, make_client(world, name="Autre")),
        weekday=1,
        start_time=datetime.time(9),
        end_time=datetime.time(11),
    )
    client.force_login(world.user("planner"))
    both = _post(client, _url(request), {"person": person.pk})
    assert both.status_code == 400
    assert both.json()["non_field_errors"] == [
        "Donnez soit une période (first_day), soit un créneau hebdomadaire."
    ]
    backwards = _post(
        client,
        _url(request),
        {
            "person": person.pk,
            "first_day": today.isoformat(),
            "last_day": (today - DAY).isoformat(),
        },
    )
    assert backwards.status_code == 400
    assert backwards.json()["last_day"] == ["Le dernier jour précède le premier."]
    assert "start_time" in backwards.json()
    foreign = _post(client, _url(request), {"person": person.pk, "slot": other_slot.pk})
    assert foreign.status_code == 400 and "slot" in foreign.json()
    client.force_login(world.user("accountant"))
    assert _post(client, _url(request), {"person": person.pk}).status_code == 403
    assert not Assignment.objects.exists()


def test_an_issued_einvoice_is_sent_again_through_the_api(
    world,
    client,
    outbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):  # its first sending left queued
        invoice = invoices.invoice_issue(
            actor=world.user("accountant"),
            invoice=draft(world, company(world)),
            issued_on=datetime.date(2025, 2, 3),
        )
    url = reverse("api:invoice-transmit", args=[invoice.pk])
    client.force_login(world.user("planner"))
    assert _post(client, url, {}).status_code == 403
    client.force_login(world.user("accountant"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(client, url, {}, key="envoi-1")
    assert response.status_code == 202
    assert response.json()["status"] == "pending" and response.json()["invoice"] == invoice.pk
    for callback in callbacks:
        callback()
    assert InvoiceTransmission.objects.get(invoice=invoice).status == "sent"
    assert list(outbox.rglob("*.pdf"))
    again = _post(client, url, {})
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == [
        "Cette facture a déjà été envoyée à la plateforme du client."
    ]
    household = draft(world, make_client(world, "household", name="Mme Durand"))
    refused = _post(client, reverse("api:invoice-transmit", args=[household.pk]), {})
    assert refused.status_code == 400 and "SIRET" in refused.json()["non_field_errors"][0]
