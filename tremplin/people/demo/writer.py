"""The batched database writer: rows as dicts, inserted by executemany, parents first."""

from __future__ import annotations

from collections import Counter

from django.db import connections, models, router
from django.db.models import Max
from django.utils import timezone
from encrypted_fields.fields import EncryptedFieldMixin

from ..models import (
    Action,
    Approval,
    Barrier,
    BarrierStatusChange,
    CommitmentContract,
    CommitmentReview,
    Contract,
    ContractRenewal,
    Diagnosis,
    DiagnosisCriterion,
    Exit,
    Interview,
    Person,
    Prolongation,
    ProlongationRequest,
    Suspension,
)

BATCH = 2000


# --- Bulk inserts ---------------------------------------------------------------------------


class _Row(dict):
    """A row to insert, keyed by the model's attribute names, readable as attributes."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value


class _Table:
    """Rows of one model, inserted by batches with executemany.

    Rows are plain dicts keyed by attribute name; primary keys are reserved up front, so
    children know their parent's id before anything is written. Values the field transforms
    go through the field's own get_db_prep_save (encrypted fields); choices are written as
    their value; dates and decimals are adapted by the driver (Django registers the
    adapters on SQLite too); created_at and updated_at are the time of the seeding, as
    auto_now would set them; a missing value takes the field's default."""

    def __init__(self, model, connection, now):
        self.model, self.connection = model, connection
        self.rows: list[_Row] = []
        self.fields = list(model._meta.concrete_fields)
        self.plan = []
        for f in self.fields:
            default = f.get_default() if not f.primary_key else None
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                default = f.get_db_prep_save(now, connection)
                prepare = None
            elif isinstance(f, EncryptedFieldMixin):
                prepare = f
            elif f.choices and not f.is_relation:
                prepare = str
            else:
                prepare = None
            self.plan.append((f.attname, default, prepare))
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.sql = (
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(self.fields))})"
        )
        self.attnames = {f.attname for f in self.fields}
        self.ids: list[int] = []
        self.last = 0
        self.pk = model._meta.pk

    def _reserve(self) -> None:
        """Primary keys for the next rows: from the sequence on PostgreSQL (safe alongside
        other writers), after the largest one elsewhere (SQLite writes under one lock)."""
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.model._meta.db_table, self.pk.column, BATCH],
                )
                self.ids = sorted((row[0] for row in cursor.fetchall()), reverse=True)
            else:
                last = max(self.model.objects.aggregate(last=Max("pk"))["last"] or 0, self.last)
                self.ids = list(range(last + BATCH, last, -1))
                self.last = last + BATCH

    def add(self, **values) -> _Row:
        if not self.ids:
            self._reserve()
        row = _Row(values)
        row["id"] = self.ids.pop()
        self.rows.append(row)
        return row

    def flush(self) -> int:
        if not self.rows:
            return 0
        connection = self.connection
        values = []
        for row in self.rows:
            if not row.keys() <= self.attnames:  # a misspelt field would silently default
                raise TypeError(f"{self.model.__name__}: {sorted(row.keys() - self.attnames)}")
            out = []
            for attname, default, prepare in self.plan:
                value = row.get(attname, default)
                if prepare is not None and value is not None:
                    value = (
                        prepare.get_db_prep_save(value, connection)
                        if prepare is not str
                        else str(value)
                    )
                out.append(value)
            values.append(out)
        with connection.cursor() as cursor:
            for start in range(0, len(values), BATCH):
                cursor.executemany(self.sql, values[start : start + BATCH])
        count = len(self.rows)
        self.rows = []
        return count


class _Chunk:
    """The rows waiting for their insert, one table per model, parents first."""

    ORDER = [
        ("people", Person),
        ("diagnoses", Diagnosis),
        ("criteria", DiagnosisCriterion),
        ("approvals", Approval),
        ("suspensions", Suspension),
        ("prolongation_requests", ProlongationRequest),
        ("prolongations", Prolongation),
        ("contracts", Contract),
        ("renewals", ContractRenewal),
        ("interviews", Interview),
        ("barriers", Barrier),
        ("barrier_changes", BarrierStatusChange),
        ("actions", Action),
        ("commitments", CommitmentContract),
        ("commitment_reviews", CommitmentReview),
        ("exits", Exit),
    ]

    def __init__(self):
        connection = connections[router.db_for_write(Person)]
        now = timezone.now()
        self.tables = {model: _Table(model, connection, now) for _name, model in self.ORDER}

    def add(self, model, **values) -> _Row:
        return self.tables[model].add(**values)

    @property
    def people(self) -> int:
        return len(self.tables[Person].rows)

    def flush(self, counts: Counter) -> None:
        for name, model in self.ORDER:
            counts[name] += self.tables[model].flush()
