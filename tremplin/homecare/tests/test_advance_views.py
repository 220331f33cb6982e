"""The immediate advance's pages: the accountant's list (its query count), the enrolment
form, sending an invoice, asking URSSAF; the household's validation and contest."""

import datetime

import pytest
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.homecare.models import AdvanceEnrolment, AdvanceStatus, PaymentRequest, RequestStatus
from tremplin.homecare.urssaf.files import FileUrssaf

from .advance_fixtures import (
    catalogue,
    enrolled_with_urssaf,
    household_of,
    issued_invoice,
    sent_request,
    urssaf_files,  # noqa: F401 (the autouse fixture)
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(world):
    catalogue(world.own)
    return household_of(world.own, user=world.user("household"))


def test_the_list_shows_requests_invoices_to_send_and_households_in_fixed_queries(
    world, household, today, client
):
    enrolled_with_urssaf(household)
    for n in range(1, 4):
        sent_request(household, issued_invoice(household, today, number=n), urssaf_id=f"D{n}")
    for n in range(4, 6):
        issued_invoice(household, today, number=n)
    for n in range(3):
        household_of(world.own, name=f"Foyer {n}")
    client.force_login(world.user("accountant"))
    url = reverse("homecare:advance_list")
    client.get(url)  # the session and the membership warmed up
    # Session, user, memberships (3), then one count and one query per section, and the
    # access log's insert: however many rows.
    with assert_query_count(10):
        response = client.get(url)
    body = response.content.decode()
    assert body.count("/envoyer/") == 2
    assert body.count("/inscription/") == 3
    assert body.count("/avance-immediate/demandes/") == 3
    filtered = client.get(url, {"status": RequestStatus.PAID})
    assert "/avance-immediate/demandes/" not in filtered.content.decode()


def test_a_planner_reads_but_cannot_send(world, household, today, client):
    enrolled_with_urssaf(household)
    issued_invoice(household, today)
    client.force_login(world.user("planner"))
    body = client.get(reverse("homecare:advance_list")).content.decode()
    assert "/envoyer/" not in body and "Foyer Zéphyrine" in body


def test_the_enrolment_form_enrols_and_errors_say_what_to_fix(
    world, household, client, django_capture_on_commit_callbacks
):
    client.force_login(world.user("accountant"))
    url = reverse("homecare:advance_enrol", kwargs={"pk": household.pk})
    data = {
        "civility": "2",
        "birth_name": "Durand",
        "first_names": "Zéphyrine",
        "birth_date": "1950-03-04",
        "birth_country": "99100",
        "birth_commune": "69123",
        "mobile_phone": "0612345678",
        "email": "z@example.org",
        "street_number": "3",
        "street_name": "rue des Lilas",
        "postcode": "69001",
        "commune": "69123",
        "iban": "FR7630006000011234567890188",
        "bic": "BNPAFRPPXXX",
        "account_holder": "Mme Durand",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Cet IBAN n" in response.content.decode()
    assert not AdvanceEnrolment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "iban": "FR7630006000011234567890189"})
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.advance_status == AdvanceStatus.ENROLLED


def test_sending_an_invoice_from_the_list(
    world, household, today, client, django_capture_on_commit_callbacks
):
    enrolled_with_urssaf(household)
    invoice = issued_invoice(household, today)
    client.force_login(world.user("accountant"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("homecare:advance_send", kwargs={"pk": invoice.pk}))
    assert response.status_code == 302
    payment_request = PaymentRequest.objects.get(invoice=invoice)
    assert payment_request.status == RequestStatus.INTEGRATED
    detail = client.get(reverse("homecare:advance_detail", kwargs={"pk": payment_request.pk}))
    assert "Intégrée" in detail.content.decode()
    # Asking URSSAF now, once the household has validated on its side.
    FileUrssaf().simulate(payment_request.urssaf_id, "30")
    client.post(reverse("homecare:advance_detail", kwargs={"pk": payment_request.pk}))
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.VALIDATED


def _household_request(world, household, today, client, callbacks):
    enrolled_with_urssaf(household)
    invoice = issued_invoice(household, today)
    client.force_login(world.user("accountant"))
    with callbacks(execute=True):
        client.post(reverse("homecare:advance_send", kwargs={"pk": invoice.pk}))
    client.force_login(world.user("household"))
    return PaymentRequest.objects.get(invoice=invoice)


def test_the_household_validates(
    world, household, today, client, django_capture_on_commit_callbacks
):
    payment_request = _household_request(
        world, household, today, client, django_capture_on_commit_callbacks
    )
    listing = client.get(reverse("homecare:my_advance")).content.decode()
    assert "À valider ou contester" in listing and payment_request.invoice.reference in listing
    url = reverse("homecare:my_advance_detail", kwargs={"pk": payment_request.pk})
    page = client.get(url).content.decode()
    assert "110,00 €" in page  # the household's share of 220 €
    response = client.post(url, {"answer": "validate"})
    assert response.status_code == 302
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.VALIDATED
    assert payment_request.events.last().actor == world.user("household")


def test_the_household_contests_and_must_say_why(
    world, household, today, client, django_capture_on_commit_callbacks
):
    payment_request = _household_request(
        world, household, today, client, django_capture_on_commit_callbacks
    )
    url = reverse("homecare:my_advance_detail", kwargs={"pk": payment_request.pk})
    response = client.post(url, {"answer": "contest", "reason": ""})
    assert response.status_code == 200
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.INTEGRATED
    client.post(url, {"answer": "contest", "reason": "Une intervention annulée facturée"})
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.REFUSED
    assert payment_request.refusal_comment == "Une intervention annulée facturée"


def test_past_the_delay_the_household_is_told(
    world, household, today, client, django_capture_on_commit_callbacks
):
    import time_machine

    payment_request = _household_request(
        world, household, today, client, django_capture_on_commit_callbacks
    )
    url = reverse("homecare:my_advance_detail", kwargs={"pk": payment_request.pk})
    with time_machine.travel(payment_request.integrated_at + datetime.timedelta(hours=49)):
        response = client.post(url, {"answer": "validate"})
    assert "Le délai de réponse est passé" in response.content.decode()
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.INTEGRATED
