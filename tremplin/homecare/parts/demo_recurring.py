"""Demo data of the homecare part « recurring » (called by homecare/demo.py in order).

The demo households of the first two active structures (made by the households part) get
a recurring intervention over the past year and the next weeks, through the same service
as the planner's page: every date booked by the missions checks, the public holidays
skipped, a date refused left « to place » with its reason. The hours of the past dates are
entered and validated as the missions demo does for its own, but for the last days, some
left to confirm and some entered a little off (the hours page shows the differences); one intervenant
is away next week, with a date to replace; one date is cancelled by the household."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.missions.demo import hours_worked
from tremplin.missions.models import Assignment
from tremplin.missions.services.assignments import running_contract
from tremplin.missions.services.hours import time_entry_create
from tremplin.network.models import MembershipStatus
from tremplin.people.models import Person

from ..models import CancelledBy, Frequency, Household, Occurrence, OccurrenceStatus, Service
from ..services import recurring, replacements
from ..services import recurring_changes as changes

DEMO_STRUCTURES = 2
HOUSEHOLDS_PER_STRUCTURE = 4
PAST_DAYS = 364
AHEAD_DAYS = 56
LEFT_TO_CONFIRM_DAYS = 10
# (weekday, start, end) tried in turn: a first one that suits the intervenant's week.
TIMES = [(1, 14, 16), (3, 9, 11), (0, 16, 18), (4, 14, 16), (2, 10, 12)]


def _planner(structure):
    membership = (
        StructureMembership.objects.filter(
            structure=structure, role__in=(StructureRole.PLANNER, StructureRole.DIRECTOR)
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership else None


def _intervenant(household, structure, day):
    """The household's usual intervenant, else who came most, with a contract today."""
    usual = list(household.usual_intervenants.all())
    counted = (
        Assignment.objects.filter(request__client_id=household.client_id)
        .values_list("person_id", flat=True)
        .order_by("person_id")
    )
    visits: dict[int, int] = {}
    for pk in counted:
        visits[pk] = visits.get(pk, 0) + 1
    candidates = usual + [
        p
        for p in Person.objects.filter(structure=structure, pk__in=visits).order_by("pk")
        if p not in usual
    ]
    candidates.sort(key=lambda p: (p not in usual, -visits.get(p.pk, 0), p.pk))
    candidates += list(Person.objects.filter(structure=structure).order_by("pk")[:20])
    for person in candidates:
        if running_contract(person, day) is not None:
            return person
    return None


def _service(structure) -> Service | None:
    services = Service.objects.filter(structure=structure, is_active=True).order_by("pk")
    # Housework first; never small DIY, whose 2 hours are the limit (the demo plans 2 h).
    return (
        services.filter(activity="menage").first() or services.exclude(activity="bricolage").first()
    )


class _OtherTime(Exception):
    """Most dates refused at that time: roll the pattern back and try another time."""


def _plan_household(*, actor, household, service, person, today, index):
    contract = running_contract(person, today)
    starts_on = max(today - datetime.timedelta(days=PAST_DAYS), contract.start_date)
    ends_on = today + datetime.timedelta(days=AHEAD_DAYS)
    for weekday, start, end in TIMES[index % len(TIMES) :] + TIMES[: index % len(TIMES)]:
        try:
            with transaction.atomic():
                pattern, done = recurring.recurring_pattern_create(
                    actor=actor,
                    household=household,
                    service=service,
                    person=person,
                    frequency=Frequency.WEEKLY if index % 2 == 0 else Frequency.BIWEEKLY,
                    weekdays=[weekday],
                    start_time=datetime.time(start),
                    end_time=datetime.time(end),
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
                if done.planned < done.to_place:
                    raise _OtherTime
        except (ValidationError, _OtherTime):
            continue
        return pattern
    return None


def _recent_hours(pattern, actor, today, rng) -> int:
    """The last days' hours, some clocked a little off, some left for the planner to
    confirm (the hours page shows both), through the missions service."""
    recent = today - datetime.timedelta(days=LEFT_TO_CONFIRM_DAYS)
    rows = Occurrence.objects.filter(
        pattern=pattern,
        status=OccurrenceStatus.PLANNED,
        assignment__date__range=(recent, today - datetime.timedelta(days=1)),
    ).select_related("assignment__person")
    made = 0
    for occurrence in rows:
        a = occurrence.assignment
        if rng.random() < 0.5:
            continue
        try:
            time_entry_create(
                actor=actor,
                person=a.person,
                client=pattern.household.client,
                date=a.date,
                hours=a.hours + rng.choice([Decimal("-0.25"), Decimal("0.25"), Decimal("0.50")]),
                assignment=a,
            )
        except ValidationError:
            continue  # a closed month: its hours stay as planned
        made += 1
    return made


def seed(*, structures, seed: int, today) -> dict[str, int]:
    rng = random.Random(seed + 11)
    counts = {"recurring_patterns": 0, "recurring_dates": 0, "recurring_hours": 0}
    chosen = [s for s in structures if s.membership_status == MembershipStatus.ACTIVE]
    for structure in chosen[:DEMO_STRUCTURES]:
        actor = _planner(structure)
        service = _service(structure)
        if actor is None or service is None:
            continue
        households = list(
            Household.objects.filter(structure=structure)
            .select_related("client__commune")
            .order_by("pk")[:HOUSEHOLDS_PER_STRUCTURE]
        )
        patterns = []
        for index, household in enumerate(households):
            person = _intervenant(household, structure, today)
            if person is None:
                continue
            pattern = _plan_household(
                actor=actor,
                household=household,
                service=service,
                person=person,
                today=today,
                index=index,
            )
            if pattern is None:
                continue
            patterns.append(pattern)
            counts["recurring_patterns"] += 1
            counts["recurring_dates"] += pattern.occurrences.count()
            counts["recurring_hours"] += _recent_hours(pattern, actor, today, rng)
        # Every earlier past date entered and validated, as the missions demo does its own.
        recent = today - datetime.timedelta(days=LEFT_TO_CONFIRM_DAYS)
        counts["recurring_hours"] += hours_worked(structure, actor, recent)
        _next_weeks(patterns, actor, today)
    return counts


def _next_weeks(patterns, actor, today) -> None:
    """An intervenant away one day next week (a date to replace) and a date the household
    cancelled in time."""
    if not patterns:
        return
    first = patterns[0]
    coming = list(
        first.occurrences.filter(
            status=OccurrenceStatus.PLANNED, date__gt=today + datetime.timedelta(days=3)
        ).order_by("date")[:3]
    )
    if coming and first.person_id:
        day = coming[0].date
        replacements.absence_record(actor=actor, person=first.person, starts_on=day, ends_on=day)
    if len(coming) > 1:
        occurrence = coming[-1]
        household = first.household
        try:
            if household.client.user_id:
                changes.occurrence_cancel(
                    actor=household.client.user, occurrence=occurrence, by=CancelledBy.HOUSEHOLD
                )
            else:
                changes.occurrence_cancel(
                    actor=actor, occurrence=occurrence, by=CancelledBy.STRUCTURE
                )
        except ValidationError:
            pass
