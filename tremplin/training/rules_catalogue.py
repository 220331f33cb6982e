"""Who may do what with the catalogue, the sessions and the registrations.

The federation's training service (federation staff) keeps the catalogue and runs the
sessions; a structure's director and conseiller register their staff and the employees in
their paths, the rest of its staff read its registrations. Missing and forbidden look the
same (404)."""

from django.http import Http404

from tremplin.accounts.models import STAFF_ROLES, StructureRole
from tremplin.accounts.tenancy import scope_of

REGISTERING_ROLES = frozenset({StructureRole.DIRECTOR, StructureRole.CONSEILLER})


def can_run_training(actor) -> bool:
    return scope_of(actor).is_federation


def can_read_registrations(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) in STAFF_ROLES


def can_register(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) in REGISTERING_ROLES


def access_course(actor, pk: int, *, published_only: bool = True):
    """A course of the catalogue: published ones for anybody, every one for the service."""
    from .models import Course

    courses = Course.objects.all()
    if published_only and not can_run_training(actor):
        courses = courses.filter(is_published=True)
    try:
        return courses.get(pk=pk)
    except (Course.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_session(actor, pk: int):
    """A session, for the training service."""
    from .models import TrainingSession

    if not can_run_training(actor):
        raise Http404
    try:
        return TrainingSession.objects.select_related("course", "commune").get(pk=pk)
    except (TrainingSession.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_registration(actor, pk: int, *, structure_id: int):
    """A registration of the structure the actor works in, for its registering staff."""
    from .models import Registration

    if not can_register(actor, structure_id):
        raise Http404
    try:
        return (
            Registration.objects.for_user(actor)
            .select_related("session__course", "person")
            .get(pk=pk, structure_id=structure_id)
        )
    except (Registration.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
