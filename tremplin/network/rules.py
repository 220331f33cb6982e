"""Who may do what in the network. Reads of private data go through
`Structure.objects.for_user` (accounts.tenancy); this module answers the yes/no questions."""

from django.http import Http404

from tremplin.accounts.models import StructureRole, UserKind
from tremplin.accounts.tenancy import scope_of

from .models import Structure


def is_federation(actor) -> bool:
    return scope_of(actor).is_federation


def can_manage_network(actor) -> bool:
    """Create structures and groups, change memberships and dues: federation staff."""
    return is_federation(actor)


def can_edit_structure(actor, structure: Structure) -> bool:
    if is_federation(actor):
        return True
    # A director keeps their structure's public profile up to date.
    return structure.memberships.filter(user_id=actor.pk, role=StructureRole.DIRECTOR).exists()


def can_see_network_pages(actor) -> bool:
    """The structure list, groups and counts: federation staff and regional delegates."""
    return actor.is_authenticated and actor.kind in (UserKind.FEDERATION, UserKind.DELEGATE)


def access_structure(actor, pk: int) -> Structure:
    """The structure if the actor may see its private side; 404 alike when missing or
    forbidden, so that nobody learns which ids exist."""
    from .selectors import structure_detail

    try:
        return structure_detail(actor=actor, pk=pk)
    except Structure.DoesNotExist as exc:
        raise Http404 from exc
