"""The certification committee's decisions, and what follows them: the cycle's dates, the
certificate's number, suspension and its lifting, withdrawal, expiry (ISO/IEC 17021-1
§ 9.5, § 9.6). Each decision is a Decision row: the certification's history."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import cycle
from ..models import (
    Audit,
    AuditKind,
    AuditStatus,
    CertificateSequence,
    Certification,
    CertificationStatus,
    Decision,
    DecisionOutcome,
    Finding,
    FindingKind,
    Scheme,
)

logger = logging.getLogger("tremplin.quality")

# What the committee may decide on each kind of audit's report.
OUTCOMES_BY_KIND = {
    AuditKind.STAGE_2: (DecisionOutcome.GRANT, DecisionOutcome.REFUSE),
    AuditKind.SURVEILLANCE: (DecisionOutcome.MAINTAIN,),
    AuditKind.SPECIAL: (DecisionOutcome.MAINTAIN,),
    AuditKind.RECERTIFICATION: (DecisionOutcome.RENEW, DecisionOutcome.REFUSE),
}
POSITIVE = (DecisionOutcome.GRANT, DecisionOutcome.MAINTAIN, DecisionOutcome.RENEW)
NUMBERED = (DecisionOutcome.GRANT, DecisionOutcome.RENEW)


def _reserve_certificate_number(year: int) -> str:
    """The year's next number, under a row lock: consecutive and gap-free (the lock holds
    until the deciding transaction ends, so a rollback gives the number back)."""
    CertificateSequence.objects.get_or_create(year=year)
    sequence = CertificateSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"CEDRE-{year}-{sequence.last_number:04d}"


def _label(finding: Finding) -> str:
    where = f"{finding.requirement.number} " if finding.requirement_id else ""
    return f"« {where}{finding.description[:80]} »"


def decision_blockers(audit: Audit) -> list[str]:
    """Why the committee may not yet grant, maintain or renew on this audit's report: a
    major nonconformity whose corrective action is not verified effective, a minor one
    with no action plan, a site's nonconformity with no answer about the other sites."""
    findings = (
        Finding.objects.filter(audit=audit, kind__in=(FindingKind.MAJOR, FindingKind.MINOR))
        .select_related("requirement", "site")
        .prefetch_related("actions")
        .order_by("pk")
    )
    is_group = audit.certification.scheme == Scheme.GROUP
    errors = []
    for finding in findings:
        actions = list(finding.actions.all())
        if finding.kind == FindingKind.MAJOR and not any(
            a.checked_on and a.is_effective for a in actions
        ):
            errors.append(
                _(
                    "The major nonconformity %(finding)s blocks the decision: its corrective "
                    "action must be checked and found effective first."
                )
                % {"finding": _label(finding)}
            )
        elif finding.kind == FindingKind.MINOR and not actions:
            errors.append(
                _(
                    "The minor nonconformity %(finding)s has no action plan: record its "
                    "corrective action first."
                )
                % {"finding": _label(finding)}
            )
        if is_group and finding.site_id and finding.other_sites_affected is None:
            errors.append(
                _(
                    "The nonconformity %(finding)s was found at a site: record whether the "
                    "other sites are affected first."
                )
                % {"finding": _label(finding)}
            )
    return errors


@transaction.atomic
def certification_decide(
    *,
    actor,
    audit: Audit,
    outcome: str,
    decided_on: datetime.date,
    reasons: str = "",
) -> Decision:
    """The committee decides on a reported audit: grant, maintain, renew or refuse."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    certification = Certification.objects.select_for_update().get(pk=audit.certification_id)
    audit.certification = certification
    if audit.status != AuditStatus.REPORTED:
        raise ValidationError(
            _("Only an audit whose report has been sent can be decided on."), code="status"
        )
    allowed = OUTCOMES_BY_KIND.get(audit.kind, ())
    if outcome not in allowed:
        raise ValidationError(
            _("This decision cannot follow a %(kind)s: choose among %(choices)s.")
            % {
                "kind": audit.get_kind_display().lower(),
                "choices": ", ".join(str(DecisionOutcome(o).label) for o in allowed) or "—",
            },
            code="outcome",
        )
    if outcome in POSITIVE:
        blockers = decision_blockers(audit)
        if blockers:
            raise ValidationError(blockers, code="blocked")
    if (
        outcome == DecisionOutcome.MAINTAIN
        and certification.status != CertificationStatus.CERTIFIED
    ):
        raise ValidationError(
            _("Only a certification in force can be maintained: lift the suspension first."),
            code="status",
        )
    if outcome == DecisionOutcome.RENEW and certification.status not in (
        CertificationStatus.CERTIFIED,
        CertificationStatus.SUSPENDED,
    ):
        raise ValidationError(
            _("Only a certification in force or suspended can be renewed."), code="status"
        )
    number = ""
    if outcome == DecisionOutcome.GRANT:
        certification.cycle_started_on = decided_on
        certification.expires_on = cycle.expiry_for(decided_on)
        certification.status = CertificationStatus.CERTIFIED
        number = _reserve_certificate_number(decided_on.year)
    elif outcome == DecisionOutcome.RENEW:
        certification.expires_on = cycle.expiry_for(
            decided_on, previous_expiry=certification.expires_on
        )
        certification.cycle_started_on = decided_on
        certification.cycle += 1
        certification.status = CertificationStatus.CERTIFIED
        certification.suspended_on, certification.suspension_reason = None, ""
        number = _reserve_certificate_number(decided_on.year)
    elif outcome == DecisionOutcome.MAINTAIN:
        number = current_certificate_number(certification)
    elif outcome == DecisionOutcome.REFUSE and audit.kind == AuditKind.STAGE_2:
        certification.status = CertificationStatus.REFUSED
    # A renewal refused: the certificate stays valid until its expiry, then expires.
    certification.save()
    audit.status = AuditStatus.DECIDED
    audit.save(update_fields=["status", "updated_at"])
    return Decision.objects.create(
        certification=certification,
        audit=audit,
        outcome=outcome,
        decided_on=decided_on,
        valid_until=certification.expires_on if outcome in POSITIVE else None,
        reasons=reasons,
        certificate_number=number,
        decided_by=actor,
    )


def current_certificate_number(certification: Certification) -> str:
    decision = (
        Decision.objects.filter(certification=certification, outcome__in=NUMBERED)
        .exclude(certificate_number="")
        .order_by("-decided_on", "-pk")
        .first()
    )
    return decision.certificate_number if decision else ""


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: it is recorded in the decision.")})
    return reason


def _locked(certification: Certification) -> Certification:
    return Certification.objects.select_for_update().get(pk=certification.pk)


@transaction.atomic
def certification_suspend(
    *, actor, certification: Certification, reason: str, on: datetime.date
) -> Decision:
    reason = _required_reason(reason)
    certification = _locked(certification)
    if certification.status != CertificationStatus.CERTIFIED:
        raise ValidationError(_("Only a certification in force can be suspended."), code="status")
    certification.status = CertificationStatus.SUSPENDED
    certification.suspended_on = on
    certification.suspension_reason = reason
    certification.save()
    return Decision.objects.create(
        certification=certification,
        outcome=DecisionOutcome.SUSPEND,
        decided_on=on,
        reasons=reason,
        decided_by=actor,
    )


@transaction.atomic
def certification_reinstate(
    *, actor, certification: Certification, reason: str, on: datetime.date
) -> Decision:
    """The suspension lifted, once what caused it is resolved: a late surveillance must
    have been held (otherwise the next day's check would suspend again)."""
    reason = _required_reason(reason)
    certification = _locked(certification)
    if certification.status != CertificationStatus.SUSPENDED:
        raise ValidationError(_("This certification is not suspended."), code="status")
    late = cycle.cycle_state(certification, certification.audits.all()).late_surveillance(on)
    if late is not None:
        raise ValidationError(
            _(
                "Surveillance audit %(number)d was due by %(date)s and has not been held: hold "
                "it before lifting the suspension."
            )
            % {"number": late.number, "date": late.due_by.strftime("%d/%m/%Y")},
            code="late",
        )
    if certification.expires_on and on > certification.expires_on:
        raise ValidationError(_("This certification has expired: it must be renewed."))
    certification.status = CertificationStatus.CERTIFIED
    certification.suspended_on, certification.suspension_reason = None, ""
    certification.save()
    return Decision.objects.create(
        certification=certification,
        outcome=DecisionOutcome.REINSTATE,
        decided_on=on,
        reasons=reason,
        decided_by=actor,
    )


@transaction.atomic
def certification_withdraw(
    *, actor, certification: Certification, reason: str, on: datetime.date
) -> Decision:
    reason = _required_reason(reason)
    certification = _locked(certification)
    if certification.status not in (CertificationStatus.CERTIFIED, CertificationStatus.SUSPENDED):
        raise ValidationError(
            _("Only a certification in force or suspended can be withdrawn."), code="status"
        )
    certification.status = CertificationStatus.WITHDRAWN
    certification.withdrawn_on = on
    certification.save()
    return Decision.objects.create(
        certification=certification,
        outcome=DecisionOutcome.WITHDRAW,
        decided_on=on,
        reasons=reason,
        decided_by=actor,
    )


def certifications_check(*, on: datetime.date | None = None) -> dict[str, int]:
    """The daily check: a certification whose surveillance audit is late is suspended (a
    Decision « suspend » with the reason), one past its expiry expires. Run twice, it does
    nothing more: only certifications in force are suspended, each in its own transaction."""
    on = on or timezone.localdate()
    counts = {"suspended": 0, "expired": 0}
    in_force = (CertificationStatus.CERTIFIED, CertificationStatus.SUSPENDED)
    for pk in Certification.objects.filter(status__in=in_force, expires_on__lt=on).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            certification = Certification.objects.select_for_update().get(pk=pk)
            if certification.status in in_force and certification.expires_on < on:
                certification.status = CertificationStatus.EXPIRED
                certification.save(update_fields=["status", "updated_at"])
                counts["expired"] += 1
                logger.info("certification %s expired on %s", pk, certification.expires_on)
    candidates = Certification.objects.filter(
        status=CertificationStatus.CERTIFIED, cycle_started_on__isnull=False
    ).prefetch_related("audits")
    for certification in candidates:
        late = cycle.cycle_state(certification, certification.audits.all()).late_surveillance(on)
        if late is None:
            continue
        with translation.override("fr"):  # the decision's text is the federation's record
            reason = _(
                "Surveillance audit %(number)d was due by %(date)s and has not been held "
                "(ISO/IEC 17021-1, § 9.6.2.2): suspended by the daily check."
            ) % {"number": late.number, "date": late.due_by.strftime("%d/%m/%Y")}
        try:
            certification_suspend(actor=None, certification=certification, reason=reason, on=on)
        except ValidationError:  # suspended meanwhile by somebody else
            continue
        counts["suspended"] += 1
        logger.info("certification %s suspended: surveillance %s late", certification.pk, late)
    return counts


@transaction.atomic
def finding_other_sites_answer(
    *, actor, finding: Finding, other_sites_affected: bool, other_sites_answer: str
) -> Finding:
    """A site's nonconformity in a group audit: are the other sites affected (IAF MD1)?"""
    answer = (other_sites_answer or "").strip()
    if not answer:
        raise ValidationError({"other_sites_answer": _("Say what was checked at the other sites.")})
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    finding.other_sites_affected = other_sites_affected
    finding.other_sites_answer = answer
    finding.save(update_fields=["other_sites_affected", "other_sites_answer", "updated_at"])
    return finding
