"""Tenancy classification of the routes of the quality part « groups » (certification
decisions, certificates, group sampling, federation pages), and the builders its tests use."""

from __future__ import annotations

import datetime

from tremplin.common.routes import STAFF, Access, Route

FEDERATION = frozenset({"federation"})
NOBODY = frozenset()
SECRET_NAME = "Certif-Zorglub"


def referential():
    from tremplin.quality.models import Chapter, Referential, Requirement

    ref, created = Referential.objects.get_or_create(
        code="cedre-test",
        version="1",
        defaults={"kind": "cedre", "title": "CEDRE (test)"},
    )
    if created:
        chapter = Chapter.objects.create(referential=ref, number="1", title="Accueil")
        Requirement.objects.create(chapter=chapter, number="1.1", title="Accueil du salarié")
    return ref


def requirement():
    from tremplin.quality.models import Requirement

    return Requirement.objects.filter(chapter__referential=referential()).first()


def auditor(email="auditeur-externe@tremplin.test"):
    from tremplin.accounts import services as account_services
    from tremplin.accounts.models import User, UserKind

    user = User.objects.filter(email=email).first()
    return user or account_services.user_create(
        email=email, kind=UserKind.AUDITOR, password="x-Unused-9"
    )


def certified(structure=None, *, started_on=datetime.date(2025, 11, 18), name=""):
    """A certification in force since `started_on` (an individual one of `structure`, or
    the group's when `structure` is None)."""
    from tremplin.quality.cycle import expiry_for
    from tremplin.quality.models import Certification

    return Certification.objects.create(
        referential=referential(),
        scheme="individual" if structure else "group",
        structure=structure,
        name=name or ("" if structure else f"Groupe {SECRET_NAME}"),
        status="certified",
        cycle_started_on=started_on,
        expires_on=expiry_for(started_on),
    )


def audit(certification, *, kind="surveillance", status="reported", starts_on=None, by=None):
    from tremplin.quality.models import Audit

    starts_on = starts_on or certification.cycle_started_on + datetime.timedelta(days=300)
    return Audit.objects.create(
        certification=certification,
        kind=kind,
        status=status,
        starts_on=starts_on,
        ends_on=starts_on,
        auditor=by or auditor(),
        reported_on=starts_on if status in ("reported", "decided") else None,
    )


def major_finding(an_audit, *, site=None):
    from tremplin.quality.models import Finding

    return Finding.objects.create(
        audit=an_audit,
        requirement=requirement(),
        site=site,
        kind="major",
        description="Aucun entretien d'accueil tracé",
    )


class GroupObjects:
    """A group certification with `other` as a site, a reported surveillance audit with a
    nonconformity at that site. The audit's auditor is the world's own when `other` is the
    users' structure (the tenancy test's « own » request), another auditor otherwise."""

    def __init__(self, world):
        from tremplin.quality.models import AuditSite, Decision, GroupSite

        self.certification = certified(None, name=f"Groupe {SECRET_NAME} {world.other.pk}")
        GroupSite.objects.create(
            certification=self.certification,
            structure=world.other,
            joined_on=datetime.date(2020, 1, 1),
        )
        by = world.user("auditor") if world.other == world.own else auditor()
        self.audit = audit(self.certification, by=by)
        self.site = AuditSite.objects.create(
            audit=self.audit, structure=world.other, selection="random"
        )
        self.finding = major_finding(self.audit, site=self.site)
        self.individual = certified(world.other, name=SECRET_NAME)
        Decision.objects.create(
            certification=self.individual,
            outcome="grant",
            decided_on=self.individual.cycle_started_on,
            valid_until=self.individual.expires_on,
            certificate_number=f"CEDRE-2025-{world.other.pk:04d}",
        )
        self.individual_audit = audit(self.individual, by=by)


def group_objects(world) -> GroupObjects:
    cache = world.__dict__.setdefault("_certify_objects", {})
    if world.other.pk not in cache:
        cache[world.other.pk] = GroupObjects(world)
    return cache[world.other.pk]


def _on(attribute, *, allowed=FEDERATION, own_allowed, **extra):
    def kwargs(world):
        obj = group_objects(world)
        for part in attribute.split("."):
            obj = getattr(obj, part)
        return {"pk": obj.pk}

    return Route(Access.SCOPED, kwargs=kwargs, allowed=allowed, own_allowed=own_allowed, **extra)


READERS = STAFF | {"delegate", "federation"}
REASON = {"reason": "Test", "decided_on": "2026-11-18"}

ROUTES: dict = {
    "quality:federation_home": Route(Access.AUTHENTICATED, allowed=FEDERATION, setup=group_objects),
    "quality:certification_list": Route(
        Access.AUTHENTICATED,
        setup=group_objects,
        secret=lambda w: SECRET_NAME,
        secret_allowed=FEDERATION,
    ),
    # The individual certification of the other structure: its staff, its delegates,
    # federation staff and the auditor of its audits.
    "quality:certification_detail": _on("individual", own_allowed=READERS | {"auditor"}),
    "quality:certificate_pdf": _on("individual", own_allowed=READERS | {"auditor"}),
    "quality:certification_decide": _on(
        "individual_audit", own_allowed=FEDERATION, ok_status=(200,)
    ),
    "quality:certification_suspend": _on(
        "individual",
        own_allowed=FEDERATION,
        method="post",
        data=lambda w: REASON,
        ok_status=(302,),
    ),
    "quality:certification_reinstate": _on(
        "individual",
        own_allowed=FEDERATION,
        method="post",
        data=lambda w: REASON,
        ok_status=(302,),
    ),
    "quality:certification_withdraw": _on(
        "individual",
        own_allowed=FEDERATION,
        method="post",
        data=lambda w: REASON,
        ok_status=(302,),
    ),
    # The answer about the other sites: the audit's auditor and federation staff.
    "quality:finding_other_sites": _on("finding", own_allowed=FEDERATION | {"auditor"}),
    "quality:audit_sample": _on("audit", own_allowed=FEDERATION | {"auditor"} | STAFF),
}
