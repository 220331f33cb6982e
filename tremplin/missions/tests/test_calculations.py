import datetime
from decimal import Decimal

import pytest

from tremplin.missions import calculations as calc

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "capped"),
    [
        ("household", False),
        ("association", False),
        ("local_authority", False),
        ("company", True),
        ("social_landlord", True),
        ("other", True),
    ],
)
def test_which_clients_count_towards_the_cap(kind, capped):
    assert calc.is_capped_client(kind, D(2025, 1, 1)) is capped


@pytest.mark.parametrize(
    ("on", "window"),
    [
        (D(2027, 1, 4), (D(2025, 1, 5), D(2027, 1, 4))),  # last day of the first window
        (D(2027, 1, 5), (D(2027, 1, 5), D(2029, 1, 4))),  # the day after: a new window
        (D(2026, 6, 1), (D(2025, 1, 5), D(2027, 1, 4))),
    ],
)
def test_cap_window_is_the_24_months_after_the_first_placement(on, window):
    assert calc.cap_window([D(2025, 1, 5), D(2025, 3, 1)], on) == window


def test_cap_status_counts_only_the_window():
    placements = [
        (D(2023, 1, 2), Decimal(100)),
        (D(2025, 2, 1), Decimal(400)),
        (D(2025, 3, 1), Decimal(60)),
    ]
    status = calc.cap_status(placements, D(2025, 4, 1))
    assert status.window_start == D(2025, 2, 1)
    assert status.used == Decimal(460) and status.remaining == Decimal(20)
    assert status.warning(D(2025, 4, 1))  # ≥ 80 % of 480
