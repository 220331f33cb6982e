"""Each hard rule and each objective on the smallest week that shows it, for the greedy plan
and for CP-SAT's; the French reasons of open slots; check_plan on hand-made plans."""

import dataclasses
from decimal import Decimal

import pytest

from tremplin.missions.planner import (
    GREEDY,
    OPTIMAL,
    Assignment,
    PlanningProblem,
    Window,
    check_plan,
    evaluate,
    explain_unfilled,
    greedy,
    solve,
)
from tremplin.missions.planner.checks import (
    ALL_AT_MAXIMUM,
    ALL_BUSY,
    NOBODY_AVAILABLE,
    STILL_POSSIBLE,
    TOO_FAR,
)
from tremplin.rules import rule

from .builders import WEEK, Weights, at, day, employee, problem, slot

CAP = rule("ai.commercial_cap_hours", WEEK)


def solve_quickly(p: PlanningProblem):
    return solve(p, 20)


@pytest.fixture(params=[greedy, solve_quickly], ids=["greedy", "solve"])
def plan_of(request):
    def run(p: PlanningProblem):
        plan = request.param(p)
        assert check_plan(p, plan) == []
        return plan

    return run


def taken_by(plan) -> dict:
    return plan.employee_for()


# --- The commercial-sector cap of AI placements ---------------------------------------


@pytest.mark.parametrize(("used", "filled"), [(CAP - 1, False), (CAP - 2, True), (CAP - 3, True)])
def test_a_2_hour_capped_slot_needs_2_hours_left_under_the_cap(plan_of, used, filled):
    p = problem(
        [employee("ana", remaining_capped_hours=CAP - used)],
        [slot("s", client_is_capped=True, start=at(9), end=at(11))],
    )
    plan = plan_of(p)
    assert ("s" in taken_by(plan)) is filled
    if not filled:
        assert explain_unfilled(p, plan) == {
            "s": f"plafond de {CAP} h atteint pour les personnes disponibles"
        }


def test_households_associations_and_local_authorities_ignore_the_cap(plan_of):
    p = problem(
        [employee("ana", remaining_capped_hours=0)],
        [slot("s", client_is_capped=False)],
    )
    assert taken_by(plan_of(p)) == {"s": "ana"}


def test_the_cap_counts_every_capped_slot_of_the_week_and_only_those(plan_of):
    p = problem(
        [employee("ana", remaining_capped_hours=3)],
        [
            slot("mon", client_is_capped=True, day=day(0)),
            slot("tue", client_is_capped=True, day=day(1)),
            slot("wed", client_is_capped=False, day=day(2)),
        ],
    )
    taken = taken_by(plan_of(p))
    assert "wed" in taken
    assert len({"mon", "tue"} & set(taken)) == 1


def test_someone_out_of_the_cap_takes_only_exempt_slots(plan_of):
    p = problem(
        [employee("ana", remaining_capped_hours=None), employee("bob", remaining_capped_hours=0)],
        [slot("company", client_is_capped=True), slot("household", client_is_capped=False)],
    )
    assert taken_by(plan_of(p)) == {"company": "ana", "household": "bob"}


# --- Time, skills and weekly hours ----------------------------------------------------


def test_overlapping_slots_go_to_two_people_or_stay_open(plan_of):
    p = problem(
        [employee("ana")],
        [slot("a", start=at(9), end=at(11)), slot("b", start=at(10), end=at(12))],
    )
    plan = plan_of(p)
    assert len(taken_by(plan)) == 1
    assert list(explain_unfilled(p, plan).values()) == [ALL_BUSY]


def test_back_to_back_slots_do_not_overlap(plan_of):
    p = problem(
        [employee("ana")],
        [slot("a", start=at(9), end=at(11)), slot("b", start=at(11), end=at(13))],
    )
    assert taken_by(plan_of(p)) == {"a": "ana", "b": "ana"}


def test_a_required_skill_is_held_or_the_slot_stays_open(plan_of):
    p = problem(
        [employee("ana"), employee("bob", skills={"permis B"})],
        [slot("s", required_skills={"permis B"})],
    )
    assert taken_by(plan_of(p)) == {"s": "bob"}
    without = problem([employee("ana", skills={"CACES R489"})], p.slots)
    plan = plan_of(without)
    assert explain_unfilled(without, plan) == {"s": "compétence manquante : permis B"}


def test_the_weekly_maximum_counts_hours_already_assigned(plan_of):
    p = problem(
        [employee("ana", max_hours=35, assigned_hours=33.5)],
        [slot("s", start=at(9), end=at(11))],
    )
    plan = plan_of(p)
    assert taken_by(plan) == {}
    assert explain_unfilled(p, plan) == {"s": ALL_AT_MAXIMUM}
    room = problem([employee("ana", max_hours=35, assigned_hours=33)], p.slots)
    assert taken_by(plan_of(room)) == {"s": "ana"}


@pytest.mark.parametrize(("daily_max", "filled"), [(11, True), (10, True), (9.5, False)])
def test_the_daily_maximum_counts_the_times_already_taken_that_day(plan_of, daily_max, filled):
    # 8 h already that day (two busy stretches), a 2 h slot: 10 h in the day.
    busy = (
        Window(day=WEEK, start=at(6), end=at(9)),
        Window(day=WEEK, start=at(13), end=at(18)),
    )
    p = problem(
        [employee("ana", busy=busy, daily_max_hours=daily_max)],
        [slot("s", start=at(9), end=at(11)), slot("t", day=day(1), start=at(9), end=at(11))],
    )
    plan = plan_of(p)
    assert taken_by(plan) == ({"s": "ana", "t": "ana"} if filled else {"t": "ana"})
    if not filled:
        assert explain_unfilled(p, plan) == {"s": ALL_AT_MAXIMUM}


def test_two_slots_of_one_day_stay_within_the_daily_maximum(plan_of):
    p = problem(
        [employee("ana", daily_max_hours=10)],
        [slot(i, start=at(7 + 3 * i), end=at(10 + 3 * i)) for i in range(4)],
    )
    assert len(taken_by(plan_of(p))) == 3
    too_many = [Assignment(i, "ana") for i in range(4)]
    assert check_plan(p, too_many) == [
        "ana dépasse son maximum de la journée le 02/06/2025 : 12 h de plus pour 10 h possibles"
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"unavailable_days": {WEEK}},
        {"availability": (Window(day=WEEK, start=at(13), end=at(18)),)},
        {"availability": (Window(day=day(1), start=at(8), end=at(18)),)},
        {"busy": (Window(day=WEEK, start=at(10), end=at(12)),)},
    ],
    ids=["day off", "afternoons only", "other day", "already busy"],
)
def test_nobody_available(plan_of, fields):
    p = problem([employee("ana", **fields)], [slot("s", start=at(9), end=at(11))])
    plan = plan_of(p)
    assert explain_unfilled(p, plan) == {"s": NOBODY_AVAILABLE}


def test_a_slot_inside_a_window_is_available(plan_of):
    p = problem(
        [employee("ana", availability=(Window(day=WEEK, start=at(8), end=at(12)),))],
        [slot("s", start=at(9), end=at(11))],
    )
    assert taken_by(plan_of(p)) == {"s": "ana"}


# --- Objectives -----------------------------------------------------------------------


def test_the_slot_goes_to_whoever_is_furthest_below_target(plan_of):
    p = problem(
        [
            employee("near_target", target_hours=26, assigned_hours=24),
            employee("far_below", target_hours=26, assigned_hours=6),
            employee("above", target_hours=20, assigned_hours=22),
        ],
        [slot("s")],
    )
    assert taken_by(plan_of(p)) == {"s": "far_below"}


def test_hours_are_shared_when_shortfalls_are_equal():
    """Concave reward: 2 h to each of two people 4 h short beats 4 h to one of them."""
    p = problem(
        [employee("ana", assigned_hours=22), employee("bob", assigned_hours=22)],
        [slot("a", day=day(0)), slot("b", day=day(1))],
    )
    plan = solve_quickly(p)
    assert sorted(taken_by(plan).values()) == ["ana", "bob"]
    assert plan.components.fairness_reward == 2 * 60 * (4 + 3)


def test_continuity_then_travel_break_ties(plan_of):
    far = {"lat": 45.95, "lon": 4.84}  # ~21 km north
    p = problem(
        [employee("new"), employee("known", previous_clients={"client"})],
        [slot("s")],
    )
    assert taken_by(plan_of(p)) == {"s": "known"}
    p = problem([employee("far", **far), employee("near")], [slot("s")])
    plan = plan_of(p)
    assert taken_by(plan) == {"s": "near"}
    assert plan.components.travel_km == 0


def test_a_slot_too_far_for_its_worth_stays_open(plan_of):
    p = problem(
        [employee("ana", target_hours=20, assigned_hours=20)],
        [slot("s", lat=47.0, lon=4.84)],  # ~138 km
        weights=Weights(coverage=1000, travel=20),
    )
    plan = plan_of(p)
    assert explain_unfilled(p, plan) == {"s": TOO_FAR}


def test_greedy_fills_the_hardest_slot_first():
    """In the order given, "easy" would go to ana (furthest below target) and nobody else
    could take "hard"; taken by difficulty, both are covered."""
    p = problem(
        [employee("ana", assigned_hours=0, skills={"permis B"}), employee("bob")],
        [slot("easy"), slot("hard", required_skills={"permis B"})],
    )
    assert taken_by(greedy(p)) == {"hard": "ana", "easy": "bob"}


def test_hours_in_fractions_and_decimals(plan_of):
    """2 h 30 of room: 1 h 30 and 1 h fill it exactly; 15 more minutes do not fit."""
    p = problem(
        [employee("ana", max_hours=Decimal("35"), assigned_hours=Decimal("32.5"))],
        [
            slot("a", start=at(9), end=at(10, 30)),
            slot("b", day=day(1), start=at(9), end=at(10)),
        ],
    )
    plan = plan_of(p)
    assert taken_by(plan) == {"a": "ana", "b": "ana"}
    assert plan.components.covered_hours == 2.5
    over = problem(p.employees, [*p.slots, slot("c", day=day(2), hours=0.25)])
    assert len(taken_by(plan_of(over))) == 2


def test_empty_weeks(plan_of):
    assert plan_of(problem([], [slot("s")])).components.unfilled_slots == 1
    assert explain_unfilled(problem([], [slot("s")]), []) == {"s": NOBODY_AVAILABLE}
    assert plan_of(problem([employee("ana")], [])).assignments == ()


# --- Plans and their checks -----------------------------------------------------------


def test_solve_proves_the_optimum_and_reports_its_components():
    p = problem(
        [employee("ana", assigned_hours=6), employee("bob", assigned_hours=20)],
        [slot("a"), slot("b", start=at(10), end=at(12)), slot("c", day=day(1), hours=3)],
    )
    plan = solve_quickly(p)
    assert plan.status == OPTIMAL
    assert plan.best_bound == plan.objective == evaluate(p, plan.assignments).objective
    assert plan.objective >= greedy(p).objective
    components = plan.components
    assert components.covered_slots == 3
    assert components.unfilled_slots == 0
    assert components.covered_hours == 7
    assert sum(components.hours_per_employee.values()) == 7
    assert components.shortfall_before_hours == 20 + 6
    assert components.shortfall_after_hours == 26 - 7


def test_without_time_for_cp_sat_solve_returns_the_greedy_plan():
    p = problem([employee("ana")], [slot("s")])
    plan = solve(p, 0)
    assert plan.status == GREEDY
    assert taken_by(plan) == {"s": "ana"}


def test_check_plan_names_every_broken_rule():
    p = problem(
        [
            employee("ana", max_hours=35, assigned_hours=32, remaining_capped_hours=1),
            employee("bob", unavailable_days={WEEK}),
        ],
        [
            slot("a", client_is_capped=True, required_skills={"permis B"}),
            slot("b", start=at(10), end=at(12)),
            slot("c", day=WEEK),
        ],
    )
    plan = [
        Assignment("a", "ana"),
        Assignment("b", "ana"),
        Assignment("c", "bob"),
        Assignment("c", "ana"),
        Assignment("z", "ana"),
        Assignment("a", "zoe"),
    ]
    errors = check_plan(p, plan)
    assert errors == [
        "créneau a : ana n'a pas la compétence requise (permis B)",
        "créneau c : bob n'est pas disponible",
        "créneau c : attribué à plusieurs personnes",
        "créneau inconnu : z",
        "personne inconnue : zoe",
        "ana a deux créneaux qui se chevauchent : a et b",
        "ana dépasse son maximum de la semaine : 36 h pour 35 h",
        f"ana dépasse le plafond de {CAP} h : 2 h chez des clients du secteur marchand "
        "pour 1 h restantes",
    ]


def test_an_open_slot_someone_could_take_is_said_so():
    p = problem([employee("ana")], [slot("s")])
    assert explain_unfilled(p, []) == {"s": STILL_POSSIBLE}


def test_large_weeks_keep_the_best_candidates_only():
    employees = [employee(i, lat=45.0 + i / 100) for i in range(30)]
    slots = [slot(j, day=day(j % 6), start=at(8 + j % 8), end=at(10 + j % 8)) for j in range(20)]
    p = problem(employees, slots, candidates_per_slot=3, candidates_per_employee=2)
    plan = solve_quickly(p)
    assert plan.candidates_truncated
    assert plan.status != OPTIMAL
    assert check_plan(p, plan) == []
    whole = dataclasses.replace(p, candidates_per_slot=None)
    assert not solve_quickly(whole).candidates_truncated


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"week": day(1)}, "Monday"),
        ({"slots": (slot("s", day=day(7)),)}, "outside the week"),
        ({"slots": (slot("s"), slot("s"))}, "duplicate slot ids"),
        ({"candidates_per_slot": 0}, "at least 1"),
    ],
)
def test_problems_are_checked_when_built(change, message):
    values = {"week": WEEK, "employees": (employee("ana"),), "slots": (slot("s"),)}
    values.update(change)
    with pytest.raises(ValueError, match=message):
        PlanningProblem(**values)
