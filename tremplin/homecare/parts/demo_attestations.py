"""Demo data of the homecare part « attestations » (called by homecare/demo.py in order)."""


def seed(*, structures, seed: int, today) -> dict[str, int]:
    return {}
