"""The planner's interface: the week's problem in, a plan out. Plain frozen dataclasses that
the missions app fills from its models and reads back; nothing here knows Django.

Hours are given as numbers of hours (int, float or Decimal) and turned into whole minutes
inside the planner, so that every figure of the CP-SAT model is an integer.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

Hours = int | float | Decimal
Id = Hashable

# Plan.status
OPTIMAL = "optimal"  # proven optimal on the whole model (no candidate was left out)
FEASIBLE = "feasible"  # the best plan CP-SAT found in the time limit
GREEDY = "greedy"  # the greedy plan (greedy(); solve(): improved by the local search, when
# CP-SAT found nothing better in time)
MANUAL = "manual"  # a plan built by hand and scored with evaluate()
UNKNOWN = "unknown"  # no plan: CP-SAT alone (solve(hint=False)) found none in the time limit


def to_minutes(hours: Hours | None) -> int:
    """Whole minutes of a number of hours (rounded to the nearest minute)."""
    return round(Decimal(str(hours)) * 60) if hours is not None else 0


def clock_minutes(moment: datetime.time) -> int:
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True, kw_only=True, slots=True)
class Window:
    """A stretch of time on one day: availability, or a time already taken."""

    day: datetime.date
    start: datetime.time
    end: datetime.time

    def __post_init__(self):
        if self.end <= self.start:
            raise ValueError(f"window ends before it starts: {self}")

    def contains(self, day: datetime.date, start: int, end: int) -> bool:
        return (
            day == self.day
            and clock_minutes(self.start) <= start
            and end <= clock_minutes(self.end)
        )

    def overlaps(self, day: datetime.date, start: int, end: int) -> bool:
        return (
            day == self.day and start < clock_minutes(self.end) and clock_minutes(self.start) < end
        )


def _frozen(values: Iterable) -> frozenset:
    return values if isinstance(values, frozenset) else frozenset(values)


@dataclass(frozen=True, kw_only=True, slots=True)
class Employee:
    """One person who may be placed this week.

    `max_hours` is already the lower of the contract's maximum and the legal weekly cap (the
    caller reads both from the contract and the rules table). `availability` None means
    available at any time of any day not in `unavailable_days`; otherwise a slot must fit in
    one window. `busy` holds the times already assigned this week (their hours are counted in
    `assigned_hours`). `remaining_capped_hours` is what is left before the commercial-sector
    cap of an AI placement, None when the cap does not apply to this person.
    `daily_max_hours` is the most a day may hold, the times of `busy` that day included
    (the legal daily maximum; None: no daily limit).
    """

    id: Id
    lat: float
    lon: float
    target_hours: Hours
    max_hours: Hours
    assigned_hours: Hours = 0
    availability: tuple[Window, ...] | None = None
    unavailable_days: frozenset[datetime.date] = frozenset()
    busy: tuple[Window, ...] = ()
    skills: frozenset[str] = frozenset()
    remaining_capped_hours: Hours | None = None
    previous_clients: frozenset[Id] = frozenset()
    daily_max_hours: Hours | None = None

    def __post_init__(self):
        object.__setattr__(self, "unavailable_days", _frozen(self.unavailable_days))
        object.__setattr__(self, "skills", _frozen(self.skills))
        object.__setattr__(self, "previous_clients", _frozen(self.previous_clients))
        object.__setattr__(self, "busy", tuple(self.busy))
        if self.availability is not None:
            object.__setattr__(self, "availability", tuple(self.availability))


@dataclass(frozen=True, kw_only=True, slots=True)
class Slot:
    """One time slot of a mission request to fill with one employee. `hours` defaults to the
    length of the slot; `client_is_capped` is true for a commercial-sector client (the AI cap
    applies), false for households, associations and local authorities."""

    id: Id
    request_id: Id
    client_id: Id
    client_is_capped: bool
    day: datetime.date
    start: datetime.time
    end: datetime.time
    lat: float
    lon: float
    hours: Hours | None = None
    required_skills: frozenset[str] = frozenset()

    def __post_init__(self):
        object.__setattr__(self, "required_skills", _frozen(self.required_skills))
        if self.end <= self.start:
            raise ValueError(
                f"slot {self.id!r} ends before it starts (night slots are not handled)"
            )
        if self.hours is None:
            object.__setattr__(
                self, "hours", Decimal(clock_minutes(self.end) - clock_minutes(self.start)) / 60
            )
        if to_minutes(self.hours) <= 0:
            raise ValueError(f"slot {self.id!r} has no hours")


@dataclass(frozen=True, kw_only=True, slots=True)
class Weights:
    """Integer weights of the objective (see the package docstring for the units).

    coverage: per slot covered; fairness: per minute given × hour of shortfall left at that
    minute; continuity: per slot given to someone who already worked for the client;
    travel: per km between the employee's home and the place (one way)."""

    coverage: int = 10_000
    fairness: int = 1
    continuity: int = 500
    travel: int = 20

    def __post_init__(self):
        for name in ("coverage", "fairness", "continuity", "travel"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"weight {name} must be a non-negative integer, not {value!r}")


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanningProblem:
    """One structure's week. On large weeks the model keeps, of the pairs allowed by the
    rules, each employee's `candidates_per_employee` best slots (by their best possible
    worth) and each slot's `candidates_per_slot` nearest employees; None keeps them all."""

    week: datetime.date
    employees: tuple[Employee, ...]
    slots: tuple[Slot, ...]
    weights: Weights = field(default_factory=Weights)
    time_limit_s: float = 10.0
    candidates_per_slot: int | None = 30
    candidates_per_employee: int | None = 20

    def __post_init__(self):
        object.__setattr__(self, "employees", tuple(self.employees))
        object.__setattr__(self, "slots", tuple(self.slots))
        if self.week.weekday() != 0:
            raise ValueError(f"the week must start on a Monday, not {self.week}")
        last = self.week + datetime.timedelta(days=6)
        for kind, items in (("employee", self.employees), ("slot", self.slots)):
            ids = [item.id for item in items]
            if len(set(ids)) != len(ids):
                raise ValueError(f"duplicate {kind} ids")
        for slot in self.slots:
            if not self.week <= slot.day <= last:
                raise ValueError(f"slot {slot.id!r} is outside the week of {self.week}")
        for name in ("candidates_per_slot", "candidates_per_employee"):
            if getattr(self, name) is not None and getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


@dataclass(frozen=True, slots=True)
class Assignment:
    slot_id: Id
    employee_id: Id


@dataclass(frozen=True, kw_only=True, slots=True)
class Components:
    """What a plan gives, term by term. Shortfalls are hours below the weekly target; the
    bottom quartile is the quarter of the employees furthest below target before planning."""

    covered_slots: int
    unfilled_slots: int
    covered_hours: float
    hours_per_employee: dict[Id, float]
    shortfall_before_hours: float
    shortfall_after_hours: float
    largest_shortfall_after_hours: float
    bottom_quartile_hours: float
    continuity_count: int
    travel_km: int
    fairness_reward: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Plan:
    assignments: tuple[Assignment, ...]
    status: str
    objective: int
    components: Components
    best_bound: int | None = None
    wall_time_s: float = 0.0
    candidates_truncated: bool = False

    def employee_for(self) -> dict[Id, Id]:
        """slot id → employee id (the last one if a hand-made plan repeats a slot)."""
        return {a.slot_id: a.employee_id for a in self.assignments}
