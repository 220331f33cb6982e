"""Assign an employee to a request's slot: every refusal says why, in French."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.common.dates import short_date
from tremplin.common.formats import french_number
from tremplin.common.text import tag_set
from tremplin.people import rules as people_rules
from tremplin.people.models import Contract, Person
from tremplin.people.services.approvals import approval_valid_on
from tremplin.people.services.contracts import NEEDS_PASS
from tremplin.people.services.later_work import CancelReason, LaterWork

from .. import assignment_checks, calculations, rules
from ..models import Assignment, MissionRequest, RequestState
from .hours import check_daily_hours, check_work_date


def running_contract(person: Person, day: datetime.date) -> Contract | None:
    return calculations.running_among(
        person.contracts.filter(start_date__lte=day).order_by("-start_date"), day
    )


def capped_placements(person: Person) -> list[tuple[datetime.date, Decimal]]:
    """(day, hours) of the person's assignments with commercial-sector clients."""
    rows = Assignment.objects.filter(person=person).values_list(
        "date", "hours", "request__client__kind"
    )
    return [(day, hours) for day, hours, kind in rows if calculations.is_capped_client(kind, day)]


@dataclass(frozen=True)
class AssignmentCheck:
    hours: Decimal
    cap: calculations.CapStatus | None  # for an AI's commercial client

    def warning(self, day) -> bool:
        return bool(self.cap and self.cap.warning(day))


def check_assignment(
    *,
    request: MissionRequest,
    person: Person,
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    exclude_pk: int | None = None,
) -> AssignmentCheck:
    """Every rule an assignment must hold, in one ValidationError naming each problem."""
    errors: list[str] = []
    if end <= start:
        raise ValidationError({"end_time": _("The end comes before the start.")})
    hours = calculations.hours_between(start, end)
    assignment_checks.run(request=request, day=day, start=start, end=end)  # the apps above
    if person.structure_id != request.structure_id:
        raise ValidationError({"person": _("This employee belongs to another structure.")})
    today = timezone.localdate()
    check_work_date(day, latest=today + datetime.timedelta(days=settings.ASSIGNMENT_MAX_DAYS_AHEAD))
    booked = sum(
        Assignment.objects.filter(person=person, date=day)
        .exclude(pk=exclude_pk)
        .values_list("hours", flat=True),
        Decimal(0),
    )
    check_daily_hours(person=person, day=day, hours=hours, already=booked)
    if not request.start_date <= day <= request.end_date:
        errors.append(
            _("The request runs from %(start)s to %(end)s.")
            % {"start": short_date(request.start_date), "end": short_date(request.end_date)}
        )
    missing = tag_set(request.skills) - tag_set(person.skills)
    if missing:
        errors.append(
            _("%(name)s lacks what the request asks for: %(skills)s.")
            % {"name": person.full_name, "skills": ", ".join(sorted(missing))}
        )
    contract = running_contract(person, day)
    if contract is None:
        errors.append(
            _("%(name)s has no contract on %(day)s.")
            % {"name": person.full_name, "day": short_date(day)}
        )
    elif contract.kind in NEEDS_PASS and approval_valid_on(person, day) is None:
        errors.append(
            _("%(name)s has no valid PASS IAE on %(day)s.")
            % {"name": person.full_name, "day": short_date(day)}
        )
    overlapping = (
        Assignment.objects.filter(person=person, date=day, start_time__lt=end, end_time__gt=start)
        .exclude(pk=exclude_pk)
        .select_related("request__client")
        .first()
    )
    if overlapping:
        errors.append(
            _("%(name)s already works from %(start)s to %(end)s that day (%(client)s).")
            % {
                "name": person.full_name,
                "start": overlapping.start_time.strftime("%H:%M"),
                "end": overlapping.end_time.strftime("%H:%M"),
                "client": overlapping.request.client.name,
            }
        )
    if contract is not None:
        monday, sunday = calculations.week_bounds(day)
        week = sum(
            Assignment.objects.filter(person=person, date__range=(monday, sunday))
            .exclude(pk=exclude_pk)
            .values_list("hours", flat=True),
            Decimal(0),
        )
        if week + hours > contract.weekly_hours:
            errors.append(
                _("That week would reach %(total)s h for a contract of %(limit)s h a week.")
                % {
                    "total": french_number(week + hours, 2),
                    "limit": french_number(contract.weekly_hours, 2),
                }
            )
    cap = None
    if request.structure.kind == "AI" and calculations.is_capped_client(request.client.kind, day):
        cap = calculations.cap_status(capped_placements(person), day)
        if cap.used + hours > cap.cap:
            errors.append(
                _(
                    "Placements with companies are capped at %(cap)s h over the 24 months following the "
                    "first one (until %(end)s): %(name)s has %(left)s h left, this slot needs %(hours)s h."
                )
                % {
                    "cap": french_number(cap.cap, 2),
                    "end": short_date(cap.window_end),
                    "name": person.full_name,
                    "left": french_number(cap.remaining, 2),
                    "hours": french_number(hours, 2),
                }
            )
    if errors:
        raise ValidationError(errors)
    return AssignmentCheck(hours, cap)


@transaction.atomic
def assignment_create(
    *,
    actor,
    request: MissionRequest,
    person: Person,
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
) -> Assignment:
    rules.require(rules.can_plan(actor, request.structure_id))
    # The person's row is the lock: two planners cannot book them at once (on SQLite the
    # write transaction serialises already; PostgreSQL also refuses overlaps by constraint).
    person = Person.objects.select_for_update().select_related("structure").get(pk=person.pk)
    request = MissionRequest.objects.select_related("client", "structure").get(pk=request.pk)
    if request.state in (RequestState.DONE, RequestState.CANCELLED):
        raise ValidationError(_("This request is closed."))
    check = check_assignment(request=request, person=person, day=day, start=start, end=end)
    assignment = Assignment(
        request=request,
        person=person,
        date=day,
        start_time=start,
        end_time=end,
        hours=check.hours,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("%(name)s was booked at that time meanwhile.") % {"name": person.full_name}
        ) from exc
    if request.state == RequestState.NEW:
        MissionRequest.objects.filter(pk=request.pk).update(state=RequestState.PLANNED)
    # A slot an exit left empty is filled again: it leaves the planners' « to reassign ».
    from .reassignments import cancelled_assignment_reassigned

    cancelled_assignment_reassigned(assignment=assignment)
    return assignment


@dataclass(frozen=True)
class AssignmentBatch:
    created: list[Assignment]
    refused: list[tuple[datetime.date, list[str]]]  # (day, the reasons in French)


@transaction.atomic
def assignment_create_many(
    *,
    actor,
    request: MissionRequest,
    person: Person,
    days: list[datetime.date],
    start: datetime.time,
    end: datetime.time,
) -> AssignmentBatch:
    """The same times on several days (a period, or every week of a request): each day
    checked by the rules of a single assignment, in date order so that the weekly hours
    count the days before it. The days accepted are saved together, in one transaction; the
    refused ones are returned with their reasons, for the planner to place otherwise."""
    rules.require(rules.can_plan(actor, request.structure_id))
    created, refused = [], []
    for day in sorted(set(days)):
        try:
            # A savepoint: a refused day leaves the accepted ones.
            with transaction.atomic():
                created.append(
                    assignment_create(
                        actor=actor, request=request, person=person, day=day, start=start, end=end
                    )
                )
        except ValidationError as exc:
            refused.append((day, exc.messages))
    return AssignmentBatch(created, refused)


def weekly_days(
    request: MissionRequest, weekday: int, *, from_day: datetime.date
) -> list[datetime.date]:
    """Every date of the request on that weekday, from `from_day` (today) to its end."""
    first = max(request.start_date, from_day)
    first += datetime.timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while first <= request.end_date:
        days.append(first)
        first += datetime.timedelta(days=7)
    return days


@transaction.atomic
def assignment_remove(*, actor, assignment: Assignment) -> None:
    """Take an assignment off the planning; once hours are entered for it, it stays (the
    hours would lose their mission)."""
    rules.require(rules.can_plan(actor, assignment.request.structure_id))
    assignment_release(assignment=assignment)


@transaction.atomic
def assignment_release(*, assignment: Assignment) -> None:
    """Take an assignment off the planning for a layer above that checked its own access
    (a household cancelling its intervention in time is no planner); hours entered keep it."""
    if assignment.time_entries.exists():
        raise ValidationError(
            _("Hours were entered for this assignment: it stays on the planning.")
        )
    assignment.delete()


def _uncovered_after(person: Person, after: datetime.date, ending: frozenset[int]):
    """The person's assignments dated after `after` that no contract covers, the contracts
    `ending` left out; those with hours entered stay (the hours keep their mission)."""
    contracts = [c for c in person.contracts.order_by("-start_date") if c.pk not in ending]
    rows = (
        Assignment.objects.filter(person=person, date__gt=after, time_entries__isnull=True)
        .select_related("request__client")
        .order_by("date", "start_time")
    )
    return [a for a in rows if calculations.running_among(contracts, a.date) is None]


class PlannedAssignments:
    """The missions' part of people.services.later_work (registered in apps.py): an exit or
    a contract's early end lists, then cancels, the assignments it leaves without a
    contract, so that the planner can give them to someone else."""

    def planned(self, person, after, ending):
        return [
            LaterWork(
                day=a.date,
                label=_("%(day)s from %(start)s to %(end)s, %(client)s")
                % {
                    "day": short_date(a.date),
                    "start": a.start_time.strftime("%H:%M"),
                    "end": a.end_time.strftime("%H:%M"),
                    "client": a.request.client.name,
                },
            )
            for a in _uncovered_after(person, after, ending)
        ]

    @transaction.atomic
    def cancel(self, *, actor, person, after, reason) -> int:
        return assignments_cancel_uncovered(actor=actor, person=person, after=after, reason=reason)


@transaction.atomic
def assignments_cancel_uncovered(
    *, actor, person: Person, after: datetime.date, reason: CancelReason
) -> int:
    """Take off the planning the person's assignments after `after` that no contract covers
    any more (after an exit or an early end): by whoever may plan, or record the path. Each
    is kept « to reassign » for the planners, who are told after commit."""
    if not (
        rules.can_plan(actor, person.structure_id)
        or people_rules.can_write_paths(actor, person.structure_id)
    ):
        raise PermissionDenied
    from .reassignments import cancelled_assignments_record

    cancelled = _uncovered_after(person, after, frozenset())
    cancelled_assignments_record(actor=actor, assignments=cancelled, reason=reason)
    Assignment.objects.filter(pk__in=[a.pk for a in cancelled]).delete()
    return len(cancelled)
