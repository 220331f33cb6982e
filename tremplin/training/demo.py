"""The demo's training records: each part seeds its own, in the order they depend on each other."""

from __future__ import annotations

from .parts import (
    demo_attendance,
    demo_catalogue,
    demo_money,
)

PARTS = (
    demo_catalogue,
    demo_attendance,
    demo_money,
)


def seed_training(*, structures, seed: int, today) -> dict[str, int]:
    counts: dict[str, int] = {}
    for part in PARTS:
        for key, value in part.seed(structures=structures, seed=seed, today=today).items():
            counts[key] = counts.get(key, 0) + value
    return counts
