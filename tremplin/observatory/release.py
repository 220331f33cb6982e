"""A release: the values one page (its exports, API answer and PDF report alike) publishes
for an area and a period, each written as a linear combination of base cells, and
protected together by `disclosure.protect_cells`.

Base cells are (measure, atom, category): an atom is the set of structures no published
value tells apart (e.g. the EI of the Isère when the page cuts by département and by kind),
so that each published value is a sum of base cells:
- people accompanied, entries, path lengths by band,
  each profile trait, barriers identified and lifted: one measure each;
- hours: the mission hours by kind of client and the contracts' hours are the base; the
  hours of a structure that records time entries are its mission hours, its ETP are
  hours ÷ the reference hours of its mesure, its aide au poste ETP × the amount (taken as
  proportional: an attacker is assumed to know more, never less);
- exits: counted and not counted, by ASP category; a recorded exit is the sum of both,
  and the not-counted part, never shown, is released as hidden-able values all the same
  (`layout.Layout.unshown`), so that recorded minus counted never gives a small one away;
- unmet demand: by mission département and activity.
Base cells that hold nothing are taken as known to be empty (again, more than a reader
knows). A delegation's page is protected with the network's release as what its reader
already knows (`given`): a value hidden on either stays hidden from both.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np

from tremplin.missions.models import ClientKind
from tremplin.network.models import Structure
from tremplin.rules import rule
from tremplin.rules.table import UnknownRule

from .compute import periods
from .definitions import PATH_BANDS, THRESHOLD
from .disclosure import Cell, Reason, Rules, directions_of, protect_cells
from .models import Figure

ATTRIBUTES = ("region", "departement", "kind", "delegation")
HOURS_BASES = (*ClientKind.values, "contracts")
DERIVED = {"etp", "aide_poste"}  # never a base cell of their own
EXIT_PARTS = {"counted_exits": "counted", "uncounted_exits": "uncounted"}


@dataclass(frozen=True)
class Spec:
    """One published value: the structures it adds up (`where`: attribute = value, all of
    them) and the figures (key, category) it adds."""

    where: tuple[tuple[str, object], ...]
    source: tuple[tuple[str, str], ...]
    margin: bool = False

    @property
    def family(self) -> str:
        return _bases(*self.source[0])[0][0] if self.source else ""


@dataclass
class Value:
    value: Decimal
    people: int
    units: int
    top: Decimal
    reason: Reason | None = None

    @property
    def shown(self) -> Decimal | None:
        return None if self.reason else self.value


def band_of(bucket: str) -> str:
    months = int(bucket)
    return next(code for code, _label, span in PATH_BANDS if months in span)


def _bases(key: str, category: str) -> list[tuple[str, str]]:
    """(family, base category) a figure adds to."""
    if key == "hours":
        if category == "time_entries":  # its mission hours, by kind of client
            return [("hours", c) for c in ClientKind.values]
        return [("hours", "contracts")]
    if key in DERIVED:
        return [("hours", c) for c in HOURS_BASES]
    if key == "mission_hours":
        return [("hours", category)]
    if key == "path_length":
        return [("path_length", band_of(category))]
    if key == "profile":
        return [(f"profile:{category}", category)]
    if key in EXIT_PARTS:  # one family: recorded exits are counted + not counted
        return [("exits", f"{category}|{EXIT_PARTS[key]}")]
    if key == "exits":
        return [("exits", f"{category}|{part}") for part in EXIT_PARTS.values()]
    return [(key, category)]


class Directory:
    """The structures of the network (public: the directory lists them), as arrays."""

    def __init__(self):
        structures = list(
            Structure.objects.order_by("pk").values_list(
                "pk",
                "commune__departement__region_id",
                "commune__departement_id",
                "kind",
                "delegation_id",
                "group_id",
            )
        )
        self.index = {row[0]: i for i, row in enumerate(structures)}
        self.attributes = {
            name: np.array([row[1 + k] for row in structures], dtype=object)
            for k, name in enumerate(ATTRIBUTES)
        }
        self.attributes["pk"] = np.array([row[0] for row in structures], dtype=object)
        # A GES counts once: its structures are one organisation (INSEE's unit).
        units = [("g", row[5]) if row[5] else ("s", row[0]) for row in structures]
        unit_index = {u: i for i, u in enumerate(dict.fromkeys(units))}
        self.unit = np.array([unit_index[u] for u in units], dtype=np.int64)
        self.units = len(unit_index)


class Data:
    """The figures of one year and period, per (key, category): which structure, how
    much, how many people."""

    def __init__(self, year: int, period: str, *, directory: Directory, keys=None, figures=None):
        self.year, self.period = year, period
        self.last = next(p.last for p in periods(year) if p.code == period)
        self.index, self.attributes = directory.index, directory.attributes
        self.unit, self.units = directory.unit, directory.units
        figures = (Figure.objects.all() if figures is None else figures).filter(
            year=year, period=period
        )
        if keys is not None:
            figures = figures.filter(key__in=keys)
        grouped: dict[tuple[str, str], list] = defaultdict(lambda: ([], [], []))
        for structure_id, key, category, value, people in figures.values_list(
            "structure_id", "key", "category", "value", "people"
        ):
            rows = grouped[key, category]
            rows[0].append(self.index[structure_id])
            rows[1].append(int(value * 100))
            rows[2].append(people)
        self.rows = {
            k: (np.array(s, dtype=np.int64), np.array(v, dtype=np.int64), np.array(n))
            for k, (s, v, n) in grouped.items()
        }
        self._masks: dict = {}

    def categories(self, key: str) -> list[str]:
        return sorted(c for k, c in self.rows if k == key)

    def mask(self, where) -> np.ndarray:
        if where not in self._masks:
            mask = np.ones(len(self.unit), bool)
            for name, value in where:
                mask &= self.attributes[name] == value
            self._masks[where] = mask
        return self._masks[where]

    def value(self, spec: Spec) -> Value:
        mask = self.mask(spec.where)
        units = np.zeros(self.units, dtype=np.int64)
        cents, people = 0, 0
        for source in spec.source:
            if source not in self.rows:
                continue
            s, v, n = self.rows[source]
            keep = mask[s]
            cents += int(v[keep].sum())
            people += int(n[keep].sum())
            np.add.at(units, self.unit[s[keep]], v[keep])
        contributing = units[units != 0]
        return Value(
            value=Decimal(cents) / 100,
            people=people,
            units=len(contributing),
            top=Decimal(int(contributing.max(initial=0))) / 100,
        )

    def coefficient(self, key: str, kind: str) -> float:
        """What one base hour weighs in a figure of `key` of a structure of `kind`."""
        if key not in DERIVED:
            return 1.0
        hours = float(rule(f"etp.reference_hours.{kind}", self.last))
        if key == "etp":
            return 1 / hours
        try:
            return float(rule(f"aide_poste.{kind}", self.last)) / hours
        except UnknownRule:
            return 0.0


@dataclass
class Release:
    specs: list[Spec]
    values: list[Value] = field(default_factory=list)

    def of(self, spec: Spec) -> Value:
        return self.values[self._position[spec]]

    def __post_init__(self):
        self._position = {spec: i for i, spec in enumerate(self.specs)}


def rules_on(day: datetime.date) -> Rules:
    return Rules(
        min_people=THRESHOLD,
        min_units=rule("disclosure.min_structures", day),
        dominance=Fraction(rule("disclosure.dominance_share", day)),
    )


def evaluate(data: Data, specs: list[Spec]) -> Release:
    """The values as they are (a structure's own figures)."""
    unique = list(dict.fromkeys(specs))
    release = Release(unique)
    release.values = [data.value(spec) for spec in unique]
    return release


def protect(data: Data, specs: list[Spec], given: Release | None = None) -> Release:
    """The values of `specs`, hidden where disclosure control says, consistently with
    `given` (a release protected before, that the same reader sees)."""
    release = evaluate(data, specs)
    everything = release.specs + (given.specs if given else [])
    vectors = _vectors(data, everything)
    cells = [
        Cell(vectors[spec], v.value, v.people, v.units, v.top, spec.margin)
        for spec, v in zip(release.specs, release.values, strict=True)
    ]
    known = None
    if given:
        # The given release takes part in the problem as a whole, not only where its
        # values coincide with this one's: what it publishes are equations the reader
        # holds (the network's hours of the EI minus the delegation's…), what it hides
        # must stay hidden. Its statuses are kept (`known`): only this release's values
        # may be hidden here.
        known_cells = [
            Cell(vectors[spec], v.value, v.people, v.units, v.top, spec.margin)
            for spec, v in zip(given.specs, given.values, strict=True)
        ]
        known = directions_of(known_cells, [v.reason for v in given.values])
        cells += known_cells
    reasons = protect_cells(cells, rules_on(data.last), known)
    for value, reason in zip(release.values, reasons[: len(release.values)], strict=True):
        value.reason = reason
    return release


def _vectors(data: Data, specs: list[Spec]) -> dict[Spec, dict]:
    """Each spec over the base cells (family, atom, category), atoms being the finest
    partition of structures the specs of its family tell apart."""
    used: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for spec in specs:
        for name, value in spec.where:
            used[spec.family][name].add(value)
    used["hours"]["kind"] |= set(data.attributes["kind"])  # the coefficients depend on it
    atoms: dict[str, np.ndarray] = {}
    for family, names in used.items():
        columns = [
            [v if v in names[name] else None for v in data.attributes[name]] for name in ATTRIBUTES
        ]
        atoms[family] = np.array(
            [hash(t) for t in zip(*columns, strict=True)] if columns[0] else [], dtype=np.int64
        )
    # Base cells that hold something (the others are taken as known to be empty).
    present: set = set()
    for (key, category), (s, _v, _n) in data.rows.items():
        if key in DERIVED or (key == "hours" and category == "time_entries"):
            continue
        for family, base in _bases(key, category):
            family_atoms = atoms.get(family)
            for atom in np.unique(family_atoms[s]).tolist() if family_atoms is not None else [0]:
                present.add((family, atom, base))
    result = {}
    for spec in specs:
        mask = data.mask(spec.where)
        family_atoms = atoms.get(spec.family)
        vector: dict = {}
        for key, category in spec.source:
            pairs = _bases(key, category)
            if key in DERIVED:
                kinds = set(data.attributes["kind"][mask].tolist())
                for kind in kinds:
                    coefficient = data.coefficient(key, kind)
                    where = mask & (data.attributes["kind"] == kind)
                    for atom in np.unique(family_atoms[where]).tolist():
                        for family, base in pairs:
                            if (family, atom, base) in present and coefficient:
                                vector[family, atom, base] = coefficient
                continue
            atom_set = np.unique(family_atoms[mask]).tolist() if family_atoms is not None else [0]
            for atom in atom_set:
                for family, base in pairs:
                    if (family, atom, base) in present:
                        vector[family, atom, base] = 1.0
        result[spec] = vector
    return result
