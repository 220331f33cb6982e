"""The demo's quality records: each part seeds its own, in the order they depend on each other."""

from __future__ import annotations

from .parts import (
    demo_audits,
    demo_groups,
    demo_referentials,
)

PARTS = (
    demo_referentials,
    demo_audits,
    demo_groups,
)


def seed_quality(*, structures, seed: int, today) -> dict[str, int]:
    counts: dict[str, int] = {}
    for part in PARTS:
        for key, value in part.seed(structures=structures, seed=seed, today=today).items():
            counts[key] = counts.get(key, 0) + value
    return counts
