"""Tenancy classification of the routes of the quality part « referentials »."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tremplin.common.routes import STAFF, Access, Route

NOBODY = frozenset()
FEDERATION = frozenset({"federation"})
WRITERS = frozenset({"director", "conseiller"})
READERS = STAFF | {"delegate", "federation"}
REFERENTIAL_READERS = STAFF | {"delegate", "federation", "auditor"}


def _blank_pdf() -> bytes:
    """A valid one-page PDF (the privacy walk reads the downloads it gets)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()


class AssessmentObjects:
    """A self-assessment of one structure on the shipped CEDRE example, with an answer, an
    evidence file and an action of its plan."""

    def __init__(self, structure):
        from django.core.files.base import ContentFile

        from tremplin.quality.models import (
            AssessmentAnswer,
            EvidenceFile,
            PlannedAction,
            Referential,
            Requirement,
            SelfAssessment,
        )

        self.referential = (
            Referential.objects.filter(code="cedre", is_current=True).order_by("pk").first()
        )
        self.requirement = (
            Requirement.objects.filter(chapter__referential=self.referential)
            .order_by("chapter__position", "position")
            .first()
        )
        self.assessment = SelfAssessment.objects.create(
            structure=structure,
            referential=self.referential,
            assessed_on=datetime.date(2026, 6, 30),
        )
        AssessmentAnswer.objects.create(
            assessment=self.assessment,
            requirement=self.requirement,
            level="partly",
            comment=f"Livret d'accueil de {structure.name}",
        )
        self.evidence = EvidenceFile.objects.create(
            assessment=self.assessment,
            requirement=self.requirement,
            file=ContentFile(PDF, name="livret.pdf"),
            name="livret.pdf",
            size=len(PDF),
        )
        self.action = PlannedAction.objects.create(
            assessment=self.assessment,
            requirement=self.requirement,
            action="Réécrire le livret d'accueil",
            owner="La directrice",
            due_on=datetime.date(2027, 3, 31),
        )


def assessment_objects(world) -> AssessmentObjects:
    """The objects of `world.other` (made once per world and structure)."""
    cache = world.__dict__.setdefault("_assessment_objects", {})
    if world.other.pk not in cache:
        cache[world.other.pk] = AssessmentObjects(world.other)
    return cache[world.other.pk]


def _on_assessment(*, allowed=NOBODY, own_allowed, requirement=False, **extra):
    def kwargs(world):
        objects = assessment_objects(world)
        found = {"pk": objects.assessment.pk}
        if requirement:
            found["requirement_pk"] = objects.requirement.pk
        return found

    return Route(Access.SCOPED, kwargs=kwargs, allowed=allowed, own_allowed=own_allowed, **extra)


def _on(attribute, *, allowed=NOBODY, own_allowed, **extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(assessment_objects(w), attribute).pk},
        allowed=allowed,
        own_allowed=own_allowed,
        **extra,
    )


def _cedre_pk(world):
    from tremplin.quality.models import Referential

    return Referential.objects.filter(code="cedre", is_current=True).order_by("pk").first().pk


def _qualiopi_pk(world):
    from tremplin.quality.models import Referential

    return Referential.objects.filter(code="qualiopi", is_current=True).order_by("pk").first().pk


def _action_data(world):
    return {
        "action": "Former l'équipe",
        "owner": "Le directeur",
        "due_on": "2027-01-31",
        "status": "planned",
    }


ROUTES: dict = {
    "quality:referential_list": Route(Access.AUTHENTICATED, allowed=REFERENTIAL_READERS),
    "quality:referential_detail": Route(
        Access.AUTHENTICATED,
        kwargs=lambda w: {"pk": _cedre_pk(w)},
        allowed=REFERENTIAL_READERS,
    ),
    "quality:referential_upload": Route(Access.AUTHENTICATED, allowed=FEDERATION),
    "quality:structure_home": Route(
        Access.AUTHENTICATED,
        allowed=STAFF,
        setup=assessment_objects,
        secret=lambda w: f"Livret d'accueil de {w.other.name}",
        secret_allowed=NOBODY,
    ),
    "quality:structure_quality": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": w.other.pk},
        allowed=FEDERATION,
        own_allowed=READERS,
    ),
    # The federation's training service's own Qualiopi self-assessment: federation only.
    "quality:training_service_quality": Route(Access.AUTHENTICATED, allowed=FEDERATION),
    "quality:training_service_assessment_create": Route(
        Access.AUTHENTICATED,
        method="post",
        data=lambda w: {"referential": _qualiopi_pk(w), "assessed_on": "2026-11-03"},
        allowed=FEDERATION,
        ok_status=(302,),
    ),
    "quality:assessment_create": Route(
        Access.AUTHENTICATED,
        method="post",
        data=lambda w: {"referential": _cedre_pk(w), "assessed_on": "2026-11-02"},
        allowed=WRITERS,
        ok_status=(302,),
    ),
    "quality:assessment_detail": _on_assessment(allowed=FEDERATION, own_allowed=READERS),
    "quality:assessment_requirement": _on_assessment(
        allowed=FEDERATION, own_allowed=READERS, requirement=True
    ),
    "quality:evidence_upload": _on_assessment(
        own_allowed=WRITERS,
        requirement=True,
        method="post",
        data=lambda w: {"file": SimpleUploadedFile("preuve.pdf", PDF, "application/pdf")},
        ok_status=(302,),
    ),
    "quality:action_add": _on_assessment(
        own_allowed=WRITERS, method="post", data=_action_data, ok_status=(302,)
    ),
    "quality:assessment_complete": _on_assessment(
        own_allowed=WRITERS, method="post", ok_status=(302,)
    ),
    "quality:evidence_download": _on("evidence", allowed=FEDERATION, own_allowed=READERS),
    "quality:evidence_delete": _on(
        "evidence", own_allowed=WRITERS, method="post", ok_status=(302,)
    ),
    "quality:action_edit": _on("action", own_allowed=WRITERS),
}
