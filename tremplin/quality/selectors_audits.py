"""Reads of the audit part: the lists of audits, an audit's progress, a site's checklist,
the findings with their actions."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from .models import (
    Audit,
    AuditStatus,
    ChecklistItem,
    ChecklistResult,
    CorrectiveAction,
    Finding,
    FindingDocument,
)

# The filters of the federation's list (« à planifier » = planned, not started).
FILTERS = {
    "planned": (AuditStatus.PLANNED,),
    "in_progress": (AuditStatus.IN_PROGRESS,),
    "reported": (AuditStatus.REPORTED, AuditStatus.DECIDED),
}


def _count(queryset):
    # A subquery, not a join: for_user's own joins (sites) would multiply a joined count.
    return Coalesce(
        Subquery(
            queryset.order_by().values("audit").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def with_progress(queryset):
    items = ChecklistItem.objects.filter(audit=OuterRef("pk"))
    return queryset.annotate(
        items_total=_count(items),
        items_done=_count(items.exclude(result=ChecklistResult.NOT_SEEN)),
        findings_total=_count(Finding.objects.filter(audit=OuterRef("pk"))),
    )


def audits_for(*, actor, status: str = ""):
    queryset = Audit.objects.for_user(actor).select_related(
        "certification__structure", "certification__referential", "auditor"
    )
    if status in FILTERS:
        queryset = queryset.filter(status__in=FILTERS[status])
    return with_progress(queryset).order_by("starts_on", "pk")


def site_progress(audit) -> list[dict]:
    """Per site: items in all, items audited."""
    rows = {
        row["site"]: row
        for row in ChecklistItem.objects.filter(audit=audit)
        .values("site")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=~Q(result=ChecklistResult.NOT_SEEN)),
        )
    }
    empty = {"total": 0, "done": 0}
    return [{**rows.get(site.pk, empty), "site": site} for site in audit.sites.all()]


def checklist_of(audit, site) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(audit=audit, site=site)
        .select_related("requirement__chapter")
        .order_by("requirement__chapter__position", "requirement__position", "pk")
    )


def findings_of(audit) -> list[Finding]:
    return list(
        Finding.objects.filter(audit=audit)
        .select_related("requirement", "site__structure")
        .prefetch_related(
            Prefetch("actions", queryset=CorrectiveAction.objects.order_by("created_at", "pk")),
            Prefetch("documents", queryset=FindingDocument.objects.order_by("uploaded_at", "pk")),
        )
        .order_by("pk")
    )


def checklist_summary(audit) -> list[dict]:
    """Count of each result, for the report."""
    counts = dict(
        ChecklistItem.objects.filter(audit=audit)
        .values_list("result")
        .annotate(n=Count("pk"))
        .values_list("result", "n")
    )
    return [
        {"label": label, "count": counts.get(value, 0)} for value, label in ChecklistResult.choices
    ]
