"""The state and small helpers that the parts of a path's generation share."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ..models import ExitCategory
from .reference import DAY, WOMEN, _Staff


class _PathsBase:
    """The state of one structure's draws, shared by the parts of a path's generation
    (`_Paths` in paths.py puts them together)."""

    def __init__(self, *, structure, place, staff, writer, context, rng, chunk):
        self.structure = structure
        self.kind = structure.kind
        self.women = WOMEN["home" if structure.is_home_services else structure.kind]
        self.place = place
        self.staff = staff  # the referent counsellors to choose from
        self.writer = writer  # signs employer diagnoses when no counsellor does
        self.context = context
        self.rng = rng
        self.add = chunk.add
        self.today = context.today
        self.referent = _Staff(None, "")
        self.category = ExitCategory.OTHER

    # --- helpers -----------------------------------------------------------------------

    def _between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        """A day from start to end, both included (start if the period is empty)."""
        if end <= start:
            return start
        return start + DAY * self.rng.randint(0, (end - start).days)

    def _hours(self, low: int, high: int) -> Decimal:
        return Decimal(self.rng.randint(low * 2, high * 2)) / 2
