"""Tenancy classification of the routes of the quality part « audits ».

The objects are built for `world.other`; with own=True the tenancy test builds them again
for `world.own`, whose audits are given to the world's auditor: so the auditor passes on
their own audits only, and another auditor's audit answers 404."""

from __future__ import annotations

import datetime

from tremplin.common.routes import STAFF, Access, Route

FEDERATION = frozenset({"federation"})
AUDITING = frozenset({"federation", "auditor"})
READING = STAFF | AUDITING
ANSWERING = frozenset({"director", "conseiller"})
NOBODY: frozenset = frozenset()
REFERENTIAL_CODE = "test-audits"


def referential():
    """A small référentiel of two chapters, three requirements (once per database)."""
    from tremplin.quality.models import Chapter, Referential, Requirement

    ref, created = Referential.objects.get_or_create(
        code=REFERENTIAL_CODE,
        version="1",
        defaults={"kind": "cedre", "title": "Référentiel d'essai"},
    )
    if created:
        welcome = Chapter.objects.create(referential=ref, number="1", title="Accueil", position=1)
        path = Chapter.objects.create(referential=ref, number="2", title="Parcours", position=2)
        Requirement.objects.create(chapter=welcome, number="1.1", title="Livret", position=1)
        Requirement.objects.create(chapter=welcome, number="1.2", title="Entretien", position=2)
        Requirement.objects.create(chapter=path, number="2.1", title="Contrat", position=1)
    return ref


def other_auditor():
    from tremplin.accounts import services as account_services
    from tremplin.accounts.models import User, UserKind

    user = User.objects.filter(email="autre-auditeur@tremplin.test").first()
    return user or account_services.user_create(
        email="autre-auditeur@tremplin.test", kind=UserKind.AUDITOR, password=None
    )


class AuditObjects:
    """A certification of `structure`, an audit under way with a major finding whose action
    is done (to check), and a reported audit; audited by the world's auditor when the
    structure is the world's own, by another auditor otherwise."""

    def __init__(self, world, structure):
        from django.core.files.base import ContentFile

        from tremplin.quality.models import Certification, FindingDocument
        from tremplin.quality.services import audits as services

        federation = world.user("federation")
        auditor = world.user("auditor") if structure == world.own else other_auditor()
        self.certification = Certification.objects.create(
            referential=referential(), scheme="individual", structure=structure
        )
        self.audit = services.audit_plan(
            actor=federation,
            certification=self.certification,
            kind="stage2",
            auditor=auditor,
            starts_on=datetime.date(2026, 10, 5),
            ends_on=datetime.date(2026, 10, 6),
            plan=f"Plan secret {structure.siret}",
        )
        self.site = self.audit.sites.get()
        self.finding = services.finding_record(
            actor=auditor, audit=self.audit, kind="major", description="Pas de livret"
        )
        self.action = services.corrective_action_record(
            actor=federation,
            finding=self.finding,
            cause="Oubli",
            action="Rédiger le livret",
            owner="La direction",
            due_on=datetime.date(2026, 10, 30),
        )
        services.corrective_action_done(
            actor=federation, action=self.action, done_on=datetime.date(2026, 10, 20)
        )
        self.document = FindingDocument(finding=self.finding, title="Livret")
        self.document.file.save("livret.txt", ContentFile(b"livret"), save=True)
        self.reported = services.audit_plan(
            actor=federation, certification=self.certification, kind="stage1", auditor=auditor
        )
        self.reported.checklist.update(result="conform")
        services.audit_report(actor=auditor, audit=self.reported, conclusion="Conclusion")


def audit_objects(world) -> AuditObjects:
    """The objects of `world.other` (made once per world and structure)."""
    cache = world.__dict__.setdefault("_audit_objects", {})
    if world.other.pk not in cache:
        cache[world.other.pk] = AuditObjects(world, world.other)
    return cache[world.other.pk]


def _on(kwargs, *, own_allowed, allowed=FEDERATION, method="get", ok_status=(200,), data=None):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: kwargs(audit_objects(w)),
        allowed=allowed,
        own_allowed=own_allowed,
        method=method,
        ok_status=ok_status,
        data=data,
    )


ROUTES: dict = {
    "quality:audit_list": Route(
        Access.AUTHENTICATED,
        allowed=READING,
        setup=audit_objects,
        secret=lambda w: f"Plan secret {w.other.siret}",
    ),
    "quality:audit_create": Route(Access.AUTHENTICATED, allowed=FEDERATION),
    "quality:audit_detail": _on(lambda o: {"pk": o.audit.pk}, own_allowed=READING),
    "quality:audit_edit": _on(lambda o: {"pk": o.audit.pk}, own_allowed=FEDERATION),
    "quality:audit_checklist": _on(
        lambda o: {"pk": o.audit.pk, "site_pk": o.site.pk}, own_allowed=AUDITING
    ),
    "quality:finding_create": _on(lambda o: {"pk": o.audit.pk}, own_allowed=AUDITING),
    "quality:audit_evidence": _on(lambda o: {"pk": o.audit.pk}, own_allowed=AUDITING),
    "quality:audit_report": _on(lambda o: {"pk": o.audit.pk}, own_allowed=AUDITING),
    "quality:audit_pdf": _on(lambda o: {"pk": o.reported.pk}, own_allowed=READING),
    "quality:action_create": _on(
        lambda o: {"pk": o.finding.pk}, own_allowed=ANSWERING, allowed=NOBODY
    ),
    "quality:finding_close": _on(
        lambda o: {"pk": o.finding.pk}, own_allowed=AUDITING, method="post", ok_status=(302,)
    ),
    "quality:document_attach": _on(
        lambda o: {"pk": o.finding.pk}, own_allowed=ANSWERING, allowed=NOBODY
    ),
    "quality:document_download": _on(lambda o: {"pk": o.document.pk}, own_allowed=READING),
    "quality:action_done": _on(
        lambda o: {"pk": o.action.pk},
        own_allowed=ANSWERING,
        allowed=NOBODY,
        method="post",
        ok_status=(302,),
        data=lambda w: {"done_on": "2026-10-21"},
    ),
    "quality:action_check": _on(lambda o: {"pk": o.action.pk}, own_allowed=AUDITING),
}
