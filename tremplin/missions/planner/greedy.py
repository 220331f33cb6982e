"""The fast plan: the hardest slots first, each to its best candidate by the objective's own
score, among those the slot still fits (weekly room, daily room, cap room, no overlap)."""

from __future__ import annotations

import time

from .candidates import Candidates, build_candidates
from .problem import GREEDY, Assignment, Plan, PlanningProblem
from .scoring import evaluate


def greedy(problem: PlanningProblem) -> Plan:
    started = time.perf_counter()
    candidates = build_candidates(problem)
    picks = greedy_picks(candidates)
    return plan_from_picks(
        candidates, picks, status=GREEDY, wall_time_s=time.perf_counter() - started
    )


def greedy_picks(candidates: Candidates) -> dict[int, int]:
    """slot position → employee position.

    Slots are taken by difficulty: fewest candidates first, then the longest, then in the
    order given. Each goes to the candidate with the largest marginal score (pair value +
    fairness gain at the hours they already got in this plan), ties to the one furthest
    below target; a slot whose best score is not positive stays open, as in the optimum.
    """
    slots = candidates.slots
    fairness = candidates.problem.weights.fairness
    given = [0] * len(candidates.employees)
    capped = [0] * len(candidates.employees)
    taken: list[dict[int, list[tuple[int, int]]]] = [{} for _ in candidates.employees]
    day_given: list[dict[int, int]] = [{} for _ in candidates.employees]
    order = sorted(
        range(len(slots)),
        key=lambda s: (len(candidates.by_slot[s]), -candidates.minutes[s], s),
    )
    picks: dict[int, int] = {}
    for s in order:
        minutes = candidates.minutes[s]
        day, start, end = candidates.spans[s]
        is_capped = slots[s].client_is_capped
        room = candidates.daily_room.get(day)
        best = None
        best_key = None
        for e, value in candidates.by_slot[s]:
            if given[e] + minutes > candidates.capacity[e]:
                continue
            cap_left = candidates.cap_left[e]
            if is_capped and cap_left is not None and capped[e] + minutes > cap_left:
                continue
            if any(start < b and a < end for a, b in taken[e].get(day, ())):
                continue
            if room is not None and day_given[e].get(day, 0) + minutes > room[e]:
                continue
            score = value + fairness * candidates.fairness_gain(e, given[e], minutes)
            if score <= 0:
                continue
            key = (score, candidates.shortfall[e] - given[e])
            if best_key is None or key > best_key:
                best, best_key = e, key
        if best is None:
            continue
        picks[s] = best
        given[best] += minutes
        if is_capped:
            capped[best] += minutes
        taken[best].setdefault(day, []).append((start, end))
        day_given[best][day] = day_given[best].get(day, 0) + minutes
    return picks


def plan_from_picks(candidates: Candidates, picks: dict[int, int], **plan_fields) -> Plan:
    slots, employees = candidates.slots, candidates.employees
    assignments = [Assignment(slots[s].id, employees[e].id) for s, e in sorted(picks.items())]
    return evaluate(
        candidates.problem,
        assignments,
        candidates_truncated=candidates.truncated,
        **plan_fields,
    )
