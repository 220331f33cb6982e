"""The observatory's background jobs: stale slices computed again out of the writes' path."""

import datetime

from tremplin.common import jobs

from . import maintenance


@jobs.job()
def observatory_refresh(slices: list[list[int]]) -> int:
    """The slices a committed write marked stale (those still stale), computed again."""
    return maintenance.refresh_stale(slices=[(s, y) for s, y in slices])


@jobs.periodic(every=datetime.timedelta(minutes=10))
def observatory_sweep(slot: str) -> int:
    """Every stale slice: those whose job was lost, and those a deferred load left."""
    return maintenance.refresh_stale()
