"""Who may do what with insertion paths. Reads go through `for_user` (personal level: the
staff of the person's structure only); this module adds the finer rules."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tremplin.accounts.models import StructureRole
from tremplin.accounts.tenancy import scope_of

from .models import AccessLog, Person

# Directors and counsellors follow paths; planners and accountants see people (to plan and
# to pay) but do not change their paths. Which fields each role reads: accounts.privacy.
PATH_WRITERS = frozenset({StructureRole.DIRECTOR, StructureRole.CONSEILLER})


def can_write_paths(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) in PATH_WRITERS


def can_export(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) in PATH_WRITERS


def access_person(actor, pk: int, *, log: str | None = "file") -> Person:
    """The person if the actor may see them (404 alike for missing and forbidden), and the
    opening written to the access log."""
    try:
        person = (
            Person.objects.for_user(actor)
            .select_related("structure", "commune", "birth_commune", "conseiller")
            .get(pk=pk)
        )
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    if log:
        AccessLog.objects.create(user=actor, person=person, what=log)
    return person


def require_writer(actor, structure_id: int) -> None:
    if not can_write_paths(actor, structure_id):
        raise PermissionDenied
