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
    contract) overrides `self_filter`."""

    tenant_path: str = "structure_id"
    tenant_level: Level = Level.PERSONAL

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
        return self.filter(condition)
