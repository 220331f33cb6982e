"""Reads of the recurring interventions, taking the actor (tenancy through `for_user`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from .models import Occurrence, OccurrenceStatus, RecurringPattern
from .services.recurring_changes import occurrence_hours


def pattern_list(*, actor, structure_id: int):
    return (
        RecurringPattern.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("household__client", "service", "person")
        .annotate(
            planned=Count("occurrences", filter=Q(occurrences__status=OccurrenceStatus.PLANNED)),
            to_place=Count("occurrences", filter=Q(occurrences__status=OccurrenceStatus.TO_PLACE)),
        )
        .order_by("-starts_on", "pk")
    )


def pattern_occurrences(*, actor, pattern: RecurringPattern):
    return (
        Occurrence.objects.for_user(actor)
        .filter(pattern=pattern)
        .select_related("assignment__person")
        .order_by("date", "pk")
    )


def to_place(*, actor, structure_id: int, from_day: datetime.date):
    """The structure's dates still without an intervenant, from `from_day` on."""
    return (
        Occurrence.objects.for_user(actor)
        .filter(
            pattern__structure_id=structure_id,
            status=OccurrenceStatus.TO_PLACE,
            date__gte=from_day,
        )
        .select_related("pattern__household__client", "pattern__service")
        .order_by("date", "pk")
    )


@dataclass(frozen=True)
class HoursRow:
    occurrence: Occurrence
    planned: Decimal
    clocked_in: datetime.datetime | None
    clocked_out: datetime.datetime | None
    entered: Decimal | None  # the hours entered (clocked or typed), None before
    validated: bool

    @property
    def difference(self) -> Decimal | None:
        return None if self.entered is None else self.entered - self.planned


def pattern_month_hours(
    *, actor, pattern: RecurringPattern, month: datetime.date
) -> list[HoursRow]:
    """Each planned date of the month: the hours planned against those clocked or entered,
    with their difference, for the planner to check before the month is validated."""
    first = month.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    rows = (
        Occurrence.objects.for_user(actor)
        .filter(pattern=pattern, date__range=(first, last), status=OccurrenceStatus.PLANNED)
        .select_related("pattern", "assignment__person", "assignment__clocking")
        .prefetch_related("assignment__time_entries")
        .order_by("date", "pk")
    )
    result = []
    for occurrence in rows:
        assignment = occurrence.assignment
        entries = list(assignment.time_entries.all()) if assignment else []
        clocking = getattr(assignment, "clocking", None) if assignment else None
        result.append(
            HoursRow(
                occurrence=occurrence,
                planned=occurrence_hours(occurrence),
                clocked_in=clocking.clocked_in_at if clocking else None,
                clocked_out=clocking.clocked_out_at if clocking else None,
                entered=sum((e.hours for e in entries), Decimal(0)) if entries else None,
                validated=bool(entries) and all(e.status == "validated" for e in entries),
            )
        )
    return result
