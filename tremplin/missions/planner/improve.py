"""A local search from the greedy plan: moves that raise the objective, until none is left
or the time is up.

On medium weeks (50–300 employees) CP-SAT improves nothing in 2 s (its presolve alone takes
longer, and its first solutions are the hint), so the 2-second plan was the greedy one,
~1 % below CP-SAT's 60-second objective. Three moves close most of that gap, each checked
against every hard rule (weekly room, daily room, cap room, overlaps) and scored with the
objective's own terms (pair value + the fairness reward's change for both employees):

    move     a slot, open or covered, to another candidate;
    swap     two covered slots exchange their employees;
    eject    an open slot taken by a candidate who gives up one of their slots, which goes
             to a third candidate or stays open.

Each applied move raises the objective strictly, so the search ends; its plan is then
CP-SAT's hint (a better start for the rest of the time).
"""

from __future__ import annotations

import time

from .candidates import NO_CAP, Candidates
from .scoring import fairness_reward


class _State:
    """The plan being improved: who takes each slot, and what each employee holds."""

    def __init__(self, candidates: Candidates, picks: dict[int, int]):
        c = candidates
        self.c = c
        self.fair = c.problem.weights.fairness
        self.value = {(s, e): v for s, pairs in enumerate(c.by_slot) for e, v in pairs}
        self.cand = [[e for e, _ in pairs] for pairs in c.by_slot]
        self.is_capped = [slot.client_is_capped for slot in c.slots]
        self.cap_left = [NO_CAP if left is None else left for left in c.cap_left]
        count = len(c.employees)
        self.assign = [-1] * len(c.slots)
        self.given = [0] * count
        self.capped = [0] * count
        self.day_given: list[dict[int, int]] = [{} for _ in range(count)]
        self.own: list[dict[int, list[int]]] = [{} for _ in range(count)]
        self.rewards: dict[tuple[int, int], int] = {}
        self.changed: set[int] = set()  # employees whose slots changed in this pass
        for s, e in picks.items():
            self.add(s, e)

    def reward(self, e: int, given: int) -> int:
        key = (e, given)
        value = self.rewards.get(key)
        if value is None:
            value = self.rewards[key] = self.fair * fairness_reward(self.c.shortfall[e], given)
        return value

    def add(self, s: int, e: int) -> None:
        m, day = self.c.minutes[s], self.c.spans[s][0]
        self.changed.add(e)
        self.assign[s] = e
        self.given[e] += m
        if self.is_capped[s]:
            self.capped[e] += m
        self.day_given[e][day] = self.day_given[e].get(day, 0) + m
        self.own[e].setdefault(day, []).append(s)

    def remove(self, s: int) -> None:
        e = self.assign[s]
        m, day = self.c.minutes[s], self.c.spans[s][0]
        self.changed.add(e)
        self.assign[s] = -1
        self.given[e] -= m
        if self.is_capped[s]:
            self.capped[e] -= m
        self.day_given[e][day] -= m
        self.own[e][day].remove(s)

    def fits(self, s: int, e: int, without: int = -1) -> bool:
        """Whether e may take s, once their slot `without` (if any) is given up."""
        c = self.c
        m = c.minutes[s]
        day, start, end = c.spans[s]
        freed = c.minutes[without] if without >= 0 else 0
        if self.given[e] - freed + m > c.capacity[e]:
            return False
        if self.is_capped[s]:
            freed_capped = freed if without >= 0 and self.is_capped[without] else 0
            if self.capped[e] - freed_capped + m > self.cap_left[e]:
                return False
        room = c.daily_room[day][e]
        freed_day = freed if without >= 0 and c.spans[without][0] == day else 0
        if self.day_given[e].get(day, 0) - freed_day + m > room:
            return False
        spans = c.spans
        return not any(
            t != without and start < spans[t][2] and spans[t][1] < end
            for t in self.own[e].get(day, ())
        )

    def change(self, e: int, minutes: int) -> int:
        """The fairness reward's change when e's minutes change by `minutes`."""
        given = self.given[e]
        return self.reward(e, given + minutes) - self.reward(e, given)


def improve(candidates: Candidates, picks: dict[int, int], deadline: float) -> dict[int, int]:
    """A better plan than `picks` (slot position → employee position), found before
    `deadline` (a time.perf_counter() value); `picks` itself when no move helps."""
    if time.perf_counter() >= deadline:  # building the week took the time already
        return picks
    state = _State(candidates, picks)
    todo = range(len(candidates.slots))
    while todo and time.perf_counter() < deadline:
        state.changed = set()
        for i, s in enumerate(todo):
            if i % 32 == 0 and time.perf_counter() >= deadline:
                break
            _best_move(state, s)
        # The next pass looks again only at the slots whose employees changed (their
        # own or a candidate): the others have no new move.
        changed = state.changed
        todo = [
            s
            for s, cand in enumerate(state.cand)
            if state.assign[s] in changed or not changed.isdisjoint(cand)
        ]
    return {s: e for s, e in enumerate(state.assign) if e >= 0}


def _best_move(state: _State, s: int) -> bool:
    """Apply the best improving move of slot s, if any."""
    c, value = state.c, state.value
    m = c.minutes[s]
    e1 = state.assign[s]
    leave = 0
    if e1 >= 0:
        leave = -value[s, e1] + state.change(e1, -m)
    best, move = 0, None
    for e2 in state.cand[s]:
        if e2 == e1:
            continue
        if state.fits(s, e2):
            delta = leave + value[s, e2] + state.change(e2, m)
            if delta > best:
                best, move = delta, ("move", e2, -1, -1)
            continue
        for day_slots in state.own[e2].values():
            for t in day_slots:
                if not state.fits(s, e2, without=t):
                    continue
                mt = c.minutes[t]
                gain2 = (
                    value[s, e2]
                    - value[t, e2]
                    + state.reward(e2, state.given[e2] - mt + m)
                    - state.reward(e2, state.given[e2])
                )
                if e1 >= 0:
                    # swap: t goes to e1 in exchange
                    if (t, e1) in value and state.fits(t, e1, without=s):
                        delta = (
                            gain2
                            - value[s, e1]
                            + value[t, e1]
                            + state.reward(e1, state.given[e1] - m + mt)
                            - state.reward(e1, state.given[e1])
                        )
                        if delta > best:
                            best, move = delta, ("swap", e2, t, e1)
                    continue
                # eject: t goes to a third candidate, or stays open
                if gain2 > best:
                    best, move = gain2, ("eject", e2, t, -1)
                for e3 in state.cand[t]:
                    if e3 == e2 or not state.fits(t, e3):
                        continue
                    delta = gain2 + value[t, e3] + state.change(e3, mt)
                    if delta > best:
                        best, move = delta, ("eject", e2, t, e3)
    if move is None:
        return False
    kind, e2, t, e3 = move
    if e1 >= 0:
        state.remove(s)
    if kind in ("swap", "eject"):
        state.remove(t)
    state.add(s, e2)
    if kind == "swap":
        state.add(t, e1)
    elif kind == "eject" and e3 >= 0:
        state.add(t, e3)
    return True
