"""Who may do what with insertion paths. Reads go through `for_user` (personal level: the
staff of the person's structure only); this module adds the finer rules."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tremplin.accounts.models import StructureRole
from tremplin.accounts.tenancy import scope_of
from tremplin.common import reads

from .models import Person

# Directors and counsellors follow paths; planners and accountants see people (to plan and
# to pay) but do not change their paths. Which fields each role reads: accounts.privacy.
PATH_WRITERS = frozenset({StructureRole.DIRECTOR, StructureRole.CONSEILLER})


def can_write_paths(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) in PATH_WRITERS


def can_export(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) in PATH_WRITERS


# Who reads the access log of a structure and of its people's files: the director only.
# The log tells what each colleague read, when: data about the staff themselves, which
# the CNIL asks to keep to those who must check it (recommandation « journalisation »,
# 2021). Counsellors, planners, accountants, delegates and federation staff never.
LOG_READERS = frozenset({StructureRole.DIRECTOR})


def can_read_access_log(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) in LOG_READERS


def can_export_person_data(actor, structure_id: int) -> bool:
    """The right of access (RGPD art. 15): the whole file, for the person themself."""
    return scope_of(actor).role_in(structure_id) in PATH_WRITERS


def access_person(actor, pk: int, *, log: str | None = "file") -> Person:
    """The person if the actor may see them (404 alike for missing and forbidden). The read
    goes to the access log through `for_user`; `log` names the context on its row."""
    try:
        person = (
            Person.objects.for_user(actor)
            .select_related("structure", "commune", "birth_commune", "conseiller")
            .get(pk=pk)
        )
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    if log:
        reads.set_context(log)
    return person


def require_writer(actor, structure_id: int) -> None:
    if not can_write_paths(actor, structure_id):
        raise PermissionDenied
