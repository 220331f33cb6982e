"""Who may take which slot: the pairs (slot, employee) that pass every rule that does not
depend on the other choices (availability, skills, weekly room, cap room), with their value.

Pairs whose best possible worth is not positive are dropped (an optimal plan never needs
them: removing one never lowers the objective). On large weeks a pair is kept when it is
one of the employee's `candidates_per_employee` best slots (best possible worth: what
fairness wants) or one of the slot's `candidates_per_slot` nearest employees (what coverage
and travel want). The screening is vectorised with NumPy (a dependency of OR-Tools), so
that 1 000 × 2 000 pairs take a fraction of a second; the kept pairs are then valued
exactly by `scoring`, the same code that scores any plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .feasibility import EARTH_RADIUS_KM, slot_span
from .problem import Employee, PlanningProblem, Slot, Window, clock_minutes, to_minutes
from .scoring import (
    BAND,
    capacity_minutes,
    capped_minutes_left,
    daily_room_minutes,
    fairness_reward,
    pair_value,
    shortfall_minutes,
)

NO_CAP = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Candidates:
    """Integer data of a problem, by position in problem.employees / problem.slots."""

    problem: PlanningProblem
    minutes: list[int]  # per slot
    spans: list[tuple[int, int, int]]  # per slot: (day ordinal, start minute, end minute)
    shortfall: list[int]  # per employee
    capacity: list[int]  # per employee
    cap_left: list[int | None]  # per employee
    daily_room: dict[int, list[int]]  # per day ordinal, per employee (NO_CAP: no limit)
    by_slot: list[list[tuple[int, int]]]  # per slot: (employee, pair value), best first
    truncated: bool

    @property
    def employees(self) -> tuple[Employee, ...]:
        return self.problem.employees

    @property
    def slots(self) -> tuple[Slot, ...]:
        return self.problem.slots

    def by_employee(self) -> list[list[int]]:
        """Per employee, the slots they are a candidate for."""
        result: list[list[int]] = [[] for _ in self.employees]
        for s, pairs in enumerate(self.by_slot):
            for e, _ in pairs:
                result[e].append(s)
        return result

    def fairness_gain(self, e: int, given: int, minutes: int) -> int:
        shortfall = self.shortfall[e]
        return fairness_reward(shortfall, given + minutes) - fairness_reward(shortfall, given)


def _minutes(window: Window) -> tuple[int, int]:
    return clock_minutes(window.start), clock_minutes(window.end)


def _levels(missing: np.ndarray) -> np.ndarray:
    full, part = np.divmod(missing, BAND)
    return BAND * full * (full + 1) // 2 + part * (full + 1)


def _rewards(shortfall: np.ndarray, minutes: int) -> np.ndarray:
    """fairness_reward(shortfall, minutes) for every employee at once."""
    return _levels(shortfall) - _levels(shortfall - np.minimum(minutes, shortfall))


def _keep_best(
    problem: PlanningProblem, bounds: np.ndarray, distances: np.ndarray
) -> tuple[np.ndarray, bool]:
    """The pairs kept (slots × employees) and whether any possible one was left out: each
    employee's best slots by best possible worth, and each slot's nearest employees."""
    pairs = bounds > -np.inf
    per_slot, per_employee = problem.candidates_per_slot, problem.candidates_per_employee
    slots, employees = pairs.shape
    if per_slot is None or per_employee is None or per_slot >= employees or per_employee >= slots:
        return pairs, False
    kept = np.zeros_like(pairs)
    best = np.argpartition(-bounds, per_employee - 1, axis=0)[:per_employee]
    kept[best, np.arange(employees)] = True
    nearest = np.argpartition(distances, per_slot - 1, axis=1)[:, :per_slot]
    kept[np.arange(slots)[:, None], nearest] = True
    return pairs & kept, bool((pairs & ~kept).any())


def build_candidates(problem: PlanningProblem) -> Candidates:
    employees, slots, weights = problem.employees, problem.slots, problem.weights
    count = len(employees)
    shortfall = [shortfall_minutes(e) for e in employees]
    capacity = [capacity_minutes(e) for e in employees]
    cap_left = [capped_minutes_left(e) for e in employees]
    minutes = [to_minutes(s.hours) for s in slots]
    spans = [(s.day.toordinal(), *slot_span(s)) for s in slots]

    lat = np.radians(np.array([e.lat for e in employees], dtype=float))
    lon = np.radians(np.array([e.lon for e in employees], dtype=float))
    cos_lat = np.cos(lat)
    shortfall_a = np.array(shortfall, dtype=np.int64)
    capacity_a = np.array(capacity, dtype=np.int64)
    cap_a = np.array([NO_CAP if c is None else c for c in cap_left], dtype=np.int64)
    days: dict[int, tuple[np.ndarray, list]] = {}
    continuity: dict = {}
    for i, e in enumerate(employees):
        for client in e.previous_clients:
            continuity.setdefault(client, []).append(i)
    time_masks: dict[tuple, np.ndarray] = {}
    skill_masks: dict[frozenset, np.ndarray] = {}
    rewards: dict[int, np.ndarray] = {}

    def day_rules(slot: Slot) -> tuple[np.ndarray, list]:
        """Who works that day at all, and the windows and taken times of those whose day
        has any (the others are available whenever their day is)."""
        day = slot.day
        works = np.ones(count, dtype=bool)
        timed = []
        for i, e in enumerate(employees):
            if day in e.unavailable_days:
                works[i] = False
                continue
            windows = None
            if e.availability is not None:
                windows = [_minutes(w) for w in e.availability if w.day == day]
                if not windows:
                    works[i] = False
                    continue
            busy = [_minutes(w) for w in e.busy if w.day == day]
            if windows is not None or busy:
                timed.append((i, windows, busy))
        return works, timed

    daily_room: dict[int, list[int]] = {}
    room_arrays: dict[int, np.ndarray] = {}

    def day_room(slot: Slot, day: int) -> np.ndarray:
        if day not in daily_room:
            rooms = [daily_room_minutes(e, slot.day) for e in employees]
            daily_room[day] = [NO_CAP if r is None else r for r in rooms]
            room_arrays[day] = np.array(daily_room[day], dtype=np.int64)
        return room_arrays[day]

    def time_mask(slot: Slot, span: tuple[int, int, int]) -> np.ndarray:
        if span not in time_masks:
            day, start, end = span
            if day not in days:
                days[day] = day_rules(slot)
            works, timed = days[day]
            mask = works.copy()
            for i, windows, busy in timed:
                mask[i] = (
                    windows is None or any(a <= start and end <= b for a, b in windows)
                ) and not any(start < b and a < end for a, b in busy)
            time_masks[span] = mask
        return time_masks[span]

    def skill_mask(required: frozenset) -> np.ndarray:
        if required not in skill_masks:
            skill_masks[required] = np.array([required <= e.skills for e in employees])
        return skill_masks[required]

    bounds = np.full((len(slots), count), -np.inf)  # best possible worth, -inf: not a pair
    distances = np.full((len(slots), count), np.inf)
    for s, slot in enumerate(slots):
        if count == 0:
            continue
        m = minutes[s]
        mask = time_mask(slot, spans[s]) & (capacity_a >= m) & (day_room(slot, spans[s][0]) >= m)
        if slot.required_skills:
            mask &= skill_mask(slot.required_skills)
        if slot.client_is_capped:
            mask &= cap_a >= m
        phi, lam = np.radians(slot.lat), np.radians(slot.lon)
        a = np.sin((phi - lat) / 2) ** 2 + cos_lat * np.cos(phi) * np.sin((lam - lon) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        if m not in rewards:
            rewards[m] = _rewards(shortfall_a, m)
        bound = weights.coverage - weights.travel * np.rint(km) + weights.fairness * rewards[m]
        if slot.client_id in continuity:
            bound[continuity[slot.client_id]] += weights.continuity
        # One km of slack: NumPy's and math's sines may round a half kilometre apart.
        mask &= bound + weights.travel > 0
        bounds[s, mask] = bound[mask]
        distances[s, mask] = km[mask]
    pairs_mask, truncated = _keep_best(problem, bounds, distances)
    by_slot: list[list[tuple[int, int]]] = []
    for s, slot in enumerate(slots):
        chosen = np.flatnonzero(pairs_mask[s])
        chosen = chosen[np.lexsort((chosen, -bounds[s, chosen]))]
        m = minutes[s]
        pairs = []
        for e in chosen.tolist():
            value = pair_value(problem, employees[e], slot)
            if value + weights.fairness * fairness_reward(shortfall[e], m) > 0:
                pairs.append((e, value))
        by_slot.append(pairs)
    return Candidates(
        problem=problem,
        minutes=minutes,
        spans=spans,
        shortfall=shortfall,
        capacity=capacity,
        cap_left=cap_left,
        daily_room=daily_room,
        by_slot=by_slot,
        truncated=truncated,
    )
