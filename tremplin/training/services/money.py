"""The training service's money: fundings of a registration (never more than its price),
the federation's training invoices to structures — drafted from the registrations of
sessions that are over, numbered gap-free at issue by missions' numbering (ADR 0009) —,
their credit notes, and the complaints register (Qualiopi indicators 31 and 32)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from tremplin.accounts.tenancy import scope_of
from tremplin.missions.payment_terms import LEGAL, due_date
from tremplin.missions.services.invoices import reserve_numbers

from ..models import (
    Attendance,
    Complaint,
    FederationInvoiceSequence,
    Funder,
    Funding,
    Presence,
    Registration,
    RegistrationStatus,
    TrainingInvoice,
    TrainingInvoiceLine,
    TrainingInvoiceStatus,
)

CENT = Decimal("0.01")
# Training given by a declared training organisation is exempt from VAT.
VAT_EXEMPTION = "Exonération de TVA, article 261-4-4° a du Code général des impôts"
# Funders whose name says which one (« Uniformation », « Région Bretagne »…).
NAMED_FUNDERS = frozenset({Funder.OPCO, Funder.OTHER})


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _fr(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def is_training_service(actor) -> bool:
    """The federation's staff run the training service (its money included)."""
    return scope_of(actor).is_federation


def require_training_service(actor) -> None:
    if not is_training_service(actor):
        raise PermissionDenied


def registration_price(registration: Registration) -> Decimal:
    """What a registration costs: the course's price per trainee, excl. VAT."""
    return registration.session.course.price_per_trainee_excl_vat


def attended_hours(registration_ids, *, year: int | None = None) -> dict[int, Decimal]:
    """Hours actually attended per registration: the half-days signed « present » (of a
    year, when given), each for its hours. One query."""
    rows = Attendance.objects.filter(
        registration_id__in=registration_ids, presence=Presence.PRESENT
    )
    if year is not None:
        rows = rows.filter(half_day__date__year=year)
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for registration_id, starts_at, ends_at in rows.values_list(
        "registration_id", "half_day__starts_at", "half_day__ends_at"
    ):
        minutes = (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)
        hours[registration_id] += Decimal(minutes) / Decimal(60)
    return dict(hours)


# --- Funding -------------------------------------------------------------------------------


@transaction.atomic
def funding_add(
    *,
    actor,
    registration: Registration,
    funder: str,
    amount: Decimal,
    funder_name: str = "",
    agreement_reference: str = "",
) -> Funding:
    """Record one funder's share of a registration. The registration is locked, so two
    fundings recorded at once cannot together go past its price."""
    require_training_service(actor)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("session__course")
        .get(pk=registration.pk)
    )
    funder_name = funder_name.strip()
    if funder in NAMED_FUNDERS and not funder_name:
        raise ValidationError(
            {"funder_name": _("Name the funder (for an OPCO: Uniformation, Akto, OPCO EP…).")}
        )
    funding = Funding(
        registration=registration,
        funder=funder,
        funder_name=funder_name,
        amount=amount,
        agreement_reference=agreement_reference.strip(),
    )
    funding.full_clean()
    price = registration_price(registration)
    funded = registration.fundings.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if funded + funding.amount > price:
        raise ValidationError(
            {
                "amount": _(
                    "The fundings would exceed the registration's price of %(price)s €: "
                    "%(funded)s € are funded already, at most %(left)s € remain to fund."
                )
                % {"price": _fr(price), "funded": _fr(funded), "left": _fr(price - funded)}
            }
        )
    funding.save()
    return funding


@transaction.atomic
def funding_delete(*, actor, funding: Funding) -> None:
    require_training_service(actor)
    if _invoiced_quantity([funding.registration_id]).get(funding.registration_id, 0) > 0:
        raise ValidationError(
            _("This registration is invoiced: correct the invoice with a credit note first.")
        )
    funding.delete()


# --- Invoices ------------------------------------------------------------------------------


def _invoiced_quantity(registration_ids) -> dict[int, Decimal]:
    """Per registration, how many times it stands invoiced (its lines less its credit
    notes' lines): 0 means it may be invoiced (again)."""
    rows = (
        TrainingInvoiceLine.objects.filter(registration_id__in=registration_ids)
        .values("registration_id")
        .annotate(quantity=Sum("quantity"))
    )
    return {row["registration_id"]: row["quantity"] for row in rows}


def invoiceable_registrations(structure_id: int, *, on: datetime.date):
    """The structure's registrations of sessions over by `on`, not invoiced yet."""
    candidates = list(
        Registration.objects.filter(
            structure_id=structure_id,
            status=RegistrationStatus.CONFIRMED,
            session__ends_on__lte=on,
        )
        .select_related("session__course")
        .order_by("session__starts_on", "session_id", "last_name", "first_name", "pk")
    )
    quantities = _invoiced_quantity([r.pk for r in candidates])
    return [r for r in candidates if quantities.get(r.pk, 0) <= 0]


@transaction.atomic
def training_invoice_draft(
    *, actor, structure_id: int, on: datetime.date | None = None
) -> TrainingInvoice | None:
    """A draft invoice of the structure's registrations to sessions that are over and not
    invoiced yet: one line per registration (course, trainee, hours attended, price)."""
    require_training_service(actor)
    on = on or datetime.date.today()
    registrations = invoiceable_registrations(structure_id, on=on)
    if not registrations:
        return None
    hours = attended_hours([r.pk for r in registrations])
    invoice = TrainingInvoice.objects.create(
        structure_id=structure_id, vat_reference=VAT_EXEMPTION, created_by=actor
    )
    lines = [
        TrainingInvoiceLine(
            invoice=invoice,
            registration=registration,
            course_title=registration.session.course.title,
            trainee_name=f"{registration.first_name} {registration.last_name}",
            hours=hours.get(registration.pk, Decimal(0)),
            quantity=Decimal(1),
            unit_price=registration_price(registration),
            amount=_money(registration_price(registration)),
        )
        for registration in registrations
    ]
    TrainingInvoiceLine.objects.bulk_create(lines)
    _set_totals(invoice, lines)
    invoice.save(update_fields=["total_excl_vat", "vat", "total", "updated_at"])
    return invoice


def _set_totals(invoice: TrainingInvoice, lines) -> None:
    invoice.total_excl_vat = _money(sum((line.amount for line in lines), Decimal(0)))
    invoice.vat = Decimal("0.00")  # exempt (VAT_EXEMPTION)
    invoice.total = invoice.total_excl_vat + invoice.vat


@transaction.atomic
def training_invoice_issue(
    *, actor, invoice: TrainingInvoice, issued_on: datetime.date | None = None
) -> TrainingInvoice:
    """Issue a draft: the federation's next number of the year, taken under a lock (two
    issues at once get consecutive numbers, never the same, never a gap)."""
    require_training_service(actor)
    invoice = TrainingInvoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != TrainingInvoiceStatus.DRAFT:
        raise ValidationError(_("This invoice was issued already: correct it with a credit note."))
    if not invoice.lines.exists():
        raise ValidationError(_("An invoice without lines cannot be issued."))
    issued_on = issued_on or datetime.date.today()
    invoice.year, invoice.issued_on = issued_on.year, issued_on
    invoice.number = reserve_numbers(FederationInvoiceSequence, year=issued_on.year)
    invoice.status = TrainingInvoiceStatus.ISSUED
    invoice.due_on = None  # a credit note is owed back, not due
    if not invoice.is_credit_note:
        # Nothing agreed with a member: the legal terms, from the end of the sessions.
        ended = invoice.lines.aggregate(end=Max("registration__session__ends_on"))["end"]
        invoice.due_on = due_date(
            terms=LEGAL,
            days=None,
            issued_on=issued_on,
            service_end=ended or issued_on,
            periodic=False,
        )
    invoice.save(update_fields=["year", "number", "issued_on", "due_on", "status", "updated_at"])
    return invoice


@transaction.atomic
def training_invoice_discard(*, actor, invoice: TrainingInvoice) -> None:
    """A draft is deleted (it has no number yet); an issued invoice never is."""
    require_training_service(actor)
    invoice = TrainingInvoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != TrainingInvoiceStatus.DRAFT:
        raise ValidationError(_("An issued invoice is never deleted: issue a credit note."))
    invoice.delete()


@transaction.atomic
def training_credit_note_create(
    *,
    actor,
    invoice: TrainingInvoice,
    reason: str,
    line_ids: list[int] | None = None,
    issued_on: datetime.date | None = None,
) -> TrainingInvoice:
    """A credit note of the chosen lines of an issued invoice (all by default), issued at
    once: each credited registration may be invoiced again. A line is credited once."""
    require_training_service(actor)
    invoice = TrainingInvoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == TrainingInvoiceStatus.DRAFT or invoice.is_credit_note:
        raise ValidationError(_("Only an issued invoice is corrected by a credit note."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the invoice is credited.")})
    lines = list(invoice.lines.all())
    if line_ids is not None:
        lines = [line for line in lines if line.pk in set(line_ids)]
        if not lines:
            raise ValidationError(_("Choose the lines to credit."))
    already = set(
        TrainingInvoiceLine.objects.filter(invoice__corrects=invoice, quantity__lt=0).values_list(
            "registration_id", flat=True
        )
    )
    if any(line.registration_id in already for line in lines):
        raise ValidationError(_("Some of these lines were credited already."))
    credit = TrainingInvoice.objects.create(
        structure_id=invoice.structure_id,
        corrects=invoice,
        reason=reason,
        vat_reference=invoice.vat_reference,
        created_by=actor,
    )
    negatives = [
        TrainingInvoiceLine(
            invoice=credit,
            registration_id=line.registration_id,
            course_title=line.course_title,
            trainee_name=line.trainee_name,
            hours=line.hours,
            quantity=-line.quantity,
            unit_price=line.unit_price,
            vat_rate=line.vat_rate,
            amount=-line.amount,
        )
        for line in lines
    ]
    TrainingInvoiceLine.objects.bulk_create(negatives)
    _set_totals(credit, negatives)
    credit.save(update_fields=["total_excl_vat", "vat", "total", "updated_at"])
    return training_invoice_issue(actor=actor, invoice=credit, issued_on=issued_on)


# --- Complaints ----------------------------------------------------------------------------


@transaction.atomic
def complaint_record(*, actor, **fields) -> Complaint:
    require_training_service(actor)
    complaint = Complaint(recorded_by=actor, **fields)
    complaint.full_clean()
    complaint.save()
    return complaint
