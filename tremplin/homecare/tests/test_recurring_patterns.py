"""Recurring interventions: the dates of the rule, public holidays of the household's
département (Alsace-Moselle's included), summer time, every date booked through the
missions checks, the small-DIY limit at its boundary."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tremplin.homecare.models import Occurrence, OccurrenceStatus, RecurringPattern
from tremplin.homecare.public_holidays import holidays_between
from tremplin.homecare.services.recurring import (
    local_span,
    pattern_dates,
    recurring_pattern_create,
    rrule_text,
)
from tremplin.homecare.services.recurring import recurring_pattern_extend as extend
from tremplin.homecare.services.recurring import recurring_pattern_stop as stop
from tremplin.missions.models import Assignment, MissionRequest
from tremplin.people.tests.conftest import make_person

from .recurring_builders import DAY, T, hire, make_household, make_service, next_weekday

D = datetime.date


def test_weekly_and_every_other_week_dates():
    monday = D(2027, 1, 4)
    weekly = pattern_dates(
        weekdays=[0, 3], frequency="weekly", starts_on=monday, ends_on=D(2027, 1, 21)
    )
    assert weekly == [
        D(2027, 1, 4),
        D(2027, 1, 7),
        D(2027, 1, 11),
        D(2027, 1, 14),
        D(2027, 1, 18),
        D(2027, 1, 21),
    ]
    biweekly = pattern_dates(
        weekdays=[0], frequency="biweekly", starts_on=D(2027, 1, 6), ends_on=D(2027, 2, 28)
    )
    # Counted from the first day's week: the Monday of that week is before the start.
    assert biweekly == [D(2027, 1, 18), D(2027, 2, 1), D(2027, 2, 15)]
    assert pattern_dates(weekdays=[2], frequency="weekly", starts_on=monday, ends_on=monday) == []


def test_summer_time_keeps_the_wall_clock_time():
    # 28 March 2027 is the night clocks go forward in France; 31 October 2027 back.
    mondays = pattern_dates(
        weekdays=[0], frequency="weekly", starts_on=D(2027, 3, 22), ends_on=D(2027, 4, 5)
    )
    assert mondays == [D(2027, 3, 22), D(2027, 3, 29), D(2027, 4, 5)]
    spans = [local_span(day, T(9), T(11)) for day in mondays]
    assert [start.strftime("%H:%M") for start, _ in spans] == ["09:00"] * 3
    assert [start.utcoffset() for start, _ in spans] == [
        datetime.timedelta(hours=1),
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=2),
    ]
    assert all(end - start == datetime.timedelta(hours=2) for start, end in spans)
    sundays = pattern_dates(
        weekdays=[6], frequency="weekly", starts_on=D(2027, 10, 24), ends_on=D(2027, 11, 7)
    )
    offsets = [local_span(day, T(18), T(19))[0].utcoffset().seconds // 3600 for day in sundays]
    assert offsets == [2, 1, 1]


def test_alsace_moselle_and_overseas_holidays():
    year = (D(2027, 1, 1), D(2027, 12, 31))
    mainland = holidays_between("69", *year)
    assert len(mainland) == 11
    assert D(2027, 3, 29) in mainland  # Easter Monday
    for code in ("57", "67", "68"):
        extra = holidays_between(code, *year).keys() - mainland.keys()
        assert extra == {D(2027, 3, 26), D(2027, 12, 26)}  # Good Friday, Saint Stephen's
    assert D(2027, 5, 27) in holidays_between("971", *year)  # abolition of slavery
    assert D(2027, 3, 26) not in mainland


def _next_holiday(departement: str, after: datetime.date, *, not_in: str | None = None):
    candidates = holidays_between(departement, after, after + 200 * DAY)
    if not_in:
        candidates = {
            d: n
            for d, n in candidates.items()
            if d not in holidays_between(not_in, after, after + 200 * DAY)
        }
    return min(candidates)


@pytest.fixture
def team(world, today):
    return {
        "planner": world.user("planner"),
        "person": hire(world, today),
        "service": make_service(world),
    }


def _plan(team, household, *, start, weeks, weekdays, times=None, **kwargs):
    times = times or (T(9), T(11))
    return recurring_pattern_create(
        actor=team["planner"],
        household=household,
        service=kwargs.pop("service", team["service"]),
        person=kwargs.pop("person", team["person"]),
        weekdays=weekdays,
        start_time=times[0],
        end_time=times[1],
        starts_on=start,
        ends_on=start + weeks * 7 * DAY - DAY,
        **kwargs,
    )


def test_every_date_is_an_assignment_of_the_households_request(world, today, team):
    household = make_household(world)
    start = next_weekday(today + DAY, 0)
    pattern, done = _plan(team, household, start=start, weeks=4, weekdays=[0, 3])
    holidays = holidays_between("69", start, pattern.ends_on)
    expected = pattern_dates(
        weekdays=[0, 3], frequency="weekly", starts_on=start, ends_on=pattern.ends_on
    )
    assert done.planned + done.holidays == len(expected) == 8
    assert done.holidays == len([d for d in expected if d in holidays])
    assignments = Assignment.objects.filter(request=pattern.request).order_by("date")
    assert [a.date for a in assignments] == [d for d in expected if d not in holidays]
    assert {(a.person_id, a.start_time, a.end_time, a.hours) for a in assignments} == {
        (team["person"].pk, T(9), T(11), Decimal(2))
    }
    request = MissionRequest.objects.get(pk=pattern.request_id)
    assert request.client_id == household.client_id and request.state == "planned"
    assert sorted(request.slots.values_list("weekday", flat=True)) == [0, 3]
    assert rrule_text(pattern).startswith("FREQ=WEEKLY;")
    assert "BYDAY=MO,TH" in rrule_text(pattern)


def test_a_public_holiday_is_skipped_unless_told_otherwise(world, today, team):
    household = make_household(world)
    # The first holiday whose week starts after today: the pattern runs that whole week.
    holiday = min(
        d for d in holidays_between("69", today, today + 200 * DAY) if d - d.weekday() * DAY > today
    )
    start = holiday - holiday.weekday() * DAY
    pattern, _done = _plan(team, household, start=start, weeks=1, weekdays=list(range(7)))
    skipped = Occurrence.objects.get(pattern=pattern, date=holiday)
    assert skipped.status == OccurrenceStatus.HOLIDAY and skipped.assignment is None
    assert skipped.holiday_name
    assert not Assignment.objects.filter(request=pattern.request, date=holiday).exists()
    # Told otherwise: the holiday is worked (another household, another time of day).
    other, _ = _plan(
        team,
        make_household(world, name="M. Petit"),
        start=start,
        weeks=1,
        weekdays=[holiday.weekday()],
        times=(T(14), T(15)),
        skip_holidays=False,
    )
    assert Occurrence.objects.get(pattern=other, date=holiday).status == OccurrenceStatus.PLANNED


def test_alsace_moselle_household_skips_its_own_holidays(world, today, team):
    good_day = _next_holiday("57", today + DAY, not_in="69")  # Good Friday or 26 December
    start = good_day - good_day.weekday() * DAY
    if start <= today:
        start = good_day  # the rule starts on the day itself
    metz, _ = _plan(
        team,
        make_household(world, commune="57463", name="Mme Schmitt"),
        start=start,
        weeks=2,
        weekdays=[good_day.weekday()],
        times=(T(8), T(9)),
    )
    lyon, _ = _plan(
        team,
        make_household(world, name="Mme Roux"),
        start=start,
        weeks=1,
        weekdays=[good_day.weekday()],
        times=(T(10), T(11)),
    )
    assert Occurrence.objects.get(pattern=metz, date=good_day).status == OccurrenceStatus.HOLIDAY
    assert Occurrence.objects.get(pattern=lyon, date=good_day).status == OccurrenceStatus.PLANNED


def test_the_missions_checks_refuse_a_double_booking_and_a_missing_contract(world, today, team):
    start = next_weekday(today + DAY, 1)
    first, _ = _plan(team, make_household(world), start=start, weeks=2, weekdays=[1])
    second, done = _plan(
        team,
        make_household(world, name="M. Leroy"),
        start=start,
        weeks=2,
        weekdays=[1],
        times=(T(10), T(12)),
    )
    assert done.planned == 0 and done.to_place == 2
    problems = set(second.occurrences.values_list("problem", flat=True))
    assert all("travaille déjà de 09:00 à 11:00" in p for p in problems)
    assert Assignment.objects.filter(request=second.request).count() == 0
    assert Assignment.objects.filter(request=first.request).count() == 2
    nobody = make_person(world, last_name="Sanscontrat")
    third, done = _plan(
        team,
        make_household(world, name="Mme Blanc"),
        start=start,
        weeks=1,
        weekdays=[1],
        person=nobody,
        times=(T(14), T(15)),
    )
    assert done.to_place == 1
    assert "pas de contrat" in third.occurrences.get().problem


def test_weekly_hours_of_the_contract_hold(world, today, team):
    # A 26-hour contract: three 9-hour days are 27 hours, the third day is refused.
    start = next_weekday(today + DAY, 0)
    while holidays_between("69", start, start + 2 * DAY):
        start += 7 * DAY
    pattern, done = _plan(
        team,
        make_household(world),
        start=start,
        weeks=1,
        weekdays=[0, 1, 2],
        times=(T(8), T(17)),
    )
    assert (done.planned, done.to_place) == (2, 1)
    assert "26" in pattern.occurrences.get(status="to_place").problem


@pytest.mark.parametrize(("end", "accepted"), [(T(11), True), (T(11, 15), False)])
def test_small_diy_lasts_two_hours_at_most(world, today, team, end, accepted):
    diy = make_service(world, activity="bricolage", name="Petit bricolage")
    start = next_weekday(today + 7 * DAY, 2)
    args = {"start": start, "weeks": 1, "weekdays": [2], "times": (T(9), end), "service": diy}
    if accepted:
        pattern, _ = _plan(team, make_household(world), **args)
        assert pattern.occurrences.count() == 1
    else:
        with pytest.raises(ValidationError) as refused:
            _plan(team, make_household(world), **args)
        message = refused.value.message_dict["end_time"][0]
        assert "D7233-5" in message and " 2 h " in message and "2 h 15" in message
        assert not RecurringPattern.objects.exists()
        assert not MissionRequest.objects.exists()


def test_only_planners_plan_and_the_form_errors_say_what_to_fix(world, today, team):
    household = make_household(world)
    start = next_weekday(today + DAY, 0)
    with pytest.raises(PermissionDenied):
        _plan(
            {**team, "planner": world.user("accountant")},
            household,
            start=start,
            weeks=1,
            weekdays=[0],
        )
    with pytest.raises(ValidationError) as refused:
        _plan(team, household, start=start, weeks=1, weekdays=[], times=(T(11), T(9)))
    assert set(refused.value.message_dict) == {"weekdays", "end_time"}
    other_service = make_service(world, structure=world.other)
    with pytest.raises(ValidationError) as refused:
        _plan(team, household, start=start, weeks=1, weekdays=[0], service=other_service)
    assert "service" in refused.value.message_dict
    assert not MissionRequest.objects.exists()


def test_a_pattern_carried_on_keeps_its_weeks_and_one_stopped_frees_its_dates(world, today, team):
    household = make_household(world)
    start = next_weekday(today + DAY, 0)
    pattern, _ = _plan(
        team,
        household,
        start=start,
        weeks=4,
        weekdays=[0],
        frequency="biweekly",
        skip_holidays=False,
    )
    assert [o.date for o in pattern.occurrences.all()] == [start, start + 14 * DAY]
    done = extend(actor=team["planner"], pattern=pattern, ends_on=start + 48 * DAY)
    assert done.planned == 2  # the 4th and 6th weeks, not the 5th
    pattern.refresh_from_db()
    assert [o.date for o in pattern.occurrences.order_by("date")] == [
        start + n * 14 * DAY for n in range(4)
    ]
    request = MissionRequest.objects.get(pk=pattern.request_id)
    assert request.end_date == start + 48 * DAY and request.hours == Decimal(8)
    with pytest.raises(ValidationError):
        extend(actor=team["planner"], pattern=pattern, ends_on=start)
    cancelled = stop(actor=team["planner"], pattern=pattern, last_day=start + 20 * DAY)
    assert cancelled == 2
    pattern.refresh_from_db()
    assert pattern.ends_on == start + 20 * DAY
    assert Assignment.objects.filter(request=pattern.request).count() == 2
    assert pattern.occurrences.filter(status="cancelled").count() == 2
