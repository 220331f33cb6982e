"""The employee's own hours, from their personal space: clocking in and out of an
assignment on its day, or entering the hours of a past assignment. Every hour still goes
through `hours.time_entry_create` and its checks (daily maximum, closed month, date)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Assignment, Clocking, TimeEntry
from . import hours


def _own_assignment_locked(*, actor, assignment_id: int) -> Assignment:
    """The actor's own assignment, its row locked: a double tap or a second tab waits here,
    then finds what the first one recorded. Another person's assignment does not exist
    (Assignment.DoesNotExist, a 404 for the page)."""
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("request__client", "person")
        .get(pk=assignment_id, person__user_id=actor.pk)
    )


def _today() -> datetime.date:
    return timezone.localdate()


@transaction.atomic
def assignment_clock_in(*, actor, assignment_id: int) -> tuple[Clocking, bool]:
    """Clock in on today's assignment; (the clocking, whether this call made it)."""
    assignment = _own_assignment_locked(actor=actor, assignment_id=assignment_id)
    existing = Clocking.objects.filter(assignment=assignment).first()
    if existing is not None:
        return existing, False
    if assignment.date != _today():
        raise ValidationError(_("You can clock in on the day of the mission only."))
    if TimeEntry.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("The hours of this mission are already entered."))
    clocking = Clocking.objects.create(
        structure_id=assignment.request.structure_id,
        person=assignment.person,
        assignment=assignment,
        clocked_in_at=timezone.now(),
    )
    return clocking, True


def worked_hours(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    """Hours between two instants, to the minute (a time entry keeps two decimals)."""
    minutes = int((end - start).total_seconds() // 60)
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"))


@transaction.atomic
def assignment_clock_out(*, actor, assignment_id: int) -> tuple[Clocking, bool]:
    """Clock out: the time since the clock-in becomes the day's time entry, once."""
    assignment = _own_assignment_locked(actor=actor, assignment_id=assignment_id)
    clocking = Clocking.objects.filter(assignment=assignment).first()
    if clocking is None:
        raise ValidationError(_("Clock in first: there is no clock-in for this mission."))
    if clocking.clocked_out_at is not None:
        return clocking, False
    now = timezone.now()
    worked = worked_hours(clocking.clocked_in_at, now)
    if worked <= 0:
        raise ValidationError(
            _("You clocked in less than a minute ago: clock out at the end of the mission.")
        )
    entry = hours.time_entry_create(
        actor=actor,
        person=assignment.person,
        client=assignment.request.client,
        date=timezone.localtime(clocking.clocked_in_at).date(),
        hours=worked,
        assignment=assignment,
    )
    clocking.clocked_out_at, clocking.time_entry = now, entry
    clocking.save(update_fields=["clocked_out_at", "time_entry", "updated_at"])
    return clocking, True


@transaction.atomic
def own_hours_enter(*, actor, assignment_id: int, worked: Decimal) -> TimeEntry:
    """The hours of one of the actor's past (or today's) assignments, entered once; staff
    validate them."""
    assignment = _own_assignment_locked(actor=actor, assignment_id=assignment_id)
    if TimeEntry.objects.filter(assignment=assignment).exists():
        raise ValidationError(
            {"hours": _("The hours of this mission are already entered; ask your structure.")}
        )
    if Clocking.objects.filter(assignment=assignment, clocked_out_at__isnull=True).exists():
        raise ValidationError({"hours": _("You clocked in on this mission: clock out instead.")})
    return hours.time_entry_create(
        actor=actor,
        person=assignment.person,
        client=assignment.request.client,
        date=assignment.date,
        hours=worked,
        assignment=assignment,
    )
