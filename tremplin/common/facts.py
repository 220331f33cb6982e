"""Operations tell the apps above them that facts changed, without knowing who listens.

Model saves and deletions are seen through Django's model signals; the few bulk writes
that bypass them (a queryset `update`, `bulk_create`) call `changed()` here. The
observatory listens to both and marks the structure's years to compute again."""

from __future__ import annotations

import datetime

from django.dispatch import Signal

# Sent with structure_id and years (a set of ints).
facts_changed = Signal()


def changed(structure_id: int, *days: datetime.date) -> None:
    facts_changed.send(sender=None, structure_id=structure_id, years={d.year for d in days})
