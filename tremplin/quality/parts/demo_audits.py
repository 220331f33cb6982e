"""The demo's records of the quality part « audits »."""


def seed(*, structures, seed: int, today) -> dict[str, int]:
    return {}
