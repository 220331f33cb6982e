"""Disclosure control of a table published outside its structures.

A table is rows × columns of values (people, or hours) with their row totals, column
totals and grand total, all published. Each cell also knows how many people it counts.

- Primary suppression: a cell, or a total, counting from 1 to THRESHOLD − 1 people is
  hidden (nobody, 0, is shown: it reveals nothing about a person).
- Secondary suppression: the published values tie the hidden ones by linear equations
  (each row adds up to its total, each column to its total, the totals to the grand
  total). A hidden value is *recoverable* when those equations fix it — e.g. the only hidden
  cell of a row is its total minus the others. While one is, another value is hidden (the
  smallest in the same row or column), until none is.

Recoverability is decided exactly as linear algebra says: with the hidden values as
unknowns, a value is fixed by the equations if and only if every solution of the
homogeneous system leaves it at zero — i.e. its coordinate vanishes on the null space of
the system's matrix. The test suite checks the result with exact rational arithmetic, an
independent method, on random tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from .definitions import THRESHOLD

Number = int | Decimal


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


class _Layout:
    """Variables: the R×C cells, then R row totals, then C column totals, then the grand
    total. Positions (r, c) with r == R or c == C address the margins."""

    def __init__(self, rows: int, columns: int):
        self.rows, self.columns = rows, columns
        self.size = rows * columns + rows + columns + 1

    def index(self, r: int, c: int) -> int:
        R, C = self.rows, self.columns
        if r < R and c < C:
            return r * C + c
        if c == C and r < R:
            return R * C + r
        if r == R and c < C:
            return R * C + R + c
        return self.size - 1

    def equations(self) -> np.ndarray:
        R, C = self.rows, self.columns
        rows = []
        for r in range(R):  # a row adds up to its total
            eq = np.zeros(self.size)
            for c in range(C):
                eq[self.index(r, c)] = 1
            eq[self.index(r, C)] = -1
            rows.append(eq)
        for c in range(C):  # a column adds up to its total
            eq = np.zeros(self.size)
            for r in range(R):
                eq[self.index(r, c)] = 1
            eq[self.index(R, c)] = -1
            rows.append(eq)
        for margin in ("rows", "columns"):  # the totals add up to the grand total
            eq = np.zeros(self.size)
            if margin == "rows":
                for r in range(R):
                    eq[self.index(r, C)] = 1
            else:
                for c in range(C):
                    eq[self.index(R, c)] = 1
            eq[self.size - 1] = -1
            rows.append(eq)
        return np.array(rows)


def recoverable(equations: np.ndarray, hidden: list[int]) -> list[int]:
    """The hidden variables the equations fix, given every other variable."""
    if not hidden:
        return []
    matrix = equations[:, hidden]
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(1.0, singular.max(initial=0))).sum())
    null = vt[rank:]
    return [
        var for k, var in enumerate(hidden) if null.shape[0] == 0 or np.all(abs(null[:, k]) < 1e-9)
    ]


def protect(
    values: list[list[Number]],
    people: list[list[int]] | None = None,
    threshold: int = THRESHOLD,
) -> Protected:
    """Publish `values` (rows × columns) with their totals; `people` counts the people
    behind each cell (the values themselves when omitted: a table of people)."""
    people = people if people is not None else values
    R = len(values)
    C = len(values[0]) if R else 0
    layout = _Layout(R, C)
    full = _with_margins(values)
    counts = _with_margins(people)
    primary = {(r, c) for r in range(R + 1) for c in range(C + 1) if 0 < counts[r][c] < threshold}
    hidden = set(primary)
    equations = layout.equations()
    position = {layout.index(r, c): (r, c) for r in range(R + 1) for c in range(C + 1)}
    while True:
        fixed = recoverable(equations, sorted(layout.index(r, c) for r, c in hidden))
        if not fixed:
            break
        r, c = position[fixed[0]]
        candidates = _partners(full, hidden, r, c, R, C)
        # The cheapest value whose hiding frees this one; else the cheapest, and go on.
        for candidate in candidates:
            trial = sorted(layout.index(i, j) for i, j in hidden | {candidate})
            if fixed[0] not in recoverable(equations, trial):
                hidden.add(candidate)
                break
        else:
            hidden.add(candidates[0])
    cells = [[None if (r, c) in hidden else values[r][c] for c in range(C)] for r in range(R)]
    return Protected(
        cells=cells,
        row_totals=[None if (r, C) in hidden else full[r][C] for r in range(R)],
        column_totals=[None if (R, c) in hidden else full[R][c] for c in range(C)],
        total=None if (R, C) in hidden else full[R][C],
        primary=primary,
        secondary=hidden - primary,
    )


def _with_margins(table: list[list[Number]]) -> list[list[Number]]:
    rows = [[*list(row), sum(row, 0)] for row in table]
    columns = len(rows[0]) if rows else 1
    rows.append([sum((row[c] for row in rows), 0) for c in range(columns)])
    return rows


def _partners(full, hidden, r, c, R, C) -> list[tuple[int, int]]:
    """Values that could be hidden with (r, c), cheapest first: those of its row and
    column, smallest first, zeros last (hiding a zero protects little: nobody is below),
    inner cells before totals of the same value; then any other."""
    line = [(r, k) for k in range(C + 1) if k != c] + [(k, c) for k in range(R + 1) if k != r]
    rest = [(i, j) for i in range(R + 1) for j in range(C + 1) if (i, j) not in line]

    def cost(p):
        value = full[p[0]][p[1]]
        return (value == 0, value, p[0] == R or p[1] == C, p)

    return [
        *sorted((p for p in line if p not in hidden), key=cost),
        *sorted((p for p in rest if p not in hidden and p != (r, c)), key=cost),
    ]
