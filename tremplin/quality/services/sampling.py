"""The sites a group certification's audit visits (IAF MD1 § 6.1).

The sample's size is √n at the initial audit, 0.6·√n at surveillance, 0.8·√n at
recertification, rounded up (n = the group's sites in the audit's day, the central
function apart); the central function is audited every time. At least a quarter of the
sample is drawn at random, from a seed recorded on the audit so that the draw can be made
again; the rest is chosen by risk, from what Tremplin holds: the site's open
nonconformities, its share of dynamic exits over the last year (against the historical
target) and the time since it was last visited."""

from __future__ import annotations

import datetime
import random
import secrets
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.people.models import Exit, ExitCategory
from tremplin.rules.table import rule

from ..models import (
    Audit,
    AuditKind,
    AuditSite,
    AuditStatus,
    Finding,
    FindingKind,
    FindingStatus,
    GroupSite,
    Scheme,
    SiteSelection,
)

FACTOR_RULE = {
    AuditKind.STAGE_1: "certification.sample.initial",
    AuditKind.STAGE_2: "certification.sample.initial",
    AuditKind.SURVEILLANCE: "certification.sample.surveillance",
    AuditKind.SPECIAL: "certification.sample.surveillance",
    AuditKind.RECERTIFICATION: "certification.sample.recertification",
}
# Risk weights: a major nonconformity still open weighs three minor ones; a year without a
# visit weighs one minor, up to three years (a site never visited counts three).
MAJOR_WEIGHT, MINOR_WEIGHT = Decimal(3), Decimal(1)
VISIT_YEARS_CAP = Decimal(3)
OPEN = (FindingStatus.OPEN, FindingStatus.ACTION_PLANNED)
# Exit rates: a site's dynamic exits over the last year below the historical target add up
# to two points. Only a share of at least this many counted exits is read (a product
# choice, not a legal figure: a share of fewer people says too much about each).
EXIT_WEIGHT = Decimal(2)
MIN_EXITS = 5
DYNAMIC = (ExitCategory.DURABLE, ExitCategory.TRANSITION, ExitCategory.POSITIVE)


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def sample_size(n: int, kind: str, *, on: datetime.date | None = None) -> int:
    """How many of the group's `n` sites an audit of `kind` visits (the central function
    apart), rounded up and never more than there are. Decimal: √25 · 0.6 is exactly 3."""
    if n <= 0:
        return 0
    factor = Decimal(rule(FACTOR_RULE[kind], on))
    return min(n, _ceil(Decimal(n).sqrt() * factor))


def random_count(size: int, *, on: datetime.date | None = None) -> int:
    """At least a quarter of the sample, drawn at random (rounded up)."""
    return min(size, _ceil(Decimal(size) * Decimal(rule("certification.sample.random_share", on))))


@dataclass(frozen=True)
class Risk:
    structure_id: int
    score: Decimal
    reason: str


def _risks(audit: Audit, structure_ids: list[int], on: datetime.date) -> dict[int, Risk]:
    """Each site's risk from two queries: its open nonconformities in the group's audits,
    and the last day an audit of the group visited it."""
    findings = (
        Finding.objects.filter(
            audit__certification_id=audit.certification_id,
            site__structure_id__in=structure_ids,
            status__in=OPEN,
        )
        .values("site__structure_id")
        .annotate(
            majors=Count("pk", filter=Q(kind=FindingKind.MAJOR)),
            minors=Count("pk", filter=Q(kind=FindingKind.MINOR)),
        )
    )
    open_by_site = {row["site__structure_id"]: row for row in findings}
    visits = (
        AuditSite.objects.filter(
            audit__certification_id=audit.certification_id,
            structure_id__in=structure_ids,
            audit__status__in=(AuditStatus.IN_PROGRESS, AuditStatus.REPORTED, AuditStatus.DECIDED),
        )
        .exclude(audit_id=audit.pk)
        .values("structure_id")
        .annotate(last=Max("audit__starts_on"))
    )
    last_by_site = {row["structure_id"]: row["last"] for row in visits}
    # An aggregate per structure, for the federation's sampling: no row of a person is read
    # into Python, and what is kept is a share (shown to the auditor as such).
    exits = (
        Exit.objects.filter(
            person__structure_id__in=structure_ids,
            counted=True,
            exit_date__gt=on - datetime.timedelta(days=365),
            exit_date__lte=on,
        )
        .values("person__structure_id")
        .annotate(total=Count("pk"), dynamic=Count("pk", filter=Q(reason__category__in=DYNAMIC)))
    )
    exits_by_site = {row["person__structure_id"]: row for row in exits if row["total"] >= MIN_EXITS}
    target = Decimal(rule("exit.target_dynamic", on))
    risks = {}
    for structure_id in structure_ids:
        row = open_by_site.get(structure_id, {"majors": 0, "minors": 0})
        last = last_by_site.get(structure_id)
        years = (
            min(VISIT_YEARS_CAP, Decimal((on - last).days) / Decimal(365))
            if last
            else VISIT_YEARS_CAP
        )
        parts = []
        exit_points = Decimal(0)
        if structure_id in exits_by_site:
            share = (
                Decimal(exits_by_site[structure_id]["dynamic"])
                / exits_by_site[structure_id]["total"]
            )
            if share < target:
                exit_points = EXIT_WEIGHT * (target - share) / target
                parts.append(
                    _("dynamic exits %(share)s %% (target %(target)s %%)")
                    % {"share": round(share * 100), "target": round(target * 100)}
                )
        score = (
            MAJOR_WEIGHT * row["majors"] + MINOR_WEIGHT * row["minors"] + years + exit_points
        ).quantize(Decimal("0.01"))
        if row["majors"] or row["minors"]:
            count = row["majors"] + row["minors"]
            parts.append(
                ngettext(
                    "%(count)d open nonconformity",
                    "%(count)d open nonconformities",
                    count,
                )
                % {"count": count}
            )
        if last:
            parts.append(_("last visited on %(date)s") % {"date": last.strftime("%d/%m/%Y")})
        else:
            parts.append(_("never visited"))
        risks[structure_id] = Risk(structure_id, score, " ; ".join(parts))
    return risks


def group_site_ids(certification_id: int, on: datetime.date) -> list[int]:
    """The group's member sites on `on` (joined, not left)."""
    return list(
        GroupSite.objects.filter(certification_id=certification_id, joined_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .order_by("structure_id")
        .values_list("structure_id", flat=True)
    )


@transaction.atomic
def sample_sites(audit: Audit, *, seed: int | None = None) -> list[AuditSite]:
    """The audit's sites, drawn again: the central function, then the sample (group), or
    the certified structure (individual). A planned audit's sample is replaced; a started
    audit's is never touched. The seed is the audit's own once drawn (`seed` replaces it)."""
    audit = Audit.objects.select_for_update().select_related("certification").get(pk=audit.pk)
    if audit.status != AuditStatus.PLANNED:
        raise ValidationError(
            _("The audit has started: its sites can no longer be drawn again."), code="started"
        )
    certification = audit.certification
    AuditSite.objects.filter(audit=audit).delete()
    if certification.scheme == Scheme.INDIVIDUAL:
        return [
            AuditSite.objects.create(
                audit=audit, structure_id=certification.structure_id, selection=SiteSelection.SINGLE
            )
        ]
    on = audit.starts_on or audit.due_by or timezone.localdate()
    if seed is not None or audit.sampling_seed is None:
        audit.sampling_seed = seed if seed is not None else secrets.randbits(48)
        audit.save(update_fields=["sampling_seed", "updated_at"])
    sites = [
        AuditSite.objects.create(
            audit=audit, structure=None, selection=SiteSelection.CENTRAL, reason=_("every audit")
        )
    ]
    candidates = group_site_ids(certification.pk, on)
    size = sample_size(len(candidates), audit.kind, on=on)
    drawn = sorted(random.Random(audit.sampling_seed).sample(candidates, random_count(size, on=on)))
    risks = _risks(audit, [c for c in candidates if c not in drawn], on)
    by_risk = sorted(risks.values(), key=lambda r: (-r.score, r.structure_id))[: size - len(drawn)]
    rows = [
        AuditSite(
            audit=audit,
            structure_id=structure_id,
            selection=SiteSelection.RANDOM,
            reason=_("drawn at random (seed %(seed)s)") % {"seed": audit.sampling_seed},
        )
        for structure_id in drawn
    ] + [
        AuditSite(
            audit=audit,
            structure_id=risk.structure_id,
            selection=SiteSelection.RISK,
            risk_score=risk.score,
            reason=risk.reason,
        )
        for risk in by_risk
    ]
    sites.extend(AuditSite.objects.bulk_create(rows))
    return sites
