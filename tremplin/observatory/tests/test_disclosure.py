"""Disclosure control: the threshold, secondary suppression, and — on random tables, checked
with exact rational arithmetic — no hidden value recoverable from what is published."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tremplin.observatory.disclosure import protect


def _published_system(values, result):
    """Unknowns and equations of the published table, as exact fractions: each row adds up
    to its total, each column to its total, the totals to the grand total."""
    R, C = len(values), len(values[0])
    grid = [[*row[:], t] for row, t in zip(result.cells, result.row_totals, strict=True)]
    grid.append([*result.column_totals, result.total])
    names = [(r, c) for r in range(R + 1) for c in range(C + 1) if grid[r][c] is None]
    equations = []

    def equation(terms):  # terms: [(coefficient, r, c)] -> (unknown coefficients, constant)
        row, constant = [Fraction(0)] * len(names), Fraction(0)
        for coefficient, r, c in terms:
            if grid[r][c] is None:
                row[names.index((r, c))] += coefficient
            else:
                constant -= coefficient * Fraction(grid[r][c])
        return row, constant

    for r in range(R):
        equations.append(equation([(1, r, c) for c in range(C)] + [(-1, r, C)]))
    for c in range(C):
        equations.append(equation([(1, r, c) for r in range(R)] + [(-1, R, c)]))
    equations.append(equation([(1, r, C) for r in range(R)] + [(-1, R, C)]))
    equations.append(equation([(1, R, c) for c in range(C)] + [(-1, R, C)]))
    return names, equations


def _rank(rows):
    rows = [r[:] for r in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for col in range(columns):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def recoverable_exactly(values, result):
    """Hidden positions whose value the published equations fix: e_k lies in the row space
    of the system iff adding it does not raise the rank."""
    names, equations = _published_system(values, result)
    matrix = [row for row, _constant in equations]
    base = _rank(matrix)
    fixed = []
    for k, name in enumerate(names):
        unit = [Fraction(int(i == k)) for i in range(len(names))]
        if _rank([*matrix, unit]) == base:
            fixed.append(name)
    return fixed


def test_cells_under_five_people_are_hidden_and_zeros_shown():
    result = protect([[12, 4, 0], [9, 7, 15]])
    assert result.cells[0][1] is None and result.cells[0][2] == 0
    assert (0, 1) in result.primary
    # Row 0 alone would give the 4 back (16 − 12 − 0): another cell of row 0 or column 1
    # is hidden too, and nothing is recoverable.
    assert result.secondary
    assert recoverable_exactly([[12, 4, 0], [9, 7, 15]], result) == []


def test_threshold_boundary():
    assert protect([[4, 20], [20, 20]]).cells[0][0] is None
    assert protect([[5, 20], [20, 20]]).cells[0][0] == 5
    assert protect([[5, 20], [20, 20]]).hidden == 0


def test_small_totals_are_hidden_too():
    result = protect([[1, 2], [30, 40]])
    assert result.row_totals[0] is None  # 3 people
    assert recoverable_exactly([[1, 2], [30, 40]], result) == []


def test_hours_are_hidden_by_the_people_behind_them():
    hours = [[120, 35], [400, 260]]
    people = [[6, 2], [14, 9]]
    result = protect(hours, people)
    # 2 people behind the 35 hours: hidden, and one more value of its row or column with it.
    assert result.cells[0][1] is None and len(result.secondary) >= 1
    assert recoverable_exactly(hours, result) == []


small_counts = st.one_of(st.integers(0, 4), st.integers(0, 40))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda r: st.integers(1, 5).flatmap(
            lambda c: st.lists(
                st.lists(small_counts, min_size=c, max_size=c), min_size=r, max_size=r
            )
        )
    )
)
def test_no_hidden_cell_is_recoverable_from_the_published_margins(table):
    result = protect(table)
    # Every count from 1 to 4 is hidden, cells and totals alike.
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            if 0 < value < 5:
                assert result.cells[r][c] is None
        if 0 < sum(row) < 5:
            assert result.row_totals[r] is None
    assert recoverable_exactly(table, result) == []
    # What is shown is the truth.
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            assert result.cells[r][c] in (None, value)


def test_the_exact_check_does_find_a_recoverable_cell():
    """Primary suppression alone leaves the 4 recoverable (16 − 12 − 0): the checker sees it."""
    from tremplin.observatory.disclosure import Protected

    naive = Protected(
        cells=[[12, None, 0], [9, 7, 15]],
        row_totals=[16, 31],
        column_totals=[21, 11, 15],
        total=47,
    )
    assert recoverable_exactly([[12, 4, 0], [9, 7, 15]], naive) == [(0, 1)]
