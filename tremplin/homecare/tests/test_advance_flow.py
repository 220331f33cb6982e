"""The immediate advance from the enrolment to URSSAF's transfer, on the file-based URSSAF:
every status transition, a refusal at sending, a household's contest, the 48 hours."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tremplin.homecare.models import AdvanceEnrolment, AdvanceStatus, PaymentRequest, RequestStatus
from tremplin.homecare.services import advance, advance_sync
from tremplin.homecare.urssaf import RequestState
from tremplin.homecare.urssaf.files import FileUrssaf
from tremplin.missions.models import InvoiceStatus, PaymentMethod
from tremplin.network.models import Commune

from .advance_fixtures import (
    IBAN,
    catalogue,
    enrolled_with_urssaf,
    household_of,
    issued_invoice,
    sent_request,
    urssaf_files,  # noqa: F401 (the autouse fixture)
)

pytestmark = pytest.mark.django_db


def _enrolment_data(**changes):
    data = {
        "civility": "2",
        "birth_name": "Durand",
        "usage_name": "",
        "first_names": "Zéphyrine",
        "birth_date": datetime.date(1950, 3, 4),
        "birth_country": "99100",
        "birth_commune": Commune.objects.get(pk="69123"),
        "mobile_phone": "06 12 34 56 78",
        "email": "zephyrine@example.org",
        "street_number": "3",
        "street_name": "rue des Lilas",
        "address_complement": "",
        "postcode": "69001",
        "commune": Commune.objects.get(pk="69123"),
        "iban": "fr76 3000 6000 0112 3456 7890 189",
        "bic": "bnpafrppxxx",
        "account_holder": "Mme Zéphyrine Durand",
    }
    return {**data, **changes}


@pytest.fixture
def setting(world, today):
    household = household_of(world.own, user=world.user("household"))
    catalogue(world.own)
    return household


def _send(world, invoice, callbacks):
    with callbacks(execute=True):
        payment_request = advance.payment_request_create(
            actor=world.user("accountant"), invoice=invoice
        )
    payment_request.refresh_from_db()
    return payment_request


def _poll(at):
    with time_machine.travel(at, tick=False):
        advance_sync.payment_requests_poll()


# Enrolment ----------------------------------------------------------------------------------


def test_enrolment_is_checked_sent_andenrolled_with_urssaf(
    world, setting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = advance.advance_enrol(
            actor=world.user("accountant"), household=setting, data=_enrolment_data()
        )
    enrolment.refresh_from_db()
    setting.refresh_from_db()
    assert enrolment.status == AdvanceStatus.ENROLLED and enrolment.urssaf_id.startswith("C")
    assert enrolment.iban == IBAN and enrolment.bic == "BNPAFRPPXXX"
    assert enrolment.mobile_phone == "0612345678"
    assert setting.advance_status == AdvanceStatus.ENROLLED


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("iban", "FR7630006000011234567890188"),  # a wrong check digit
        ("bic", "BNPA"),
        ("bic", "BNPADEFFXXX"),  # a German BIC for a French IBAN
        ("mobile_phone", "0412345678"),
        ("birth_commune", None),
        ("postcode", "6900"),
    ],
)
def test_enrolment_errors_say_what_to_fix_and_save_nothing(world, setting, field, value):
    with pytest.raises(ValidationError) as error:
        advance.advance_enrol(
            actor=world.user("accountant"),
            household=setting,
            data=_enrolment_data(**{field: value}),
        )
    assert field in error.value.message_dict
    assert not AdvanceEnrolment.objects.exists()
    setting.refresh_from_db()
    assert setting.advance_status == AdvanceStatus.NOT_ENROLLED


def test_a_planner_cannot_enrol(world, setting):
    with pytest.raises(PermissionDenied):
        advance.advance_enrol(
            actor=world.user("planner"), household=setting, data=_enrolment_data()
        )
    assert not AdvanceEnrolment.objects.exists()


def test_urssaf_refuses_an_unknown_person(world, setting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = advance.advance_enrol(
            actor=world.user("director"),
            household=setting,
            data=_enrolment_data(birth_name="Inconnu"),
        )
    enrolment.refresh_from_db()
    assert enrolment.status == AdvanceStatus.REFUSED
    assert "ERR_PARTICULIER_INCONNU" in enrolment.error
    # Corrected, it is sent again.
    with django_capture_on_commit_callbacks(execute=True):
        advance.advance_enrol(
            actor=world.user("director"), household=setting, data=_enrolment_data()
        )
    enrolment.refresh_from_db()
    assert enrolment.status == AdvanceStatus.ENROLLED


# Sending ------------------------------------------------------------------------------------


def test_an_invoice_is_sent_with_its_lines_ttc(
    world, setting, today, settings, django_capture_on_commit_callbacks
):
    enrolled_with_urssaf(setting)
    invoice = issued_invoice(setting, today)
    payment_request = _send(world, invoice, django_capture_on_commit_callbacks)
    assert payment_request.status == RequestStatus.INTEGRATED
    assert payment_request.integrated_at is not None
    [line] = payment_request.lines
    assert line["codeNature"] == "10" and line["unite"] == "HEURE"
    assert line["mntPrestationTTC"] == 220.0 and line["mntUnitaireTTC"] == 27.5
    assert [e.to_status for e in payment_request.events.all()] == ["to_send", "10"]
    # The job run again does nothing more.
    assert advance_sync.payment_request_send(request_id=payment_request.pk) == "10"
    assert len(list((Path(settings.URSSAF_FILES_DIR) / "demandes").iterdir())) == 1


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda h, i: None, "Inscrivez le foyer"),
        (
            lambda h, i: (enrolled_with_urssaf(h), i.lines.update(request=None)),
            "aucun service du catalogue",
        ),
        (
            lambda h, i: (
                enrolled_with_urssaf(h),
                type(i).objects.filter(pk=i.pk).update(status="draft"),
            ),
            "facture émise",
        ),
        (
            lambda h, i: (
                enrolled_with_urssaf(h),
                type(i)
                .objects.filter(pk=i.pk)
                .update(period_end=i.period_end + datetime.timedelta(days=1)),
            ),
            "mois civil",
        ),
    ],
)
def test_what_cannot_be_sent(world, setting, today, prepare, message):
    invoice = issued_invoice(setting, today)
    prepare(setting, invoice)
    invoice.refresh_from_db()
    with pytest.raises(ValidationError, match=message):
        advance.payment_request_create(actor=world.user("accountant"), invoice=invoice)
    assert not PaymentRequest.objects.exists()


def test_a_request_urssaf_does_not_accept_is_sent_again_once_corrected(
    world, setting, today, settings, django_capture_on_commit_callbacks
):
    enrolled_with_urssaf(setting)
    invoice = issued_invoice(setting, today)
    first = _send(world, invoice, django_capture_on_commit_callbacks)
    # URSSAF already has this invoice number (sent by another software, say): refused.
    PaymentRequest.objects.filter(pk=first.pk).update(status=RequestStatus.TO_SEND, urssaf_id="")
    advance_sync.payment_request_send(request_id=first.pk)
    first.refresh_from_db()
    assert first.status == RequestStatus.NOT_ACCEPTED
    assert "ERR_FACTURE_DOUBLON" in first.error
    for path in (Path(settings.URSSAF_FILES_DIR) / "demandes").iterdir():
        path.unlink()
    again = _send(world, invoice, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and again.status == RequestStatus.INTEGRATED and not again.error
    assert [e.to_status for e in again.events.all()] == [
        "to_send",
        "10",
        "not_accepted",
        "to_send",
        "10",
    ]


def test_an_invoice_is_sent_once(world, setting, today, django_capture_on_commit_callbacks):
    enrolled_with_urssaf(setting)
    invoice = issued_invoice(setting, today)
    _send(world, invoice, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="déjà transmise"):
        advance.payment_request_create(actor=world.user("accountant"), invoice=invoice)


def _integrated(world, setting, today, callbacks):
    enrolled_with_urssaf(setting)
    return _send(world, issued_invoice(setting, today), callbacks)


# The household's answer and the 48 hours ----------------------------------------------------


def test_validated_then_debited_then_paid_records_the_transfer(
    world, setting, today, django_capture_on_commit_callbacks
):
    payment_request = _integrated(world, setting, today, django_capture_on_commit_callbacks)
    advance.payment_request_answer(
        actor=world.user("household"), payment_request=payment_request, accept=True
    )
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.VALIDATED
    now = timezone.now()
    _poll(now + datetime.timedelta(days=1, minutes=61))
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.DEBITED
    _poll(now + datetime.timedelta(days=3, minutes=122))
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.PAID
    assert payment_request.transfer_amount == Decimal("220.00")
    payments = {p.method: p.amount for p in payment_request.invoice.payments.all()}
    assert payments == {
        PaymentMethod.URSSAF_ADVANCE: Decimal("110.00"),
        PaymentMethod.DIRECT_DEBIT: Decimal("110.00"),
    }
    payment_request.invoice.refresh_from_db()
    assert payment_request.invoice.status == InvoiceStatus.PAID
    # Reported again, the transfer is not recorded twice.
    advance_sync.payment_request_apply(
        request_id=payment_request.pk,
        state=RequestState(payment_request.urssaf_id, "70", transfer_amount=Decimal("220.00")),
    )
    assert payment_request.invoice.payments.count() == 2
    assert [e.to_status for e in payment_request.events.all()] == [
        "to_send",
        "10",
        "30",
        "50",
        "70",
    ]


def test_a_household_contests_with_a_reason(
    world, setting, today, django_capture_on_commit_callbacks
):
    payment_request = _integrated(world, setting, today, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as error:
        advance.payment_request_answer(
            actor=world.user("household"), payment_request=payment_request, accept=False
        )
    assert "reason" in error.value.message_dict
    advance.payment_request_answer(
        actor=world.user("household"),
        payment_request=payment_request,
        accept=False,
        reason="Deux heures comptées en trop",
    )
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.REFUSED
    assert payment_request.refusal_comment == "Deux heures comptées en trop"
    # Refused is final: URSSAF reporting it again changes nothing, and no payment comes.
    _poll(timezone.now() + datetime.timedelta(days=5))
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.REFUSED
    assert not payment_request.invoice.payments.exists()


def test_only_the_household_answers(world, setting, today, django_capture_on_commit_callbacks):
    payment_request = _integrated(world, setting, today, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        advance.payment_request_answer(
            actor=world.user("director"), payment_request=payment_request, accept=True
        )
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.INTEGRATED


@pytest.mark.parametrize(
    ("after", "status"),
    [
        (datetime.timedelta(hours=47, minutes=59), RequestStatus.INTEGRATED),
        (datetime.timedelta(hours=48), RequestStatus.VALIDATED),
        (datetime.timedelta(hours=48, minutes=1), RequestStatus.VALIDATED),
    ],
)
def test_validated_by_itself_after_48_hours(
    world, setting, today, django_capture_on_commit_callbacks, after, status
):
    payment_request = _integrated(world, setting, today, django_capture_on_commit_callbacks)
    # The file-based URSSAF counts from its own integration time, a moment after ours.
    integrated = FileUrssaf()._request_path(payment_request.urssaf_id)
    import json

    record = json.loads(integrated.read_text())
    record["integrated_at"] = payment_request.integrated_at.isoformat()
    integrated.write_text(json.dumps(record))
    _poll(payment_request.integrated_at + after)
    payment_request.refresh_from_db()
    assert payment_request.status == status


def test_no_answer_past_48_hours(world, setting, today, django_capture_on_commit_callbacks):
    payment_request = _integrated(world, setting, today, django_capture_on_commit_callbacks)
    deadline = payment_request.integrated_at + datetime.timedelta(hours=48)
    with time_machine.travel(deadline), pytest.raises(ValidationError, match="délai"):
        advance.payment_request_answer(
            actor=world.user("household"), payment_request=payment_request, accept=True
        )


# URSSAF's other statuses --------------------------------------------------------------------


def test_direct_debit_refused_then_recovered(
    world, setting, today, django_capture_on_commit_callbacks
):
    payment_request = _integrated(world, setting, today, django_capture_on_commit_callbacks)
    gateway = FileUrssaf()
    gateway.simulate(payment_request.urssaf_id, "20")
    _poll(timezone.now() + datetime.timedelta(minutes=61))
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.WAITING
    gateway.simulate(
        payment_request.urssaf_id,
        "60",
        infoRejet={"code": "MS03", "commentaire": "Provision insuffisante"},
    )
    _poll(timezone.now() + datetime.timedelta(minutes=122))
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.DEBIT_REFUSED
    assert payment_request.refusal_comment == "Provision insuffisante"
    assert not payment_request.invoice.payments.exists()
    gateway.simulate(payment_request.urssaf_id, "120")
    _poll(timezone.now() + datetime.timedelta(minutes=183))
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.RECOVERED
    assert sum(p.amount for p in payment_request.invoice.payments.all()) == Decimal("220.00")


@pytest.mark.parametrize("code", ["110", "111", "112", "113"])
def test_cancelled_keeps_urssaf_code(
    world, setting, today, django_capture_on_commit_callbacks, code
):
    payment_request = _integrated(world, setting, today, django_capture_on_commit_callbacks)
    advance_sync.payment_request_apply(
        request_id=payment_request.pk,
        state=RequestState(payment_request.urssaf_id, code, label="Annulée"),
    )
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.CANCELLED
    assert payment_request.urssaf_code == code
    assert not payment_request.is_open


def test_a_status_going_back_is_ignored_and_logged(world, setting, today):
    enrolled_with_urssaf(setting)
    payment_request = sent_request(
        setting, issued_invoice(setting, today), status=RequestStatus.PAID
    )
    changed = advance_sync.payment_request_apply(
        request_id=payment_request.pk, state=RequestState(payment_request.urssaf_id, "20")
    )
    payment_request.refresh_from_db()
    assert not changed and payment_request.status == RequestStatus.PAID
    [event] = payment_request.events.all()
    assert not event.applied and event.to_status == "20"


def test_an_unknown_code_changes_nothing(world, setting, today):
    enrolled_with_urssaf(setting)
    payment_request = sent_request(setting, issued_invoice(setting, today))
    assert not advance_sync.payment_request_apply(
        request_id=payment_request.pk, state=RequestState(payment_request.urssaf_id, "999")
    )
    payment_request.refresh_from_db()
    assert (
        payment_request.status == RequestStatus.INTEGRATED and not payment_request.events.exists()
    )


# Polling is bounded -------------------------------------------------------------------------


def test_polling_asks_at_most_so_many_and_the_oldest_first(world, setting, today, settings):
    settings.URSSAF_POLL_MAX_PER_RUN = 2
    settings.URSSAF_POLL_MINUTES = 60
    enrolled_with_urssaf(setting)
    requests = [
        sent_request(setting, issued_invoice(setting, today, number=n), urssaf_id=f"D{n}")
        for n in (1, 2, 3)
    ]
    now = timezone.now()
    assert advance_sync.payment_requests_poll(now=now) == 2
    polled = set(PaymentRequest.objects.exclude(last_polled_at=None).values_list("pk", flat=True))
    assert polled == {requests[0].pk, requests[1].pk}
    assert advance_sync.payment_requests_poll(now=now + datetime.timedelta(minutes=1)) == 1
    # Everybody asked less than an hour ago: nobody is asked.
    assert advance_sync.payment_requests_poll(now=now + datetime.timedelta(minutes=30)) == 0
    assert advance_sync.payment_requests_poll(now=now + datetime.timedelta(minutes=61)) == 2


# URSSAF down, and the schedule -------------------------------------------------------------


class DownUrssaf:
    """URSSAF not answering (a test double of the external service only)."""

    name = "down"
    takes_household_answers = False

    def _down(self, *args, **kwargs):
        from tremplin.homecare.urssaf import UrssafUnavailable

        raise UrssafUnavailable("503")

    enrol = send_request = search = _down


def test_urssaf_down_leaves_the_rows_to_send_and_retries(world, setting, today, settings):
    from tremplin.common import jobs

    enrolled_with_urssaf(setting)
    invoice = issued_invoice(setting, today)
    payment_request = advance.payment_request_create(
        actor=world.user("accountant"), invoice=invoice
    )
    settings.URSSAF_GATEWAY = f"{__name__}.DownUrssaf"
    with pytest.raises(jobs.Retry):
        advance_sync.payment_request_send(request_id=payment_request.pk)
    payment_request.refresh_from_db()
    assert payment_request.status == RequestStatus.TO_SEND and not payment_request.urssaf_id
    sent = sent_request(setting, issued_invoice(setting, today, number=2), urssaf_id="D9")
    assert advance_sync.payment_requests_poll() == 0  # stopped, asked again next time
    sent.refresh_from_db()
    assert sent.last_polled_at is None


def test_polling_is_scheduled_on_the_queue():
    from tremplin.common import jobs

    schedules = jobs.schedules_discover()
    schedule = schedules["tremplin.homecare.tasks_advance.payment_requests_poll_task"]
    assert schedule.every == datetime.timedelta(minutes=15)
