"""Pure functions of the rules of insertion paths: dates, eligibility, counted exits.
No database access; every figure comes from the rules table."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from tremplin.rules import rule

from .models.approvals import ProlongationReason
from .models.eligibility import Criterion, DiagnosisAuthor

ONE_DAY = datetime.timedelta(days=1)


def last_day_of_period(start: datetime.date, *, months: int = 0, days: int = 0) -> datetime.date:
    """The last day of a period starting on `start`: 24 months from 2025-01-15 end on
    2027-01-14; 92 days from 2025-01-01 end on 2025-04-02."""
    return start + relativedelta(months=months, days=days) - ONE_DAY


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    return relativedelta(on, birth_date).years


# --- Eligibility -------------------------------------------------------------------------


def birth_date_bounds(on: datetime.date, max_age_years: int) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest birth dates of a person who may be hired on `on`: at least
    the minimum working age, at most `max_age_years` old."""
    youngest = on - relativedelta(years=rule("work.min_age", on))
    oldest = on - relativedelta(years=max_age_years)
    return oldest, youngest


def daily_max_hours(birth_date: datetime.date, on: datetime.date) -> Decimal:
    """The legal maximum of a day's effective work for a person born on `birth_date`."""
    if age_on(birth_date, on) < rule("work.adult_age", on):
        return rule("work.daily_max_hours.young", on)
    return rule("work.daily_max_hours", on)


def diagnosis_expires_on(author_kind: str, made_on: datetime.date) -> datetime.date:
    """Last day a diagnosis is valid: 6 months (prescriber) or 92 days (employer)."""
    if author_kind == DiagnosisAuthor.PRESCRIBER:
        return last_day_of_period(
            made_on, months=rule("eligibility.validity_months.prescriber", made_on)
        )
    return last_day_of_period(made_on, days=rule("eligibility.validity_days.employer", made_on))


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    level1: int
    level2: int
    level2_threshold: int


def eligibility(criteria: Iterable[str], structure_kind: str, on: datetime.date) -> Eligibility:
    """One level-1 criterion, or the structure kind's number of level-2 criteria."""
    chosen = {Criterion(c) for c in criteria}
    level1 = sum(1 for c in chosen if c.level == 1)
    level2 = sum(1 for c in chosen if c.level == 2)
    threshold = rule(f"eligibility.level2_threshold.{structure_kind}", on)
    eligible = level1 >= rule("eligibility.level1_threshold", on) or level2 >= threshold
    return Eligibility(eligible, level1, level2, threshold)


# --- PASS IAE ----------------------------------------------------------------------------


def approval_end_date(
    start: datetime.date, *, suspended_days: int = 0, prolonged_days: int = 0
) -> datetime.date:
    """start + 24 months − 1 day, moved by every suspended and prolonged day."""
    base = last_day_of_period(start, months=rule("pass.validity_months", start))
    return base + datetime.timedelta(days=suspended_days + prolonged_days)


def waiting_period_end(previous_end: datetime.date) -> datetime.date:
    """The last day of the 2-year waiting period after a PASS expired."""
    return previous_end + relativedelta(months=rule("pass.waiting_period_months", previous_end))


def suspension_max_end(start: datetime.date) -> datetime.date:
    return last_day_of_period(start, months=rule("pass.suspension_max_months", start))


@dataclass(frozen=True)
class ProlongationRule:
    decided_by_prescriber: bool
    cap_key: str | None  # rules-table key of the total path cap, in months
    structure_kinds: tuple[str, ...] | None  # None: every kind


PROLONGATION_RULES = {
    ProlongationReason.CDI_57: ProlongationRule(False, None, None),
    ProlongationReason.TRAINING: ProlongationRule(False, None, None),
    ProlongationReason.SENIOR: ProlongationRule(True, "pass.prolongation_cap_months.senior", None),
    ProlongationReason.RQTH: ProlongationRule(True, "pass.prolongation_cap_months.rqth", None),
    ProlongationReason.PARTICULAR_DIFFICULTIES: ProlongationRule(
        True, "pass.prolongation_cap_months.particular_difficulties", ("AI", "ACI")
    ),
}


def path_cap_end(
    approval_start: datetime.date, cap_months: int, suspended_days: int
) -> datetime.date:
    """Last day a path capped at `cap_months` may reach; suspended days do not count."""
    return last_day_of_period(approval_start, months=cap_months) + datetime.timedelta(
        days=suspended_days
    )


# --- Exits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkedPeriod:
    start: datetime.date
    end: datetime.date  # inclusive
    weekly_hours: Decimal


def worked_days(periods: Iterable[WorkedPeriod], until: datetime.date) -> int:
    """Days under contract up to `until`, counting overlapping days once."""
    days: set[datetime.date] = set()
    for period in periods:
        day, end = period.start, min(period.end, until)
        while day <= end:
            days.add(day)
            day += ONE_DAY
    return len(days)


def estimated_hours(periods: Iterable[WorkedPeriod], until: datetime.date) -> Decimal:
    """Hours worked estimated from contracts (weekly hours × weeks), for paths without
    validated time entries (services.exits.HOURS_SOURCES)."""
    total = Decimal(0)
    for period in periods:
        end = min(period.end, until)
        if end >= period.start:
            total += period.weekly_hours * Decimal((end - period.start).days + 1) / Decimal(7)
    return total.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CountedExit:
    counted: bool
    worked_days: int
    worked_hours: Decimal
    threshold: str


def counted_exit(
    structure_kind: str,
    periods: list[WorkedPeriod],
    exit_date: datetime.date,
    hours: Decimal | None = None,
) -> CountedExit:
    """ACI, EI, EITI: more than 3 months worked; AI, ETTI: more than 150 hours."""
    days = worked_days(periods, exit_date)
    worked_hours = hours if hours is not None else estimated_hours(periods, exit_date)
    if structure_kind in ("AI", "ETTI"):
        threshold = rule(f"exit.counted_min_hours.{structure_kind}", exit_date)
        return CountedExit(worked_hours > threshold, days, worked_hours, f"> {threshold} h")
    months = rule(f"exit.counted_min_months.{structure_kind}", exit_date)
    if not periods:
        return CountedExit(False, 0, worked_hours, f"> {months} mois")
    first = min(p.start for p in periods)
    # "More than 3 months": more days than the calendar length of 3 months from the start.
    three_months = (first + relativedelta(months=months) - first).days
    return CountedExit(days > three_months, days, worked_hours, f"> {months} mois")
