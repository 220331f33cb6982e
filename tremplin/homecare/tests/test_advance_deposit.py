"""What an invoice had received before it went to URSSAF (prepaid CESU, APA/PCH paid
directly, a deposit) is sent as the request's « acompte »: URSSAF pays the rest, the advance
and the household's share are taken on that rest, and the payments recorded add up to the
invoice — never more, whatever was paid while the request was on its way."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.homecare.attestation_figures import household_figures
from tremplin.homecare.models import PaymentRequest, RequestStatus
from tremplin.homecare.services import advance, advance_sync
from tremplin.homecare.urssaf import UrssafRefusal
from tremplin.homecare.urssaf.files import FileUrssaf
from tremplin.missions.models import InvoiceStatus, PaymentMethod
from tremplin.missions.services.payments_received import payment_receive

from .advance_fixtures import (
    issued_invoice,
    urssaf_files,  # noqa: F401 (the autouse fixture)
)

pytestmark = pytest.mark.django_db


def _pay(invoice, amount, method, *, on, issuer=""):
    return payment_receive(
        invoice=invoice, paid_on=on, amount=Decimal(amount), method=method, issuer=issuer
    )


def _sent_demande(settings, payment_request) -> dict:
    path = Path(settings.URSSAF_FILES_DIR) / "demandes" / f"{payment_request.urssaf_id}.json"
    return json.loads(path.read_text())["demande"]


def _validated_and_paid(world, payment_request):
    advance.payment_request_answer(
        actor=world.user("household"), payment_request=payment_request, accept=True
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4), tick=False):
        advance_sync.payment_requests_poll()
    payment_request.refresh_from_db()
    return payment_request


def _payments(invoice):
    return sorted((p.method, p.amount) for p in invoice.payments.all())


def test_an_invoice_part_paid_by_prepaid_cesu_adds_up_to_its_ttc(
    world, household, today, settings, django_capture_on_commit_callbacks
):
    invoice = issued_invoice(household, today)  # 220 € TTC
    cesu_on = today - datetime.timedelta(days=1)
    _pay(invoice, "50.00", PaymentMethod.CESU_PREPAID, on=cesu_on, issuer="Edenred")
    with django_capture_on_commit_callbacks(execute=True):
        payment_request = advance.payment_request_create(
            actor=world.user("accountant"), invoice=invoice
        )
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.INTEGRATED
    assert (payment_request.deposit, payment_request.deposit_on) == (Decimal(50), cesu_on)
    demande = _sent_demande(settings, payment_request)
    assert demande["mntFactureTTC"] == 220.0 and demande["mntAcompte"] == 50.0
    assert demande["dateVersementAcompte"] == f"{cesu_on.isoformat()}T00:00:00.000Z"
    # The household sees the advance and their share on the 170 € left.
    assert advance.shares(payment_request) == (Decimal("85.00"), Decimal("85.00"))

    payment_request = _validated_and_paid(world, payment_request)
    assert payment_request.status == RequestStatus.PAID
    assert payment_request.transfer_amount == Decimal("170.00")
    invoice.refresh_from_db()
    assert _payments(invoice) == sorted(
        [
            (PaymentMethod.CESU_PREPAID, Decimal("50.00")),
            (PaymentMethod.DIRECT_DEBIT, Decimal("85.00")),
            (PaymentMethod.URSSAF_ADVANCE, Decimal("85.00")),
        ]
    )
    assert sum(amount for _method, amount in _payments(invoice)) == invoice.total
    assert invoice.status == InvoiceStatus.PAID and not payment_request.error
    # The attestation: what the household paid themself, the CESU and the advance deducted.
    years = {p.paid_on.year for p in invoice.payments.all()}
    amount = sum(household_figures(household=household, year=y).amount for y in years)
    assert amount == Decimal("85.00")


def test_a_payment_recorded_on_the_way_is_not_counted_twice(
    world, household, today, django_capture_on_commit_callbacks
):
    invoice = issued_invoice(household, today)
    with django_capture_on_commit_callbacks(execute=True):
        payment_request = advance.payment_request_create(
            actor=world.user("accountant"), invoice=invoice
        )
    payment_request.refresh_from_db()
    assert payment_request.deposit == 0
    _pay(invoice, "20.00", PaymentMethod.CHEQUE, on=today)  # the household paid anyway
    payment_request = _validated_and_paid(world, payment_request)
    assert payment_request.transfer_amount == Decimal("220.00")
    invoice.refresh_from_db()
    assert _payments(invoice) == sorted(
        [
            (PaymentMethod.CHEQUE, Decimal("20.00")),
            (PaymentMethod.DIRECT_DEBIT, Decimal("90.00")),
            (PaymentMethod.URSSAF_ADVANCE, Decimal("110.00")),
        ]
    )
    assert sum(amount for _method, amount in _payments(invoice)) == invoice.total
    assert "20,00 € de plus" in payment_request.error
    # Reported again, nothing more is recorded.
    advance_sync.payment_request_refresh(
        actor=world.user("accountant"), payment_request=payment_request
    )
    assert invoice.payments.count() == 3


def test_what_is_paid_before_the_job_sends_it_is_in_the_deposit(world, household, today, settings):
    invoice = issued_invoice(household, today)
    payment_request = advance.payment_request_create(
        actor=world.user("accountant"), invoice=invoice
    )  # the job has not run yet
    _pay(invoice, "30.00", PaymentMethod.THIRD_PARTY, on=today, issuer="Département du Rhône")
    advance_sync.payment_request_send(request_id=payment_request.pk)
    payment_request.refresh_from_db()
    assert (payment_request.deposit, payment_request.deposit_on) == (Decimal(30), today)
    assert _sent_demande(settings, payment_request)["mntAcompte"] == 30.0


def test_an_invoice_paid_in_full_is_not_sent(world, household, today):
    invoice = issued_invoice(household, today)
    _pay(invoice, "120.00", PaymentMethod.CESU_PREPAID, on=today, issuer="Edenred")
    _pay(invoice, "100.00", PaymentMethod.THIRD_PARTY, on=today, issuer="Département du Rhône")
    invoice.refresh_from_db()
    with pytest.raises(ValidationError, match="pas encore réglée"):
        advance.payment_request_create(actor=world.user("accountant"), invoice=invoice)
    assert not PaymentRequest.objects.exists()


def test_paid_in_full_before_the_job_runs_it_is_not_sent(world, household, today, settings):
    invoice = issued_invoice(household, today)
    payment_request = advance.payment_request_create(
        actor=world.user("accountant"), invoice=invoice
    )
    _pay(invoice, "220.00", PaymentMethod.TRANSFER, on=today)
    assert advance_sync.payment_request_send(request_id=payment_request.pk) == "not_accepted"
    assert not (Path(settings.URSSAF_FILES_DIR) / "demandes").exists()


def _demande(**fields):
    return {
        "idTiersFacturation": "73282932000074",
        "idClient": FileUrssaf().enrol(
            {"nomNaissance": "Durand", "prenoms": "Zéphyrine", "dateNaissance": "1950"}
        ),
        "numFactureTiers": "2026-00009",
        "mntFactureTTC": 100.0,
        "inputPrestations": [{"mntPrestationTTC": 100.0}],
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"mntAcompte": 100.0, "dateVersementAcompte": "2026-10-02T00:00:00.000Z"}, "ACOMPTE"),
        ({"mntAcompte": -1.0, "dateVersementAcompte": "2026-10-02T00:00:00.000Z"}, "ACOMPTE"),
        ({"mntAcompte": 10.0}, "ERR_DATE_VERSEMENT_ACOMPTE"),
    ],
)
def test_the_file_based_urssaf_checks_the_deposit(fields, code):
    with pytest.raises(UrssafRefusal) as refusal:
        FileUrssaf().send_request(_demande(**fields))
    assert code in refusal.value.codes[0]


def test_the_file_based_urssaf_pays_what_the_deposit_leaves():
    gateway = FileUrssaf()
    urssaf_id = gateway.send_request(
        _demande(mntAcompte=99.99, dateVersementAcompte="2026-10-02T00:00:00.000Z")
    )
    gateway.simulate(urssaf_id, "70")
    [state] = gateway.search([urssaf_id])
    assert state.transfer_amount == Decimal("0.01")
