"""What a request read of personal data: a request-scoped collector.

The tenancy querysets (`accounts.tenancy.TenantQuerySet.for_user`) note every personal row
they hand out; the access-log middleware (`people.access_log`) turns what one request read
into one row of the log when the request — or its streamed body — ends. Nothing is noted
outside a request (management commands, jobs): `current()` is then None.

No domain here: rows are noted as (model label, primary key, person id, structure id), the
two ids None when the row itself does not carry them (resolved later by the writer).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Reads:
    # person id -> structure id (None until resolved)
    people: dict[int, int | None] = field(default_factory=dict)
    # model label -> number of rows read
    rows: dict[str, int] = field(default_factory=dict)
    # rows whose person or structure is not on the row: (model, person path, tenant path) -> pks
    pending: dict[tuple, set[int]] = field(default_factory=dict)
    # structures of rows that name no person (a household client, an invoice)
    structures: set[int] = field(default_factory=set)
    # a word the view adds to say in which context it read (e.g. "edit", "rgpd_export")
    context: str = ""

    def __bool__(self) -> bool:
        return bool(self.rows)

    def note(self, label: str) -> None:
        self.rows[label] = self.rows.get(label, 0) + 1

    def add_person(self, person_id: int, structure_id: int | None) -> None:
        if structure_id is not None or person_id not in self.people:
            self.people[person_id] = structure_id


_current: ContextVar[Reads | None] = ContextVar("tremplin_reads", default=None)


def current() -> Reads | None:
    return _current.get()


def set_context(word: str) -> None:
    """Say in which context the current request reads (kept on its access-log row)."""
    reads = current()
    if reads is not None and not reads.context:
        reads.context = word


@contextlib.contextmanager
def collecting(reads: Reads) -> Iterator[Reads]:
    token = _current.set(reads)
    try:
        yield reads
    finally:
        _current.reset(token)
