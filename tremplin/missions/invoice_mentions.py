"""Mentions that the apps above missions add to a printed invoice (homecare's SAP mentions:
declaration number, intervention mode, tax advantage). missions never imports those apps:
they register a provider here when they start (their AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable

_PROVIDERS: list[Callable[[object], list[str]]] = []


def register(provider: Callable[[object], list[str]]) -> None:
    """Add `provider(invoice) -> [mention, …]`; registering it twice keeps it once."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def unregister(provider: Callable[[object], list[str]]) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def extra_mentions(invoice) -> list[str]:
    """The mentions every registered provider gives for this invoice, in their order."""
    return [mention for provider in _PROVIDERS for mention in provider(invoice)]
