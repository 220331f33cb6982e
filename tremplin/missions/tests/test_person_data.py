"""The right of access: a person's whole file, missions and hours included, as JSON and PDF
(the export lives in people; its walk reaches the missions' records without importing them)."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tremplin.missions.models import Assignment, TimeEntry
from tremplin.people.models import AccessEvent
from tremplin.people.tests.paths import NIR, full_path

from .conftest import make_client, make_request

D = datetime.date

KINDS = {
    "people.person",
    "people.diagnosis",
    "people.diagnosiscriterion",
    "people.approval",
    "people.suspension",
    "people.prolongationrequest",
    "people.prolongation",
    "people.contract",
    "people.contractrenewal",
    "people.interview",
    "people.barrier",
    "people.barrierstatuschange",
    "people.action",
    "people.commitmentcontract",
    "people.commitmentreview",
    "people.exit",
    "missions.assignment",
    "missions.timeentry",
    "people.person.history",
}


@pytest.fixture
def path(world):
    path = full_path(world)
    mission = make_request(world, make_client(world), start=D(2019, 3, 4), end=D(2020, 9, 30))
    assignment = Assignment.objects.create(
        request=mission,
        person=path.person,
        date=D(2019, 4, 2),
        start_time=datetime.time(8),
        end_time=datetime.time(12),
        hours=Decimal(4),
    )
    TimeEntry.objects.create(
        structure=world.own,
        person=path.person,
        client=mission.client,
        assignment=assignment,
        date=D(2019, 4, 2),
        hours=Decimal(4),
    )
    return path


def test_the_json_export_holds_every_record_of_the_path(world, client, path):
    client.force_login(world.user("director"))
    url = reverse("people:person_data_export", args=[path.person.pk])
    response = client.get(url, {"format": "json"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    filled = {s["key"] for s in data["sections"] if s["records"]}
    assert filled >= KINDS, KINDS - filled
    person = next(s for s in data["sections"] if s["key"] == "people.person")["records"][0]
    # For the person themself: every field, the sensitive ones included.
    assert person["nir"] == NIR and person["rqth"] is True and person["leaving_detention"] is True
    interview = next(s for s in data["sections"] if s["key"] == "people.interview")["records"][0]
    assert interview["notes"] == "Parle de son suivi psychiatrique"
    assert "nir_hash" not in person
    event = AccessEvent.objects.get(route="people:person_data_export")
    assert (event.kind, event.context, event.person_ids) == (
        "export",
        "data_export",
        [path.person.pk],
    )
    # The consultations are part of the answer, without the names of the staff who read.
    client.get(url, {"format": "json"})
    data = json.loads(client.get(url, {"format": "json"}).content)
    consultations = next(s for s in data["sections"] if s["key"] == "consultations")
    assert len(consultations["records"]) == 2
    assert "Director" not in json.dumps(consultations)


def test_the_pdf_export_reads_as_the_persons_file(world, client, path):
    client.force_login(world.user("conseiller"))
    url = reverse("people:person_data_export", args=[path.person.pk])
    response = client.get(url, {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Aurélie ZÉPHYRIN" in text and "Formation CACES" in text
    assert AccessEvent.objects.get().kind == "document"


@pytest.mark.parametrize("role", ["planner", "accountant"])
def test_only_directors_and_counsellors_export_a_persons_data(world, client, path, role):
    client.force_login(world.user(role))
    url = reverse("people:person_data_export", args=[path.person.pk])
    assert client.get(url).status_code == 403
