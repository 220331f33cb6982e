"""The staff's page of the year, the live preview, and the household's own attestations in
their space."""

import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count

from ..models import AttestationRun, RunStatus, TaxAttestation
from ..services.attestations import attestations_make
from .attestation_data import D, make_declaration, make_household, make_invoice, pay

pytestmark = pytest.mark.django_db
STAFF_URL = reverse("homecare:attestation_staff")


def _household(world, name, user=None):
    household = make_household(world.own, name=name, user=user)
    pay(make_invoice(household, month=D(2025, 3, 1), visits=[D(2025, 3, 4)]), D(2025, 4, 1), 50)
    return household


@pytest.fixture
def made(world):
    make_declaration(world.own)
    households = [_household(world, f"Foyer {i}") for i in range(3)]
    mine = _household(world, "Foyer Dupont", user=world.user("household"))
    attestations_make(household_ids=[h.pk for h in [*households, mine]], year=2025)
    return mine


def test_the_staff_page_lists_the_year_in_a_fixed_number_of_queries(world, client, made):
    client.force_login(world.user("accountant"))
    client.get(STAFF_URL)  # the session's first queries
    with assert_query_count(9):
        response = client.get(STAFF_URL, {"year": 2025})
    body = response.content.decode()
    assert body.count("/pdf/") == 4 and "Foyer 2" in body
    assert "Établir les attestations" in body


def test_an_accountant_starts_the_run_from_the_page(
    world, client, made, django_capture_on_commit_callbacks
):
    client.force_login(world.user("accountant"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(STAFF_URL, {"year": 2025, "send_emails": ""})
    assert response.status_code == 302
    run = AttestationRun.objects.get()
    assert (run.status, run.total, run.send_emails) == (RunStatus.DONE, 4, False)
    page = client.get(response["Location"]).content.decode()
    assert "4 attestations" in page


def test_the_page_says_what_to_fix_when_refused(world, client):
    client.force_login(world.user("director"))
    response = client.post(STAFF_URL, {"year": 2025, "send_emails": "on"})
    assert response.status_code == 200
    assert "SAP" in response.content.decode()
    assert not AttestationRun.objects.exists()


def test_a_planner_reads_but_does_not_start(world, client, made):
    client.force_login(world.user("planner"))
    assert client.get(STAFF_URL, {"year": 2025}).status_code == 200
    assert client.post(STAFF_URL, {"year": 2025}).status_code == 403
    assert not AttestationRun.objects.exists()


def test_the_progress_of_a_run(world, client, made):
    run = AttestationRun.objects.create(
        structure=world.own, year=2025, status=RunStatus.RUNNING, total=8, done=2
    )
    AttestationRun.objects.filter(pk=run.pk).update(heartbeat_at=run.created_at)
    client.force_login(world.user("accountant"))
    body = client.get(reverse("homecare:attestation_run", args=[run.pk])).content.decode()
    assert "2 / 8" in body and 'value="25"' in body and "hx-get" in body


def test_the_preview_prints_one_household_now(world, client, made):
    client.force_login(world.user("accountant"))
    url = reverse("homecare:attestation_preview", args=[made.pk, 2025])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("homecare:attestation_preview", args=[made.pk, 2024])).status_code == 404
    )


def test_the_household_sees_only_their_own(world, client, made):
    client.force_login(world.user("household"))
    with assert_query_count(7):
        response = client.get(reverse("homecare:my_attestations"))
    body = response.content.decode()
    mine = TaxAttestation.objects.get(household=made)
    others = TaxAttestation.objects.exclude(household=made)
    assert f"/mon-foyer/attestations/{mine.pk}/" in body and "2025" in body
    assert not any(f"/mon-foyer/attestations/{a.pk}/" in body for a in others)
    other = others.first()
    response = client.get(reverse("homecare:my_attestation_pdf", args=[mine.pk]))
    assert response.status_code == 200 and bytes(response.content).startswith(b"%PDF")
    assert client.get(reverse("homecare:my_attestation_pdf", args=[other.pk])).status_code == 404
