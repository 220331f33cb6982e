"""Checks of a plan against the hard rules, and why a slot stayed open. Messages are in
French: the staff reads them on the week grid."""

from __future__ import annotations

from collections.abc import Iterable

from tremplin.rules import rule

from .feasibility import is_available, missing_skills, slots_overlap, travel_km
from .problem import Assignment, Employee, Id, Plan, PlanningProblem, Slot, to_minutes
from .scoring import (
    capacity_minutes,
    capped_minutes_left,
    daily_room_minutes,
    fairness_reward,
    pair_value,
    shortfall_minutes,
)

NOBODY_AVAILABLE = "personne n'est disponible"
SKILL_MISSING = "compétence manquante : {skills}"
ALL_BUSY = "toutes les personnes disponibles sont déjà prises à cet horaire"
ALL_AT_MAXIMUM = "toutes les personnes disponibles ont déjà leur maximum d'heures"
CAP_REACHED = "plafond de {cap} h atteint pour les personnes disponibles"
TOO_FAR = "les personnes disponibles habitent trop loin pour ce créneau"
STILL_POSSIBLE = (
    "des personnes disponibles pourraient encore le prendre (non retenues par le planificateur)"
)


def hours_label(minutes: int) -> str:
    """2 h, 2,5 h, 1,25 h: hours the French way."""
    text = f"{minutes / 60:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} h"


def _cap_hours(problem: PlanningProblem) -> int:
    return rule("ai.commercial_cap_hours", problem.week)


def _assignments(plan: Plan | Iterable[Assignment]) -> list[Assignment]:
    return list(plan.assignments if isinstance(plan, Plan) else plan)


class _Week:
    """What a plan already gives each employee: minutes, capped minutes, slots."""

    def __init__(self, problem: PlanningProblem, assignments: list[Assignment]):
        self.slots = {s.id: s for s in problem.slots}
        self.employees = {e.id: e for e in problem.employees}
        self.given: dict[Id, int] = dict.fromkeys(self.employees, 0)
        self.capped: dict[Id, int] = dict.fromkeys(self.employees, 0)
        self.taken: dict[Id, list[Slot]] = {e: [] for e in self.employees}
        seen = set()
        for a in assignments:
            if a.slot_id in seen or a.slot_id not in self.slots:
                continue
            if a.employee_id not in self.employees:
                continue
            seen.add(a.slot_id)
            slot = self.slots[a.slot_id]
            self.given[a.employee_id] += to_minutes(slot.hours)
            if slot.client_is_capped:
                self.capped[a.employee_id] += to_minutes(slot.hours)
            self.taken[a.employee_id].append(slot)
        self.filled = seen


def check_plan(problem: PlanningProblem, plan: Plan | Iterable[Assignment]) -> list[str]:
    """Every broken hard rule of the plan, one French message each; empty when the plan
    may be accepted."""
    assignments = _assignments(plan)
    week = _Week(problem, assignments)
    errors: list[str] = []
    counted: dict[Id, int] = {}
    for a in assignments:
        if a.slot_id not in week.slots:
            errors.append(f"créneau inconnu : {a.slot_id}")
            continue
        if a.employee_id not in week.employees:
            errors.append(f"personne inconnue : {a.employee_id}")
            continue
        counted[a.slot_id] = counted.get(a.slot_id, 0) + 1
        if counted[a.slot_id] == 2:
            errors.append(f"créneau {a.slot_id} : attribué à plusieurs personnes")
        employee, slot = week.employees[a.employee_id], week.slots[a.slot_id]
        if not is_available(employee, slot):
            errors.append(f"créneau {slot.id} : {employee.id} n'est pas disponible")
        missing = missing_skills(employee, slot)
        if missing:
            errors.append(
                f"créneau {slot.id} : {employee.id} n'a pas la compétence requise "
                f"({', '.join(sorted(missing))})"
            )
    for employee in problem.employees:
        errors.extend(_employee_errors(problem, week, employee))
    return errors


def _employee_errors(problem: PlanningProblem, week: _Week, employee: Employee) -> list[str]:
    errors = []
    taken = sorted(week.taken[employee.id], key=lambda s: (s.day, s.start))
    for i, a in enumerate(taken):
        for b in taken[i + 1 :]:
            if slots_overlap(a, b):
                errors.append(
                    f"{employee.id} a deux créneaux qui se chevauchent : {a.id} et {b.id}"
                )
    given = week.given[employee.id]
    days: dict = {}
    for slot in taken:
        days[slot.day] = days.get(slot.day, 0) + to_minutes(slot.hours)
    for day, minutes in sorted(days.items()):
        room = daily_room_minutes(employee, day)
        if room is not None and minutes > room:
            errors.append(
                f"{employee.id} dépasse son maximum de la journée le {day:%d/%m/%Y} : "
                f"{hours_label(minutes)} de plus pour {hours_label(room)} possibles"
            )
    if given > capacity_minutes(employee):
        total = to_minutes(employee.assigned_hours) + given
        errors.append(
            f"{employee.id} dépasse son maximum de la semaine : {hours_label(total)} "
            f"pour {hours_label(to_minutes(employee.max_hours))}"
        )
    cap_left = capped_minutes_left(employee)
    if cap_left is not None and week.capped[employee.id] > cap_left:
        errors.append(
            f"{employee.id} dépasse le plafond de {_cap_hours(problem)} h : "
            f"{hours_label(week.capped[employee.id])} chez des clients du secteur marchand "
            f"pour {hours_label(cap_left)} restantes"
        )
    return errors


def explain_unfilled(problem: PlanningProblem, plan: Plan | Iterable[Assignment]) -> dict[Id, str]:
    """For each open slot, the first rule that stops every employee, checked in this order:
    availability, skills, a slot of the plan at the same time, the weekly maximum, the
    commercial-sector cap; when someone could still take it, why the planner did not."""
    week = _Week(problem, _assignments(plan))
    return {
        slot.id: _reason(problem, week, slot)
        for slot in problem.slots
        if slot.id not in week.filled
    }


def _reason(problem: PlanningProblem, week: _Week, slot: Slot) -> str:
    minutes = to_minutes(slot.hours)
    people = [e for e in problem.employees if is_available(e, slot)]
    if not people:
        return NOBODY_AVAILABLE
    skilled = [e for e in people if not missing_skills(e, slot)]
    if not skilled:
        held = frozenset().union(*(e.skills for e in people))
        missing = (slot.required_skills - held) or slot.required_skills
        return SKILL_MISSING.format(skills=", ".join(sorted(missing)))
    people = [e for e in skilled if not any(slots_overlap(slot, t) for t in week.taken[e.id])]
    if not people:
        return ALL_BUSY
    people = [
        e
        for e in people
        if week.given[e.id] + minutes <= capacity_minutes(e)
        and _day_fits(week, e, slot.day, minutes)
    ]
    if not people:
        return ALL_AT_MAXIMUM
    if slot.client_is_capped:
        people = [
            e
            for e in people
            if capped_minutes_left(e) is None
            or week.capped[e.id] + minutes <= capped_minutes_left(e)
        ]
        if not people:
            return CAP_REACHED.format(cap=_cap_hours(problem))
    fairness = problem.weights.fairness
    for e in people:
        shortfall, given = shortfall_minutes(e), week.given[e.id]
        gain = fairness_reward(shortfall, given + minutes) - fairness_reward(shortfall, given)
        if pair_value(problem, e, slot) + fairness * gain > 0:
            return STILL_POSSIBLE
    return TOO_FAR


def _day_fits(week: _Week, employee: Employee, day, minutes: int) -> bool:
    room = daily_room_minutes(employee, day)
    if room is None:
        return True
    given = sum(to_minutes(s.hours) for s in week.taken[employee.id] if s.day == day)
    return given + minutes <= room


def alternatives(problem: PlanningProblem, slot: Slot, limit: int = 8) -> list[Employee]:
    """Who could take the slot, taken alone (available that day and time, with the skills),
    nearest first: the choices offered when the staff edits a proposal. The whole plan is
    checked again when it is accepted."""
    able = [e for e in problem.employees if is_available(e, slot) and not missing_skills(e, slot)]
    return sorted(able, key=lambda e: (travel_km(e, slot), e.id))[:limit]
