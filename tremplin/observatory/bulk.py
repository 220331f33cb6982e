"""`seed_demo --bulk`: the sector's scale on PostgreSQL (DESIGN.md: 4 500 structures,
200 000 paths a year, 30 million time entries a year) in minutes.

Network and paths come from the usual demo generators (batched inserts); the time entries
— the mass — are streamed with PostgreSQL `COPY`: one validated entry per working day under
contract in the year, for as many days as it takes to reach the target. The table's
secondary indexes and foreign keys are dropped during the load and recreated after it
(recreating them checks every row at once, far faster than row by row)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from tremplin.missions.models import Client, TimeEntry
from tremplin.people.models import Contract

CHUNK = 50_000  # lines written to COPY at once


def _working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def clients_for(structures, seed: int) -> dict[int, list[int]]:
    """Three clients a structure (a household, an association, a company), in bulk."""
    rng = random.Random(seed)
    rows = []
    for structure in structures:
        for kind in ("household", "association", "company"):
            rows.append(
                Client(
                    structure_id=structure.pk,
                    kind=kind,
                    name=f"Client {kind} {structure.pk}",
                    address=f"{rng.randint(1, 99)} rue du Marché",
                    commune_id=structure.commune_id,
                )
            )
    Client.objects.bulk_create(rows, batch_size=5000)
    result: dict[int, list[int]] = {}
    for pk, structure_id in Client.objects.filter(
        structure__in=[s.pk for s in structures]
    ).values_list("pk", "structure_id"):
        result.setdefault(structure_id, []).append(pk)
    return result


def _table_constraints(table: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        foreign = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
    return foreign, indexes


def copy_time_entries(
    *,
    year: int,
    target: int,
    clients: dict[int, list[int]],
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Stream about `target` validated time entries of `year` with COPY; returns how many."""
    if connection.vendor != "postgresql":
        raise ValueError("Le mode massif (COPY) demande PostgreSQL.")
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    contracts = list(
        Contract.objects.filter(start_date__lte=last, structure_id__in=list(clients))
        .exclude(planned_end_date__lt=first)
        .values_list(
            "person_id",
            "structure_id",
            "start_date",
            "planned_end_date",
            "early_end_date",
            "weekly_hours",
        )
    )
    spans = []
    possible = 0
    for person_id, structure_id, start, planned, early, weekly in contracts:
        end = min(early or planned or last, last)
        begin = max(start, first)
        if end < begin:
            continue
        days = _working_days(begin, end)
        spans.append((person_id, structure_id, days, min(Decimal(weekly) / 5, Decimal(7))))
        possible += len(days)
    if not possible:
        return 0
    keep = min(1.0, target / possible)
    rng = random.Random(seed)
    table = TimeEntry._meta.db_table
    foreign, indexes = _table_constraints(table)
    now = timezone.now().isoformat()
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # Deferred checks of the rows inserted earlier in this transaction run now: the
        # table cannot change shape with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in foreign:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        columns = "created_at, updated_at, structure_id, person_id, client_id, date, hours, status"
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            lines = []
            for person_id, structure_id, days, hours in spans:
                choices = clients[structure_id]
                prefix = f"{now}\t{now}\t{structure_id}\t{person_id}\t"
                for day in days:
                    if keep < 1.0 and rng.random() >= keep:
                        continue
                    lines.append(
                        f"{prefix}{choices[day.toordinal() % len(choices)]}\t{day}\t{hours}\tvalidated\n"
                    )
                if len(lines) >= CHUNK:
                    copy.write("".join(lines))
                    written += len(lines)
                    if progress:
                        progress(len(lines))
                    lines = []
            if lines:
                copy.write("".join(lines))
                written += len(lines)
                if progress:
                    progress(len(lines))
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(f"ANALYZE {table}")
    return written
