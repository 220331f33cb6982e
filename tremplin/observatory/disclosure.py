"""Disclosure control of a *release*: everything one page, export, API answer or report
publishes for one area and period, protected as one problem (INSEE, « Manuel de protection
des tableaux », on linked and hierarchical tables).

Every published value — a table's cell, its margins, a région's total, the map, a headline —
is a linear combination of *base cells* (a structure-atom × category of one measure: e.g.
the people accompanied by the EI of the Isère). `release.py` builds those vectors; this
module decides what is hidden:

- Primary suppression (`Rules`): a value counting 1 to 4 people, made of 1 or 2 structures,
  or where one structure makes more than 85 % of it, is hidden. Nobody (0) is shown.
- Secondary suppression: a hidden value is *recoverable* when its vector lies in the row
  space of the published values' vectors (région total minus the départements shown…).
  While one is, the cheapest published value whose hiding frees it is hidden too, until
  none is. Values the reader already holds from another release (`given`: the network's
  figures for a delegation's page) count as published and are never hidden here.

The row-space test is done in floating point with a tolerance (SVD); the test suite
checks its result with exact rational arithmetic, an independent method.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np

from .definitions import THRESHOLD

Number = int | Decimal
TOLERANCE = 1e-9


class Reason(enum.StrEnum):
    PEOPLE = "people"  # fewer than THRESHOLD people
    STRUCTURES = "structures"  # fewer than 3 structures
    DOMINANCE = "dominance"  # one structure makes more than 85 %
    SECONDARY = "secondary"  # hidden to protect another value


@dataclass(frozen=True)
class Rules:
    min_people: int = THRESHOLD
    min_units: int = 3
    dominance: Fraction = Fraction(85, 100)


@dataclass
class Cell:
    """A published value: its vector over the base cells, its value and who is behind it.
    `units` (structures, a GES counting once) and `top` (the largest unit's part) are None
    where structure rules do not apply (a structure's own figures, a bare table)."""

    vector: dict[Hashable, float]
    value: Number
    people: int
    units: int | None = None
    top: Number | None = None
    margin: bool = False  # a total: hidden after inner cells of the same value


def primary(cell: Cell, rules: Rules) -> Reason | None:
    if 0 < cell.people < rules.min_people:
        return Reason.PEOPLE
    if cell.units is not None and 0 < cell.units < rules.min_units:
        return Reason.STRUCTURES
    if cell.top is not None and cell.value > 0:
        share = rules.dominance
        if Fraction(cell.top) * share.denominator > share.numerator * Fraction(cell.value):
            return Reason.DOMINANCE
    return None


def _direction(vector: dict) -> tuple:
    """Cells with parallel vectors publish the same information (the hours of a kind and
    its ETP): one status for all of them."""
    items = sorted(((k, c) for k, c in vector.items() if c), key=lambda kc: repr(kc[0]))
    if not items:
        return ()
    first = items[0][1]
    return tuple((k, float(f"{c / first:.12g}")) for k, c in items)


@dataclass
class _Direction:
    key: tuple
    cells: list[int] = field(default_factory=list)
    reason: Reason | None = None
    fixed: bool = False  # published elsewhere: never hidden here
    cost: tuple = ()


def protect_cells(
    cells: list[Cell],
    rules: Rules = Rules(),
    given: dict[tuple, Reason | None] | None = None,
) -> list[Reason | None]:
    """Why each cell is hidden (None: published). `given`: the statuses another release
    already published (`directions_of`), which this one keeps."""
    given = given or {}
    directions: dict[tuple, _Direction] = {}
    for index, cell in enumerate(cells):
        key = _direction(cell.vector)
        directions.setdefault(key, _Direction(key)).cells.append(index)
    for key, direction in directions.items():
        members = [cells[i] for i in direction.cells]
        if key in given:
            direction.reason, direction.fixed = given[key], given[key] is None
        else:
            direction.reason = next((r for r in (primary(c, rules) for c in members) if r), None)
        first = members[0]
        # In the base cells' unit (ETP × reference hours = hours), so costs compare.
        scale = sum(abs(c) for c in first.vector.values()) / max(1, len(first.vector)) or 1.0
        direction.cost = (
            first.value == 0,
            float(first.value) / scale,
            any(c.margin for c in members),
            repr(key),
        )
    for component in _components([d for d in directions.values() if d.key]):
        if any(d.key not in given for d in component):
            _secondary(component)
    result: list[Reason | None] = [None] * len(cells)
    for direction in directions.values():
        for index in direction.cells:
            if direction.reason is None or direction.key in given:
                result[index] = direction.reason
            else:
                # Parallel to a value hidden for its own count: hidden to protect it.
                result[index] = primary(cells[index], rules) or Reason.SECONDARY
    return result


def directions_of(cells: list[Cell], reasons: list[Reason | None]) -> dict[tuple, Reason | None]:
    """The statuses of a protected release, to give to the next one."""
    return {_direction(c.vector): r for c, r in zip(cells, reasons, strict=True)}


def _components(directions: list[_Direction]) -> list[list[_Direction]]:
    """Values sharing no base cell are independent problems."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for direction in directions:
        first = find(direction.key[0][0])
        for base, _c in direction.key[1:]:
            parent[find(base)] = first
    groups: dict = {}
    for direction in directions:
        groups.setdefault(find(direction.key[0][0]), []).append(direction)
    return list(groups.values())


def _secondary(component: list[_Direction]) -> None:
    """Hide the cheapest values until no hidden one lies in the published row space.

    Each round: published values on one base cell alone pin it (its column leaves the
    system); the other published values form A (rows, over the unpinned base cells) and
    C (their coefficients on the pinned ones); one SVD of A answers, for every hidden h,
    whether h is recoverable, and which published value, hidden alone, would free it:
    a row that no other row depends on and that h's representation uses, or a pinned base
    cell whose column lies in A's column space and that h's representation uses."""
    bases = sorted({k for d in component for k, _c in d.key}, key=repr)
    column = {k: i for i, k in enumerate(bases)}
    vectors = {}
    for d in component:
        v = np.zeros(len(bases))
        for k, c in d.key:
            v[column[k]] = c
        vectors[d.key] = v
    while True:
        hidden = sorted((d for d in component if d.reason is not None), key=lambda d: d.cost)
        published = [d for d in component if d.reason is None]
        singles: dict[int, list[_Direction]] = {}
        rows: list[_Direction] = []
        for d in published:
            if len(d.key) == 1:
                singles.setdefault(column[d.key[0][0]], []).append(d)
            else:
                rows.append(d)
        pinned = sorted(singles)
        unknown = [i for i in range(len(bases)) if i not in singles]
        full = np.array([vectors[d.key] for d in rows]).reshape(len(rows), len(bases))
        full = full / np.abs(full).max(axis=1, initial=1e-300)[:, None]
        A, C = full[:, unknown], full[:, pinned]
        if A.size:
            U, S, Vt = np.linalg.svd(A, full_matrices=False)
            rank = int((TOLERANCE * max(1.0, S.max(initial=0)) < S).sum())
        else:
            U, S, Vt, rank = np.zeros((len(rows), 0)), np.zeros(0), np.zeros((0, len(unknown))), 0
        Ur, Sr, Vr = U[:, :rank], S[:rank], Vt[:rank]
        pinv = (Vr.T / Sr) @ Ur.T
        independent = (Ur**2).sum(axis=1) > 1 - 1e-7
        in_colspace = np.abs(C - Ur @ (Ur.T @ C)).max(axis=0, initial=0) < 1e-7
        chosen_rows: set[int] = set()
        chosen_pins: set[int] = set()
        for h in hidden:
            b = vectors[h.key]
            bu, bp = b[unknown], b[pinned]
            if np.abs(bu - (bu @ Vr.T) @ Vr).max(initial=0) > 1e-7 * np.abs(b).max():
                continue  # not recoverable
            y = bu @ pinv  # h = y·rows + pinned part: h's representation (min-norm)
            pin_part = bp - y @ C
            uses = np.abs(y) > 1e-9
            pin_uses = np.abs(pin_part) > 1e-9
            if any(uses[r] for r in chosen_rows) or any(pin_uses[j] for j in chosen_pins):
                continue  # what this round hides may free it: look again next round
            freeing, involved = [], []
            for r, d in enumerate(rows):
                if uses[r] and not d.fixed:
                    (freeing if independent[r] else involved).append((d.cost, ("row", r)))
            for j, col in enumerate(pinned):
                if pin_uses[j] and not any(s.fixed for s in singles[col]):
                    cost = min(s.cost for s in singles[col])
                    (freeing if in_colspace[j] else involved).append((cost, ("pin", j)))
            options = freeing or involved
            if not options:
                continue  # only values published elsewhere give it back: nothing to do here
            _cost, (what, at) = min(options)
            if what == "row":
                rows[at].reason = Reason.SECONDARY
                chosen_rows.add(at)
            else:
                for s in singles[pinned[at]]:
                    s.reason = Reason.SECONDARY
                chosen_pins.add(at)
        if not chosen_rows and not chosen_pins:
            return


# A single table (rows × columns, with totals), kept for the tests of the method -----------


@dataclass
class Protected:
    """The published table: None where a value is hidden."""

    cells: list[list[Number | None]]
    row_totals: list[Number | None]
    column_totals: list[Number | None]
    total: Number | None
    primary: set[tuple[int, int]] = field(default_factory=set)  # hidden for their count
    secondary: set[tuple[int, int]] = field(default_factory=set)  # hidden to protect them

    @property
    def hidden(self) -> int:
        return len(self.primary) + len(self.secondary)


def protect(
    values: list[list[Number]],
    people: list[list[int]] | None = None,
    threshold: int = THRESHOLD,
) -> Protected:
    """Publish `values` (rows × columns) with their totals: a release of one table whose
    base cells are its inner cells. `people` counts the people behind each cell (the
    values themselves when omitted: a table of people)."""
    people = people if people is not None else values
    R = len(values)
    C = len(values[0]) if R else 0
    full = _with_margins(values)
    counts = _with_margins(people)
    positions = [(r, c) for r in range(R + 1) for c in range(C + 1)]
    cells = []
    for r, c in positions:
        rows = range(R) if r == R else [r]
        columns = range(C) if c == C else [c]
        vector = {(i, j): 1.0 for i in rows for j in columns}
        cells.append(Cell(vector, full[r][c], counts[r][c], margin=r == R or c == C))
    reasons = protect_cells(cells, Rules(min_people=threshold))
    status = dict(zip(positions, reasons, strict=True))
    hidden = {p for p, reason in status.items() if reason}
    return Protected(
        cells=[[None if (r, c) in hidden else values[r][c] for c in range(C)] for r in range(R)],
        row_totals=[None if (r, C) in hidden else full[r][C] for r in range(R)],
        column_totals=[None if (R, c) in hidden else full[R][c] for c in range(C)],
        total=None if (R, C) in hidden else full[R][C],
        primary={p for p, reason in status.items() if reason and reason != Reason.SECONDARY},
        secondary={p for p, reason in status.items() if reason == Reason.SECONDARY},
    )


def _with_margins(table: list[list[Number]]) -> list[list[Number]]:
    rows = [[*list(row), sum(row, 0)] for row in table]
    columns = len(rows[0]) if rows else 1
    rows.append([sum((row[c] for row in rows), 0) for c in range(columns)])
    return rows
