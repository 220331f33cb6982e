"""Who may do what with missions. Reads go through `for_user` (the structure's staff)."""

from django.core.exceptions import PermissionDenied

from tremplin.accounts.models import StructureRole
from tremplin.accounts.tenancy import scope_of

PLANNERS = frozenset({StructureRole.DIRECTOR, StructureRole.PLANNER, StructureRole.CONSEILLER})
ACCOUNTANTS = frozenset({StructureRole.DIRECTOR, StructureRole.ACCOUNTANT})
VALIDATORS = frozenset({StructureRole.DIRECTOR, StructureRole.PLANNER})


def _role(actor, structure_id):
    return scope_of(actor).role_in(structure_id)


def can_plan(actor, structure_id: int) -> bool:
    return _role(actor, structure_id) in PLANNERS


def can_invoice(actor, structure_id: int) -> bool:
    return _role(actor, structure_id) in ACCOUNTANTS


def can_validate_hours(actor, structure_id: int) -> bool:
    return _role(actor, structure_id) in VALIDATORS


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
