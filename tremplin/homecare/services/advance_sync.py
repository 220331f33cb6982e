"""The immediate advance, URSSAF's side: what the queue's jobs do (send an enrolment, send
a payment request, poll the open requests) and how a state URSSAF reports is applied to a
request — its transition logged, refused when it goes back, and URSSAF's transfer recorded
once as the invoice's payments. Each function locks its row: a job run twice does it once."""

from __future__ import annotations

import datetime
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tremplin.common import jobs
from tremplin.missions import rules as mission_rules
from tremplin.missions.models import Invoice, InvoiceStatus, Payment, PaymentMethod
from tremplin.missions.services.payments_received import payment_receive
from tremplin.rules import rule

from ..models import (
    AdvanceEnrolment,
    AdvanceStatus,
    EventSource,
    PaymentRequest,
    PaymentRequestEvent,
    RequestStatus,
)
from ..models.advance import OPEN_STATUSES, reachable
from ..urssaf import RequestState, UrssafRefusal, UrssafUnavailable, get_gateway, payloads

logger = logging.getLogger("tremplin.homecare.advance")
CENT = Decimal("0.01")
# URSSAF's cancelled variants (after an unpaid debit, after a recovery, for a specific
# reason) are one status here; their code and wording stay on the request.
CANCELLED_CODES = {"110", "111", "112", "113"}
URSSAF_ISSUER = "URSSAF"


def request_event(
    payment_request, from_status, to_status, source, *, actor=None, note="", applied=True
):
    return PaymentRequestEvent.objects.create(
        request=payment_request,
        at=timezone.now(),
        from_status=from_status,
        to_status=to_status,
        source=source,
        note=note,
        applied=applied,
        actor=actor,
    )


# Enrolment ----------------------------------------------------------------------------------


def _particulier(enrolment: AdvanceEnrolment) -> dict:
    birth = enrolment.birth_commune
    return payloads.particulier(
        payloads.Particulier(
            civility=enrolment.civility,
            birth_name=enrolment.birth_name,
            usage_name=enrolment.usage_name,
            first_names=enrolment.first_names,
            birth_date=enrolment.birth_date,
            birth_country=enrolment.birth_country,
            birth_departement=birth.departement_id.rjust(3, "0") if birth else "",
            birth_commune_code=birth.code if birth else "",
            birth_commune_name=birth.name if birth else "",
            mobile_phone=enrolment.mobile_phone,
            email=enrolment.email,
            street_number=enrolment.street_number,
            street_name=enrolment.street_name,
            address_complement=enrolment.address_complement,
            commune_code=enrolment.commune.code,
            commune_name=enrolment.commune.name,
            postcode=enrolment.postcode,
            iban=enrolment.iban,
            bic=enrolment.bic,
            account_holder=enrolment.account_holder,
        )
    )


@transaction.atomic
def enrolment_send(*, enrolment_id: int) -> str:
    """Send a pending enrolment (the job). The row stays locked during the call, so that a
    second run waits and then finds it done."""
    enrolment = (
        AdvanceEnrolment.objects.select_for_update(of=("self",))
        .select_related("household", "birth_commune", "commune")
        .get(pk=enrolment_id)
    )
    if enrolment.status != AdvanceStatus.PENDING:
        return enrolment.status
    try:
        enrolment.urssaf_id = get_gateway().enrol(_particulier(enrolment))
    except UrssafUnavailable as exc:
        raise jobs.Retry(str(exc)) from exc
    except UrssafRefusal as exc:
        enrolment.status = AdvanceStatus.REFUSED
        enrolment.error = str(exc)
    else:
        enrolment.status = AdvanceStatus.ENROLLED
        enrolment.error = ""
    enrolment.sent_at = timezone.now()
    enrolment.save()
    household = enrolment.household
    household.advance_status = enrolment.status
    household.save(update_fields=["advance_status", "updated_at"])
    return enrolment.status


# Sending a request --------------------------------------------------------------------------


def already_received(invoice_id: int) -> tuple[Decimal, datetime.date | None]:
    """What the invoice has received so far (any method: a deposit, APA/PCH paid directly,
    prepaid CESU…) and the day of the last payment: the « acompte » of its request."""
    paid = Payment.objects.filter(invoice_id=invoice_id).aggregate(
        total=Sum("amount"), last=Max("paid_on")
    )
    return paid["total"] or Decimal("0.00"), paid["last"]


def balance_due(invoice: Invoice) -> Decimal:
    """What is still owed on the invoice, its credit notes deducted."""
    credited = Invoice.objects.filter(corrects_id=invoice.pk).exclude(
        status=InvoiceStatus.DRAFT
    ).aggregate(total=Sum("total"))["total"] or Decimal(0)  # credit notes are negative
    return invoice.total + credited - already_received(invoice.pk)[0]


def _demande(payment_request: PaymentRequest) -> dict:
    invoice = payment_request.invoice
    enrolment = payment_request.household.advance_enrolment
    return payloads.demande_paiement(
        billing_id=invoice.structure.siret,
        client_id=enrolment.urssaf_id,
        birth_date=enrolment.birth_date,
        invoice_number=invoice.reference,
        invoice_date=invoice.issued_on,
        starts_on=invoice.period_start,
        ends_on=invoice.period_end,
        total_incl_vat=invoice.total,
        total_excl_vat=invoice.total_excl_vat,
        lines=payment_request.lines,
        deposit=payment_request.deposit,
        deposit_on=payment_request.deposit_on,
    )


def _not_accepted(payment_request: PaymentRequest, error: str) -> str:
    payment_request.status = RequestStatus.NOT_ACCEPTED
    payment_request.error = error
    payment_request.save()
    request_event(
        payment_request,
        RequestStatus.TO_SEND,
        RequestStatus.NOT_ACCEPTED,
        EventSource.URSSAF,
        note=error,
    )
    return payment_request.status


def lock_invoice_first(request_id: int) -> None:
    """Every service that locks a payment request and its invoice takes the invoice first."""
    invoice_id = (
        PaymentRequest.objects.filter(pk=request_id).values_list("invoice_id", flat=True).get()
    )
    Invoice.objects.select_for_update().filter(pk=invoice_id).first()


@transaction.atomic
def payment_request_send(*, request_id: int) -> str:
    # What was paid between the request and its sending is part of the deposit too: the
    # invoice is locked as a payment recording locks it, so that none slips in between,
    # and before the request, in the order payment_request_create takes them (no deadlock).
    lock_invoice_first(request_id)
    payment_request = (
        PaymentRequest.objects.select_for_update(of=("self",))
        .select_related("invoice__structure", "household__advance_enrolment")
        .get(pk=request_id)
    )
    if payment_request.status != RequestStatus.TO_SEND:
        return payment_request.status
    deposit, deposit_on = already_received(payment_request.invoice_id)
    if deposit >= payment_request.amount:
        return _not_accepted(
            payment_request, _("The invoice was paid in full before it could be sent.")
        )
    payment_request.deposit, payment_request.deposit_on = deposit, deposit_on
    try:
        urssaf_id = get_gateway().send_request(_demande(payment_request))
    except UrssafUnavailable as exc:
        raise jobs.Retry(str(exc)) from exc
    except UrssafRefusal as exc:
        return _not_accepted(payment_request, str(exc))
    now = timezone.now()
    payment_request.urssaf_id = urssaf_id
    payment_request.status = RequestStatus.INTEGRATED
    payment_request.urssaf_code = RequestStatus.INTEGRATED
    payment_request.sent_at = payment_request.integrated_at = now
    payment_request.save()
    request_event(
        payment_request, RequestStatus.TO_SEND, RequestStatus.INTEGRATED, EventSource.URSSAF
    )
    return payment_request.status


# Applying URSSAF's states -------------------------------------------------------------------


def status_of_code(code: str) -> str | None:
    if code in CANCELLED_CODES:
        return RequestStatus.CANCELLED
    return code if code in RequestStatus.values and code.isdigit() else None


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def _record_transfer(payment_request: PaymentRequest) -> None:
    """URSSAF pays the structure what the invoice had not received when it was sent: the
    advance of the tax credit on that rest, and the household's share of it, debited from
    their account. Two payments, so that the tax attestation counts what the household
    paid and deducts the advance. Never more than the invoice still owes: a payment
    recorded while the request was on its way is not counted twice (what URSSAF paid
    beyond is to give back, and said so on the request)."""
    invoice = Invoice.objects.select_for_update().get(pk=payment_request.invoice_id)
    amount = min(payment_request.transfer_amount, payment_request.remaining)
    paid_on = payment_request.transfer_on or timezone.localdate()
    rate = Decimal(rule("sap.tax_credit.rate", on=paid_on))
    advance = min(_money(amount * rate / 100), amount)
    balance = max(balance_due(invoice), Decimal(0))
    recorded = min(amount, balance)
    advance = min(advance, recorded)
    if advance > 0:
        payment_receive(
            invoice=invoice,
            paid_on=paid_on,
            amount=advance,
            method=PaymentMethod.URSSAF_ADVANCE,
            issuer=URSSAF_ISSUER,
        )
    if recorded - advance > 0:
        payment_receive(
            invoice=invoice,
            paid_on=paid_on,
            amount=recorded - advance,
            method=PaymentMethod.DIRECT_DEBIT,
            issuer=_("URSSAF (household's share, debited)"),
        )
    if payment_request.transfer_amount > recorded:
        payment_request.error = _(
            "URSSAF paid %(extra)s € more than the invoice still owed: give it back to the "
            "household."
        ) % {"extra": number_format(payment_request.transfer_amount - recorded, 2)}
    payment_request.transfer_recorded = True


@transaction.atomic
def payment_request_apply(
    *, request_id: int, state: RequestState, source: str = EventSource.URSSAF, actor=None
) -> bool:
    """Apply one reported state. Returns whether the status changed. A status that cannot
    follow the current one (going back) is logged as ignored, the request left as it is."""
    lock_invoice_first(request_id)  # a transfer recorded below writes payments on it
    payment_request = (
        PaymentRequest.objects.select_for_update(of=("self",))
        .select_related("invoice")
        .get(pk=request_id)
    )
    target = status_of_code(state.code)
    current = payment_request.status
    if target is None:
        logger.warning("payment request %s: unknown URSSAF status %r", request_id, state.code)
        return False
    if target != current and not reachable(current, target):
        request_event(
            payment_request,
            current,
            target,
            source,
            actor=actor,
            applied=False,
            note=_("Ignored: this status cannot follow the current one."),
        )
        return False
    if source == EventSource.URSSAF:
        payment_request.urssaf_code = state.code
        payment_request.urssaf_label = state.label[:200]
    if state.refusal_code or state.refusal_comment:
        payment_request.refusal_code = state.refusal_code[:50]
        payment_request.refusal_comment = state.refusal_comment
    if state.transfer_amount is not None:
        payment_request.transfer_amount = state.transfer_amount
        payment_request.transfer_on = state.transfer_on
    changed = target != current
    if changed:
        payment_request.status = target
        request_event(
            payment_request,
            current,
            target,
            source,
            actor=actor,
            note=state.refusal_comment or state.label,
        )
    if (
        target in (RequestStatus.PAID, RequestStatus.RECOVERED)
        and payment_request.transfer_amount
        and not payment_request.transfer_recorded
    ):
        _record_transfer(payment_request)
    payment_request.save()
    return changed


# Polling ------------------------------------------------------------------------------------


def _due(now: datetime.datetime):
    since = now - datetime.timedelta(minutes=settings.URSSAF_POLL_MINUTES)
    return (
        PaymentRequest.objects.filter(status__in=OPEN_STATUSES)
        .exclude(urssaf_id="")
        .filter(Q(last_polled_at__isnull=True) | Q(last_polled_at__lt=since))
        .order_by(F("last_polled_at").asc(nulls_first=True), "pk")
    )


def payment_requests_poll(*, now: datetime.datetime | None = None) -> int:
    """Ask URSSAF the state of the open requests not asked for `URSSAF_POLL_MINUTES`, at
    most `URSSAF_POLL_MAX_PER_RUN` of them, `URSSAF_SEARCH_BATCH` per call: the load on
    URSSAF stays bounded however many requests are open. Returns how many were asked."""
    now = now or timezone.now()
    due = list(_due(now).values_list("pk", "urssaf_id")[: settings.URSSAF_POLL_MAX_PER_RUN])
    gateway = get_gateway()
    batch_size = max(settings.URSSAF_SEARCH_BATCH, 1)
    asked = 0
    for start in range(0, len(due), batch_size):
        batch = {urssaf_id: pk for pk, urssaf_id in due[start : start + batch_size]}
        try:
            states = gateway.search(list(batch))
        except UrssafUnavailable as exc:
            logger.warning("URSSAF unavailable, polling stopped: %s", exc)
            break
        for state in states:
            if state.urssaf_id in batch:
                payment_request_apply(request_id=batch[state.urssaf_id], state=state)
        PaymentRequest.objects.filter(pk__in=batch.values()).update(last_polled_at=now)
        asked += len(batch)
    return asked


def payment_request_refresh(*, actor, payment_request: PaymentRequest) -> bool:
    """The accountant asks URSSAF now for one request."""
    mission_rules.require(mission_rules.can_invoice(actor, payment_request.structure_id))
    if not payment_request.urssaf_id:
        raise ValidationError(_("This request has not reached URSSAF yet."))
    try:
        states = get_gateway().search([payment_request.urssaf_id])
    except UrssafUnavailable as exc:
        raise ValidationError(_("URSSAF does not answer; try again later.")) from exc
    changed = False
    for state in states:
        if state.urssaf_id == payment_request.urssaf_id:
            changed = payment_request_apply(request_id=payment_request.pk, state=state)
    PaymentRequest.objects.filter(pk=payment_request.pk).update(last_polled_at=timezone.now())
    return changed
