"""Training hours of the employees in insertion paths: the hours they actually attended
(half-days signed « present » × the half-day's hours) in the federation's trainings
registered by their structure, by year — for a structure (its own figure, unprotected like
the rest of its page), and by région for the network or a delegation, through the
observatory's disclosure control (disclosure.protect_cells: fewer than 5 people, fewer than
3 structures or one structure making more than 85 % hide a value, and the total is
protected with them)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from tremplin.training.models import Attendance, Presence, TraineeCategory

from .definitions import hidden_label
from .disclosure import Cell, Rules, protect_cells


@dataclass
class Row:
    label: str
    hours: Decimal | None
    people: int | None
    hidden: str | None = None  # why, in words


@dataclass
class TrainingHours:
    year: int
    rows: list[Row] = field(default_factory=list)
    total: Row | None = None


def _attended(year: int, structure_ids=None):
    """(structure, group, région code, région name, person, hours) of each present half-day
    of an insertion registration in the year. One query."""
    rows = Attendance.objects.filter(
        presence=Presence.PRESENT,
        half_day__date__year=year,
        registration__category=TraineeCategory.INSERTION,
    )
    if structure_ids is not None:
        rows = rows.filter(registration__structure_id__in=structure_ids)
    for values in rows.values_list(
        "registration__structure_id",
        "registration__structure__group_id",
        "registration__structure__commune__departement__region_id",
        "registration__structure__commune__departement__region__name",
        "registration__person_id",
        "half_day__starts_at",
        "half_day__ends_at",
    ).order_by():
        *key, starts, ends = values
        minutes = (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)
        yield (*key, Decimal(minutes) / Decimal(60))


def for_structure(structure, year: int) -> TrainingHours:
    hours, people = Decimal(0), set()
    for *_key, person_id, value in _attended(year, [structure.pk]):
        hours += value
        people.add(person_id)
    figure = TrainingHours(year=year)
    figure.total = Row(structure.name, hours, len(people))
    return figure


def by_region(year: int, *, structure_ids=None, label: str = "") -> TrainingHours:
    """By région, each value and the total protected as one release."""
    hours: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    people: dict[str, set[int]] = defaultdict(set)
    names: dict[str, str] = {}
    unit_of: dict[int, str] = {}
    for structure_id, group_id, region, name, person_id, value in _attended(year, structure_ids):
        hours[region][structure_id] += value
        people[region].add(person_id)
        names[region] = name
        # A group of structures (GES) counts as one unit, as everywhere in the observatory.
        unit_of[structure_id] = f"g{group_id}" if group_id else f"s{structure_id}"
    regions = sorted(hours, key=lambda code: names[code])

    def cell(codes, *, margin=False) -> Cell:
        by_unit: dict[str, Decimal] = defaultdict(Decimal)
        for code in codes:
            for structure_id, value in hours[code].items():
                by_unit[unit_of[structure_id]] += value
        return Cell(
            vector={sid: 1.0 for code in codes for sid in hours[code]},
            value=sum(by_unit.values(), Decimal(0)),
            people=len(set().union(*(people[code] for code in codes))) if codes else 0,
            units=len(by_unit),
            top=max(by_unit.values(), default=Decimal(0)),
            margin=margin,
        )

    cells = [cell([code]) for code in regions] + [cell(regions, margin=True)]
    reasons = protect_cells(cells, Rules())
    rows = [
        Row(
            names[code],
            None if reason else c.value,
            None if reason else c.people,
            hidden_label(reason),
        )
        for code, c, reason in zip(regions, cells, reasons, strict=False)
    ]
    total, reason = cells[-1], reasons[-1]
    return TrainingHours(
        year=year,
        rows=rows,
        total=Row(
            label,
            None if reason else total.value,
            None if reason else total.people,
            hidden_label(reason),
        ),
    )


def figure_for(area, year: int) -> TrainingHours:
    """The figure of an observatory page's area (selectors.Area)."""
    if area.kind == "structure":
        return for_structure(area.structure, year)
    if area.kind == "delegation":
        ids = list(area.delegation.structures.values_list("pk", flat=True))
        return by_region(year, structure_ids=ids, label=area.label)
    return by_region(year, label=area.label)
