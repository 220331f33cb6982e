"""The protected dashboards of the network and of the delegations, kept between requests.

Protecting a release (release.py) is the costly part of a dashboard page (about a second
for the network's): its result only changes when figures are computed again, so it is kept
in the cache under a generation number that every refresh raises (and for at most
OBSERVATORY_CACHE_SECONDS, in case a refresh ran where this cache is not shared). A
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
