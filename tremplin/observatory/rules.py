"""Who sees which figures. A structure's staff: its own figures as they are. Delegates:
their delegation's, protected. Federation staff: the network's and every delegation's,
protected. Everybody: the years the federation published, protected."""

from django.core.exceptions import PermissionDenied

from tremplin.accounts.models import STAFF_ROLES
from tremplin.accounts.tenancy import scope_of


def can_see_network(actor) -> bool:
    return scope_of(actor).is_federation


def can_see_delegation(actor, delegation_id: int) -> bool:
    scope = scope_of(actor)
    return scope.is_federation or delegation_id in scope.delegation_ids


def can_see_structure(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) in STAFF_ROLES


def can_publish(actor) -> bool:
    return scope_of(actor).is_federation


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
