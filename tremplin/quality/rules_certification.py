"""Who may do what with certifications, decisions, certificates and group samples. Reads go
through `for_user` (the structure's staff, its delegates, federation staff, the auditor of
an audit, a group site's staff); the committee's acts are federation staff's. Missing and
forbidden look the same (404)."""

from __future__ import annotations

from django.http import Http404

from tremplin.accounts.tenancy import scope_of

from .models import Audit, Certification, Finding


def is_federation(actor) -> bool:
    return scope_of(actor).is_federation


def require_federation(actor) -> None:
    if not is_federation(actor):
        raise Http404


def access_certification(actor, pk) -> Certification:
    try:
        return (
            Certification.objects.for_user(actor)
            .select_related("referential", "structure__commune")
            .get(pk=pk)
        )
    except (Certification.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def access_audit(actor, pk) -> Audit:
    try:
        return (
            Audit.objects.for_user(actor)
            .select_related("certification__referential", "certification__structure", "auditor")
            .get(pk=pk)
        )
    except (Audit.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def access_decidable_audit(actor, pk) -> Audit:
    """An audit the committee decides on: federation staff only."""
    require_federation(actor)
    return access_audit(actor, pk)


def access_finding_to_answer(actor, pk) -> Finding:
    """A nonconformity of a group audit, answered by the audit's auditor or the federation
    (a site's staff see the finding, they do not answer for the group)."""
    try:
        finding = (
            Finding.objects.for_user(actor)
            .select_related("audit__certification", "site__structure", "requirement")
            .get(pk=pk)
        )
    except (Finding.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not (is_federation(actor) or finding.audit.auditor_id == actor.pk):
        raise Http404
    return finding


def can_draw_sample(actor, audit: Audit) -> bool:
    return is_federation(actor)
