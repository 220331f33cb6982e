from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.common.encryption import EncryptedCharField, EncryptedTextField
from tremplin.common.models import TimestampedModel

from .base import PersonalQuerySet


class InterviewKind(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Initial diagnostic")
    FOLLOW_UP = "follow_up", _("Follow-up")
    REVIEW = "review", _("Review")


class Interview(TimestampedModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="interviews")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=InterviewKind.choices)
    # Notes may tell of health or justice: encrypted like the other sensitive fields.
    notes = EncryptedTextField(_("notes"), null=True, blank=True)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("counsellor"),
    )

    objects = PersonalQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-date"]


class BarrierCategory(models.TextChoices):
    MOBILITY = "mobility", _("Mobility")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    CHILDCARE = "childcare", _("Childcare")
    LANGUAGE = "language", _("Language")
    DIGITAL = "digital", _("Digital skills")
    JUSTICE = "justice", _("Justice")
    FINANCES = "finances", _("Finances")
    ADMINISTRATIVE = "administrative", _("Administrative")


class BarrierStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    IN_PROGRESS = "in_progress", _("In progress")
    LIFTED = "lifted", _("Lifted")


class Barrier(TimestampedModel):
    """A barrier to employment; its status is the last of its timeline (BarrierStatusChange)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="barriers")
    # Encrypted: « health », « justice »… (no query filters on it: read in Python).
    category = EncryptedCharField(_("category"), max_length=15, choices=BarrierCategory.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BarrierStatus.choices,
        default=BarrierStatus.IDENTIFIED,
        editable=False,
    )
    identified_on = models.DateField(_("identified on"))
    notes = EncryptedTextField(_("notes"), null=True, blank=True)

    objects = PersonalQuerySet.as_manager()

    class Meta:
        verbose_name = _("barrier to employment")
        verbose_name_plural = _("barriers to employment")
        ordering = ["status", "-identified_on"]

    def __str__(self):
        return f"{self.get_category_display()} ({self.get_status_display()})"


class BarrierStatusChange(models.Model):
    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("status"), max_length=12, choices=BarrierStatus.choices)
    date = models.DateField(_("date"))
    note = EncryptedCharField(_("note"), max_length=250, null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.get_status_display()} — {self.date}"


class ActionKind(models.TextChoices):
    TRAINING = "training", _("Training")
    PMSMP = "pmsmp", _("Work immersion (PMSMP)")
    REFERRAL = "referral", _("Referral to a partner")


class Action(TimestampedModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=10, choices=ActionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    partner = models.CharField(_("partner"), max_length=200, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    barrier = models.ForeignKey(
        Barrier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("barrier addressed"),
    )

    objects = PersonalQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="action_end_after_start",
                violation_error_message=_(
                    "An action's end date cannot come before its start date."
                ),
            )
        ]


class CommitmentContract(TimestampedModel):
    """The reciprocal commitment contract the CEDRE référentiel asks for each employee."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="commitments"
    )
    signed_on = models.DateField(_("signed on"))
    goals = EncryptedTextField(_("goals"))
    structure_commitments = EncryptedTextField(
        _("the structure's commitments"), null=True, blank=True
    )

    objects = PersonalQuerySet.as_manager()

    class Meta:
        verbose_name = _("reciprocal commitment contract")
        verbose_name_plural = _("reciprocal commitment contracts")
        ordering = ["-signed_on"]


class CommitmentReview(TimestampedModel):
    commitment = models.ForeignKey(
        CommitmentContract, on_delete=models.CASCADE, related_name="reviews"
    )
    date = models.DateField(_("date"))
    notes = EncryptedTextField(_("notes"))

    class Meta:
        ordering = ["date"]
