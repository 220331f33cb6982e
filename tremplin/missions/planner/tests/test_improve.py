"""The local search run before CP-SAT: each move on the smallest week that needs it, and
never a plan worse than its start or one that breaks a rule."""

import time

from tremplin.missions.planner import check_plan, solve
from tremplin.missions.planner.candidates import build_candidates
from tremplin.missions.planner.greedy import greedy_picks, plan_from_picks
from tremplin.missions.planner.improve import improve

from .builders import HOME, at, day, employee, problem, slot

FAR = (HOME[0] + 0.2, HOME[1])  # ≈ 22 km north


def _improved(p, picks_by_id):
    c = build_candidates(p)
    slots = {s.id: i for i, s in enumerate(p.slots)}
    people = {e.id: i for i, e in enumerate(p.employees)}
    picks = {slots[s]: people[e] for s, e in picks_by_id.items()}
    before = plan_from_picks(c, picks, status="manual")
    after = plan_from_picks(c, improve(c, picks, time.perf_counter() + 5), status="manual")
    assert check_plan(p, after) == []
    assert after.objective >= before.objective
    return after.employee_for()


def test_an_open_slot_is_given():
    p = problem([employee("ana")], [slot("s")])
    assert _improved(p, {}) == {"s": "ana"}


def test_two_employees_swap_their_slots_to_travel_less():
    # Both slots at the same time: neither can take the other's without giving theirs up.
    p = problem(
        [employee("ana"), employee("bob", lat=FAR[0], lon=FAR[1])],
        [slot("near"), slot("far", lat=FAR[0], lon=FAR[1])],
    )
    assert _improved(p, {"near": "bob", "far": "ana"}) == {"near": "ana", "far": "bob"}


def test_an_open_slot_only_one_can_take_is_given_to_them_and_theirs_moves_on():
    p = problem(
        [employee("ana", skills={"permis B"}), employee("bob")],
        [slot("any"), slot("driving", required_skills={"permis B"})],
    )
    assert _improved(p, {"any": "ana"}) == {"any": "bob", "driving": "ana"}


def test_the_search_keeps_every_rule_on_a_crowded_week():
    people = [
        employee(f"e{i}", max_hours=8 + i, assigned_hours=0, daily_max_hours=6) for i in range(4)
    ]
    slots = [
        slot(f"s{d}-{h}", day=day(d), start=at(h), end=at(h + 2))
        for d in range(2)
        for h in (7, 8, 9, 11, 13, 15)
    ]
    p = problem(people, slots)
    c = build_candidates(p)
    start = greedy_picks(c)
    _improved(p, {p.slots[s].id: p.employees[e].id for s, e in start.items()})
    assert check_plan(p, solve(p, 5)) == []
