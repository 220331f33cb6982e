"""The demo's records of the quality part « groups »."""


def seed(*, structures, seed: int, today) -> dict[str, int]:
    return {}
