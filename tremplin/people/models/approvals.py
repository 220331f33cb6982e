from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.common.encryption import EncryptedCharField, EncryptedTextField
from tremplin.common.models import TimestampedModel

from .base import PersonalQuerySet


class ApprovalQuerySet(PersonalQuerySet):
    pass


class ApprovalPartQuerySet(PersonalQuerySet):
    tenant_path = "approval__person__structure_id"
    person_path = "approval__person_id"


class Approval(TimestampedModel):
    """A PASS IAE. `end_date` is derived by the service: start + validity − 1 day, moved by
    every suspension and prolongation (approvals.compute_end_date)."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="approvals",
        verbose_name=_("person"),
    )
    number = models.CharField(
        _("PASS IAE number"),
        max_length=12,
        unique=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Z]{12}$", _("A PASS IAE number has 12 digits or capital letters.")
            )
        ],
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), editable=False)
    # Issued within the waiting period: only on an authorised prescriber's decision.
    waiting_period_waived_by = models.CharField(
        _("waiting period waived by (prescriber)"), max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ApprovalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PASS IAE")
        verbose_name_plural = _("PASS IAE")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="approval_end_after_start",
                violation_error_message=_(
                    "A PASS IAE's end date cannot come before its start date."
                ),
            ),
        ]

    def __str__(self):
        return self.number


class SuspensionReason(models.TextChoices):
    SICKNESS = "sickness", _("Sick leave")
    MATERNITY = "maternity", _("Maternity leave")
    DETENTION = "detention", _("Detention")
    TRIAL_ELSEWHERE = "trial", _("Trial period with another employer")
    CONTRACT_SUSPENDED = "contract_suspended", _("Contract suspended")
    BROKEN_OFF = "broken_off", _("Contract ended, path may resume")
    TRAINING = "training", _("Training outside the structure")
    OTHER = "other", _("Other")


class Suspension(TimestampedModel):
    """A suspension decided by the structure. Never overlapping for one PASS: a PostgreSQL
    exclusion constraint (migration 0002) and the same check in the service."""

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="suspensions")
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    # Encrypted: sickness, maternity, detention (accounts.privacy).
    reason = EncryptedCharField(_("reason"), max_length=20, choices=SuspensionReason.choices)
    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ApprovalPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="suspension_end_after_start",
                violation_error_message=_(
                    "A suspension's end date cannot come before its start date."
                ),
            ),
        ]

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class ProlongationReason(models.TextChoices):
    """R5132-1-8; who decides and the cap are in services.approvals.PROLONGATION_RULES."""

    CDI_57 = "cdi_57", _("Permanent contract signed at 57 or over")
    TRAINING = "training", _("Training under way at the end")
    SENIOR = "senior", _("Aged 50 or over")
    RQTH = "rqth", _("Disabled worker recognition (RQTH)")
    PARTICULAR_DIFFICULTIES = "difficulties", _("Particular difficulties (AI and ACI only)")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class ProlongationRequest(TimestampedModel):
    """A request to a prescriber for the reasons they decide, with its decision."""

    approval = models.ForeignKey(
        Approval, on_delete=models.CASCADE, related_name="prolongation_requests"
    )
    # Encrypted (RQTH): no query or constraint filters on it; the rules read it in Python.
    reason = EncryptedCharField(_("reason"), max_length=20, choices=ProlongationReason.choices)
    end_date = models.DateField(_("requested end"))
    prescriber = models.CharField(_("prescriber"), max_length=200)
    requested_on = models.DateField(_("requested on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = EncryptedTextField(_("decision note"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ApprovalPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("prolongation request")
        verbose_name_plural = _("prolongation requests")
        ordering = ["-requested_on"]


class Prolongation(TimestampedModel):
    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="prolongations")
    reason = EncryptedCharField(_("reason"), max_length=20, choices=ProlongationReason.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    decided_by = models.CharField(_("decided by"), max_length=200)
    request = models.OneToOneField(
        ProlongationRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prolongation",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ApprovalPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("prolongation")
        verbose_name_plural = _("prolongations")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="prolongation_end_after_start",
                violation_error_message=_(
                    "A prolongation's end date cannot come before its start date."
                ),
            ),
        ]

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1
