"""Rules that the apps above missions add to every assignment (homecare's 2-hour limit of
small DIY, D7233-5). missions never imports those apps: they register a check here when
they start (their AppConfig.ready), and `check_assignment` calls each one, so that a date
booked straight from the missions planning obeys them too."""

from __future__ import annotations

from collections.abc import Callable

_CHECKS: list[Callable[..., None]] = []


def register(check: Callable[..., None]) -> None:
    """Add `check(*, request, day, start, end)`, which raises ValidationError to refuse;
    registering it twice keeps it once."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def run(*, request, day, start, end) -> None:
    for check in _CHECKS:
        check(request=request, day=day, start=start, end=end)
