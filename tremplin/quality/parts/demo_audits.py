"""The demo's records of the quality part « audits »: individual CEDRE certifications of a
few demo structures with audits in every state (planned, under way, reported, decided),
findings of each kind and corrective actions open, done and verified. The demo auditor
(auditeur@…) has audits to do: one planned, one under way.

The CEDRE référentiel is the one loaded (the `referentials` part ships it); without one, a
small example is made here, marked as such. Rows go through the part's services, except
the committee's decisions (the `certify` part's), written directly."""

from __future__ import annotations

import datetime
import random

from tremplin.accounts.models import User, UserKind
from tremplin.network.models import MembershipStatus

from ..models import (
    AuditStatus,
    Certification,
    CertificationStatus,
    Chapter,
    Decision,
    Referential,
    ReferentialKind,
    Requirement,
)
from ..services import audits as services

DAY = datetime.timedelta(days=1)
# A minimal CEDRE example when none is loaded: the public structure of the référentiel.
EXAMPLE = [
    (
        "Accueil et intégration",
        [
            ("Accueil de la personne", "Livret d'accueil remis"),
            ("Entretien d'accueil", "Compte rendu de l'entretien"),
        ],
    ),
    (
        "Construction du parcours",
        [
            ("Diagnostic partagé", "Diagnostic daté dans le dossier"),
            ("Entretiens de suivi réguliers", "Entretiens tracés"),
        ],
    ),
    (
        "Contrat d'engagement réciproque",
        [
            ("Contrat signé à l'embauche", "Contrat signé dans le mois"),
            ("Bilans du contrat", "Bilans datés"),
        ],
    ),
]


def _referential() -> Referential:
    found = (
        Referential.objects.filter(kind=ReferentialKind.CEDRE, chapters__requirements__isnull=False)
        .order_by("-is_current", "-version", "pk")
        .first()
    )
    if found:
        return found
    ref, _ = Referential.objects.get_or_create(
        code="cedre-exemple",
        version="demo",
        defaults={
            "kind": ReferentialKind.CEDRE,
            "title": "CEDRE (exemple de démonstration)",
            "is_example": True,
            "source": "Structure publique du référentiel CEDRE, à compléter par la fédération",
        },
    )
    for c, (title, requirements) in enumerate(EXAMPLE, start=1):
        chapter = Chapter.objects.create(referential=ref, number=str(c), title=title, position=c)
        for r, (req_title, evidence) in enumerate(requirements, start=1):
            Requirement.objects.create(
                chapter=chapter,
                number=f"{c}.{r}",
                title=req_title,
                evidence_expected=evidence,
                position=r,
            )
    return ref


class _Demo:
    def __init__(self, *, referential, federation, auditor, today, rng):
        self.referential, self.federation, self.auditor = referential, federation, auditor
        self.today, self.rng = today, rng
        self.counts = {"audits": 0, "findings": 0, "corrective_actions": 0}

    def certification(self, structure, *, certified_on=None):
        certification = Certification.objects.create(
            referential=self.referential, scheme="individual", structure=structure
        )
        if certified_on:
            certification.status = CertificationStatus.CERTIFIED
            certification.cycle_started_on = certified_on
            certification.expires_on = certified_on.replace(year=certified_on.year + 3) - DAY
            certification.save()
        return certification

    def audit(self, certification, kind, starts_on, *, filled=0.0):
        audit = services.audit_plan(
            actor=self.federation,
            certification=certification,
            kind=kind,
            auditor=self.auditor,
            starts_on=starts_on,
            ends_on=starts_on + DAY,
            due_by=starts_on + 30 * DAY,
            plan=(
                "9 h : réunion d'ouverture avec la direction\n"
                "9 h 30 : accueil et intégration (livret, entretien d'accueil)\n"
                "11 h : dossiers de parcours (échantillon pseudonymisé)\n"
                "14 h : contrat d'engagement réciproque et bilans\n"
                "16 h 30 : réunion de clôture"
            ),
        )
        self.counts["audits"] += 1
        items = list(audit.checklist.all())
        for item in items[: round(len(items) * filled)]:
            item.result = "conform"
            item.notes = "Vu sur pièces."
            item.save(update_fields=["result", "notes"])
        if filled:
            audit.status = AuditStatus.IN_PROGRESS
            audit.save(update_fields=["status"])
        return audit

    def finding(self, audit, kind, description, evidence=""):
        requirement = self.rng.choice(list(audit.checklist.values_list("requirement", flat=True)))
        self.counts["findings"] += 1
        return services.finding_record(
            actor=self.auditor,
            audit=audit,
            kind=kind,
            description=description,
            evidence=evidence,
            requirement=Requirement.objects.get(pk=requirement),
            site=audit.sites.first(),
        )

    def action(self, finding, *, done_on=None, checked_on=None):
        action = services.corrective_action_record(
            actor=self.federation,
            finding=finding,
            cause="Procédure non écrite, connue d'une seule personne.",
            action="Écrire la procédure, la présenter en réunion d'équipe, l'appliquer.",
            owner="La direction",
            due_on=(done_on or self.today) + 30 * DAY,
        )
        self.counts["corrective_actions"] += 1
        if done_on:
            services.corrective_action_done(actor=self.federation, action=action, done_on=done_on)
        if checked_on:
            services.corrective_action_check(
                actor=self.auditor, action=action, checked_on=checked_on, is_effective=True
            )
        return action

    def report(self, audit, on):
        audit.checklist.filter(result="not_seen").update(result="conform")
        services.audit_report(
            actor=self.auditor,
            audit=audit,
            conclusion="Les exigences du référentiel sont couvertes ; les écarts relevés "
            "appellent les actions correctives décrites. Avis favorable au comité.",
            today=on,
        )

    def decide(self, audit, on, outcome="grant"):
        audit.status = AuditStatus.DECIDED
        audit.save(update_fields=["status"])
        certification = audit.certification
        Decision.objects.create(
            certification=certification,
            audit=audit,
            outcome=outcome,
            decided_on=on,
            valid_until=certification.expires_on,
            reasons="Rapport d'audit favorable ; actions correctives vérifiées.",
            certificate_number=f"CEDRE-{on.year}-{certification.pk:04d}",
            decided_by=self.federation,
        )


def seed(*, structures, seed: int, today) -> dict[str, int]:
    from tremplin.network.demo import DEMO_DOMAIN

    auditor = User.objects.filter(email=f"auditeur@{DEMO_DOMAIN}").first()
    if auditor is None:
        auditor = User.objects.filter(kind=UserKind.AUDITOR).order_by("pk").first()
    federation = User.objects.filter(kind=UserKind.FEDERATION).order_by("pk").first()
    active = [s for s in structures if s.membership_status == MembershipStatus.ACTIVE][
        : len(SCENARIOS)
    ]
    if auditor is None or not active:
        return {}
    demo = _Demo(
        referential=_referential(),
        federation=federation,
        auditor=auditor,
        today=today,
        rng=random.Random(seed),
    )
    for scenario, structure in zip(SCENARIOS, active, strict=False):
        scenario(demo, structure, auditor, today)
    return demo.counts


YEAR = 365 * DAY


def _under_way(demo, first, auditor, today):
    """The demo logins' structure: certified a year ago, its surveillance under way."""
    initial_on = today - YEAR - 60 * DAY
    certification = demo.certification(first, certified_on=initial_on + 30 * DAY)
    stage2 = demo.audit(certification, "stage2", initial_on)
    kept = demo.finding(stage2, "minor", "Bilans du contrat non datés dans deux dossiers.")
    demo.action(kept, done_on=initial_on + 10 * DAY, checked_on=initial_on + 20 * DAY)
    demo.report(stage2, initial_on + 5 * DAY)
    services.finding_close(actor=auditor, finding=kept)
    demo.decide(stage2, initial_on + 30 * DAY)
    surveillance = demo.audit(certification, "surveillance", today - DAY, filled=0.5)
    demo.finding(
        surveillance,
        "minor",
        "Le livret d'accueil n'est pas remis aux salariés embauchés en CDDI court.",
        "Parcours 2 et Parcours 5 : pas de trace de remise.",
    )
    demo.finding(
        surveillance, "observation", "Les comptes rendus d'entretien varient d'un CIP à l'autre."
    )
    demo.finding(
        surveillance, "strength", "Diagnostic partagé complet et daté dans tous les dossiers vus."
    )


def _to_come(demo, second, auditor, today):
    # Initial audit to come: stage 1 planned for the demo auditor.
    demo.audit(demo.certification(second), "stage1", today + 20 * DAY)


def _reported(demo, third, auditor, today):
    # Reported: a major nonconformity awaiting the check, a minor one verified.
    certification = demo.certification(third)
    reported = demo.audit(certification, "stage2", today - 40 * DAY, filled=1.0)
    major = demo.finding(
        reported,
        "major",
        "Aucun contrat d'engagement réciproque signé pour les embauches du semestre.",
        "Part des embauches avec contrat : 0 % (chiffres du dossier).",
    )
    demo.action(major, done_on=today - 5 * DAY)
    minor = demo.finding(reported, "minor", "Entretiens de suivi espacés de plus de trois mois.")
    demo.action(minor, done_on=today - 20 * DAY, checked_on=today - 10 * DAY)
    demo.finding(reported, "strength", "Accueil très structuré, livret à jour.")
    demo.report(reported, today - 30 * DAY)


def _decided(demo, fourth, auditor, today):
    # Decided two years ago, its next surveillance planned.
    decided_on = today - 2 * YEAR
    certification = demo.certification(fourth, certified_on=decided_on)
    stage2 = demo.audit(certification, "stage2", decided_on - 40 * DAY)
    closed = demo.finding(stage2, "minor", "Procédure d'accueil non écrite.")
    demo.action(closed, done_on=decided_on - 30 * DAY, checked_on=decided_on - 20 * DAY)
    demo.report(stage2, decided_on - 35 * DAY)
    services.finding_close(actor=auditor, finding=closed)
    demo.decide(stage2, decided_on)
    surveillance = demo.audit(certification, "surveillance", decided_on + YEAR - 60 * DAY)
    open_minor = demo.finding(surveillance, "minor", "Bilans non tracés.")
    demo.action(open_minor)  # recorded, not done yet
    demo.report(surveillance, decided_on + YEAR - 50 * DAY)
    demo.decide(surveillance, decided_on + YEAR - 30 * DAY, outcome="maintain")
    demo.audit(certification, "surveillance", today + 45 * DAY)


SCENARIOS = (_under_way, _to_come, _reported, _decided)
