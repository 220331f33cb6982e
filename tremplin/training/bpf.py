"""The training service's bilan pédagogique et financier (BPF, cerfa 10443) of a year,
computed from the records themselves: the issued training invoices and credit notes (cadre
C: revenue by origin of the funds, split by each registration's fundings), the attendance
to the half-day (cadres E and F: trainees and hours-trainee).

- Revenue: an invoice or credit note counts in the year of its issue date; each line's
  amount is shared among the registration's fundings (each funding's share of the price
  invoiced), the rest is the structure's own money (enterprises training their staff).
- A trainee is a registration with at least one half-day attended « present » in the year;
  their hours-trainee are those half-days' hours (the hours actually attended).
- Every trainee of the service is an employee of a private employer (a structure's staff
  member, or an employee in an insertion path on a CDDI or through an AI): line E-a.
  Tremplin's categories (staff / insertion) are given beside, as the federation reports them.

Amounts are rounded to the euro only when written on the cerfa; here they stay exact."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import (
    Funder,
    Funding,
    Registration,
    TraineeCategory,
    TrainingInvoiceLine,
    TrainingInvoiceStatus,
)
from .services.money import attended_hours

# Cadre C's lines, in the cerfa's order, and which funder goes to which.
C_ENTERPRISES = "c1"
C_OPCO = "c2"
C_PUBLIC = "c4"
C_OTHER = "c10"
C_LINES = (
    (C_ENTERPRISES, _("Enterprises, for the training of their employees")),
    (
        C_OPCO,
        _("Funds of vocational training (OPCO): skills development plan and other schemes"),
    ),
    (C_PUBLIC, _("Public authorities, for the training of specific groups: the State")),
    (C_OTHER, _("Other revenue from vocational training")),
)
C_LINE_OF = {
    Funder.STRUCTURE: C_ENTERPRISES,
    Funder.OPCO: C_OPCO,
    # The PIC IAE is the State's plan for the skills of employees in insertion.
    Funder.PIC_IAE: C_PUBLIC,
    Funder.OTHER: C_OTHER,
}
# The first rows of `Bpf.rows()` are amounts in euros: cadre C's heading, lines and total.
MONEY_ROWS = len(C_LINES) + 2
E_PRIVATE_EMPLOYEES = _("Employees of private employers (apprentices excepted)")
ZERO = Decimal(0)


@dataclass
class TraineeLine:
    label: str
    trainees: int = 0
    hours: Decimal = ZERO


@dataclass
class Bpf:
    year: int
    revenue: dict[str, Decimal] = field(default_factory=dict)  # cadre C line -> amount
    revenue_by_funder: dict[str, Decimal] = field(default_factory=dict)  # Funder -> amount
    trainees: TraineeLine = field(default_factory=lambda: TraineeLine(str(E_PRIVATE_EMPLOYEES)))
    by_category: dict[str, TraineeLine] = field(default_factory=dict)
    # Cadre F-3: the general objective (a certification registered at RNCP/RS, or not).
    by_objective: dict[str, TraineeLine] = field(default_factory=dict)

    @property
    def total_revenue(self) -> Decimal:
        return sum(self.revenue.values(), ZERO)

    def rows(self) -> list[list]:
        """The BPF as a table (the page, CSV and XLSX exports)."""
        rows: list[list] = [
            [str(_("Cadre C — revenue by origin of the funds (excl. VAT)")), "", ""]
        ]
        for code, label in C_LINES:
            rows.append([str(label), "", self.revenue.get(code, ZERO)])
        rows.append([str(_("Total revenue")), "", self.total_revenue])
        rows.append([str(_("Cadre E — trainees by type: trainees, hours-trainee")), "", ""])
        rows.append([self.trainees.label, self.trainees.trainees, self.trainees.hours])
        rows.append([str(_("Of whom, by category")), "", ""])
        for line in self.by_category.values():
            rows.append([line.label, line.trainees, line.hours])
        rows.append([str(_("Cadre F-3 — general objective of the training")), "", ""])
        for line in self.by_objective.values():
            rows.append([line.label, line.trainees, line.hours])
        return rows


OBJECTIVE_CERTIFICATION = _("Training towards a certification registered (RNCP, RS)")
OBJECTIVE_OTHER = _("Other vocational training")


def bpf_for_year(year: int) -> Bpf:
    """The year's BPF, in a fixed number of queries."""
    bpf = Bpf(year=year)
    _revenue(bpf, year)
    _trainees(bpf, year)
    return bpf


def _revenue(bpf: Bpf, year: int) -> None:
    lines = list(
        TrainingInvoiceLine.objects.filter(
            invoice__status=TrainingInvoiceStatus.ISSUED, invoice__year=year
        ).values_list("registration_id", "unit_price", "quantity", "amount")
    )
    fundings: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for registration_id, funder, amount in (
        Funding.objects.filter(registration_id__in={line[0] for line in lines})
        .order_by()
        .values_list("registration_id", "funder", "amount")
    ):
        fundings[registration_id].append((funder, amount))
    by_funder: dict[str, Decimal] = defaultdict(Decimal)
    for registration_id, unit_price, quantity, amount in lines:
        price = unit_price * abs(quantity)
        rest = amount
        for funder, funded in fundings[registration_id]:
            # Each funder's share of what this line invoiced (or credited back).
            share = amount if price == 0 else amount * funded / price
            by_funder[funder] += share
            rest -= share
        by_funder[Funder.STRUCTURE] += rest
    bpf.revenue_by_funder = dict(by_funder)
    revenue: dict[str, Decimal] = defaultdict(Decimal)
    for funder, value in by_funder.items():
        revenue[C_LINE_OF[funder]] += value
    bpf.revenue = dict(revenue)


def _trainees(bpf: Bpf, year: int) -> None:
    hours = attended_hours(
        Registration.objects.filter(attendances__half_day__date__year=year).values("pk"),
        year=year,
    )
    registrations = Registration.objects.filter(pk__in=list(hours)).values_list(
        "pk", "category", "session__course__certification_codes"
    )
    bpf.by_category = {value: TraineeLine(str(label)) for value, label in TraineeCategory.choices}
    bpf.by_objective = {
        "certification": TraineeLine(str(OBJECTIVE_CERTIFICATION)),
        "other": TraineeLine(str(OBJECTIVE_OTHER)),
    }
    for pk, category, codes in registrations:
        attended = hours[pk]
        if attended <= 0:
            continue
        for line in (
            bpf.trainees,
            bpf.by_category[category],
            bpf.by_objective["certification" if codes.strip() else "other"],
        ):
            line.trainees += 1
            line.hours += attended
