"""The objective, computed the same way for every plan: the greedy's choices, the CP-SAT
model's coefficients and `evaluate` all read it from here.

Fairness is a concave piecewise-linear reward of the minutes given to an employee: the
minute given while the employee is still `k` started hours below target is worth `k`
(see the package docstring).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable

from .feasibility import travel_km
from .problem import (
    MANUAL,
    Assignment,
    Components,
    Employee,
    Plan,
    PlanningProblem,
    Slot,
    clock_minutes,
)
from .problem import to_minutes as minutes_of

BAND = 60  # minutes: the width of one step of the fairness reward


def shortfall_minutes(employee: Employee) -> int:
    return max(0, minutes_of(employee.target_hours) - minutes_of(employee.assigned_hours))


def capacity_minutes(employee: Employee) -> int:
    """Minutes that may still be given this week (weekly maximum − hours already assigned)."""
    return max(0, minutes_of(employee.max_hours) - minutes_of(employee.assigned_hours))


def daily_room_minutes(employee: Employee, day: datetime.date) -> int | None:
    """Minutes that may still be given on `day` (daily maximum − times already taken that
    day), None when there is no daily limit."""
    if employee.daily_max_hours is None:
        return None
    taken = sum(
        clock_minutes(w.end) - clock_minutes(w.start) for w in employee.busy if w.day == day
    )
    return max(0, minutes_of(employee.daily_max_hours) - taken)


def capped_minutes_left(employee: Employee) -> int | None:
    if employee.remaining_capped_hours is None:
        return None
    return max(0, minutes_of(employee.remaining_capped_hours))


def _levels(missing: int) -> int:
    """Σ over m = 1 … missing of ⌈m / 60⌉: the worth of closing a shortfall of `missing`."""
    full, part = divmod(missing, BAND)
    return BAND * full * (full + 1) // 2 + part * (full + 1)


def fairness_reward(shortfall: int, given: int) -> int:
    """Σ over the minutes given of the hours (started) still missing below target when
    the minute is given: 20 h 30 short, the first 30 minutes are worth 21 each, the next
    60 worth 20 each, and so on down to 1; minutes beyond the target are worth nothing."""
    given = min(max(given, 0), shortfall)
    return _levels(shortfall) - _levels(shortfall - given)


def fairness_bands(shortfall: int, limit: int) -> list[tuple[int, int]]:
    """(width, rate) of the steps of `fairness_reward` up to `limit` minutes given: the
    CP-SAT model's variables. Rates decrease, so a maximisation fills them in order."""
    bands = []
    missing = shortfall
    given = 0
    while missing > 0 and given < limit:
        rate = math.ceil(missing / BAND)
        width = min(missing - BAND * (rate - 1), limit - given)
        bands.append((width, rate))
        given += width
        missing -= width
    return bands


def pair_value(problem: PlanningProblem, employee: Employee, slot: Slot) -> int:
    """What giving `slot` to `employee` is worth before fairness: coverage + continuity
    − travel."""
    weights = problem.weights
    value = weights.coverage - weights.travel * travel_km(employee, slot)
    if slot.client_id in employee.previous_clients:
        value += weights.continuity
    return value


def evaluate(
    problem: PlanningProblem,
    assignments: Iterable[Assignment],
    *,
    status: str = MANUAL,
    **plan_fields,
) -> Plan:
    """Score a set of assignments (a solver's, or one edited by hand) with the planner's
    objective. Unknown ids and repeated slots are skipped here: check_plan reports them."""
    employees = {e.id: e for e in problem.employees}
    slots = {s.id: s for s in problem.slots}
    kept: list[Assignment] = []
    seen: set = set()
    for assignment in assignments:
        known = assignment.slot_id in slots and assignment.employee_id in employees
        if known and assignment.slot_id not in seen:
            seen.add(assignment.slot_id)
            kept.append(assignment)
    weights = problem.weights
    given = {e.id: 0 for e in problem.employees}
    objective = continuity = km = covered_minutes = 0
    for assignment in kept:
        employee, slot = employees[assignment.employee_id], slots[assignment.slot_id]
        minutes = minutes_of(slot.hours)
        given[employee.id] += minutes
        covered_minutes += minutes
        objective += pair_value(problem, employee, slot)
        continuity += slot.client_id in employee.previous_clients
        km += travel_km(employee, slot)
    fairness = 0
    before = after = largest_after = 0
    for employee in problem.employees:
        shortfall = shortfall_minutes(employee)
        fairness += fairness_reward(shortfall, given[employee.id])
        before += shortfall
        left = max(0, shortfall - given[employee.id])
        after += left
        largest_after = max(largest_after, left)
    objective += weights.fairness * fairness
    ranked = sorted(problem.employees, key=shortfall_minutes, reverse=True)
    quartile = ranked[: math.ceil(len(ranked) / 4)]
    bottom = sum(min(given[e.id], shortfall_minutes(e)) for e in quartile)
    components = Components(
        covered_slots=len(kept),
        unfilled_slots=len(problem.slots) - len(kept),
        covered_hours=covered_minutes / 60,
        hours_per_employee={k: v / 60 for k, v in given.items() if v},
        shortfall_before_hours=before / 60,
        shortfall_after_hours=after / 60,
        largest_shortfall_after_hours=largest_after / 60,
        bottom_quartile_hours=bottom / 60,
        continuity_count=continuity,
        travel_km=km,
        fairness_reward=fairness,
    )
    return Plan(
        assignments=tuple(kept),
        status=status,
        objective=objective,
        components=components,
        **plan_fields,
    )
