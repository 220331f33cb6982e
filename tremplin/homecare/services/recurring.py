"""Recurring interventions: a pattern's dates (RFC 5545 through dateutil's rrule), skipping
the household's public holidays, each one booked as a missions assignment through
`assignment_create` — so the same checks hold as for any mission (contract, PASS, double
booking, daily and weekly hours, skills). One-off moves and cancellations, with the notice.

Times are wall-clock times of the household's place (Europe/Paris): an intervention at
9:00 stays at 9:00 across the change to summer time, whatever its offset from UTC."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from dateutil.rrule import WEEKLY, rrule
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.common.dates import short_date
from tremplin.missions import calculations as mission_calculations
from tremplin.missions import rules as mission_rules
from tremplin.missions.services.assignments import assignment_create, assignment_release
from tremplin.missions.services.clients import request_create
from tremplin.missions.services.hours import time_entry_create
from tremplin.missions.services.requests import request_slot_add
from tremplin.rules import rule

from ..models import (
    Absence,
    CancelledBy,
    Frequency,
    Household,
    Occurrence,
    OccurrenceStatus,
    RecurringPattern,
    Service,
)
from ..public_holidays import holidays_between

INTERVALS = {Frequency.WEEKLY: 1, Frequency.BIWEEKLY: 2}


def pattern_dates(
    *, weekdays: list[int], frequency: str, starts_on: datetime.date, ends_on: datetime.date
) -> list[datetime.date]:
    """The dates of the rule FREQ=WEEKLY;INTERVAL=1|2;BYDAY=…, from `starts_on` to
    `ends_on` included; every other week counts from the week of `starts_on`."""
    return [moment.date() for moment in _rule(weekdays, frequency, starts_on, ends_on)]


def _rule(weekdays, frequency, starts_on, ends_on) -> rrule:
    # Naive midnights: the rule walks calendar days, never instants, so no offset moves it.
    return rrule(
        WEEKLY,
        interval=INTERVALS[frequency],
        byweekday=sorted(set(weekdays)),
        wkst=0,
        dtstart=datetime.datetime.combine(starts_on, datetime.time()),
        until=datetime.datetime.combine(ends_on, datetime.time()),
    )


def rrule_text(pattern: RecurringPattern) -> str:
    """The pattern's RFC 5545 rule (its RRULE line), as the planner's page shows it."""
    text = str(_rule(pattern.weekday_list, pattern.frequency, pattern.starts_on, pattern.ends_on))
    return text.splitlines()[-1].removeprefix("RRULE:")


def local_span(
    day: datetime.date, start: datetime.time, end: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    """The intervention's instants, in the zone of the project (the households' time)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.datetime.combine(day, start, tzinfo=zone),
        datetime.datetime.combine(day, end, tzinfo=zone),
    )


def check_intervention_length(
    service: Service, start: datetime.time, end: datetime.time, on: datetime.date
) -> None:
    """Small DIY: at most the rule's hours per intervention (D7233-5), 2 h today."""
    if not service.is_small_diy:
        return
    limit = rule("sap.sub_cap.diy.max_hours_per_intervention", on=on)
    hours = mission_calculations.hours_between(start, end)
    if hours > limit:
        raise ValidationError(
            {
                "end_time": _(
                    "A small DIY intervention lasts %(limit)s at most (art. D7233-5 of the "
                    "Code du travail); this one lasts %(hours)s: shorten it or split it."
                )
                % {"limit": duration_text(limit), "hours": duration_text(hours)}
            }
        )


def duration_text(hours: Decimal) -> str:
    """2 → « 2 h », 2.25 → « 2 h 15 »: how a duration is said."""
    minutes = int((Decimal(hours) * 60).to_integral_value())
    whole, rest = divmod(minutes, 60)
    return f"{whole} h {rest:02d}" if rest else f"{whole} h"


def change_notice(household: Household) -> datetime.timedelta:
    """How long before an intervention a change or cancellation is in time: the
    household's contract sets it; until it does, HOMECARE_CHANGE_NOTICE_HOURS (48)."""
    hours = getattr(household, "change_notice_hours", None) or settings.HOMECARE_CHANGE_NOTICE_HOURS
    return datetime.timedelta(hours=hours)


@dataclass(frozen=True)
class Materialised:
    planned: int
    holidays: int
    to_place: int


def _validate(*, household, service, person, weekdays, start_time, end_time, starts_on, ends_on):
    errors: dict[str, str] = {}
    if service.structure_id != household.structure_id or not service.is_active:
        errors["service"] = _("Choose a service of the structure's catalogue.")
    if person is not None and person.structure_id != household.structure_id:
        errors["person"] = _("This employee belongs to another structure.")
    if not weekdays or any(day not in range(7) for day in weekdays):
        errors["weekdays"] = _("Tick at least one day of the week.")
    if end_time <= start_time:
        errors["end_time"] = _("The end comes before the start.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The end comes before the start.")
    latest = timezone.localdate() + datetime.timedelta(days=settings.ASSIGNMENT_MAX_DAYS_AHEAD)
    if ends_on > latest:
        errors["ends_on"] = _(
            "Interventions are planned up to %(day)s: end the period then, and extend it later."
        ) % {"day": short_date(latest)}
    if errors:
        raise ValidationError(errors)
    check_intervention_length(service, start_time, end_time, starts_on)


@transaction.atomic
def recurring_pattern_create(
    *,
    actor,
    household: Household,
    service: Service,
    person=None,
    frequency: str = Frequency.WEEKLY,
    weekdays: list[int],
    start_time: datetime.time,
    end_time: datetime.time,
    starts_on: datetime.date,
    ends_on: datetime.date,
    skip_holidays: bool = True,
) -> tuple[RecurringPattern, Materialised]:
    """A pattern, its missions request (one weekly slot per day) and one assignment per
    date. A date the checks refuse stays « to place », with the reasons, for the planner."""
    mission_rules.require(mission_rules.can_plan(actor, household.structure_id))
    weekdays = sorted(set(weekdays))
    _validate(
        household=household,
        service=service,
        person=person,
        weekdays=weekdays,
        start_time=start_time,
        end_time=end_time,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    client = household.client
    dates = pattern_dates(
        weekdays=weekdays, frequency=frequency, starts_on=starts_on, ends_on=ends_on
    )
    holidays = (
        holidays_between(client.commune.departement_id, starts_on, ends_on) if skip_holidays else {}
    )
    working = [day for day in dates if day not in holidays]
    if not working:
        raise ValidationError(
            {"starts_on": _("No date of the period falls on the days ticked (holidays aside).")}
        )
    hours = mission_calculations.hours_between(start_time, end_time) * len(working)
    request = request_create(
        actor=actor,
        client=client,
        activity=service.work_activity,
        commune=client.commune,
        start_date=starts_on,
        end_date=ends_on,
        hours=hours,
        weekday=weekdays[0],
        start_time=start_time,
        end_time=end_time,
        notes=service.name,
    )
    for weekday in weekdays[1:]:
        request_slot_add(
            actor=actor, request=request, weekday=weekday, start_time=start_time, end_time=end_time
        )
    pattern = RecurringPattern.objects.create(
        structure_id=household.structure_id,
        household=household,
        service=service,
        person=person,
        request=request,
        frequency=frequency,
        weekdays=",".join(str(day) for day in weekdays),
        start_time=start_time,
        end_time=end_time,
        starts_on=starts_on,
        ends_on=ends_on,
        skip_holidays=skip_holidays,
        created_by=actor,
    )
    occurrences = []
    absent = _absent_days(person, starts_on, ends_on)
    for day in dates:
        if day in holidays:
            occurrences.append(
                Occurrence(
                    pattern=pattern,
                    date=day,
                    status=OccurrenceStatus.HOLIDAY,
                    holiday_name=holidays[day],
                )
            )
        else:
            occurrences.append(_book(actor, pattern, day, person, absent=day in absent))
    Occurrence.objects.bulk_create(occurrences)
    counts = dict.fromkeys(OccurrenceStatus, 0)
    for occurrence in occurrences:
        counts[occurrence.status] += 1
    return pattern, Materialised(
        counts[OccurrenceStatus.PLANNED],
        counts[OccurrenceStatus.HOLIDAY],
        counts[OccurrenceStatus.TO_PLACE],
    )


def _absent_days(person, first, last) -> set[datetime.date]:
    if person is None:
        return set()
    days: set[datetime.date] = set()
    for absence in Absence.objects.filter(person=person, starts_on__lte=last, ends_on__gte=first):
        day = max(absence.starts_on, first)
        while day <= min(absence.ends_on, last):
            days.add(day)
            day += datetime.timedelta(days=1)
    return days


def _book(actor, pattern, day, person, *, absent: bool) -> Occurrence:
    """The occurrence of `day`, planned when the missions checks accept the person."""
    occurrence = Occurrence(pattern=pattern, date=day)
    if person is None:
        occurrence.status, occurrence.problem = OccurrenceStatus.TO_PLACE, _("Nobody chosen.")
        return occurrence
    if absent:
        occurrence.status = OccurrenceStatus.TO_PLACE
        occurrence.problem = _("%(name)s is absent that day.") % {"name": person.full_name}
        return occurrence
    try:
        with transaction.atomic():  # a savepoint: a refused day leaves the others
            occurrence.assignment = assignment_create(
                actor=actor,
                request=pattern.request,
                person=person,
                day=day,
                start=pattern.start_time,
                end=pattern.end_time,
            )
    except ValidationError as exc:
        occurrence.status, occurrence.problem = OccurrenceStatus.TO_PLACE, " ".join(exc.messages)
    return occurrence


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
    notice = change_notice(household)
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
