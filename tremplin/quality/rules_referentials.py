"""Who may do what with référentiels and self-assessments.

Référentiels are read by federation staff, delegates, auditors and every structure's staff;
federation staff load new versions. A structure's self-assessments are written by its
director and conseillers, read by its other staff, the delegates of its delegation and
federation staff (SelfAssessment.objects.for_user). Missing and forbidden answer alike (404)."""

from django.http import Http404

from tremplin.accounts.models import STAFF_ROLES, StructureRole, UserKind
from tremplin.accounts.tenancy import scope_of

ASSESSMENT_WRITERS = frozenset({StructureRole.DIRECTOR, StructureRole.CONSEILLER})


def can_read_referentials(actor) -> bool:
    if not actor.is_authenticated:
        return False
    if actor.kind in (UserKind.FEDERATION, UserKind.DELEGATE, UserKind.AUDITOR):
        return True
    return any(role in STAFF_ROLES for _sid, role in scope_of(actor).roles)


def can_load_referential(actor) -> bool:
    return scope_of(actor).is_federation


def can_read_quality_of(actor, structure) -> bool:
    """A structure's quality page: its staff, its delegation's delegates, federation staff."""
    scope = scope_of(actor)
    return (
        scope.is_federation
        or structure.pk in scope.staff_structure_ids
        or structure.delegation_id in scope.delegation_ids
    )


def can_edit_assessments(actor, structure_id: int | None) -> bool:
    """`structure_id` None: the federation's training service, whose self-assessment
    (its Qualiopi audit) federation staff write."""
    scope = scope_of(actor)
    if structure_id is None:
        return scope.is_federation
    return scope.role_in(structure_id) in ASSESSMENT_WRITERS


def can_read_training_service_quality(actor) -> bool:
    return scope_of(actor).is_federation


def access_referential(actor, pk):
    from .models import Referential

    if not can_read_referentials(actor):
        raise Http404
    try:
        return Referential.objects.get(pk=pk)
    except (Referential.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_assessment(actor, pk):
    from .models import SelfAssessment

    try:
        return (
            SelfAssessment.objects.for_user(actor)
            .select_related("structure", "referential")
            .get(pk=pk)
        )
    except (SelfAssessment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_requirement_of(assessment, pk):
    from .models import Requirement

    try:
        return Requirement.objects.select_related("chapter").get(
            pk=pk, chapter__referential_id=assessment.referential_id
        )
    except (Requirement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_evidence(actor, pk):
    from .models import EvidenceFile

    try:
        return (
            EvidenceFile.objects.for_user(actor)
            .select_related("assessment", "assessment__structure")
            .get(pk=pk)
        )
    except (EvidenceFile.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_planned_action(actor, pk):
    from .models import PlannedAction

    try:
        return (
            PlannedAction.objects.for_user(actor)
            .select_related("assessment", "assessment__structure", "assessment__referential")
            .get(pk=pk)
        )
    except (PlannedAction.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
