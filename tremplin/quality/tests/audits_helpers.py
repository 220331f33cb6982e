"""Builders shared by the audit tests (through the real services)."""

from __future__ import annotations

import datetime

from tremplin.quality.models import Certification
from tremplin.quality.services import audits as services

from .routes_audits import referential


def certification_of(structure):
    return Certification.objects.create(
        referential=referential(), scheme="individual", structure=structure
    )


def planned_audit(world, structure=None, *, auditor=None, kind="stage2"):
    return services.audit_plan(
        actor=world.user("federation"),
        certification=certification_of(structure or world.own),
        kind=kind,
        auditor=auditor or world.user("auditor"),
        starts_on=datetime.date(2026, 10, 5),
        ends_on=datetime.date(2026, 10, 6),
        plan="Accueil 9 h, dossiers 10 h",
    )


def major_finding(world, audit):
    return services.finding_record(
        actor=world.user("auditor"),
        audit=audit,
        kind="major",
        description="Aucun livret d'accueil",
        site=audit.sites.get(),
    )
