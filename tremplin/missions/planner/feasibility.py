"""The hard rules for one employee and one slot, and the distances: shared by the candidate
index, check_plan and explain_unfilled so that the three agree."""

from __future__ import annotations

import math

from .problem import Employee, Slot, clock_minutes

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def travel_km(employee: Employee, slot: Slot) -> int:
    """Whole kilometres from the employee's home to the slot's place (great circle)."""
    return round(haversine_km(employee.lat, employee.lon, slot.lat, slot.lon))


def slot_span(slot: Slot) -> tuple[int, int]:
    return clock_minutes(slot.start), clock_minutes(slot.end)


def is_available(employee: Employee, slot: Slot) -> bool:
    """The employee works that day, the slot fits in one of their windows (if they gave
    any) and does not meet a time already taken this week."""
    if slot.day in employee.unavailable_days:
        return False
    start, end = slot_span(slot)
    if employee.availability is not None and not any(
        window.contains(slot.day, start, end) for window in employee.availability
    ):
        return False
    return not any(window.overlaps(slot.day, start, end) for window in employee.busy)


def missing_skills(employee: Employee, slot: Slot) -> frozenset[str]:
    return slot.required_skills - employee.skills


def slots_overlap(a: Slot, b: Slot) -> bool:
    return a.day == b.day and a.start < b.end and b.start < a.end
