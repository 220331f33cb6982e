"""One-off changes of a recurring intervention's dates: a cancellation by the household
(in time only: the contract's notice) or by the structure, a move through the missions
checks, and the planner's confirmation of the planned hours of a past date."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.missions import calculations as mission_calculations
from tremplin.missions import rules as mission_rules
from tremplin.missions.services.assignments import assignment_create, assignment_release
from tremplin.missions.services.hours import time_entry_create

from ..models import CancelledBy, Household, Occurrence, OccurrenceStatus
from .quotes import contract_notice
from .recurring import check_intervention_length, local_span


def change_notice(
    household: Household | None, on: datetime.date | None = None
) -> datetime.timedelta:
    """How long before an intervention a change or cancellation is in time: the notice of
    the household's contract in force on `on`, else HOMECARE_CONTRACT_NOTICE_HOURS (48)."""
    if household is None:
        return datetime.timedelta(hours=settings.HOMECARE_CONTRACT_NOTICE_HOURS)
    return contract_notice(household, on or timezone.localdate())


def _locked(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("pattern__household__client", "pattern__service", "assignment__person")
        .get(pk=occurrence.pk)
    )


def _span_of(occurrence: Occurrence) -> tuple[datetime.datetime, datetime.datetime]:
    if occurrence.assignment is not None:
        a = occurrence.assignment
        return local_span(a.date, a.start_time, a.end_time)
    p = occurrence.pattern
    return local_span(occurrence.date, p.start_time, p.end_time)


@transaction.atomic
def occurrence_cancel(*, actor, occurrence: Occurrence, by: str) -> Occurrence:
    """Cancel one date. The household does it in time only (the contract's notice), then
    calls the structure; the structure may do it later, and the page says it was late."""
    occurrence = _locked(occurrence)
    household = occurrence.pattern.household
    if by == CancelledBy.HOUSEHOLD:
        if household.client.user_id is None or household.client.user_id != actor.pk:
            raise PermissionDenied
    elif by == CancelledBy.STRUCTURE:
        mission_rules.require(mission_rules.can_plan(actor, household.structure_id))
    else:
        raise ValidationError(_("Say who cancels: the household or the structure."))
    if occurrence.status not in (OccurrenceStatus.PLANNED, OccurrenceStatus.TO_PLACE):
        raise ValidationError(_("This intervention is not planned: there is nothing to cancel."))
    start, _end = _span_of(occurrence)
    now = timezone.now()
    if start <= now:
        raise ValidationError(_("This intervention has begun or is over: it cannot be cancelled."))
    notice = change_notice(household, occurrence.date)
    late = start - now < notice
    if late and by == CancelledBy.HOUSEHOLD:
        raise ValidationError(
            _(
                "Less than %(hours)s hours before the intervention, cancel it by calling the "
                "structure."
            )
            % {"hours": int(notice.total_seconds() // 3600)}
        )
    if occurrence.assignment is not None:
        assignment_release(assignment=occurrence.assignment)
    occurrence.assignment = None
    occurrence.status = OccurrenceStatus.CANCELLED
    occurrence.cancelled_by, occurrence.cancelled_at, occurrence.within_notice = by, now, late
    occurrence.save()
    return occurrence


@transaction.atomic
def occurrence_move(
    *,
    actor,
    occurrence: Occurrence,
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    person=None,
) -> Occurrence:
    """Move one date (another day or time, or another intervenant) through the missions
    checks; refused, nothing changes (the old booking is kept)."""
    occurrence = _locked(occurrence)
    pattern = occurrence.pattern
    mission_rules.require(mission_rules.can_plan(actor, pattern.structure_id))
    if occurrence.status not in (OccurrenceStatus.PLANNED, OccurrenceStatus.TO_PLACE):
        raise ValidationError(_("This intervention is not planned: there is nothing to move."))
    if occurrence.assignment is not None and occurrence.assignment.time_entries.exists():
        raise ValidationError(_("Hours were entered for this intervention: it stays as it is."))
    check_intervention_length(pattern.service, start, end, day)
    person = person or (occurrence.assignment.person if occurrence.assignment else pattern.person)
    if person is None:
        raise ValidationError({"person": _("Choose who comes.")})
    if occurrence.assignment is not None:
        # Released first so the new times do not meet the old ones; a refusal below rolls
        # the release back with everything else.
        assignment_release(assignment=occurrence.assignment)
    occurrence.assignment = assignment_create(
        actor=actor, request=pattern.request, person=person, day=day, start=start, end=end
    )
    occurrence.status, occurrence.problem = OccurrenceStatus.PLANNED, ""
    occurrence.is_replacement = pattern.person_id is not None and person.pk != pattern.person_id
    occurrence.save()
    return occurrence


def occurrence_hours(occurrence: Occurrence) -> Decimal:
    if occurrence.assignment is not None:
        return occurrence.assignment.hours
    pattern = occurrence.pattern
    return mission_calculations.hours_between(pattern.start_time, pattern.end_time)


@transaction.atomic
def planned_hours_confirm(*, actor, occurrence: Occurrence):
    """The planner confirms the planned hours of a past date nobody clocked: they become
    its time entry, through the missions service and its checks (closed month, daily cap)."""
    occurrence = _locked(occurrence)
    mission_rules.require(mission_rules.can_plan(actor, occurrence.pattern.structure_id))
    assignment = occurrence.assignment
    if occurrence.status != OccurrenceStatus.PLANNED or assignment is None:
        raise ValidationError(_("This intervention is not planned: it has no hours."))
    if assignment.time_entries.exists():
        raise ValidationError(_("The hours of this intervention are already entered."))
    return time_entry_create(
        actor=actor,
        person=assignment.person,
        client=occurrence.pattern.household.client,
        date=assignment.date,
        hours=assignment.hours,
        assignment=assignment,
    )
