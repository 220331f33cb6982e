"""From the structure's data to the planner's problem, and back: the planner itself
(planner/) knows nothing of Django."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tremplin.common.text import tag_set
from tremplin.people.calculations import daily_max_hours
from tremplin.people.models import Approval, Contract, Person
from tremplin.people.services.contracts import NEEDS_PASS

from . import calculations
from .models import Assignment, MissionRequest, RequestState
from .planner import Employee, PlanningProblem, Slot, Window

OPEN_STATES = (RequestState.NEW, RequestState.PLANNED, RequestState.IN_PROGRESS)


def _position(commune, structure):
    if commune is not None and commune.latitude is not None:
        return commune.latitude, commune.longitude
    return structure.latitude or 0.0, structure.longitude or 0.0


@dataclass(frozen=True)
class WeekPerson:
    person: Person
    employee: Employee
    cap: calculations.CapStatus | None  # an AI's employee: the commercial-sector cap
    monday: datetime.date

    @property
    def cap_warning(self) -> bool:
        return bool(self.cap and self.cap.warning(self.monday))


def people_under_contract(*, actor, structure, monday: datetime.date):
    """The structure's people with a contract running on some day of the week, by name."""
    sunday = monday + datetime.timedelta(days=6)
    running = Contract.objects.filter(person=OuterRef("pk"), start_date__lte=sunday).filter(
        Q(early_end_date__gte=monday)
        | Q(early_end_date__isnull=True, planned_end_date__gte=monday)
        | Q(early_end_date__isnull=True, planned_end_date__isnull=True)
    )
    return (
        Person.objects.for_user(actor)
        .filter(structure=structure)
        .filter(Exists(running))
        .select_related("commune")
        .order_by("last_name", "first_names", "pk")
    )


def week_people(*, actor, structure, monday: datetime.date, people=None, week_assignments=None):
    """The employees who may work in the week (a running contract, and a PASS where one is
    needed, on at least one day), as the planner sees them, in a fixed number of queries.
    `people` narrows to some of them (a page of the week grid)."""
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    sunday = days[-1]
    if week_assignments is None:
        week_assignments = _week_assignments(structure, monday)
    if people is None:
        people = people_under_contract(actor=actor, structure=structure, monday=monday)
    people = list(people)
    ids = [p.pk for p in people]
    week_of = defaultdict(list)
    for row in week_assignments:
        week_of[row[0]].append(row)
    # Everything the week needs about every employee, in a fixed number of queries.
    contracts_of = defaultdict(list)
    for contract in Contract.objects.filter(person_id__in=ids, start_date__lte=sunday).order_by(
        "-start_date"
    ):
        contracts_of[contract.person_id].append(contract)
    approvals_of = defaultdict(list)
    for approval in Approval.objects.filter(
        person_id__in=ids, start_date__lte=sunday, end_date__gte=monday
    ):
        approvals_of[approval.person_id].append(approval)
    capped_of, previous_of = defaultdict(list), defaultdict(set)
    history = Assignment.objects.filter(
        person_id__in=ids, date__lt=sunday + datetime.timedelta(days=1)
    )
    for person_id, day, hours, kind, client_id in history.values_list(
        "person_id", "date", "hours", "request__client__kind", "request__client_id"
    ):
        if calculations.is_capped_client(kind, day):
            capped_of[person_id].append((day, hours))
        if day < monday:
            previous_of[person_id].add(client_id)
    result = []
    for person in people:
        contracts = {day: calculations.running_among(contracts_of[person.pk], day) for day in days}
        working = [
            day
            for day, c in contracts.items()
            if c is not None
            and (
                c.kind not in NEEDS_PASS
                or any(a.start_date <= day <= a.end_date for a in approvals_of[person.pk])
            )
        ]
        if not working:
            continue
        contract = contracts[working[0]]
        # The same limits as check_assignment, so that a proposal is always acceptable: the
        # lowest weekly hours of the contracts of the week (one may end and another start),
        # and the lowest legal daily maximum of its days (a birthday may fall in it).
        weekly_max = min(contracts[day].weekly_hours for day in working)
        daily_max = min(daily_max_hours(person.birth_date, day) for day in working)
        mine = week_of[person.pk]
        cap = None
        if structure.kind == "AI":
            cap = calculations.cap_status(capped_of[person.pk], monday)
        lat, lon = _position(person.commune, structure)
        employee = Employee(
            id=person.pk,
            lat=lat,
            lon=lon,
            target_hours=float(contract.weekly_hours),
            max_hours=float(weekly_max),
            daily_max_hours=float(daily_max),
            assigned_hours=float(sum((row[5] for row in mine), Decimal(0))),
            unavailable_days=frozenset(day for day in days if day not in working),
            busy=tuple(Window(day=row[2], start=row[3], end=row[4]) for row in mine),
            remaining_capped_hours=float(cap.remaining) if cap is not None else None,
            previous_clients=frozenset(previous_of[person.pk]),
            skills=tag_set(person.skills),
        )
        result.append(WeekPerson(person, employee, cap, monday))
    return result


def _week_assignments(structure, monday):
    return list(
        Assignment.objects.filter(
            request__structure=structure, date__range=(monday, monday + datetime.timedelta(days=6))
        ).values_list("person_id", "request_id", "date", "start_time", "end_time", "hours")
    )


def build_problem(*, actor, structure, monday: datetime.date, time_limit_s: float = 2.0):
    """The week's open slots and the employees who may take them; `slots` maps the
    planner's slot ids back to (request, day, start, end)."""
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    sunday = days[-1]
    # The days an assignment may be dated (check_work_date), the others are not offered.
    latest = timezone.localdate() + datetime.timedelta(days=settings.ASSIGNMENT_MAX_DAYS_AHEAD)
    week_assignments = _week_assignments(structure, monday)
    taken = {(r, d, s) for _p, r, d, s, _e, _h in week_assignments}
    employees = [
        row.employee
        for row in week_people(
            actor=actor, structure=structure, monday=monday, week_assignments=week_assignments
        )
    ]
    slots, mapping = [], {}
    requests = (
        MissionRequest.objects.for_user(actor)
        .filter(
            structure=structure, state__in=OPEN_STATES, start_date__lte=sunday, end_date__gte=monday
        )
        .select_related("client", "commune")
        .prefetch_related("slots")
    )
    for request in requests:
        lat, lon = _position(request.commune, structure)
        capped = structure.kind == "AI" and calculations.is_capped_client(
            request.client.kind, monday
        )
        for weekly in request.slots.all():
            day = days[weekly.weekday]
            if (
                not request.start_date <= day <= request.end_date
                or not settings.WORK_DATE_MIN <= day <= latest
                or (request.pk, day, weekly.start_time) in taken
            ):
                continue
            slot_id = f"{request.pk}:{day.isoformat()}:{weekly.start_time:%H%M}"
            slots.append(
                Slot(
                    id=slot_id,
                    request_id=request.pk,
                    client_id=request.client_id,
                    client_is_capped=capped,
                    day=day,
                    start=weekly.start_time,
                    end=weekly.end_time,
                    lat=lat,
                    lon=lon,
                    required_skills=tag_set(request.skills),
                )
            )
            mapping[slot_id] = (request, day, weekly.start_time, weekly.end_time)
    problem = PlanningProblem(
        week=monday, employees=tuple(employees), slots=tuple(slots), time_limit_s=time_limit_s
    )
    return problem, mapping
