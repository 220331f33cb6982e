"""Work planned after a path or a contract ends, kept by the apps above this one (missions
registers its assignments in its AppConfig.ready): an exit or a contract's early end first
shows it to the staff, then cancels it in its own transaction, so that it can be given to
someone else — a person who left never stays on the week's planning."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import Person


class CancelReason(models.TextChoices):
    """Why later work was cancelled: what the planner reads beside the slot to reassign."""

    EXIT = "exit", _("Exit")
    EARLY_END = "early_end", _("Contract ended early")


@dataclass(frozen=True)
class LaterWork:
    day: datetime.date
    label: str  # what the staff reads: the day, the times, the client


class LaterWorkSource(Protocol):
    def planned(
        self, person: Person, after: datetime.date, ending: frozenset[int]
    ) -> list[LaterWork]:
        """The work dated after `after` that no contract would cover once the contracts
        `ending` (their pks) end on `after`."""

    def cancel(self, *, actor, person: Person, after: datetime.date, reason: CancelReason) -> int:
        """Cancel the work dated after `after` that no contract covers any more, keeping
        what is needed to give it to someone else."""


SOURCES: list[LaterWorkSource] = []


def later_work(
    person: Person, after: datetime.date, *, ending: Iterable[int] = ()
) -> list[LaterWork]:
    ending = frozenset(ending)
    found = [work for source in SOURCES for work in source.planned(person, after, ending)]
    return sorted(found, key=lambda work: (work.day, work.label))


def later_work_cancel(*, actor, person: Person, after: datetime.date, reason: CancelReason) -> int:
    """Called inside the exit's or the early end's transaction, after the contracts end."""
    return sum(
        source.cancel(actor=actor, person=person, after=after, reason=reason) for source in SOURCES
    )
