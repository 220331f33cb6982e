"""Random small weeks: neither plan ever breaks a hard rule, and CP-SAT's plan is the
optimum — checked against an enumeration of every assignment on the tiniest weeks, with
the rules and the objective written again here, independently of the planner."""

import datetime
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremplin.missions.planner import (
    OPTIMAL,
    Employee,
    PlanningProblem,
    Slot,
    Weights,
    Window,
    check_plan,
    evaluate,
    explain_unfilled,
    greedy,
    solve,
)
from tremplin.missions.planner.feasibility import haversine_km

from .builders import WEEK, day

SKILLS = ("permis B", "CACES R489")
CLIENTS = ("c1", "c2", "c3")


def hours_of(start: datetime.time, end: datetime.time) -> float:
    return (end.hour * 60 + end.minute - start.hour * 60 - start.minute) / 60


@st.composite
def clock(draw, low=7, high=18):
    return datetime.time(draw(st.integers(low, high)), draw(st.sampled_from((0, 30))))


@st.composite
def employees(draw, index: int) -> Employee:
    target = draw(st.sampled_from((20, 24, 26, 35)))
    windows = None
    if draw(st.booleans()):
        windows = []
        for offset in draw(st.sets(st.integers(0, 2), min_size=1)):
            start = draw(clock(7, 12))
            end = datetime.time(start.hour + draw(st.integers(3, 9)), start.minute)
            windows.append(Window(day=day(offset), start=start, end=end))
    busy = ()
    if draw(st.integers(0, 4)) == 0:
        busy = (Window(day=day(draw(st.integers(0, 2))), start=draw(clock(8, 14)), end=at_19()),)
    return Employee(
        id=f"e{index}",
        lat=45.7 + draw(st.integers(0, 30)) / 100,
        lon=4.8 + draw(st.integers(0, 30)) / 100,
        target_hours=target,
        max_hours=min(35, target + draw(st.sampled_from((0, 4)))),
        assigned_hours=draw(st.integers(0, 2 * target)) / 2,
        availability=windows,
        unavailable_days={day(d) for d in draw(st.sets(st.integers(0, 2), max_size=1))},
        busy=busy,
        skills=draw(st.sets(st.sampled_from(SKILLS))),
        remaining_capped_hours=draw(st.none() | st.integers(0, 6)),
        previous_clients=draw(st.sets(st.sampled_from(CLIENTS), max_size=2)),
    )


def at_19() -> datetime.time:
    return datetime.time(19)


@st.composite
def slots(draw, index: int) -> Slot:
    start = draw(clock(7, 16))
    length = draw(st.sampled_from((60, 90, 120, 180, 240)))
    end_minutes = start.hour * 60 + start.minute + length
    return Slot(
        id=f"s{index}",
        request_id=f"r{index // 2}",
        client_id=draw(st.sampled_from(CLIENTS)),
        client_is_capped=draw(st.booleans()),
        day=day(draw(st.integers(0, 2))),
        start=start,
        end=datetime.time(end_minutes // 60, end_minutes % 60),
        lat=45.7 + draw(st.integers(0, 30)) / 100,
        lon=4.8 + draw(st.integers(0, 30)) / 100,
        required_skills=draw(st.sets(st.sampled_from(SKILLS), max_size=1)),
    )


@st.composite
def problems(draw, max_employees: int = 6, max_slots: int = 10) -> PlanningProblem:
    people = [draw(employees(i)) for i in range(draw(st.integers(1, max_employees)))]
    week_slots = [draw(slots(j)) for j in range(draw(st.integers(1, max_slots)))]
    weights = Weights(
        coverage=draw(st.sampled_from((1000, 10_000))),
        fairness=draw(st.integers(0, 3)),
        continuity=draw(st.sampled_from((0, 500))),
        travel=draw(st.sampled_from((0, 20, 200))),
    )
    return PlanningProblem(week=WEEK, employees=people, slots=week_slots, weights=weights)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(problems())
def test_no_plan_breaks_a_hard_rule(p):
    quick = greedy(p)
    best = solve(p, 20)
    assert check_plan(p, quick) == []
    assert check_plan(p, best) == []
    assert best.status == OPTIMAL
    assert best.objective == best.best_bound == evaluate(p, best.assignments).objective
    assert best.objective >= quick.objective
    open_slots = {s.id for s in p.slots} - {a.slot_id for a in best.assignments}
    assert set(explain_unfilled(p, best)) == open_slots


# --- The optimum by enumeration -------------------------------------------------------


def minutes(hours) -> int:
    return round(float(hours) * 60)


def span(s: Slot) -> tuple[int, int]:
    return s.start.hour * 60 + s.start.minute, s.end.hour * 60 + s.end.minute


def may_take(e: Employee, s: Slot) -> bool:
    start, end = span(s)

    def inside(w: Window) -> bool:
        return w.day == s.day and span(w)[0] <= start and end <= span(w)[1]

    def meets(w: Window) -> bool:
        return w.day == s.day and start < span(w)[1] and span(w)[0] < end

    return (
        s.day not in e.unavailable_days
        and (e.availability is None or any(inside(w) for w in e.availability))
        and not any(meets(w) for w in e.busy)
        and s.required_skills <= e.skills
    )


def worth(p: PlanningProblem, chosen: dict[int, int]) -> int:
    """The objective, minute by minute: each minute given is worth the started hours
    still missing below target at that minute."""
    w = p.weights
    total = 0
    given = [0] * len(p.employees)
    for s, e in chosen.items():
        employee, slot = p.employees[e], p.slots[s]
        km = round(haversine_km(employee.lat, employee.lon, slot.lat, slot.lon))
        total += w.coverage - w.travel * km
        total += w.continuity * (slot.client_id in employee.previous_clients)
        given[e] += minutes(slot.hours)
    for e, employee in enumerate(p.employees):
        missing = minutes(employee.target_hours) - minutes(employee.assigned_hours)
        for _ in range(given[e]):
            if missing > 0:
                total += w.fairness * math.ceil(missing / 60)
            missing -= 1
    return total


def best_by_enumeration(p: PlanningProblem) -> int:
    people, week_slots = p.employees, p.slots
    room = [minutes(e.max_hours) - minutes(e.assigned_hours) for e in people]
    cap = [
        None if e.remaining_capped_hours is None else minutes(e.remaining_capped_hours)
        for e in people
    ]
    best = worth(p, {})

    def walk(s: int, chosen: dict[int, int], used: list[int], capped: list[int]):
        nonlocal best
        if s == len(week_slots):
            best = max(best, worth(p, chosen))
            return
        walk(s + 1, chosen, used, capped)
        slot = week_slots[s]
        m = minutes(slot.hours)
        for e, person in enumerate(people):
            if not may_take(person, slot) or used[e] + m > room[e]:
                continue
            if slot.client_is_capped and cap[e] is not None and capped[e] + m > cap[e]:
                continue
            if any(
                week_slots[t].day == slot.day
                and span(week_slots[t])[0] < span(slot)[1]
                and span(slot)[0] < span(week_slots[t])[1]
                for t, f in chosen.items()
                if f == e
            ):
                continue
            chosen[s] = e
            used[e] += m
            capped[e] += m * slot.client_is_capped
            walk(s + 1, chosen, used, capped)
            del chosen[s]
            used[e] -= m
            capped[e] -= m * slot.client_is_capped

    walk(0, {}, [0] * len(people), [0] * len(people))
    return best


@SETTINGS
@given(problems(max_employees=4, max_slots=5))
def test_solve_finds_the_optimum_of_tiny_weeks(p):
    plan = solve(p, 20)
    assert plan.status == OPTIMAL
    assert plan.objective == best_by_enumeration(p)
    assert worth(p, _positions(p, plan)) == plan.objective


def _positions(p: PlanningProblem, plan) -> dict[int, int]:
    slot_at = {s.id: i for i, s in enumerate(p.slots)}
    employee_at = {e.id: i for i, e in enumerate(p.employees)}
    return {slot_at[a.slot_id]: employee_at[a.employee_id] for a in plan.assignments}
