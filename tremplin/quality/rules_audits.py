"""Who may do what on an audit. Federation staff plan audits and see them all; the lead
auditor works on the audits given to them only (an auditor, or a peer of another
structure); the audited structure's staff read their audits, and its director or counsellor
answer the nonconformities (corrective actions, documents). Everybody else: 404."""

from __future__ import annotations

from django.http import Http404

from tremplin.accounts.models import STAFF_ROLES, StructureRole
from tremplin.accounts.tenancy import scope_of

ANSWERING_ROLES = frozenset({StructureRole.DIRECTOR, StructureRole.CONSEILLER})


def can_plan(actor) -> bool:
    return scope_of(actor).is_federation


def is_lead_auditor(actor, audit) -> bool:
    return actor.is_authenticated and audit.auditor_id == actor.pk


def _structure_roles(actor, audit) -> set[str]:
    scope = scope_of(actor)
    ids = {audit.certification.structure_id} | {
        site.structure_id for site in audit.sites.all() if site.structure_id
    }
    return {role for sid, role in scope.roles if sid in ids}


def is_audited_staff(actor, audit) -> bool:
    return bool(_structure_roles(actor, audit) & STAFF_ROLES)


def can_read(actor, audit) -> bool:
    return (
        scope_of(actor).is_federation
        or is_lead_auditor(actor, audit)
        or is_audited_staff(actor, audit)
    )


def can_audit(actor, audit) -> bool:
    """Fill the checklist, record findings, send the report, check actions."""
    return scope_of(actor).is_federation or is_lead_auditor(actor, audit)


def can_answer(actor, audit) -> bool:
    """Record corrective actions and attach documents: the audited structure."""
    return bool(_structure_roles(actor, audit) & ANSWERING_ROLES)


def access_audit(actor, pk: int):
    """An audit the actor may read; 404 alike when missing or not theirs."""
    from .models import Audit

    try:
        audit = (
            Audit.objects.for_user(actor)
            .select_related("certification__structure", "certification__referential", "auditor")
            .prefetch_related("sites__structure")
            .get(pk=pk)
        )
    except (Audit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not can_read(actor, audit):
        raise Http404
    return audit


def access_finding(actor, pk: int):
    from .models import Finding

    try:
        finding = Finding.objects.for_user(actor).select_related("audit").get(pk=pk)
    except (Finding.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    return finding, access_audit(actor, finding.audit_id)


def access_action(actor, pk: int):
    from .models import CorrectiveAction

    try:
        action = (
            CorrectiveAction.objects.for_user(actor).select_related("finding__audit").get(pk=pk)
        )
    except (CorrectiveAction.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    return action, access_audit(actor, action.finding.audit_id)


def access_document(actor, pk: int):
    from .models import FindingDocument

    try:
        document = FindingDocument.objects.for_user(actor).select_related("finding").get(pk=pk)
    except (FindingDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    return document, access_audit(actor, document.finding.audit_id)
