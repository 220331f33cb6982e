"""The CP-SAT model of a week, started from the greedy plan.

Variables: x[s, e] ∈ {0, 1} for every candidate pair; y[e, k] ∈ [0, width_k] for the
fairness bands of employee e. Constraints: at most one employee per slot; for each
employee, at most one slot of every clique of overlapping slots (the slots running at the
start of each of them), Σ minutes ≤ weekly room, Σ minutes of a day ≤ daily room, Σ minutes of capped clients ≤ cap room,
Σ_k y[e, k] ≤ Σ minutes given. Objective: maximise Σ value[s, e]·x[s, e]
+ fairness·Σ rate_k·y[e, k].
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from .candidates import Candidates, build_candidates
from .greedy import greedy_picks, plan_from_picks
from .improve import improve
from .problem import FEASIBLE, GREEDY, OPTIMAL, UNKNOWN, Plan, PlanningProblem
from .scoring import fairness_bands

MIN_SOLVER_SECONDS = 0.05
RESERVE_S = 0.1
RESERVE_S_PER_PAIR = 3e-6
LARGE_MODEL = 10_000  # pairs (slot, employee)
SHORT_RUN_S = 10.0
# The local search gets at most this share of the limit (it stops earlier when no move is
# left, as on most medium weeks); CP-SAT the rest, started from its plan.
LOCAL_SEARCH_SHARE = 0.5


def solve(
    problem: PlanningProblem,
    time_limit_s: float | None = None,
    *,
    num_workers: int = 2,
    hint: bool = True,
) -> Plan:
    """The best plan found within `time_limit_s` (default: the problem's), counted from the
    call: building the candidates, the greedy plan and the model comes out of it, CP-SAT
    gets the rest. With the hint, the result is never worse than the greedy plan, which is
    returned as is when no time is left for CP-SAT. `num_workers=2` suits the two cores of
    a small server; `hint=False` runs CP-SAT alone (the benchmark's reference)."""
    started = time.perf_counter()

    def elapsed() -> float:
        return time.perf_counter() - started

    limit = problem.time_limit_s if time_limit_s is None else time_limit_s
    candidates = build_candidates(problem)
    picks = greedy_picks(candidates) if hint else {}
    if hint:
        picks = improve(candidates, picks, started + LOCAL_SEARCH_SHARE * limit)
    built = build_model(candidates)
    if hint:
        add_hint(built, candidates, picks)
    fallback = plan_from_picks(candidates, picks, status=GREEDY if hint else UNKNOWN)
    # CP-SAT stops a little after its limit and the plan is read after it: measured on
    # bench/planner.py, 0.15 s and 0.04 s for 70 000 pairs, hence a reserve by model size.
    remaining = limit - elapsed() - RESERVE_S - RESERVE_S_PER_PAIR * len(built.x)
    if remaining < MIN_SOLVER_SECONDS:
        return _timed(fallback, elapsed())
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = remaining
    solver.parameters.num_workers = num_workers
    _lighten_presolve(solver.parameters, len(built.x), remaining)
    code = solver.solve(built.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _timed(fallback, elapsed())
    found = {s: e for (s, e), var in built.x.items() if solver.boolean_value(var)}
    proven = code == cp_model.OPTIMAL and not candidates.truncated
    plan = plan_from_picks(
        candidates,
        found,
        status=OPTIMAL if proven else FEASIBLE,
        best_bound=round(solver.best_objective_bound),
    )
    if hint and plan.objective < fallback.objective:
        plan = fallback
    return _timed(plan, elapsed())


def _lighten_presolve(parameters, pairs: int, seconds: float) -> None:
    """On large models CP-SAT's full presolve (probing above all) takes longer than a short
    limit: ~8 s for 60 000 pairs on a small server, before any improvement. Measured on
    bench/planner.py: without presolve the hint is loaded in 0.2 s; a single light pass
    takes 1 s and leaves the rest of a longer run to the search."""
    if pairs < LARGE_MODEL:
        return
    if seconds < SHORT_RUN_S:
        parameters.cp_model_presolve = False
    else:
        parameters.cp_model_probing_level = 0
        parameters.symmetry_level = 0
        parameters.max_presolve_iterations = 1


def _timed(plan: Plan, seconds: float) -> Plan:
    return replace(plan, wall_time_s=seconds)


def _overlap_cliques(spans: list[tuple[int, int, int]], slots: list[int]) -> list[list[int]]:
    """The maximal sets of one employee's slots running at one moment (for intervals, the
    sets running at some slot's start; together they cover every overlapping pair)."""
    by_day: dict[int, list[int]] = {}
    for s in slots:
        by_day.setdefault(spans[s][0], []).append(s)
    cliques: list[list[int]] = []
    for day_slots in by_day.values():
        if len(day_slots) < 2:
            continue
        day_slots.sort(key=lambda s: spans[s][1])
        running: list[tuple[int, int]] = []  # a heap of (end, slot) of the slots under way
        for s in day_slots:
            start = spans[s][1]
            if running and running[0][0] <= start:
                if len(running) > 1:
                    cliques.append([t for _, t in running])
                while running and running[0][0] <= start:
                    heapq.heappop(running)
            heapq.heappush(running, (spans[s][2], s))
        if len(running) > 1:
            cliques.append([t for _, t in running])
    return cliques


@dataclass
class Model:
    model: cp_model.CpModel
    x: dict[tuple[int, int], cp_model.IntVar]  # (slot, employee) → chosen
    bands: dict[int, list[tuple[cp_model.IntVar, int]]]  # employee → (minutes in band, width)


def build_model(candidates: Candidates) -> Model:
    model = cp_model.CpModel()
    weights = candidates.problem.weights
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    bands: dict[int, list[tuple[cp_model.IntVar, int]]] = {}
    terms: list = []
    coefficients: list[int] = []
    for s, pairs in enumerate(candidates.by_slot):
        row = []
        for e, value in pairs:
            var = model.new_bool_var("")
            x[s, e] = var
            row.append(var)
            terms.append(var)
            coefficients.append(value)
        if len(row) > 1:
            model.add_at_most_one(row)
    minutes, slots = candidates.minutes, candidates.slots
    for e, own in enumerate(candidates.by_employee()):
        if not own:
            continue
        own_vars = [x[s, e] for s in own]
        own_minutes = [minutes[s] for s in own]
        total = sum(own_minutes)
        given = cp_model.LinearExpr.weighted_sum(own_vars, own_minutes)
        if total > candidates.capacity[e]:
            model.add(given <= candidates.capacity[e])
        cap_left = candidates.cap_left[e]
        capped = [s for s in own if slots[s].client_is_capped]
        if cap_left is not None and sum(minutes[s] for s in capped) > cap_left:
            model.add(
                cp_model.LinearExpr.weighted_sum(
                    [x[s, e] for s in capped], [minutes[s] for s in capped]
                )
                <= cap_left
            )
        by_day: dict[int, list[int]] = {}
        for s in own:
            by_day.setdefault(candidates.spans[s][0], []).append(s)
        for day, day_slots in by_day.items():
            room = candidates.daily_room[day][e]
            if sum(minutes[s] for s in day_slots) > room:
                model.add(
                    cp_model.LinearExpr.weighted_sum(
                        [x[s, e] for s in day_slots], [minutes[s] for s in day_slots]
                    )
                    <= room
                )
        for clique in _overlap_cliques(candidates.spans, own):
            model.add_at_most_one([x[s, e] for s in clique])
        if weights.fairness:
            room = min(candidates.capacity[e], total)
            steps = fairness_bands(candidates.shortfall[e], room)
            if steps:
                ys = [model.new_int_var(0, width, "") for width, _ in steps]
                model.add(cp_model.LinearExpr.sum(ys) <= given)
                bands[e] = [(y, width) for y, (width, _) in zip(ys, steps, strict=True)]
                terms.extend(ys)
                coefficients.extend(weights.fairness * rate for _, rate in steps)
    # Set in bulk: Maximize() would walk 100 000 terms in Python one by one.
    objective = model.proto.objective
    objective.vars.extend(var.index for var in terms)
    objective.coeffs.extend(-c for c in coefficients)
    objective.scaling_factor = -1.0  # CP-SAT minimises; the sign makes it a maximisation
    return Model(model, x, bands)


def add_hint(built: Model, candidates: Candidates, picks: dict[int, int]) -> None:
    """Hint every variable with the greedy plan (a complete, feasible hint): the x of its
    pairs, and the fairness bands filled in order with the minutes it gives each employee.
    Written to the model's hint in bulk: model.add_hint() per variable costs 0.5 s on a
    large week."""
    given = [0] * len(candidates.employees)
    indices, values = [], []
    for (s, e), var in built.x.items():
        chosen = picks.get(s) == e
        indices.append(var.index)
        values.append(int(chosen))
        if chosen:
            given[e] += candidates.minutes[s]
    for e, ys in built.bands.items():
        left = given[e]
        for var, width in ys:
            value = min(width, left)
            indices.append(var.index)
            values.append(value)
            left -= value
    hint = built.model.proto.solution_hint
    hint.vars.extend(indices)
    hint.values.extend(values)
