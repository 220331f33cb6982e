"""Sections an upper app adds to a structure's public directory page (the home-services
brand's licence and services…), without the network importing it: the app registers a
function `structure -> Section | None` when it is ready."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    template: str
    context: dict = field(default_factory=dict)


_PROVIDERS: list[Callable[[object], Section | None]] = []


def register(provider: Callable[[object], Section | None]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def sections_for(structure) -> list[Section]:
    return [section for section in (p(structure) for p in _PROVIDERS) if section is not None]
