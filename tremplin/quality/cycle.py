"""The certification cycle's dates (ISO/IEC 17021-1 § 9.1.3.2, § 9.6), computed from a
certification and its audits, with no query: the callers fetch the rows once.

- The cycle starts on the committee's decision (grant or renewal) and lasts
  `certification.cycle_years` (3 years): valid until the day before the third anniversary.
- Surveillance n is due by n × `certification.surveillance_months` (12) months after the
  decision: the first within 12 months of the decision, then one each year; none in the
  recertification year (the anniversary that reaches the expiry).
- The recertification audit is due by the expiry.
- A surveillance not held by its due date is late the next day: the daily job suspends
  (`certification.surveillance_late_days`).

An audit counts as held once it has started (under way, reported or decided): a planned
audit whose day has passed is still to hold."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from tremplin.rules.table import rule

from .models import AuditKind, AuditStatus

ONE_DAY = datetime.timedelta(days=1)
HELD = frozenset({AuditStatus.IN_PROGRESS, AuditStatus.REPORTED, AuditStatus.DECIDED})


def expiry_for(
    decided_on: datetime.date, *, previous_expiry: datetime.date | None = None
) -> datetime.date:
    """The end of the validity a grant or a renewal gives. A renewal decided before the
    current expiry continues from it (§ 9.6.3): the holder loses no day for renewing early."""
    years = rule("certification.cycle_years", decided_on)
    if previous_expiry is not None and decided_on <= previous_expiry:
        return previous_expiry + relativedelta(years=years)
    return decided_on + relativedelta(years=years) - ONE_DAY


@dataclass(frozen=True)
class Due:
    """One audit the cycle asks for."""

    kind: str  # AuditKind.SURVEILLANCE or RECERTIFICATION
    number: int  # surveillance 1, 2…; 0 for the recertification
    due_by: datetime.date
    held_on: datetime.date | None  # the day the audit counting for it started
    audit_id: int | None
    planned_audit_id: int | None  # a planned audit for it, not started yet

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    def is_late(self, on: datetime.date) -> bool:
        """Not held and its due date passed (the day after the due date, it is late)."""
        late_days = rule("certification.surveillance_late_days", on)
        return not self.is_held and on >= self.due_by + datetime.timedelta(days=late_days)

    def days_left(self, on: datetime.date) -> int:
        return (self.due_by - on).days


@dataclass(frozen=True)
class AuditFacts:
    """What the cycle reads of an audit (an Audit row fits)."""

    pk: int | None
    kind: str
    status: str
    starts_on: datetime.date | None


@dataclass(frozen=True)
class CycleState:
    started_on: datetime.date | None
    expires_on: datetime.date | None
    dues: tuple[Due, ...]

    def next_due(self) -> Due | None:
        """The first audit of the cycle not held yet."""
        return next((due for due in self.dues if not due.is_held), None)

    def late(self, on: datetime.date) -> list[Due]:
        return [due for due in self.dues if due.is_late(on)]

    def late_surveillance(self, on: datetime.date) -> Due | None:
        return next((d for d in self.late(on) if d.kind == AuditKind.SURVEILLANCE), None)

    def is_expired(self, on: datetime.date) -> bool:
        return self.expires_on is not None and on > self.expires_on

    def to_plan(self) -> Due | None:
        """The next due audit when nothing is planned for it yet."""
        due = self.next_due()
        if due is None or due.planned_audit_id is not None:
            return None
        return due


def surveillance_due_dates(started_on: datetime.date, expires_on: datetime.date) -> list:
    months = rule("certification.surveillance_months", started_on)
    dates = []
    number = 1
    while True:
        due_by = started_on + relativedelta(months=months * number)
        if due_by >= expires_on:  # the recertification year: the renewal audit stands for it
            return dates
        dates.append(due_by)
        number += 1


def cycle_state(certification, audits: Iterable) -> CycleState:
    """The cycle's audits and where they stand: `audits` are the certification's (Audit
    rows or AuditFacts), any order. Audits held before the cycle started belong to the
    previous cycle and are not counted."""
    started_on, expires_on = certification.cycle_started_on, certification.expires_on
    if started_on is None or expires_on is None:
        return CycleState(started_on, expires_on, ())
    facts = sorted(
        (a for a in audits if a.starts_on is None or a.starts_on >= started_on),
        key=lambda a: (a.starts_on or datetime.date.max, a.pk or 0),
    )
    held = {
        kind: [a for a in facts if a.kind == kind and a.status in HELD and a.starts_on]
        for kind in KINDS
    }
    planned = {
        kind: [a for a in facts if a.kind == kind and a.status == AuditStatus.PLANNED]
        for kind in KINDS
    }
    dues = []
    for index, due_by in enumerate(surveillance_due_dates(started_on, expires_on)):
        dues.append(_due(AuditKind.SURVEILLANCE, index + 1, due_by, held, planned, index))
    dues.append(_due(AuditKind.RECERTIFICATION, 0, expires_on, held, planned, 0))
    return CycleState(started_on, expires_on, tuple(dues))


KINDS = (AuditKind.SURVEILLANCE, AuditKind.RECERTIFICATION)


def _due(kind, number, due_by, held, planned, index) -> Due:
    done = held[kind][index] if index < len(held[kind]) else None
    # A planned audit counts for the first due ones not held yet, in order.
    waiting_index = index - len(held[kind])
    waiting = (
        planned[kind][waiting_index]
        if done is None and 0 <= waiting_index < len(planned[kind])
        else None
    )
    return Due(
        kind=kind,
        number=number,
        due_by=due_by,
        held_on=done.starts_on if done else None,
        audit_id=done.pk if done else None,
        planned_audit_id=waiting.pk if waiting else None,
    )
