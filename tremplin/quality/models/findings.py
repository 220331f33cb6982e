"""What an audit finds and what follows: the checklist over the référentiel, the findings
with their evidence, the corrective actions (verified effective before they close), and
the committee's decision on the certification."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel


class _ThroughAuditQuerySet(TenantQuerySet):
    """Rows of an audit: who sees the audit sees them (an auditor, only their audits')."""

    tenant_path = "audit__certification__structure_id"
    tenant_level = Level.STRUCTURE

    def self_filter(self, scope):
        q = models.Q(audit__auditor_id=scope.user_id)
        if scope.staff_structure_ids:
            q |= models.Q(audit__sites__structure_id__in=scope.staff_structure_ids)
        return q

    def for_user(self, user):
        return super().for_user(user).distinct()


class ChecklistResult(models.TextChoices):
    NOT_SEEN = "not_seen", _("Not audited yet")
    CONFORM = "conform", _("Conform")
    FINDING = "finding", _("Finding recorded")
    NOT_APPLICABLE = "na", _("Not applicable")


class ChecklistItem(models.Model):
    audit = models.ForeignKey(
        "quality.Audit", on_delete=models.CASCADE, related_name="checklist", verbose_name=_("audit")
    )
    requirement = models.ForeignKey(
        "quality.Requirement",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requirement"),
    )
    # Every audit has its sites (the structure itself, or the group's sample and central
    # function): each is checked against the référentiel.
    site = models.ForeignKey(
        "quality.AuditSite",
        on_delete=models.CASCADE,
        related_name="checklist",
        verbose_name=_("site"),
    )
    result = models.CharField(
        _("result"),
        max_length=10,
        choices=ChecklistResult.choices,
        default=ChecklistResult.NOT_SEEN,
    )
    notes = models.TextField(_("auditor's notes"), blank=True)

    objects = _ThroughAuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["audit", "site", "requirement__chapter__position", "requirement__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "site", "requirement"],
                name="checklist_item_unique",
                violation_error_message=_("This requirement is already on the site's checklist."),
            )
        ]

    def __str__(self):
        return f"{self.requirement_id}: {self.get_result_display()}"


class FindingKind(models.TextChoices):
    MAJOR = "major", _("Major nonconformity")
    MINOR = "minor", _("Minor nonconformity")
    OBSERVATION = "observation", _("Observation")
    STRENGTH = "strength", _("Strength")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTION_PLANNED = "planned", _("Corrective action planned")
    VERIFIED = "verified", _("Action verified effective")
    CLOSED = "closed", _("Closed")


class Finding(TimestampedModel):
    audit = models.ForeignKey(
        "quality.Audit", on_delete=models.CASCADE, related_name="findings", verbose_name=_("audit")
    )
    requirement = models.ForeignKey(
        "quality.Requirement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requirement"),
    )
    site = models.ForeignKey(
        "quality.AuditSite",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("site"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=FindingKind.choices)
    description = models.TextField(_("finding"))
    # What was seen: documents, pseudonymised figures (never a name from people's files).
    evidence = models.TextField(_("evidence"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    # Group certification (IAF MD1): a nonconformity at one site asks whether the others
    # are affected; the answer is recorded.
    other_sites_affected = models.BooleanField(_("other sites affected"), null=True, blank=True)
    other_sites_answer = models.TextField(_("answer about the other sites"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = _ThroughAuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["audit", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.description[:60]}"

    @property
    def is_nonconformity(self) -> bool:
        return self.kind in (FindingKind.MAJOR, FindingKind.MINOR)


class _ThroughFindingQuerySet(_ThroughAuditQuerySet):
    tenant_path = "finding__audit__certification__structure_id"

    def self_filter(self, scope):
        q = models.Q(finding__audit__auditor_id=scope.user_id)
        if scope.staff_structure_ids:
            q |= models.Q(finding__audit__sites__structure_id__in=scope.staff_structure_ids)
        return q


class CorrectiveAction(TimestampedModel):
    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="actions", verbose_name=_("finding")
    )
    cause = models.TextField(_("cause"))
    action = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Checked by the auditor (or the federation) before the finding closes.
    checked_on = models.DateField(_("effectiveness checked on"), null=True, blank=True)
    is_effective = models.BooleanField(_("effective"), null=True, blank=True)
    check_notes = models.TextField(_("notes on the check"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = _ThroughFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_on", "pk"]


class DecisionOutcome(models.TextChoices):
    GRANT = "grant", _("Certification granted")
    MAINTAIN = "maintain", _("Certification maintained")
    RENEW = "renew", _("Certification renewed")
    REFUSE = "refuse", _("Certification refused")
    SUSPEND = "suspend", _("Certification suspended")
    REINSTATE = "reinstate", _("Suspension lifted")
    WITHDRAW = "withdraw", _("Certification withdrawn")


class DecisionQuerySet(TenantQuerySet):
    tenant_path = "certification__structure_id"
    tenant_level = Level.STRUCTURE

    def self_filter(self, scope):
        q = models.Q(audit__auditor_id=scope.user_id)
        if scope.staff_structure_ids:
            q |= models.Q(certification__sites__structure_id__in=scope.staff_structure_ids)
        return q

    def for_user(self, user):
        return super().for_user(user).distinct()


class Decision(TimestampedModel):
    """The federation's certification committee decides on the audit's report."""

    certification = models.ForeignKey(
        "quality.Certification",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("certification"),
    )
    audit = models.ForeignKey(
        "quality.Audit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("audit"),
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    decided_on = models.DateField(_("decided on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    # The certificate's number, when the decision grants, maintains or renews it.
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")
        ordering = ["-decided_on", "-pk"]
