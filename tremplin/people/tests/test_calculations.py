"""The rules of insertion paths at their boundaries: the day before, of and after."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tremplin.people import calculations as calc
from tremplin.people.calculations import WorkedPeriod

D = datetime.date


@pytest.mark.parametrize(
    ("start", "last_day"),
    [
        (D(2025, 1, 15), D(2027, 1, 14)),
        (D(2024, 2, 29), D(2026, 2, 27)),
        (D(2025, 3, 1), D(2027, 2, 28)),
    ],
)
def test_pass_lasts_24_months(start, last_day):
    assert calc.approval_end_date(start) == last_day


def test_pass_end_moves_with_suspended_and_prolonged_days():
    assert calc.approval_end_date(D(2025, 1, 15), suspended_days=10, prolonged_days=5) == D(
        2027, 1, 29
    )


@pytest.mark.parametrize(
    ("author", "made_on", "last_valid_day"),
    [("prescriber", D(2025, 1, 31), D(2025, 7, 30)), ("employer", D(2025, 1, 1), D(2025, 4, 2))],
)
def test_diagnosis_validity(author, made_on, last_valid_day):
    assert calc.diagnosis_expires_on(author, made_on) == last_valid_day


@pytest.mark.parametrize(
    ("kind", "criteria", "eligible"),
    [
        ("AI", ["l2_senior"], False),
        ("AI", ["l2_senior", "l2_qpv"], True),  # 2 for AI
        ("ETTI", ["l2_senior", "l2_qpv"], True),  # 2 for ETTI
        ("ACI", ["l2_senior", "l2_qpv"], False),  # 3 for ACI
        ("ACI", ["l2_senior", "l2_qpv", "l2_mobility"], True),
        ("EI", ["l2_senior", "l2_qpv"], False),
        ("EITI", ["l2_senior", "l2_qpv", "l2_rqth"], True),
        ("EI", ["l1_rsa"], True),  # one level-1 criterion suffices everywhere
        ("ACI", [], False),
    ],
)
def test_eligibility_thresholds(kind, criteria, eligible):
    assert calc.eligibility(criteria, kind, D(2025, 6, 1)).eligible is eligible


def test_waiting_period_is_two_years_after_expiry():
    assert calc.waiting_period_end(D(2025, 3, 31)) == D(2027, 3, 31)


@pytest.mark.parametrize(
    ("days", "counted"),
    [(89, False), (90, False), (91, True)],  # 3 months from 1 Jan 2025 = 90 days
)
def test_aci_exit_counts_after_more_than_three_months(days, counted):
    start = D(2025, 1, 1)
    period = WorkedPeriod(start, start + datetime.timedelta(days=days - 1), Decimal(26))
    exit_date = start + datetime.timedelta(days=days - 1)
    assert calc.counted_exit("ACI", [period], exit_date).counted is counted


@pytest.mark.parametrize(
    ("hours", "counted"), [("149.99", False), ("150", False), ("150.01", True)]
)
def test_ai_exit_counts_after_more_than_150_hours(hours, counted):
    result = calc.counted_exit("AI", [], D(2025, 6, 1), hours=Decimal(hours))
    assert result.counted is counted


def test_hours_are_estimated_from_contracts():
    period = WorkedPeriod(D(2025, 1, 6), D(2025, 2, 9), Decimal(35))  # 5 weeks
    assert calc.estimated_hours([period], D(2025, 12, 31)) == Decimal("175.00")


dates = st.dates(min_value=D(2021, 12, 1), max_value=D(2035, 12, 31))


@given(dates, st.integers(0, 1000), st.integers(0, 800))
def test_property_pass_end(start, suspended, prolonged):
    """PASS end = start + 24 months − 1 day + suspended days + prolongations."""
    base = calc.last_day_of_period(start, months=24)
    assert calc.approval_end_date(start, suspended_days=suspended, prolonged_days=prolonged) == (
        base + datetime.timedelta(days=suspended + prolonged)
    )
    assert base > start


@given(st.lists(st.tuples(dates, st.integers(0, 400)), max_size=6), dates)
def test_property_worked_days_never_count_a_day_twice(spans, until):
    periods = [WorkedPeriod(s, s + datetime.timedelta(days=n), Decimal(20)) for s, n in spans]
    total = calc.worked_days(periods, until)
    assert total <= sum(min(n + 1, max(0, (until - s).days + 1)) for s, n in spans)
    if periods:
        assert total <= (until - min(p.start for p in periods)).days + 1 or total == 0
