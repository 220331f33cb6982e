"""What a household's tax attestation says, read from the invoices and payments of
`missions` (servicesalapersonne.gouv.fr, « L'attestation fiscale annuelle »).

Only what was actually paid in the year counts, each payment in the year of its own date
(art. 199 sexdecies du CGI: the sums « effectivement supportées » in the year): a part paid
on 31 December counts in that year and the rest, paid on 1 January, in the next; what was
paid on an invoice never settled counts too. From what was paid, the attestation deducts
the immediate advance of the tax credit, what a funder paid directly (APA, PCH) and
prepaid CESU; cash gives no tax advantage.

`attestation_figures(households=…, year=…)` reads any number of households in a fixed number
of queries (the batch of a whole network), `household_figures` one."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from tremplin.missions.models import Invoice, InvoiceStatus, Payment, PaymentMethod, TimeEntry
from tremplin.missions.models.invoices import UNIT_HOUR

from .models import Household, SapDeclaration

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# A month with at least this many interventions of one intervenant is periodic: one line
# for the month (the grouping the administration allows), otherwise one line a day.
PERIODIC_FROM = 3
# Who paid: the household (these give the tax advantage), or a deduction.
DEDUCTED = {
    PaymentMethod.URSSAF_ADVANCE: "advance",
    PaymentMethod.THIRD_PARTY: "third_party",
    PaymentMethod.CESU_PREPAID: "cesu_prepaid",
    PaymentMethod.CASH: "cash",
}


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Intervention:
    """One line of the summary: a day, or a month of a periodic service."""

    intervenant: str
    identifier: str
    day: datetime.date | None  # None: the month grouped
    month: datetime.date
    count: int
    hours: Decimal


@dataclass
class Price:
    label: str
    unit_price_ttc: Decimal
    hourly: bool


@dataclass
class PaidInvoice:
    """An invoice with payments in the year: how much of it was paid in the year (by
    anyone), and the day of its last payment of the year."""

    reference: str
    total: Decimal
    paid: Decimal
    last_paid_on: datetime.date


@dataclass
class Figures:
    household_id: int
    year: int
    paid_total: Decimal = ZERO  # every payment of the year, whoever paid it
    advance: Decimal = ZERO
    third_party: Decimal = ZERO
    cesu_prepaid: Decimal = ZERO
    cash: Decimal = ZERO
    # Paid beyond what an invoice owes once its credit notes are deducted: given back to
    # the household, so it gives no tax advantage.
    refunded: Decimal = ZERO
    hours: Decimal = ZERO
    cesu_issuers: list[str] = field(default_factory=list)
    funders: list[str] = field(default_factory=list)
    invoices: list[PaidInvoice] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    prices: list[Price] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        """What gives the tax advantage: paid by the household themself, not in cash."""
        own = self.paid_total - self.advance - self.third_party - self.cesu_prepaid - self.cash
        return max(ZERO, own - self.refunded)

    @property
    def is_empty(self) -> bool:
        return not self.invoices


def _name(person) -> str:
    return f"{person.first_names} {person.last_name.upper()}"


def attestation_figures(*, households: list[Household], year: int) -> dict[int, Figures]:
    """The figures of each household's attestation for `year` (household id → figures; a
    household with nothing paid in the year gets empty figures). Four queries."""
    client_of = {h.client_id: h.pk for h in households}
    result = {h.pk: Figures(household_id=h.pk, year=year) for h in households}
    payments = (
        Payment.objects.filter(
            invoice__client_id__in=client_of,
            invoice__corrects__isnull=True,
            invoice__status__in=(InvoiceStatus.ISSUED, InvoiceStatus.PAID),
            paid_on__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
        )
        .select_related("invoice")
        .only(
            "paid_on",
            "amount",
            "method",
            "issuer",
            "invoice__client_id",
            "invoice__year",
            "invoice__number",
            "invoice__total",
        )
        .order_by("paid_on", "pk")
    )
    paid_invoices: dict[int, PaidInvoice] = {}
    figures_of: dict[int, Figures] = {}  # invoice id → its household's figures
    for payment in payments:
        invoice = payment.invoice
        figures = result[client_of[invoice.client_id]]
        figures.paid_total += payment.amount
        bucket = DEDUCTED.get(payment.method)
        if bucket:
            setattr(figures, bucket, getattr(figures, bucket) + payment.amount)
        issuers = {
            PaymentMethod.CESU_PREPAID: figures.cesu_issuers,
            PaymentMethod.THIRD_PARTY: figures.funders,
        }.get(payment.method)
        if issuers is not None and payment.issuer and payment.issuer not in issuers:
            issuers.append(payment.issuer)
        paid = paid_invoices.get(invoice.pk)
        if paid is None:
            paid = paid_invoices[invoice.pk] = PaidInvoice(
                invoice.reference, invoice.total, ZERO, payment.paid_on
            )
            figures.invoices.append(paid)
            figures_of[invoice.pk] = figures
        paid.paid += payment.amount
        paid.last_paid_on = payment.paid_on
    if paid_invoices:
        _credited(paid_invoices, figures_of, year)
        # The interventions the year's payments paid for, grouped as before: an invoice
        # paid over two years lists its interventions on both attestations, each of
        # which says what was paid in its own year for them.
        _interventions(result, client_of, paid_invoices)
        _prices(result, client_of, paid_invoices)
    for figures in result.values():
        figures.invoices.sort(key=lambda i: (i.last_paid_on, i.reference))
    return result


def _credited(paid_invoices, figures_of, year) -> None:
    """An invoice counts at most what it owes once its issued credit notes are deducted
    (negative totals), less what was paid on it in earlier years: the rest of the year's
    payments was given back. One query."""
    credit_notes = (
        Invoice.objects.filter(
            corrects=OuterRef("pk"), status__in=(InvoiceStatus.ISSUED, InvoiceStatus.PAID)
        )
        .values("corrects")
        .annotate(total=Sum("total"))
        .values("total")
    )
    before = (
        Payment.objects.filter(invoice=OuterRef("pk"), paid_on__lt=datetime.date(year, 1, 1))
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = (
        Invoice.objects.filter(pk__in=paid_invoices)
        .annotate(
            credited=Coalesce(Subquery(credit_notes), ZERO, output_field=DecimalField()),
            paid_before=Coalesce(Subquery(before), ZERO, output_field=DecimalField()),
        )
        .values_list("pk", "total", "credited", "paid_before")
    )
    for pk, total, credited, paid_before in rows:
        paid = paid_invoices[pk]
        owed = max(ZERO, total + credited - paid_before)
        excess = paid.paid - owed
        if excess > 0:
            paid.paid -= excess
            figures_of[pk].refunded += excess


def _interventions(result, client_of, invoices) -> None:
    entries = (
        TimeEntry.objects.filter(invoice_id__in=invoices)
        .select_related("person")
        .only("date", "hours", "client_id", "person__first_names", "person__last_name")
        .order_by("person__last_name", "person__first_names", "person_id", "date")
    )
    grouped: dict[int, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        household = client_of[entry.client_id]
        month = entry.date.replace(day=1)
        grouped[household][(entry.person_id, month)].append(entry)
    for household, by_month in grouped.items():
        figures = result[household]
        for (person_id, month), rows in by_month.items():
            person = rows[0].person
            common = {"intervenant": _name(person), "identifier": f"{person_id:06d}"}
            if len(rows) >= PERIODIC_FROM:
                total = sum((r.hours for r in rows), Decimal(0))
                figures.interventions.append(
                    Intervention(**common, day=None, month=month, count=len(rows), hours=total)
                )
            else:
                for row in rows:
                    figures.interventions.append(
                        Intervention(**common, day=row.date, month=month, count=1, hours=row.hours)
                    )
            figures.hours += sum((r.hours for r in rows), Decimal(0))
        figures.interventions.sort(key=lambda i: (i.month, i.intervenant, i.day or i.month))


def _prices(result, client_of, invoices) -> None:
    from tremplin.missions.models import InvoiceLine

    lines = (
        InvoiceLine.objects.filter(invoice_id__in=invoices)
        .order_by()
        .values_list("invoice__client_id", "label", "unit", "unit_price", "vat_rate")
        .distinct()
    )
    seen: dict[int, set] = defaultdict(set)
    for client_id, label, unit, unit_price, vat_rate in lines:
        ttc = _money(unit_price * (1 + vat_rate / 100))
        key = (label, ttc, unit)
        household = client_of[client_id]
        if key in seen[household]:
            continue
        seen[household].add(key)
        result[household].prices.append(Price(label, ttc, unit == UNIT_HOUR))
    for figures in result.values():
        figures.prices.sort(key=lambda p: (not p.hourly, p.label, p.unit_price_ttc))


def household_figures(*, household: Household, year: int) -> Figures:
    return attestation_figures(households=[household], year=year)[household.pk]


def declaration_of(structure_id: int) -> SapDeclaration | None:
    return SapDeclaration.objects.filter(structure_id=structure_id).first()
