"""NOVA statistics: the figures every declared SAP organisation sends the State (Code du
travail, L7232-1-1 and R7232-19; the « NOVA » information system of the DGE): each month,
the households served, the hours of intervention by activity, the intervenants and the
turnover; then by quarter and by year, as the tables to file.

Computed from the same validated hours and issued invoices as everything else (missions'
`TimeEntry` and `Invoice` of household clients), read through the tenancy querysets. A
quarter's or a year's households and intervenants are counted once each, not summed over
months. An invoice's turnover is spread over the activities of its hours, pro rata; a
credit note counts (negatively) in the month of the invoice it corrects."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractMonth
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.missions.models import ClientKind, Invoice, InvoiceStatus, TimeEntry, TimeEntryStatus

from .activities import BY_CODE
from .models import Service

CENT = Decimal("0.01")
OFF_CATALOGUE = ""  # hours of an activity no service of the catalogue is booked under


class Granularity:
    MONTH, QUARTER, YEAR = "month", "quarter", "year"
    CHOICES = (
        (MONTH, gettext_lazy("By month")),
        (QUARTER, gettext_lazy("By quarter")),
        (YEAR, gettext_lazy("Year")),
    )


@dataclass
class Period:
    label: str
    months: tuple[int, ...]
    households: set = field(default_factory=set)
    intervenants: set = field(default_factory=set)
    hours: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    turnover: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    @property
    def hours_total(self) -> Decimal:
        return sum(self.hours.values(), Decimal(0))

    @property
    def turnover_total(self) -> Decimal:
        return sum(self.turnover.values(), Decimal(0))


@dataclass
class NovaTable:
    year: int
    granularity: str
    periods: list[Period]
    activities: list[tuple[str, str]]  # (code, label) of every activity with figures

    def rows(self) -> list[list]:
        """The table as filed: one line per figure, one column per period."""
        lines: list[list] = [
            [_("Households served"), *(len(p.households) for p in self.periods)],
            [_("Intervenants"), *(len(p.intervenants) for p in self.periods)],
        ]
        for code, label in self.activities:
            lines.append(
                [_("Hours — %(activity)s") % {"activity": label}]
                + [p.hours.get(code, Decimal(0)) for p in self.periods]
            )
        lines.append([_("Hours — total"), *(p.hours_total for p in self.periods)])
        for code, label in self.activities:
            lines.append(
                [_("Turnover incl. VAT (€) — %(activity)s") % {"activity": label}]
                + [_money(p.turnover.get(code, Decimal(0))) for p in self.periods]
            )
        lines.append(
            [_("Turnover incl. VAT (€) — total"), *(_money(p.turnover_total) for p in self.periods)]
        )
        return lines

    def header(self) -> list[str]:
        return [_("Figure"), *(p.label for p in self.periods)]


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _periods(year: int, granularity: str) -> list[Period]:
    if granularity == Granularity.MONTH:
        return [Period(f"{MONTHS[m]} {year}", (m,)) for m in range(1, 13)]
    if granularity == Granularity.QUARTER:
        return [
            Period(
                _("Q%(n)s %(year)s") % {"n": q, "year": year}, tuple(range(3 * q - 2, 3 * q + 1))
            )
            for q in range(1, 5)
        ]
    return [Period(str(year), tuple(range(1, 13)))]


def _sap_activity_of(structure_id: int) -> dict[int, str]:
    """The SAP activity of each missions activity, through the catalogue (the first
    service booked under it)."""
    mapping: dict[int, str] = {}
    for work_activity_id, code in (
        Service.objects.filter(structure_id=structure_id)
        .order_by("pk")
        .values_list("work_activity_id", "activity")
    ):
        mapping.setdefault(work_activity_id, code)
    return mapping


def nova_table(*, actor, structure_id: int, year: int, granularity: str) -> NovaTable:
    """The NOVA figures of a structure's year: in four queries whatever its size."""
    periods = _periods(year, granularity)
    period_of = {month: period for period in periods for month in period.months}
    sap_of = _sap_activity_of(structure_id)

    def code_of(work_activity_id) -> str:
        return sap_of.get(work_activity_id, OFF_CATALOGUE)

    entries = TimeEntry.objects.for_user(actor).filter(
        structure_id=structure_id,
        client__kind=ClientKind.HOUSEHOLD,
        status=TimeEntryStatus.VALIDATED,
        date__year=year,
    )
    grouped = (
        entries.annotate(month=ExtractMonth("date"))
        .values_list("month", "client_id", "person_id", "assignment__request__activity_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    for month, client_id, person_id, work_activity_id, hours in grouped:
        period = period_of[month]
        period.households.add(client_id)
        period.intervenants.add(person_id)
        period.hours[code_of(work_activity_id)] += hours

    invoiced = list(
        Invoice.objects.for_user(actor)
        .filter(structure_id=structure_id, client__kind=ClientKind.HOUSEHOLD)
        .exclude(status=InvoiceStatus.DRAFT)
        .filter(period_start__year=year)
        .values_list("pk", "corrects_id", "period_start", "total")
        .order_by()
    )
    hours_of: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    split = (
        TimeEntry.objects.for_user(actor)
        .filter(invoice_id__in=[pk for pk, *_rest in invoiced])
        .values_list("invoice_id", "assignment__request__activity_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    for invoice_id, work_activity_id, hours in split:
        hours_of[invoice_id][code_of(work_activity_id)] += hours
    for pk, corrects_id, period_start, total in invoiced:
        period = period_of[period_start.month]
        shares = hours_of.get(corrects_id or pk)
        all_hours = sum(shares.values(), Decimal(0)) if shares else Decimal(0)
        if not all_hours:
            period.turnover[OFF_CATALOGUE] += total
            continue
        for code, hours in shares.items():
            period.turnover[code] += total * hours / all_hours

    codes = {code for p in periods for code in (*p.hours, *p.turnover)}
    activities = [(code, str(BY_CODE[code].label)) for code in BY_CODE if code in codes]
    if OFF_CATALOGUE in codes:
        activities.append((OFF_CATALOGUE, _("Activities outside the catalogue")))
    return NovaTable(year=year, granularity=granularity, periods=periods, activities=activities)


def nova_years(today: datetime.date) -> list[int]:
    return list(range(today.year, today.year - 5, -1))
