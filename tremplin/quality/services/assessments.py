"""The writes of a structure's self-assessment: each checks who may write, atomic."""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tremplin.common.saving import save_changes
from tremplin.quality import rules_referentials as rules
from tremplin.quality.models import (
    ActionStatus,
    AssessmentAnswer,
    AssessmentLevel,
    AssessmentStatus,
    EvidenceFile,
    PlannedAction,
    Requirement,
    SelfAssessment,
)

# What an evidence file may be, told by its first bytes as well as its name (a renamed
# executable is not a PDF). Office documents (OpenDocument, OOXML) are ZIP files.
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


def _require_writer(actor, assessment) -> None:
    if not rules.can_edit_assessments(actor, assessment.structure_id):
        raise PermissionDenied
    if assessment.status != AssessmentStatus.IN_PROGRESS:
        raise ValidationError(_("This self-assessment is completed: it is no longer changed."))


def self_assessment_create(
    *, actor, structure, referential, assessed_on: datetime.date
) -> SelfAssessment:
    """`structure` None: the federation's training service assesses itself (Qualiopi)."""
    if not rules.can_edit_assessments(actor, structure.pk if structure else None):
        raise PermissionDenied
    if not referential.is_current:
        raise ValidationError({"referential": _("Choose the current version of the référentiel.")})
    try:
        with transaction.atomic():
            return SelfAssessment.objects.create(
                structure=structure,
                referential=referential,
                assessed_on=assessed_on,
                created_by=actor,
            )
    except IntegrityError as exc:
        subject = _("The structure") if structure else _("The training service")
        raise ValidationError(
            {
                "assessed_on": _(
                    "%(subject)s already has a self-assessment of this référentiel on that "
                    "date: open it, or choose another date."
                )
                % {"subject": subject}
            }
        ) from exc


@transaction.atomic
def assessment_answer_save(
    *, actor, assessment, requirement, level: str, comment: str
) -> AssessmentAnswer:
    _require_writer(actor, assessment)
    if requirement.chapter.referential_id != assessment.referential_id:
        raise ValidationError(_("This requirement is not in the self-assessment's référentiel."))
    if level and level not in AssessmentLevel.values:
        raise ValidationError({"level": _("Choose a level of the scale.")})
    answer = AssessmentAnswer.objects.filter(
        assessment=assessment, requirement=requirement
    ).first() or AssessmentAnswer(assessment=assessment, requirement=requirement)
    # Saved unchanged, nothing is written (not even who changed it last).
    if save_changes(answer, {"level": level, "comment": comment}) and answer.updated_by != actor:
        answer.updated_by = actor
        answer.save(update_fields=["updated_by"])
    return answer


def evidence_check(upload) -> None:
    """Refuse a file too large or of a kind not accepted, in French, saying what to do."""
    limit = settings.QUALITY_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB: send a smaller one (a PDF, for instance).")
            % {"limit": limit // 1_000_000}
        )
    suffix = PurePath(upload.name).suffix.lower()
    signatures = EVIDENCE_TYPES.get(suffix)
    head = upload.read(16)
    upload.seek(0)
    if signatures is None or not any(head.startswith(s) for s in signatures):
        raise ValidationError(
            _(
                "This kind of file is not accepted: send a PDF, an image (PNG, JPEG) or an "
                "office document (ODT, ODS, DOCX, XLSX)."
            )
        )


@transaction.atomic
def evidence_file_add(*, actor, assessment, requirement, upload) -> EvidenceFile:
    _require_writer(actor, assessment)
    if requirement.chapter.referential_id != assessment.referential_id:
        raise ValidationError(_("This requirement is not in the self-assessment's référentiel."))
    evidence_check(upload)
    name = PurePath(upload.name).name[:200]
    return EvidenceFile.objects.create(
        assessment=assessment,
        requirement=requirement,
        file=upload,
        name=name,
        size=upload.size,
        uploaded_by=actor,
    )


def evidence_file_delete(*, actor, evidence) -> None:
    _require_writer(actor, evidence.assessment)
    stored = evidence.file
    with transaction.atomic():
        evidence.delete()
    # The file goes once the row is gone (a failed delete keeps both).
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def planned_action_save(
    *,
    actor,
    assessment,
    action: str,
    owner: str,
    due_on: datetime.date,
    requirement=None,
    status: str = ActionStatus.PLANNED,
    planned: PlannedAction | None = None,
) -> PlannedAction:
    _require_writer(actor, assessment)
    if requirement is not None and requirement.chapter.referential_id != assessment.referential_id:
        raise ValidationError(
            {"requirement": _("This requirement is not in the self-assessment's référentiel.")}
        )
    planned = planned or PlannedAction(assessment=assessment)
    save_changes(
        planned,
        {
            "requirement": requirement,
            "action": action,
            "owner": owner,
            "due_on": due_on,
            "status": status,
        },
    )
    return planned


@transaction.atomic
def self_assessment_complete(*, actor, assessment) -> SelfAssessment:
    _require_writer(actor, assessment)
    locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    total = Requirement.objects.filter(chapter__referential_id=locked.referential_id).count()
    answered = locked.answers.exclude(level="").count()
    if answered < total:
        raise ValidationError(
            _(
                "%(missing)s requirements have no level yet: give each one a level (« not "
                "applicable » if it does not apply) before completing."
            )
            % {"missing": total - answered}
        )
    locked.status = AssessmentStatus.COMPLETED
    locked.save(update_fields=["status", "updated_at"])
    return locked
