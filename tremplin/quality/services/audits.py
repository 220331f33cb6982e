"""Audit practice (ISO/IEC 17021-1): planning an audit, the auditor's checklist and
findings, the report, the corrective actions and their effectiveness check.

Every function is keyword-only and atomic; the access gate is rules_audits.py (the views
call it before any service)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.models import STAFF_ROLES, UserKind
from tremplin.common.saving import save_changes

from ..models import (
    Audit,
    AuditSite,
    AuditStatus,
    CertificationStatus,
    ChecklistItem,
    ChecklistResult,
    CorrectiveAction,
    Finding,
    FindingKind,
    FindingStatus,
    Requirement,
    Scheme,
)

OPEN_AUDIT = (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS)


# --- Planning -----------------------------------------------------------------------------


def audited_structure_ids(certification) -> set[int]:
    """The structures an audit of this certification looks at: the certified structure, or
    every site of the group."""
    if certification.scheme == Scheme.INDIVIDUAL:
        return {certification.structure_id}
    return set(certification.sites.values_list("structure_id", flat=True))


def _check_auditor(auditor, certification) -> bool:
    """The lead auditor is an auditor, or a peer: a staff member of another structure.
    Returns whether they are a peer; refuses anybody else (impartiality, ISO/IEC 17021-1 §5.2)."""
    if auditor is None:
        return False
    if auditor.kind == UserKind.AUDITOR:
        return False
    if auditor.kind != UserKind.STRUCTURE_STAFF:
        raise ValidationError(
            {"auditor": _("The lead auditor must be an auditor or a staff member of a structure.")}
        )
    staff_of = set(
        auditor.structure_memberships.filter(role__in=STAFF_ROLES).values_list(
            "structure_id", flat=True
        )
    )
    if not staff_of:
        raise ValidationError(
            {"auditor": _("The lead auditor must be an auditor or a staff member of a structure.")}
        )
    if staff_of & audited_structure_ids(certification):
        raise ValidationError(
            {
                "auditor": _(
                    "A peer cannot audit their own structure: choose an auditor or a staff "
                    "member of another structure."
                )
            }
        )
    return True


def _check_dates(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The audit cannot end before it starts.")})


def _planned_sites(audit) -> list[AuditSite]:
    """The sites the audit visits: the certified structure, or for a group the central
    function and the IAF MD1 sample (services.sampling)."""
    from .sampling import sample_sites

    return sample_sites(audit)


def _create_checklist(audit, sites) -> int:
    requirements = list(
        Requirement.objects.filter(chapter__referential_id=audit.certification.referential_id)
        .order_by("chapter__position", "position", "pk")
        .values_list("pk", flat=True)
    )
    items = [
        ChecklistItem(audit=audit, site=site, requirement_id=requirement)
        for site in sites
        for requirement in requirements
    ]
    ChecklistItem.objects.bulk_create(items)
    return len(items)


@transaction.atomic
def audit_plan(
    *,
    actor,
    certification,
    kind: str,
    auditor=None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    due_by: datetime.date | None = None,
    plan: str = "",
) -> Audit:
    """Plan an audit of the certification: its sites and its checklist come with it."""
    if certification.status in (CertificationStatus.WITHDRAWN, CertificationStatus.REFUSED):
        raise ValidationError(_("This certification is closed: no audit can be planned on it."))
    is_peer = _check_auditor(auditor, certification)
    _check_dates(starts_on, ends_on)
    audit = Audit.objects.create(
        certification=certification,
        kind=kind,
        auditor=auditor,
        auditor_is_peer=is_peer,
        starts_on=starts_on,
        ends_on=ends_on,
        due_by=due_by,
        plan=plan,
    )
    _create_checklist(audit, _planned_sites(audit))
    return audit


@transaction.atomic
def audit_update(
    *, actor, audit, auditor=None, starts_on=None, ends_on=None, due_by=None, plan=""
) -> Audit:
    """Change the planning of an audit that has not reported yet."""
    if audit.status not in OPEN_AUDIT:
        raise ValidationError(_("The report has been sent: the audit's planning is closed."))
    is_peer = _check_auditor(auditor, audit.certification)
    _check_dates(starts_on, ends_on)
    # Only what changed is written: the page saved unchanged changes nothing.
    save_changes(
        audit,
        {
            "auditor": auditor,
            "auditor_is_peer": is_peer,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "due_by": due_by,
            "plan": plan,
        },
    )
    return audit


# --- The auditor's work -------------------------------------------------------------------


def _require_open(audit) -> None:
    if audit.status not in OPEN_AUDIT:
        raise ValidationError(_("The report of this audit has been sent: it can no longer change."))


def _start(audit) -> None:
    # The first thing the auditor records starts the audit.
    if audit.status == AuditStatus.PLANNED:
        audit.status = AuditStatus.IN_PROGRESS
        audit.save(update_fields=["status", "updated_at"])


@transaction.atomic
def checklist_save(*, actor, audit, site, entries: dict[int, tuple[str, str]]) -> int:
    """Record the result and notes of the site's requirements: {item pk: (result, notes)}.
    Returns how many items changed."""
    _require_open(audit)
    valid = set(ChecklistResult.values)
    changed = []
    for item in ChecklistItem.objects.filter(audit=audit, site=site, pk__in=entries):
        result, notes = entries[item.pk]
        if result not in valid:
            raise ValidationError(_("Choose a result for each requirement."))
        if (item.result, item.notes) != (result, notes):
            item.result, item.notes = result, notes
            changed.append(item)
    ChecklistItem.objects.bulk_update(changed, ["result", "notes"])
    if changed:
        _start(audit)
    return len(changed)


@transaction.atomic
def finding_record(
    *, actor, audit, kind: str, description: str, requirement=None, site=None, evidence: str = ""
) -> Finding:
    _require_open(audit)
    if kind not in FindingKind.values:
        raise ValidationError({"kind": _("Choose the kind of finding.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what was found.")})
    if site is not None and site.audit_id != audit.pk:
        raise ValidationError({"site": _("This site is not visited by this audit.")})
    if requirement is not None:
        referential_id = audit.certification.referential_id
        if requirement.chapter.referential_id != referential_id:
            raise ValidationError(
                {"requirement": _("This requirement is not in the audit's référentiel.")}
            )
    finding = Finding.objects.create(
        audit=audit,
        kind=kind,
        description=description,
        requirement=requirement,
        site=site,
        evidence=evidence,
        recorded_by=actor,
    )
    if requirement is not None and site is not None and finding.is_nonconformity:
        ChecklistItem.objects.filter(audit=audit, site=site, requirement=requirement).update(
            result=ChecklistResult.FINDING
        )
    _start(audit)
    return finding


@transaction.atomic
def audit_report(*, actor, audit, conclusion: str, today: datetime.date | None = None) -> Audit:
    """Close the audit with its conclusion and send the report: the committee decides on it."""
    _require_open(audit)
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("Write the audit's conclusion before sending.")})
    unseen = ChecklistItem.objects.filter(audit=audit, result=ChecklistResult.NOT_SEEN).count()
    if unseen:
        raise ValidationError(
            _(
                "%(count)s requirements of the checklist are not audited yet: give each a "
                "result (conform, finding or not applicable) before sending the report."
            )
            % {"count": unseen}
        )
    audit.conclusion = conclusion
    audit.status = AuditStatus.REPORTED
    audit.reported_on = today or timezone.localdate()
    audit.save(update_fields=["conclusion", "status", "reported_on", "updated_at"])
    return audit


# --- Corrective actions -------------------------------------------------------------------


def _require_nonconformity(finding) -> None:
    if not finding.is_nonconformity:
        raise ValidationError(_("Only a nonconformity calls for a corrective action."))
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError(_("This finding is closed."))


@transaction.atomic
def corrective_action_record(
    *, actor, finding, cause: str, action: str, owner: str, due_on: datetime.date
) -> CorrectiveAction:
    """The structure answers a nonconformity: its cause, the action, who and by when."""
    _require_nonconformity(finding)
    if finding.actions.filter(checked_on__isnull=True).exists():
        raise ValidationError(
            _("An action is already under way on this finding: wait for its check.")
        )
    if finding.status == FindingStatus.VERIFIED:
        raise ValidationError(_("The action on this finding has been verified effective."))
    created = CorrectiveAction.objects.create(
        finding=finding, cause=cause, action=action, owner=owner, due_on=due_on
    )
    finding.status = FindingStatus.ACTION_PLANNED
    finding.save(update_fields=["status", "updated_at"])
    return created


@transaction.atomic
def corrective_action_done(*, actor, action, done_on: datetime.date) -> CorrectiveAction:
    if action.checked_on:
        raise ValidationError(_("This action has been checked already."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("An action cannot be done in the future.")})
    action.done_on = done_on
    action.save(update_fields=["done_on", "updated_at"])
    return action


@transaction.atomic
def corrective_action_check(
    *, actor, action, checked_on: datetime.date, is_effective: bool, notes: str = ""
) -> CorrectiveAction:
    """The auditor (or the federation) checks the action's effectiveness. An ineffective
    action reopens the finding: the structure records a new one."""
    if action.checked_on:
        raise ValidationError(_("This action has been checked already."))
    if action.done_on is None:
        raise ValidationError(_("The structure has not marked this action done yet."))
    if checked_on < action.done_on:
        raise ValidationError(
            {"checked_on": _("The check cannot come before the action was done.")}
        )
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("A check cannot be dated in the future.")})
    if not is_effective and not notes.strip():
        raise ValidationError({"notes": _("Say why the action is not effective.")})
    action.checked_on, action.is_effective = checked_on, is_effective
    action.check_notes, action.checked_by = notes, actor
    action.save()
    finding = action.finding
    finding.status = FindingStatus.VERIFIED if is_effective else FindingStatus.OPEN
    finding.save(update_fields=["status", "updated_at"])
    return action


@transaction.atomic
def finding_close(*, actor, finding) -> Finding:
    """Close a finding. A nonconformity closes only once an action on it was checked
    effective (ISO/IEC 17021-1 §9.4.9)."""
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError(_("This finding is closed already."))
    if finding.is_nonconformity and finding.status != FindingStatus.VERIFIED:
        raise ValidationError(
            _(
                "This nonconformity cannot be closed: the effectiveness of a corrective "
                "action on it has not been checked. Record the action's check first."
            )
        )
    finding.status = FindingStatus.CLOSED
    finding.save(update_fields=["status", "updated_at"])
    return finding


@transaction.atomic
def finding_document_attach(*, actor, finding, title: str, upload):
    """The structure attaches a document of its own to a finding (the auditor sees it)."""
    from ..models import FindingDocument

    return FindingDocument.objects.create(
        finding=finding, title=title, file=upload, uploaded_by=actor
    )
