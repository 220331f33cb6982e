"""The protected dashboards of the network and of the delegations, kept between requests.

Protecting a release (release.py) is the costly part of a dashboard page (about a second
for the network's, ×25 a person's file). Its result changes only when figures are computed
again, which in a busy network is every few seconds somewhere: forgetting every dashboard on
each structure's refresh would keep none. So a dashboard is kept for
OBSERVATORY_CACHE_SECONDS (the network's and delegations' figures lag that much at most
behind their structures', which are computed minutes after a write already), and forgotten at
once when everything is computed again (`observatory_rebuild`: a new generation). A
structure's own page reads its figures unprotected, through tenancy: never kept here.

A cold dashboard is computed once: the first request takes a lock in the cache and computes;
the others wait for its result (up to COMPUTE_WAIT_SECONDS) instead of all computing the same
page at once, which filled every server thread under load (`make bench`, load group)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

GENERATION = "observatory:generation"
# Longer than the slowest dashboard; a lock left by a killed process lapses after it.
COMPUTE_LOCK_SECONDS = 60
COMPUTE_WAIT_SECONDS = 30
POLL_SECONDS = 0.05


def generation() -> int:
    return cache.get_or_set(GENERATION, 0, timeout=None)


def figures_changed() -> None:
    """Forget every kept dashboard (figures were computed again)."""
    try:
        cache.incr(GENERATION)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION, 1, timeout=None)


def kept(parts: tuple, compute: Callable):
    seconds = settings.OBSERVATORY_CACHE_SECONDS
    if not seconds:
        return compute()
    key = ":".join(map(str, ("observatory", "dashboard", generation(), get_language(), *parts)))
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:computing"
    if cache.add(lock, 1, timeout=COMPUTE_LOCK_SECONDS):
        try:
            value = compute()
            cache.set(key, value, timeout=seconds)
        finally:
            cache.delete(lock)
        return value
    return _awaited(key, lock) or compute()


def _awaited(key: str, lock: str):
    """The value another request is computing, or None if it failed or took too long."""
    deadline = time.monotonic() + COMPUTE_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = cache.get(key)
        if value is not None:
            return value
        if cache.get(lock) is None:  # the computing request failed: compute here
            return cache.get(key)
    return None
