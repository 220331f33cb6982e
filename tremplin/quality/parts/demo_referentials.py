"""The demo's records of the quality part « referentials »: a self-assessment of the shipped
CEDRE example under way in the first demo structure (levels and comments on part of it, an
evidence file, an action plan), made through the services as its director; and the
federation's training service preparing its Qualiopi audit (the first criterion answered)."""

from __future__ import annotations

import datetime
import random

from django.core.files.base import ContentFile

from tremplin.accounts.models import StructureMembership, StructureRole, User, UserKind
from tremplin.network.demo import DEMO_DOMAIN
from tremplin.network.models import MembershipStatus

COMMENTS = {
    "absent": "Rien d'écrit pour l'instant.",
    "partly": "Pratiqué, mais pas encore formalisé ni suivi.",
    "in_place": "En place ; les preuves sont dans le dossier qualité.",
    "mastered": "En place, évalué au dernier bilan annuel.",
}
ACTIONS = [
    ("2.1", "Signer le contrat d'engagement dans le mois de l'embauche", 60),
    ("1.1", "Mettre à jour le livret d'accueil", 90),
    (None, "Présenter l'autoévaluation au conseil d'administration", 120),
]


def _welcome_booklet(structure) -> bytes:
    """A one-page PDF the structure would have attached itself."""
    from django.utils.html import escape
    from weasyprint import HTML

    return HTML(
        string=f"<h1>Livret d'accueil</h1><p>{escape(structure.name)} — document de démonstration.</p>"
    ).write_pdf()


def seed(*, structures, seed: int, today) -> dict[str, int]:
    from tremplin.quality.models import Referential, Requirement
    from tremplin.quality.services import assessments as services

    active = [s for s in structures if s.membership_status == MembershipStatus.ACTIVE]
    referential = Referential.objects.filter(code="cedre", is_current=True).order_by("pk").first()
    if not active or referential is None:
        return {}
    structure = active[0]
    directors = StructureMembership.objects.filter(
        structure=structure, role=StructureRole.DIRECTOR
    ).select_related("user")
    # The demo's director login when it works there, so that its pages show the assessment.
    membership = (
        directors.filter(user__email=f"direction@{DEMO_DOMAIN}").first()
        or directors.order_by("pk").first()
    )
    if membership is None:
        return {}
    director = membership.user
    rng = random.Random(seed + 31)
    assessment = services.self_assessment_create(
        actor=director,
        structure=structure,
        referential=referential,
        assessed_on=today - datetime.timedelta(days=7),
    )
    requirements = list(
        Requirement.objects.filter(chapter__referential=referential)
        .select_related("chapter")
        .order_by("chapter__position", "position")
    )
    by_number = {r.number: r for r in requirements}
    answered = 0
    # The first two chapters answered, the rest still to do: a self-assessment under way.
    for requirement in requirements:
        if requirement.chapter.number not in ("1", "2"):
            continue
        level = rng.choice(list(COMMENTS))
        services.assessment_answer_save(
            actor=director,
            assessment=assessment,
            requirement=requirement,
            level=level,
            comment=COMMENTS[level],
        )
        answered += 1
    services.evidence_file_add(
        actor=director,
        assessment=assessment,
        requirement=by_number["1.1"],
        upload=ContentFile(_welcome_booklet(structure), name="livret-accueil.pdf"),
    )
    for number, action, days in ACTIONS:
        services.planned_action_save(
            actor=director,
            assessment=assessment,
            requirement=by_number.get(number) if number else None,
            action=action,
            owner=director.get_full_name() or director.email,
            due_on=today + datetime.timedelta(days=days),
        )
    service_answers = _training_service(today=today)
    return {
        "self_assessments": 1 + (service_answers is not None),
        "assessment_answers": answered + (service_answers or 0),
        "planned_actions": len(ACTIONS),
    }


SERVICE_COMMENTS = {
    "1": "Le catalogue public donne chaque rubrique ; les délais d'accès y figurent.",
    "2": "Taux de satisfaction et d'assiduité publiés chaque année.",
    "3": "Aucune formation certifiante au catalogue pour l'instant.",
}


def _training_service(*, today) -> int | None:
    """The training service's Qualiopi self-assessment, its first criterion answered."""
    from tremplin.quality.models import Referential, Requirement
    from tremplin.quality.services import assessments as services

    referential = (
        Referential.objects.filter(code="qualiopi", is_current=True).order_by("pk").first()
    )
    federation = User.objects.filter(kind=UserKind.FEDERATION).order_by("pk").first()
    if referential is None or federation is None:
        return None
    assessment = services.self_assessment_create(
        actor=federation,
        structure=None,
        referential=referential,
        assessed_on=today - datetime.timedelta(days=3),
    )
    answered = 0
    for requirement in Requirement.objects.filter(
        chapter__referential=referential, number__in=SERVICE_COMMENTS
    ):
        services.assessment_answer_save(
            actor=federation,
            assessment=assessment,
            requirement=requirement,
            level="na" if requirement.number == "3" else "in_place",
            comment=SERVICE_COMMENTS[requirement.number],
        )
        answered += 1
    return answered
