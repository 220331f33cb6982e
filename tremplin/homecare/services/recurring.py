"""Recurring interventions: a pattern's dates (RFC 5545 through dateutil's rrule), skipping
the household's public holidays, each one booked as a missions assignment through
`assignment_create` — so the same checks hold as for any mission (contract, PASS, double
booking, daily and weekly hours, skills). A pattern is carried on later, or stopped early;
its dates' one-off changes are in `recurring_changes`.

Times are wall-clock times of the household's place (Europe/Paris): an intervention at
9:00 stays at 9:00 across the change to summer time, whatever its offset from UTC."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from dateutil.rrule import WEEKLY, rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.common.dates import short_date
from tremplin.missions import calculations as mission_calculations
from tremplin.missions import rules as mission_rules
from tremplin.missions.services.assignments import assignment_create, assignment_release
from tremplin.missions.services.clients import request_create
from tremplin.missions.services.requests import request_extend, request_slot_add
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
from .quotes import planned_monthly_amount, require_accepted_quote

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


_NO_SERVICE = object()


def diy_length_check(*, request, day, start, end) -> None:
    """The missions' check of every assignment (registered in apps.py): a date of a small
    DIY service booked straight from the missions planning is held to the same 2 hours.
    The service is read once per request object (a planning checks many dates of it)."""
    service = getattr(request, "_homecare_service", _NO_SERVICE)
    if service is _NO_SERVICE:
        pattern = (
            RecurringPattern.objects.filter(request_id=request.pk).select_related("service").first()
            if request.pk
            else None
        )
        service = pattern.service if pattern else None
        request._homecare_service = service
    if service is not None:
        check_intervention_length(service, start, end, day)


def duration_text(hours: Decimal) -> str:
    """2 → « 2 h », 2.25 → « 2 h 15 »: how a duration is said."""
    minutes = int((Decimal(hours) * 60).to_integral_value())
    whole, rest = divmod(minutes, 60)
    return f"{whole} h {rest:02d}" if rest else f"{whole} h"


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
    length = mission_calculations.hours_between(start_time, end_time)
    require_accepted_quote(
        household=household,
        monthly_incl_vat=planned_monthly_amount(
            household=household, service=service, hours=length, dates=working
        ),
        on=starts_on,
    )
    hours = length * len(working)
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
    done = _materialise(actor, pattern, dates, holidays)
    return pattern, done


def _materialise(actor, pattern, dates, holidays) -> Materialised:
    """One occurrence per date: skipped on a holiday, else booked through the checks."""
    person = pattern.person
    absent = _absent_days(person, dates[0], dates[-1]) if dates else set()
    # Dates a stop cancelled come back when the pattern is carried on again.
    earlier = {o.date: o for o in Occurrence.objects.filter(pattern=pattern, date__in=dates)}
    occurrences = []
    for day in dates:
        if day in earlier:
            if earlier[day].status == OccurrenceStatus.CANCELLED:
                again = _book(actor, pattern, day, person, absent=day in absent)
                again.pk, again.created_at = earlier[day].pk, earlier[day].created_at
                again.save()
                occurrences.append(again)
            continue
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
    Occurrence.objects.bulk_create([o for o in occurrences if o.pk is None])
    counts = dict.fromkeys(OccurrenceStatus, 0)
    for occurrence in occurrences:
        counts[occurrence.status] += 1
    return Materialised(
        counts[OccurrenceStatus.PLANNED],
        counts[OccurrenceStatus.HOLIDAY],
        counts[OccurrenceStatus.TO_PLACE],
    )


@transaction.atomic
def recurring_pattern_extend(
    *, actor, pattern: RecurringPattern, ends_on: datetime.date
) -> Materialised:
    """Carry a pattern on to a later last day: the new dates follow the same rule (every
    other week keeps its weeks), booked as the first ones were."""
    pattern = RecurringPattern.objects.select_for_update().get(pk=pattern.pk)
    mission_rules.require(mission_rules.can_plan(actor, pattern.structure_id))
    if ends_on <= pattern.ends_on:
        raise ValidationError({"ends_on": _("Give a last day after the current one.")})
    latest = timezone.localdate() + datetime.timedelta(days=settings.ASSIGNMENT_MAX_DAYS_AHEAD)
    if ends_on > latest:
        raise ValidationError(
            {
                "ends_on": _(
                    "Interventions are planned up to %(day)s: end the period then, and extend "
                    "it later."
                )
                % {"day": short_date(latest)}
            }
        )
    previous_end = pattern.ends_on
    dates = [
        day
        for day in pattern_dates(
            weekdays=pattern.weekday_list,
            frequency=pattern.frequency,
            starts_on=pattern.starts_on,
            ends_on=ends_on,
        )
        if day > previous_end
    ]
    first = previous_end + datetime.timedelta(days=1)
    client = pattern.household.client
    holidays = (
        holidays_between(client.commune.departement_id, first, ends_on)
        if pattern.skip_holidays
        else {}
    )
    working = [day for day in dates if day not in holidays]
    length = mission_calculations.hours_between(pattern.start_time, pattern.end_time)
    require_accepted_quote(  # a longer period may reach the threshold in a month too
        household=pattern.household,
        monthly_incl_vat=planned_monthly_amount(
            household=pattern.household, service=pattern.service, hours=length, dates=working
        ),
        on=first,
    )
    if ends_on > pattern.request.end_date:  # a pattern stopped then carried on may be inside
        request_extend(
            actor=actor,
            request=pattern.request,
            end_date=ends_on,
            extra_hours=length * len(working),
        )
    pattern.ends_on = ends_on
    pattern.save(update_fields=["ends_on", "updated_at"])
    pattern.request.refresh_from_db()
    return _materialise(actor, pattern, dates, holidays)


@transaction.atomic
def recurring_pattern_stop(*, actor, pattern: RecurringPattern, last_day: datetime.date) -> int:
    """End a pattern early: its dates after `last_day` are cancelled by the structure (off
    the planning); the dates already worked stay. Returns how many were cancelled."""
    pattern = RecurringPattern.objects.select_for_update().get(pk=pattern.pk)
    mission_rules.require(mission_rules.can_plan(actor, pattern.structure_id))
    if last_day < timezone.localdate() - datetime.timedelta(days=1):
        raise ValidationError({"last_day": _("A recurring intervention stops from today on.")})
    if last_day >= pattern.ends_on:
        raise ValidationError({"last_day": _("Give a last day before the current one.")})
    now = timezone.now()
    cancelled = 0
    rows = (
        Occurrence.objects.select_for_update(of=("self",))
        .filter(
            pattern=pattern,
            date__gt=last_day,
            status__in=(OccurrenceStatus.PLANNED, OccurrenceStatus.TO_PLACE),
        )
        .select_related("assignment")
    )
    for occurrence in rows:
        if occurrence.assignment is not None:
            assignment_release(assignment=occurrence.assignment)
        occurrence.assignment, occurrence.status = None, OccurrenceStatus.CANCELLED
        occurrence.cancelled_by, occurrence.cancelled_at = CancelledBy.STRUCTURE, now
        occurrence.save()
        cancelled += 1
    pattern.ends_on = max(last_day, pattern.starts_on)
    pattern.save(update_fields=["ends_on", "updated_at"])
    return cancelled


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
