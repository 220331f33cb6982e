"""The protected dashboards of the network and of the delegations, kept between requests.

Protecting a release (release.py) is the costly part of a dashboard page (about a second
for the network's, ×25 a person's file). Its result changes only when figures are computed
again, which in a busy network is every few seconds somewhere: forgetting every dashboard on
each structure's refresh would keep none. So a dashboard is kept for
OBSERVATORY_CACHE_SECONDS (the network's and delegations' figures lag that much at most
behind their structures', which are computed minutes after a write already), and forgotten at
once when everything is computed again (`observatory_rebuild`: a new generation). A
structure's own page reads its figures unprotected, through tenancy: never kept here."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

GENERATION = "observatory:generation"


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
    if value is None:
        value = compute()
        cache.set(key, value, timeout=seconds)
    return value
