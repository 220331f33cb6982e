"""A day's hours per person stay within the legal maximum (Code du travail L3121-18: 10 h;
L3162-1: 8 h before 18), over all of the person's entries of that day; hours and
assignments are dated within a plausible window."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from tremplin.missions.models import Assignment, TimeEntry
from tremplin.missions.services import hours
from tremplin.missions.services.assignments import assignment_create
from tremplin.people.calculations import daily_max_hours
from tremplin.people.services import contracts
from tremplin.people.tests.conftest import make_approval, make_person

from .conftest import START, make_client, make_request

T = datetime.time


@pytest.fixture(autouse=True)
def _french():
    """Messages are asserted in French, whatever language an earlier test left active."""
    with translation.override("fr"):
        yield


def _enter(world, person, client, amount, day=START):
    return hours.time_entry_create(
        actor=world.user("planner"), person=person, client=client, date=day, hours=Decimal(amount)
    )


def test_the_legal_daily_maximum_comes_from_the_rules_table():
    born = datetime.date(2007, 1, 6)
    assert daily_max_hours(born, datetime.date(2025, 1, 5)) == 8  # the day before 18
    assert daily_max_hours(born, datetime.date(2025, 1, 6)) == 10  # 18 that day


def test_ten_hours_a_day_are_accepted_ten_and_a_quarter_refused(world, employee):
    client = make_client(world)
    _enter(world, employee, client, "10")
    with pytest.raises(ValidationError) as refused:
        _enter(world, employee, client, "0.25")
    assert "au plus 10,00 h" in str(refused.value)
    assert TimeEntry.objects.count() == 1


def test_several_entries_of_a_day_add_up(world, employee):
    first, second = make_client(world, name="Martin"), make_client(world, name="Durand")
    _enter(world, employee, first, "6")
    _enter(world, employee, second, "4")  # 10 h in all: the maximum
    with pytest.raises(ValidationError, match="déjà 10"):
        _enter(world, employee, first, "0.25")
    _enter(world, employee, first, "10", day=START + datetime.timedelta(days=1))  # another day
    assert TimeEntry.objects.count() == 3


def test_four_ten_hour_entries_of_one_day_are_refused_after_the_first(world, employee):
    client = make_client(world)
    _enter(world, employee, client, "10")
    for _ in range(3):
        with pytest.raises(ValidationError):
            _enter(world, employee, client, "10")
    assert TimeEntry.objects.count() == 1


def test_under_eighteen_the_day_is_eight_hours(world):
    # 16 on START: may be hired, works 8 h a day at most.
    young = make_person(world, last_name="Jeune", birth_date=datetime.date(2008, 3, 1))
    client = make_client(world)
    _enter(world, young, client, "8")
    with pytest.raises(ValidationError, match="au plus 8,00 h"):
        _enter(world, young, client, "0.25")


@pytest.mark.parametrize(
    ("day", "accepted"),
    [(datetime.date(1999, 12, 31), False), (datetime.date(2000, 1, 1), True)],
)
def test_hours_are_not_dated_before_the_window(world, employee, day, accepted):
    client = make_client(world)
    if accepted:
        _enter(world, employee, client, "7", day=day)
    else:
        with pytest.raises(ValidationError, match="à partir du 01/01/2000"):
            _enter(world, employee, client, "7", day=day)


def _hire_long(world):
    person = make_person(world, last_name="Planifiée")
    make_approval(world, person, START)
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=START,
        planned_end_date=datetime.date(2026, 12, 31),
        weekly_hours=Decimal(35),
    )
    return person


def test_an_assignment_plans_at_most_the_daily_maximum(world):
    person = _hire_long(world)
    request = make_request(world, make_client(world))
    planner = world.user("planner")
    assignment_create(
        actor=planner, request=request, person=person, day=START, start=T(7), end=T(17)
    )
    with pytest.raises(ValidationError, match="au plus 10,00 h"):
        assignment_create(
            actor=planner, request=request, person=person, day=START, start=T(17), end=T(17, 15)
        )
    assert Assignment.objects.count() == 1


def test_work_dates_have_a_latest_day():
    latest = datetime.date(2027, 1, 4)
    hours.check_work_date(latest, latest=latest)
    with pytest.raises(ValidationError, match="trop loin"):
        hours.check_work_date(latest + datetime.timedelta(days=1), latest=latest)


@override_settings(ASSIGNMENT_MAX_DAYS_AHEAD=0)
def test_an_assignment_is_not_planned_past_the_window(world):
    # With no day ahead allowed, START (in the past) is accepted and nothing later could be.
    person = _hire_long(world)
    request = make_request(world, make_client(world))
    assignment_create(
        actor=world.user("planner"), request=request, person=person, day=START, start=T(8), end=T(9)
    )
