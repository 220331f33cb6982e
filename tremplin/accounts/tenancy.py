"""The one tenancy mechanism.

Every queryset that can hold personal or structure-private data is obtained through
`<Model>.objects.for_user(user)`, which the model's manager inherits from
`TenantQuerySet`. Views, API endpoints, selectors and rules never filter on structures
themselves: they call `for_user`, or a selector that does.

Two levels of confidentiality:
- PERSONAL data (people, contracts, hours…) is seen only by the staff of its structure
  (later issues add an employee's or a household's own records through `self_filter`);
- STRUCTURE data (a structure's membership, dues, team…) is also seen by the delegates of
  the structure's delegation and by federation staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable

from tremplin.common import reads as request_reads

from .models import STAFF_ROLES, UserKind


class Level(models.TextChoices):
    PERSONAL = "personal"
    STRUCTURE = "structure"


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    staff_structure_ids: frozenset[int]
    member_structure_ids: frozenset[int]
    delegation_ids: frozenset[int]
    is_federation: bool
    roles: tuple[tuple[int, str], ...] = ()  # (structure id, membership role)

    def role_in(self, structure_id: int) -> str | None:
        return next((role for sid, role in self.roles if sid == structure_id), None)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None


_EMPTY = Scope(None, frozenset(), frozenset(), frozenset(), False)
_CACHE_ATTR = "_tremplin_scope"


def scope_of(user) -> Scope:
    """What the user may see, read once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _EMPTY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    staff, member = set(), set()
    roles = tuple(user.structure_memberships.values_list("structure_id", "role"))
    for structure_id, role in roles:
        member.add(structure_id)
        if role in STAFF_ROLES:
            staff.add(structure_id)
    delegations = frozenset(user.delegation_memberships.values_list("delegation_id", flat=True))
    scope = Scope(
        user_id=user.pk,
        staff_structure_ids=frozenset(staff),
        member_structure_ids=frozenset(member),
        delegation_ids=delegations if user.kind == UserKind.DELEGATE else frozenset(),
        is_federation=user.kind == UserKind.FEDERATION,
        roles=roles,
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user) -> None:
    """Call after changing a user's memberships within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


class TenantQuerySet(models.QuerySet):
    """Base queryset of every scoped model.

    Subclasses set `tenant_path`, the lookup from the model to its structure's primary key
    ("pk" for Structure itself, "structure_id", "person__structure_id"…), and
    `tenant_level`. A model whose rows are reachable by their own subject (an employee's
    contract) overrides `self_filter`.

    Reads are logged here, the one place they all pass: rows of a PERSONAL queryset
    obtained through `for_user` are noted, as they are fetched, in the request's collector
    (`common.reads`); the access-log middleware writes one row per request from it.
    `person_path` says which person a row is about ("pk" for Person, "person_id"…)."""

    tenant_path: str = "structure_id"
    tenant_level: Level = Level.PERSONAL
    person_path: str | None = None
    _logs_reads: bool = False

    def _clone(self):
        clone = super()._clone()
        clone._logs_reads = self._logs_reads
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._logs_reads:
            collector = request_reads.current()
            if collector is not None:
                for row in self._result_cache:
                    _note_row(self, row, collector)

    def iterator(self, chunk_size=None):
        rows = super().iterator(chunk_size=chunk_size)
        return self._noting(rows) if self._logs_reads else rows

    def _noting(self, rows):
        # The collector is looked up per row: a streamed export runs after the view returned.
        for row in rows:
            collector = request_reads.current()
            if collector is not None:
                _note_row(self, row, collector)
            yield row

    def _delegation_path(self) -> str:
        base = self.tenant_path.removesuffix("_id").removesuffix("pk")
        return f"{base}{'__' if base else ''}delegation_id"

    def self_filter(self, scope: Scope) -> Q | None:
        return None

    def for_user(self, user) -> TenantQuerySet:
        scope = scope_of(user)
        if scope.is_anonymous:
            return self.none()
        condition = Q(**{f"{self.tenant_path}__in": scope.staff_structure_ids})
        if self.tenant_level == Level.STRUCTURE:
            if scope.is_federation:
                return self.all()
            if scope.delegation_ids:
                condition |= Q(**{f"{self._delegation_path()}__in": scope.delegation_ids})
        own = self.self_filter(scope)
        if own is not None:
            condition |= own
        if not scope.staff_structure_ids and not scope.delegation_ids and own is None:
            return self.none()
        scoped = self.filter(condition)
        scoped._logs_reads = self.tenant_level == Level.PERSONAL
        return scoped

    def for_subject(self, user) -> TenantQuerySet:
        """The rows about the user themself (an employee's own file, contracts, PASS…), in
        the structures they belong to: what a personal space shows, whatever the user's
        role. Narrower than `for_user`, which gives staff their structures' rows; reads are
        logged the same way."""
        scope = scope_of(user)
        if scope.is_anonymous or self.person_path is None:
            return self.none()
        base = self.person_path.removesuffix("pk").removesuffix("_id")
        scoped = self.filter(
            **{
                f"{base}__user_id" if base else "user_id": scope.user_id,
                f"{self.tenant_path}__in": scope.member_structure_ids,
            }
        )
        scoped._logs_reads = self.tenant_level == Level.PERSONAL
        return scoped


# --- Noting reads -----------------------------------------------------------------------

_MISSING = object()
# Columns that only identify rows: a values() read of nothing else reads no personal data.
_KEY_SUFFIXES = ("id", "pk")


def _walk(obj, path: str):
    """The value at `path` ("person_id", "approval__person_id", "pk") without a query:
    _MISSING when a relation on the way is not loaded or the field is deferred."""
    if path == "pk":
        return obj.pk
    *relations, last = path.split("__")
    for name in relations:
        if not obj._meta.get_field(name).is_cached(obj):
            return _MISSING
        obj = getattr(obj, name)
        if obj is None:
            return None
    if last in obj.get_deferred_fields():
        return _MISSING
    return getattr(obj, last, _MISSING)


def _from_values(values: dict, path: str | None):
    if path is None:
        return _MISSING
    names = ("pk", "id") if path == "pk" else (path, path.removesuffix("_id"))
    return next((values[name] for name in names if name in values), _MISSING)


def _note_row(queryset, row, collector) -> None:
    model = queryset.model
    person_path, tenant_path = queryset.person_path, queryset.tenant_path
    if queryset._iterable_class is ModelIterable:
        pk = row.pk
        person = _walk(row, person_path) if person_path else _MISSING
        structure = _walk(row, tenant_path)
    else:
        fields = queryset._fields or ()
        if isinstance(row, dict):
            values = row
        elif isinstance(row, tuple):
            values = dict(zip(fields, row, strict=False))
        else:  # flat values_list
            values = dict(zip(fields, (row,), strict=False))
        if all(name.rsplit("_", 1)[-1] in _KEY_SUFFIXES for name in values):
            return  # ids only, e.g. a list of keys to filter on
        pk = _from_values(values, "pk")
        person = _from_values(values, person_path)
        structure = _from_values(values, tenant_path)
    collector.note(model._meta.label)
    if person_path and person is not _MISSING:
        if person is not None:
            collector.add_person(person, None if structure is _MISSING else structure)
    elif not person_path and structure is not _MISSING:
        if structure is not None:
            collector.structures.add(structure)
    elif pk is not _MISSING:
        collector.pending.setdefault((model, person_path, tenant_path), set()).add(pk)
