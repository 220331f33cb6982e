"""The planner's week built from the structure's data: a proposal is always one the
assignment checks accept (the same weekly and daily limits)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from tremplin.missions import planner, planning
from tremplin.missions.models import Assignment, RequestSlot
from tremplin.missions.planner.checks import ALL_AT_MAXIMUM
from tremplin.missions.services.assignments import assignment_create
from tremplin.people.models import Person

from .conftest import START, hire, make_client, make_request

T = datetime.time


def _accept_all(world, problem, mapping, plan):
    """Accept every line of the plan through the service; the refusals' messages."""
    refused = []
    people = {e.id for e in problem.employees}
    for a in plan.assignments:
        assert a.employee_id in people
        mission, day, start, end = mapping[a.slot_id]
        try:
            assignment_create(
                actor=world.user("planner"),
                request=mission,
                person=Person.objects.get(pk=a.employee_id),
                day=day,
                start=start,
                end=end,
            )
        except ValidationError as exc:
            refused.extend(exc.messages)
    return refused


def _week(world, slots):
    request = make_request(world, make_client(world, "household"))
    for weekday, start, end in slots:
        RequestSlot.objects.create(
            request=request, weekday=weekday, start_time=T(start), end_time=T(end)
        )
    return request


def _plan(world, monday=START):
    problem, mapping = planning.build_problem(
        actor=world.user("planner"), structure=world.own, monday=monday
    )
    return problem, mapping, planner.solve(problem, 5)


def test_a_10_hour_contract_gets_at_most_10_hours_and_every_line_is_accepted(world):
    hire(world, "Dix", "999990000010", weekly_hours=10, kind="cdd_usage")
    _week(world, [(day, 8, 12) for day in range(5)])  # 5 × 4 h for a 10 h contract
    problem, mapping, plan = _plan(world)
    assert problem.employees[0].max_hours == 10
    assert len(plan.assignments) == 2  # 8 h; a third slot would make 12 h
    assert _accept_all(world, problem, mapping, plan) == []
    assert Assignment.objects.count() == 2


def test_the_daily_maximum_is_the_planners_too(world):
    hire(world, "Longjour", "999990000011", weekly_hours=35)
    # Monday 7–12, 12–17 and 17–19: 12 h in a day, the legal maximum is 10 h.
    _week(world, [(0, 7, 12), (0, 12, 17), (0, 17, 19)])
    problem, mapping, plan = _plan(world)
    assert problem.employees[0].daily_max_hours == 10
    hours = sum(mapping[a.slot_id][3].hour - mapping[a.slot_id][2].hour for a in plan.assignments)
    assert hours == 10
    assert _accept_all(world, problem, mapping, plan) == []


def test_hours_already_booked_that_day_count_for_the_daily_maximum(world):
    person = hire(world, "Matin", "999990000012", weekly_hours=35)
    request = _week(world, [(0, 14, 18)])
    assignment_create(
        actor=world.user("planner"),
        request=request,
        person=person,
        day=START,
        start=T(6),
        end=T(13),
    )  # 7 h in the morning: 4 h more would be 11 h
    problem, mapping, plan = _plan(world)
    assert plan.assignments == ()
    assert planner.explain_unfilled(problem, plan) == {next(iter(mapping)): ALL_AT_MAXIMUM}


def test_a_contract_ending_mid_week_gives_its_hours_to_the_whole_week(world):
    from tremplin.people.services import contracts

    person = hire(world, "Relais", "999990000013", weekly_hours=20, kind="cdd_usage")
    first = person.contracts.get()
    contracts.contract_end_early(
        actor=world.user("conseiller"),
        contract=first,
        end_date=START + datetime.timedelta(days=1),
        reason="other",
    )
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cdd_usage",
        start_date=START + datetime.timedelta(days=2),
        planned_end_date=datetime.date(2025, 12, 31),
        weekly_hours=Decimal(8),
    )
    _week(world, [(day, 8, 12) for day in range(5)])
    problem, mapping, plan = _plan(world)
    # The lower of 20 h and 8 h: two slots, both accepted.
    assert len(plan.assignments) == 2
    assert _accept_all(world, problem, mapping, plan) == []
