"""Pure rules of placements: the AI cap window, weeks. No database access."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from tremplin.rules import rule


def is_capped_client(client_kind: str, on: datetime.date) -> bool:
    """Placements with the commercial sector count towards the AI cap (L5132-9)."""
    return client_kind not in rule("ai.cap_exempt_client_kinds", on)


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def cap_window(
    placement_days: Iterable[datetime.date], on: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The 24-month window of the cap that `on` falls in: it opens on the first capped
    placement; once it ends, the next capped placement opens a new one."""
    months = rule("ai.commercial_cap_window_months", on)
    days = sorted(set(placement_days) | {on})
    start = days[0]
    end = start + relativedelta(months=months) - datetime.timedelta(days=1)
    for day in days:
        if day > end:
            start, end = day, day + relativedelta(months=months) - datetime.timedelta(days=1)
        if day >= on:
            break
    return start, end


@dataclass(frozen=True)
class CapStatus:
    window_start: datetime.date
    window_end: datetime.date
    used: Decimal
    cap: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.cap - self.used, Decimal(0))

    def warning(self, on: datetime.date) -> bool:
        return self.used >= self.cap * rule("ai.cap_warning_share", on)


def cap_status(placements: Iterable[tuple[datetime.date, Decimal]], on: datetime.date) -> CapStatus:
    """Capped hours used in the window of `on`, from (day, hours) of capped placements."""
    placements = list(placements)
    start, end = cap_window([d for d, _h in placements], on)
    used = sum((h for d, h in placements if start <= d <= end), Decimal(0))
    return CapStatus(start, end, used, Decimal(rule("ai.commercial_cap_hours", on)))


def running_among(contracts, day: datetime.date):
    """The contract running on `day` among contracts ordered latest start first."""
    for contract in contracts:
        end = contract.actual_end_date
        if contract.start_date <= day and (end is None or end >= day):
            return contract
    return None


def hours_between(start: datetime.time, end: datetime.time) -> Decimal:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"))
