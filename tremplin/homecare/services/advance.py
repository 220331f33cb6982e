"""The immediate advance, the structure's and the household's side: enrol a household, turn
an issued invoice into a payment request, the household's validation or contest. What is
sent to URSSAF leaves after commit, on the queue (tasks.py → services/advance_sync.py)."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as NumberError

from tremplin.common import jobs
from tremplin.missions import rules as mission_rules
from tremplin.missions.models import ClientKind, Invoice, InvoiceStatus, MissionRequest
from tremplin.rules import rule

from ..models import (
    AdvanceEnrolment,
    AdvanceStatus,
    EventSource,
    Household,
    PaymentRequest,
    RecurringPattern,
    RequestStatus,
    Service,
)
from ..urssaf import UrssafRefusal, get_gateway
from ..urssaf.payloads import FRANCE, Prestation
from .advance_sync import (
    already_received,
    lock_invoice_first,
    payment_request_apply,
    request_event,
)

CENT = Decimal("0.01")
# ISO 9362: bank (4 letters), country (2 letters), location (2), optional branch (3).
BIC_FORMAT = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
# A French mobile number: 06 or 07, or +33 6 / +33 7 (URSSAF texts the household).
MOBILE_FORMAT = re.compile(r"^(?:\+33|0)[67]\d{8}$")
ENROLMENT_FIELDS = (
    "civility",
    "birth_name",
    "usage_name",
    "first_names",
    "birth_date",
    "birth_country",
    "birth_commune",
    "mobile_phone",
    "email",
    "street_number",
    "street_name",
    "address_complement",
    "postcode",
    "commune",
    "iban",
    "bic",
    "account_holder",
)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def clean_iban(value: str) -> str:
    try:
        return stdnum_iban.validate(value)
    except NumberError as exc:
        raise ValidationError(
            {"iban": _("This IBAN is not valid: check its letters and digits (FR76…).")}
        ) from exc


def clean_enrolment(data: dict) -> dict:
    """The enrolment's values, checked and normalised; every error by field, in French."""
    data = dict(data)
    errors: dict[str, str] = {}
    try:
        data["iban"] = clean_iban(data.get("iban", ""))
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    data["bic"] = re.sub(r"\s", "", data.get("bic", "")).upper()
    if not BIC_FORMAT.match(data["bic"]):
        errors["bic"] = _("A BIC has 8 or 11 letters and digits, e.g. BNPAFRPPXXX.")
    elif data.get("iban") and "iban" not in errors and data["bic"][4:6] != data["iban"][:2]:
        errors["bic"] = _("The BIC's country (letters 5 and 6) is not the IBAN's.")
    data["mobile_phone"] = re.sub(r"[\s.\-]", "", data.get("mobile_phone", ""))
    if not MOBILE_FORMAT.match(data["mobile_phone"]):
        errors["mobile_phone"] = _(
            "URSSAF writes to a French mobile number: 06 or 07 followed by 8 digits."
        )
    birth_date = data.get("birth_date")
    if birth_date and birth_date >= timezone.localdate():
        errors["birth_date"] = _("The birth date is in the past.")
    if data.get("birth_country") == FRANCE and not data.get("birth_commune"):
        errors["birth_commune"] = _("Born in France: give the commune of birth.")
    if not re.fullmatch(r"\d{5}", data.get("postcode", "")):
        errors["postcode"] = _("A postcode has 5 digits.")
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def advance_enrol(*, actor, household: Household, data: dict) -> AdvanceEnrolment:
    """Record the household's enrolment and send it to URSSAF after commit. A refused one
    may be corrected and sent again; an enrolled household stays enrolled."""
    mission_rules.require(mission_rules.can_invoice(actor, household.structure_id))
    household = Household.objects.select_for_update().get(pk=household.pk)
    values = clean_enrolment({key: data.get(key, "") for key in ENROLMENT_FIELDS})
    enrolment = AdvanceEnrolment.objects.filter(household=household).first()
    if enrolment and enrolment.status == AdvanceStatus.ENROLLED:
        raise ValidationError(_("This household is already enrolled with URSSAF."))
    enrolment = enrolment or AdvanceEnrolment(household=household, structure=household.structure)
    for key, value in values.items():
        setattr(enrolment, key, value or ("" if key not in ("birth_commune",) else None))
    enrolment.status = AdvanceStatus.PENDING
    enrolment.error = ""
    enrolment.full_clean()
    enrolment.save()
    household.advance_status = AdvanceStatus.PENDING
    household.save(update_fields=["advance_status", "updated_at"])
    from ..tasks_advance import advance_enrolment_send_task

    jobs.enqueue(advance_enrolment_send_task, enrolment.pk)
    return enrolment


# Payment requests --------------------------------------------------------------------------


def line_services(structure_id: int, lines) -> dict[int, Service | None]:
    """The catalogue service each invoice line bills (line pk → service, None: none), by
    the line's mission request: the service of the recurring intervention it belongs to;
    a request booked outside any (in the missions directly) takes the structure's only
    service on its activity, when it has exactly one. Three queries."""
    request_ids = {line.request_id for line in lines if line.request_id}
    of_request = {
        pattern.request_id: pattern.service
        for pattern in RecurringPattern.objects.filter(request_id__in=request_ids).select_related(
            "service"
        )
    }
    activity_of = dict(
        MissionRequest.objects.filter(pk__in=request_ids - set(of_request)).values_list(
            "pk", "activity_id"
        )
    )
    on_activity: dict[int, list[Service]] = defaultdict(list)
    if activity_of:
        for service in Service.objects.filter(
            structure_id=structure_id, work_activity_id__in=set(activity_of.values())
        ).order_by("pk"):
            on_activity[service.work_activity_id].append(service)
    found: dict[int, Service | None] = {}
    for line in lines:
        service = of_request.get(line.request_id)
        if service is None and line.request_id in activity_of:
            candidates = on_activity[activity_of[line.request_id]]
            service = candidates[0] if len(candidates) == 1 else None
        found[line.pk] = service
    return found


def prestations_of(invoice: Invoice, lines) -> list[Prestation]:
    """The invoice's lines as URSSAF wants them, TTC, each with the nature code of the
    catalogue service it bills; the cents of VAT rounded on the invoice (per rate) go to
    the last line so that the lines add up to the invoice. A line without a code stops
    the whole request, saying which service to complete."""
    services = line_services(invoice.structure_id, lines)
    errors = []
    for line in lines:
        service = services[line.pk]
        if service is None:
            errors.append(
                _(
                    "The line « %(line)s » bills hours of no catalogue service: plan them as "
                    "a recurring intervention of a service of the catalogue."
                )
                % {"line": line.label}
            )
        elif not service.urssaf_nature_code:
            errors.append(
                _(
                    "Give the catalogue service « %(service)s » its URSSAF nature code: the "
                    "line « %(line)s » bills it."
                )
                % {"service": service.name, "line": line.label}
            )
    if errors:
        raise ValidationError(errors)
    prestations = []
    for line in lines:
        vat = _money(line.amount * line.vat_rate / 100)
        prestations.append(
            Prestation(
                nature_code=services[line.pk].urssaf_nature_code,
                quantity=line.quantity,
                per_hour=line.unit == "HUR",
                unit_price_incl_vat=_money(line.unit_price * (1 + line.vat_rate / 100)),
                amount_excl_vat=line.amount,
                vat=vat,
                starts_on=invoice.period_start,
                ends_on=invoice.period_end,
                label=line.label,
            )
        )
    gap = invoice.total - sum((p.amount_incl_vat for p in prestations), Decimal(0))
    if prestations and gap:
        last = prestations[-1]
        prestations[-1] = Prestation(**{**last.__dict__, "vat": last.vat + gap})
    return prestations


@transaction.atomic
def payment_request_create(*, actor, invoice: Invoice) -> PaymentRequest:
    """An issued household invoice becomes a payment request, sent after commit. One per
    invoice; one that URSSAF did not accept is sent again once corrected."""
    mission_rules.require(mission_rules.can_invoice(actor, invoice.structure_id))
    invoice = (
        Invoice.objects.select_for_update(of=("self",)).select_related("client").get(pk=invoice.pk)
    )
    if invoice.status != InvoiceStatus.ISSUED or invoice.is_credit_note:
        raise ValidationError(
            _("Only an issued invoice that is not yet paid can be sent to URSSAF.")
        )
    if invoice.client.kind != ClientKind.HOUSEHOLD:
        raise ValidationError(_("The immediate advance is for households only."))
    household = Household.objects.filter(client_id=invoice.client_id).first()
    enrolment = getattr(household, "advance_enrolment", None) if household else None
    if enrolment is None or enrolment.status != AdvanceStatus.ENROLLED:
        raise ValidationError(_("Enrol the household with URSSAF before sending its invoices."))
    if (invoice.period_start.year, invoice.period_start.month) != (
        invoice.period_end.year,
        invoice.period_end.month,
    ):
        raise ValidationError(
            _("URSSAF takes the services of one calendar month per request: split the invoice.")
        )
    if invoice.period_end > timezone.localdate():
        raise ValidationError(_("URSSAF takes services already done: wait for the period's end."))
    deposit, deposit_on = already_received(invoice.pk)
    if deposit >= invoice.total:
        raise ValidationError(
            _("This invoice is paid in full already: URSSAF has nothing left to pay.")
        )
    prestations = prestations_of(invoice, list(invoice.lines.all()))
    existing = PaymentRequest.objects.select_for_update().filter(invoice=invoice).first()
    if existing and existing.status != RequestStatus.NOT_ACCEPTED:
        raise ValidationError(_("This invoice is already sent to URSSAF."))
    payment_request = existing or PaymentRequest(
        structure_id=invoice.structure_id, household=household, invoice=invoice
    )
    previous = payment_request.status
    payment_request.status = RequestStatus.TO_SEND
    payment_request.amount = invoice.total
    # Sent as the request's « acompte » (brought up to date when it leaves, on the queue).
    payment_request.deposit, payment_request.deposit_on = deposit, deposit_on
    payment_request.lines = [p.as_json() for p in prestations]
    payment_request.error = ""
    payment_request.created_by = payment_request.created_by or actor
    payment_request.save()
    request_event(
        payment_request,
        previous if existing else RequestStatus.TO_SEND,
        RequestStatus.TO_SEND,
        EventSource.STAFF,
        actor=actor,
    )
    from ..tasks_advance import payment_request_send_task

    jobs.enqueue(payment_request_send_task, payment_request.pk)
    return payment_request


def validation_deadline(payment_request: PaymentRequest) -> datetime.datetime | None:
    """Until when the household may validate or contest (then URSSAF validates)."""
    if payment_request.integrated_at is None:
        return None
    hours = rule(
        "sap.advance.validation_hours", on=timezone.localdate(payment_request.integrated_at)
    )
    return payment_request.integrated_at + datetime.timedelta(hours=int(hours))


@transaction.atomic
def payment_request_answer(
    *, actor, payment_request: PaymentRequest, accept: bool, reason: str = ""
) -> PaymentRequest:
    """The household validates or contests its payment request, within the delay."""
    lock_invoice_first(payment_request.pk)  # applying the answer may record a transfer
    payment_request = (
        PaymentRequest.objects.select_for_update(of=("self",))
        .select_related("household__client")
        .get(pk=payment_request.pk)
    )
    if payment_request.household.client.user_id != actor.pk:
        raise PermissionDenied
    if not payment_request.is_answerable:
        raise ValidationError(_("This request no longer waits for your answer."))
    deadline = validation_deadline(payment_request)
    if deadline and timezone.now() >= deadline:
        raise ValidationError(_("The delay to answer has passed: URSSAF validated the request."))
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Say what is wrong, so that the structure can fix it.")})
    gateway = get_gateway()
    if not gateway.takes_household_answers:
        raise ValidationError(_("Answer on your URSSAF space (particulier.urssaf.fr)."))
    try:
        gateway.household_answer(payment_request.urssaf_id, accept=accept, reason=reason)
    except UrssafRefusal as exc:
        raise ValidationError(_("URSSAF refused the answer: %(error)s") % {"error": exc}) from exc
    from ..urssaf import RequestState

    state = RequestState(
        urssaf_id=payment_request.urssaf_id,
        code=RequestStatus.VALIDATED if accept else RequestStatus.REFUSED,
        refusal_code="" if accept else "CONTESTATION",
        refusal_comment="" if accept else reason,
    )
    payment_request_apply(
        request_id=payment_request.pk, state=state, source=EventSource.HOUSEHOLD, actor=actor
    )
    payment_request.refresh_from_db()
    return payment_request


def shares(payment_request: PaymentRequest) -> tuple[Decimal, Decimal]:
    """What the advance pays and what is debited from the household, on what the invoice
    had not yet received when sent (before URSSAF's ceilings, which only URSSAF knows)."""
    on = timezone.localdate(payment_request.integrated_at or timezone.now())
    rate = Decimal(rule("sap.tax_credit.rate", on=on))
    rest = payment_request.remaining
    advance_part = _money(rest * rate / 100)
    return advance_part, rest - advance_part
