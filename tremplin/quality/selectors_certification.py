"""Reads of the certification pages: the federation's dashboard (certified structures by
région, certificates expiring, audits to plan, open findings), the lists and details. Each
takes the actor and reads through `for_user`, with its own joins (a fixed query count)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from tremplin.network.models import Structure

from . import cycle
from .models import (
    Audit,
    AuditSite,
    Certification,
    CertificationStatus,
    Decision,
    Finding,
    FindingKind,
    FindingStatus,
    GroupSite,
    Scheme,
)

IN_FORCE = (CertificationStatus.CERTIFIED, CertificationStatus.SUSPENDED)
OPEN_FINDINGS = (FindingStatus.OPEN, FindingStatus.ACTION_PLANNED)


def certification_list(*, actor, status: str = ""):
    rows = (
        Certification.objects.for_user(actor)
        .select_related("referential", "structure__commune")
        .order_by("expires_on", "pk")
    )
    if status:
        rows = rows.filter(status=status)
    return rows


def certification_detail(*, certification: Certification, actor) -> dict:
    """The certification's decisions, audits (with their sites) and its cycle."""
    audits = list(
        Audit.objects.for_user(actor)
        .filter(certification=certification)
        .select_related("auditor")
        .prefetch_related("sites__structure")
        .order_by("-starts_on", "-pk")
    )
    decisions = list(
        Decision.objects.for_user(actor)
        .filter(certification=certification)
        .select_related("audit")
        .order_by("-decided_on", "-pk")
    )
    sites = []
    if certification.scheme == Scheme.GROUP:
        sites = list(
            GroupSite.objects.filter(certification=certification)
            .select_related("structure__commune")
            .order_by("structure__name")
        )
    # The cycle is computed from every audit of the certification, not only the visible.
    facts = [
        cycle.AuditFacts(a.pk, a.kind, a.status, a.starts_on)
        for a in Audit.objects.filter(certification=certification).only(
            "pk", "kind", "status", "starts_on"
        )
    ]
    return {
        "audits": audits,
        "decisions": decisions,
        "sites": sites,
        "state": cycle.cycle_state(certification, facts),
    }


@dataclass(frozen=True)
class RegionCount:
    name: str
    structures: list


def certified_by_region(*, actor) -> list[RegionCount]:
    """The structures certified (on their own or as a group's site), by région."""
    certified = Certification.objects.for_user(actor).filter(status=CertificationStatus.CERTIFIED)
    structure_ids = set(
        certified.filter(scheme=Scheme.INDIVIDUAL).values_list("structure_id", flat=True)
    ) | set(
        GroupSite.objects.filter(
            certification__in=certified.filter(scheme=Scheme.GROUP).values("pk"),
            left_on__isnull=True,
        ).values_list("structure_id", flat=True)
    )
    by_region: dict[str, list] = defaultdict(list)
    for structure in (
        Structure.objects.filter(pk__in=structure_ids)
        .select_related("commune__departement__region")
        .order_by("name")
    ):
        by_region[structure.commune.departement.region.name].append(structure)
    return [RegionCount(name, rows) for name, rows in sorted(by_region.items())]


def expiring(*, actor, on: datetime.date, days: int):
    return (
        Certification.objects.for_user(actor)
        .filter(
            status__in=IN_FORCE, expires_on__gte=on, expires_on__lte=on + datetime.timedelta(days)
        )
        .select_related("referential", "structure")
        .order_by("expires_on", "pk")
    )


@dataclass(frozen=True)
class ToPlan:
    certification: Certification
    due: cycle.Due


def audits_to_plan(*, actor) -> list[ToPlan]:
    """Certifications in force whose next due audit has none planned, soonest first."""
    rows = (
        Certification.objects.for_user(actor)
        .filter(status__in=IN_FORCE, cycle_started_on__isnull=False)
        .select_related("referential", "structure")
        .prefetch_related(
            Prefetch(
                "audits",
                queryset=Audit.objects.only(
                    "pk", "kind", "status", "starts_on", "certification_id"
                ),
            )
        )
    )
    plan = []
    for certification in rows:
        due = cycle.cycle_state(certification, certification.audits.all()).to_plan()
        if due is not None:
            plan.append(ToPlan(certification, due))
    return sorted(plan, key=lambda p: (p.due.due_by, p.certification.pk))


def open_findings(*, actor):
    return (
        Finding.objects.for_user(actor)
        .filter(status__in=OPEN_FINDINGS, kind__in=(FindingKind.MAJOR, FindingKind.MINOR))
        .select_related(
            "audit__certification__structure",
            "audit__certification__referential",
            "requirement",
            "site__structure",
        )
        .order_by("kind", "audit__starts_on", "pk")
    )


def audit_sample(*, audit: Audit) -> tuple[list, list]:
    """An audit's sites (already reached through `rules.access_audit`) and its
    nonconformities found at a site, for the answer about the other sites."""
    sites = list(
        AuditSite.objects.filter(audit=audit)
        .select_related("structure__commune")
        .order_by("selection", "-risk_score", "structure__name")
    )
    nonconformities = list(
        Finding.objects.filter(
            audit=audit, kind__in=(FindingKind.MAJOR, FindingKind.MINOR), site__isnull=False
        )
        .select_related("site__structure", "requirement")
        .order_by("pk")
    )
    return sites, nonconformities


def structure_quality_summary(*, actor, structure_id: int) -> dict:
    """The quality home's cards: the structure's certifications (its own, or the group's it
    is a site of), its latest audits and its open nonconformities — three queries."""
    from django.db.models import Q

    from .models import Finding, FindingKind, FindingStatus

    certifications = list(
        Certification.objects.for_user(actor)
        .filter(Q(structure_id=structure_id) | Q(sites__structure_id=structure_id))
        .select_related("referential")
        .order_by("-cycle_started_on", "pk")
    )
    audits = list(
        Audit.objects.for_user(actor)
        .filter(Q(certification__structure_id=structure_id) | Q(sites__structure_id=structure_id))
        .select_related("certification__referential")
        .order_by("-starts_on", "-pk")[:10]
    )
    findings = list(
        Finding.objects.for_user(actor)
        .filter(kind__in=(FindingKind.MAJOR, FindingKind.MINOR))
        .exclude(status=FindingStatus.CLOSED)
        .filter(
            Q(audit__certification__structure_id=structure_id) | Q(site__structure_id=structure_id)
        )
        .select_related("audit", "requirement")
        .order_by("audit_id", "pk")[:20]
    )
    return {"certifications": certifications, "audits": audits, "open_findings": findings}
