"""The two writes Schemathesis broke on main (an exit, a prolongation decision), tried at
their edges through the API: French 4xx answers, never a server error, nothing half-saved."""

import datetime
import json

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from tremplin.people.models import Exit, Prolongation, ProlongationRequest
from tremplin.people.services import approvals

from .conftest import make_approval, make_person

D = datetime.date


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.user("director"))
    return client


def _post(api, url, body):
    # Raw JSON: lone surrogates and odd values reach the server as a client would send them.
    return api.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def pending(world):
    person = make_person(world, birth_date=D(1960, 3, 1))
    approval = make_approval(world, person, D(2019, 1, 7))  # ends 2021-01-06
    return approvals.prolongation_request_create(
        actor=world.user("conseiller"),
        approval=approval,
        reason="senior",
        end_date=D(2022, 1, 6),
        prescriber="Cap emploi",
        requested_on=D(2020, 12, 1),
    )


@pytest.mark.parametrize(
    "body",
    [
        {"accepted": True, "decided_on": "1900-01-01"},
        {"accepted": True, "decided_on": "2100-12-31"},
        {"accepted": True, "decided_on": "0001-01-01"},
        {"accepted": True, "decided_on": "9999-12-31"},
        {"accepted": False, "decided_on": "2020-12-15", "note": "\ud800"},
        {"accepted": "peut-être", "decided_on": "2020-12-15"},
        {"accepted": True},
        [],
        "texte",
    ],
)
def test_a_decision_at_its_edges_is_never_a_server_error(api, pending, body):
    answer = _post(api, f"/api/v1/demandes-prolongation/{pending.pk}/decision/", body)
    assert answer.status_code < 500, answer.content


def test_a_decision_is_taken_once(api, pending):
    url = f"/api/v1/demandes-prolongation/{pending.pk}/decision/"
    first = _post(api, url, {"accepted": True, "decided_on": "2020-12-15"})
    assert first.status_code == 200, first.content
    again = _post(api, url, {"accepted": True, "decided_on": "2020-12-16"})
    assert again.status_code == 400
    assert "déjà" in json.dumps(again.json(), ensure_ascii=False)
    assert Prolongation.objects.count() == 1
    assert ProlongationRequest.objects.get().status == "accepted"


@pytest.mark.parametrize(
    "body",
    [
        {"exit_date": "1900-01-01"},
        {"exit_date": "2019-01-06", "pass_decision": "suspend"},
        {"exit_date": "2021-01-06", "pass_decision": "suspend"},
        {"exit_date": "2020-06-01", "pass_decision": "suspend", "notes": "\ud800"},
        {"exit_date": "2020-06-01", "reason": "inconnu"},
        {"exit_date": "0001-01-01"},
        {"exit_date": "2020-06-01", "pass_decision": "autre"},
    ],
)
def test_an_exit_at_its_edges_is_never_a_server_error(api, pending, body):
    person = pending.approval.person
    answer = _post(api, "/api/v1/sorties/", {"person": person.pk, **body})
    assert answer.status_code < 500, answer.content
    if answer.status_code >= 400:
        assert not Exit.objects.exists()
