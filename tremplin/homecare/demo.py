"""A year of home services for the demo structures: each part seeds its own records, in
the order they depend on each other (catalogue, households and quotes, recurring
interventions, payments, immediate advance, attestations)."""

from __future__ import annotations

from .parts import (
    demo_advance,
    demo_attestations,
    demo_households,
    demo_money,
    demo_recurring,
    demo_sap,
)

PARTS = (demo_sap, demo_households, demo_recurring, demo_money, demo_advance, demo_attestations)


def seed_homecare(*, structures, seed: int, today) -> dict[str, int]:
    counts: dict[str, int] = {}
    for part in PARTS:
        for key, value in part.seed(structures=structures, seed=seed, today=today).items():
            counts[key] = counts.get(key, 0) + value
    return counts
