"""Small problems for the planner's tests: one employee or slot per line, with defaults
that make every pair possible (the test changes what it checks)."""

from __future__ import annotations

import datetime

from tremplin.missions.planner import Employee, PlanningProblem, Slot, Weights

WEEK = datetime.date(2025, 6, 2)  # a Monday
HOME = (45.76, 4.84)  # Lyon


def day(offset: int) -> datetime.date:
    return WEEK + datetime.timedelta(days=offset)


def at(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


def employee(id, **fields) -> Employee:
    values = {
        "lat": HOME[0],
        "lon": HOME[1],
        "target_hours": 26,
        "max_hours": 35,
        "assigned_hours": 10,
    }
    values.update(fields)
    return Employee(id=id, **values)


def slot(id, **fields) -> Slot:
    values = {
        "request_id": "r1",
        "client_id": "client",
        "client_is_capped": False,
        "day": WEEK,
        "start": at(9),
        "end": at(11),
        "lat": HOME[0],
        "lon": HOME[1],
    }
    values.update(fields)
    return Slot(id=id, **values)


def problem(employees, slots, **fields) -> PlanningProblem:
    return PlanningProblem(week=WEEK, employees=tuple(employees), slots=tuple(slots), **fields)


__all__ = ["HOME", "WEEK", "Weights", "at", "day", "employee", "problem", "slot"]
