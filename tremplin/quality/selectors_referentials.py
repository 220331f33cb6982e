"""Reads of référentiels and self-assessments, with their joins done once."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from . import evidence
from .models import (
    AssessmentAnswer,
    Chapter,
    EvidenceFile,
    PlannedAction,
    Referential,
    Requirement,
    SelfAssessment,
)


def referential_list():
    return Referential.objects.annotate(requirement_count=Count("chapters__requirements")).order_by(
        "title", "-version"
    )


def current_referentials():
    return Referential.objects.filter(is_current=True).order_by("title")


def referential_chapters(referential):
    return list(
        Chapter.objects.filter(referential=referential)
        .order_by("position")
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.order_by("position"))
        )
    )


def assessments_of(*, actor, structure_id: int | None):
    """`structure_id` None: the federation's training service's own self-assessments."""
    mine = Q(structure__isnull=True) if structure_id is None else Q(structure_id=structure_id)
    return (
        SelfAssessment.objects.for_user(actor)
        .filter(mine)
        .select_related("referential")
        .annotate(answered=Count("answers", distinct=True))
    )


@dataclass
class RequirementRow:
    requirement: Requirement
    answer: AssessmentAnswer | None
    files: list = field(default_factory=list)
    evidence: list = field(default_factory=list)


@dataclass
class ChapterRows:
    chapter: Chapter
    rows: list[RequirementRow]


def assessment_sheet(assessment, *, only=None) -> list[ChapterRows]:
    """The référentiel's chapters and requirements with the structure's answers, evidence
    files and what Tremplin computes for them (`only`: one requirement)."""
    chapters = referential_chapters(assessment.referential)
    answers = {a.requirement_id: a for a in AssessmentAnswer.objects.filter(assessment=assessment)}
    files: dict[int, list] = {}
    for item in EvidenceFile.objects.filter(assessment=assessment):
        files.setdefault(item.requirement_id, []).append(item)
    result = []
    for chapter in chapters:
        rows = []
        for requirement in chapter.requirements.all():
            if only is not None and requirement.pk != only.pk:
                continue
            rows.append(
                RequirementRow(
                    requirement=requirement,
                    answer=answers.get(requirement.pk),
                    files=files.get(requirement.pk, []),
                    evidence=evidence.evidence_for(
                        requirement.indicator,
                        structure_id=assessment.structure_id,
                        until=assessment.assessed_on,
                    ),
                )
            )
        if rows:
            result.append(ChapterRows(chapter, rows))
    return result


def planned_actions(assessment, *, requirement=None):
    actions = PlannedAction.objects.filter(assessment=assessment).select_related("requirement")
    if requirement is not None:
        actions = actions.filter(requirement=requirement)
    return list(actions)
