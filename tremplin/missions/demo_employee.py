"""The demo employee (`salarie@…`) as a real person of their structure, for `seed_demo`: a
person under contract with a PASS IAE and the most past missions, now linked to the
account, with missions today and in the coming days planned through the assignment checks,
and recent hours in each state (to enter, entered, validated, invoiced)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.people.models import Person

from .models import MissionRequest, MonthClosure, RequestState, TimeEntry, TimeEntryStatus
from .services.assignments import assignment_create

COMING_DAYS = 14
# (start hour, end hour) tried for each coming day: a morning, else an afternoon.
TIMES = ((9, 12), (14, 17))


def seed_demo_employee(*, email: str) -> dict[str, int]:
    """Link the account `email` (an employee's membership) to a person of its structure."""
    membership = (
        StructureMembership.objects.filter(user__email=email, role=StructureRole.EMPLOYEE)
        .select_related("user", "structure")
        .first()
    )
    if membership is None or Person.objects.filter(user=membership.user).exists():
        return {}
    today = timezone.localdate()
    running = Q(contracts__start_date__lte=today) & (
        Q(contracts__planned_end_date__isnull=True) | Q(contracts__planned_end_date__gte=today)
    )
    person = (
        Person.objects.filter(structure=membership.structure, user__isnull=True)
        .filter(running, contracts__early_end_date__isnull=True, approvals__end_date__gte=today)
        .annotate(missions=Count("assignments", distinct=True))
        .order_by("-missions", "pk")
        .first()
    )
    if person is None:
        return {}
    person.user = membership.user
    person.save(update_fields=["user"])
    planner = _planner(membership.structure)
    coming = _plan_coming(person, planner, today) if planner else 0
    _recent_hours_in_every_state(person, membership.user, today)
    return {"demo_employee": person.pk, "assignments": coming}


def _planner(structure):
    members = {
        m.role: m.user
        for m in StructureMembership.objects.filter(structure=structure).select_related("user")
    }
    return members.get(StructureRole.PLANNER) or members.get(StructureRole.DIRECTOR)


def _plan_coming(person, planner, today) -> int:
    """A mission today and most days of the next two weeks, each checked like any other."""
    requests = list(
        MissionRequest.objects.filter(
            structure=person.structure,
            end_date__gte=today + datetime.timedelta(days=COMING_DAYS),
            start_date__lte=today,
        )
        .exclude(state__in=[RequestState.DONE, RequestState.CANCELLED])
        .order_by("pk")
    )
    if not requests:
        return 0
    created = 0
    for offset in range(COMING_DAYS + 1):
        day = today + datetime.timedelta(days=offset)
        if day.weekday() == 6 or (offset and day.weekday() == 5):
            continue  # today whatever it is (to clock in), then weekdays and Saturdays off
        request = requests[offset % len(requests)]
        for start, end in TIMES:
            try:
                assignment_create(
                    actor=planner,
                    request=request,
                    person=person,
                    day=day,
                    start=datetime.time(start),
                    end=datetime.time(end),
                )
            except ValidationError:
                continue
            created += 1
            break
    return created


def _recent_hours_in_every_state(person, user, today) -> None:
    """Of the latest past missions of a month still open, one with its hours to enter and
    one entered by the employee, to be validated (the others stay validated or invoiced)."""
    closed = set(
        MonthClosure.objects.filter(structure=person.structure).values_list("month", flat=True)
    )
    recent = [
        a
        for a in person.assignments.filter(date__lt=today).order_by("-date", "-start_time")[:10]
        if a.date.replace(day=1) not in closed
    ]
    entries = TimeEntry.objects.filter(invoice__isnull=True)
    if recent:
        entries.filter(assignment=recent[0]).delete()
    if len(recent) > 1:
        entries.filter(assignment=recent[1]).update(
            status=TimeEntryStatus.DRAFT, entered_by=user, validated_by=None
        )
