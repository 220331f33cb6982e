"""A structure's self-assessment against a référentiel: a level and a comment per
requirement, evidence files, and an action plan.

Tenancy (STRUCTURE level): the structure's staff (director and conseiller write, the others
read), the delegates of its delegation and federation staff (read). No personal data: the
indicators shown next to a requirement are computed counts (quality/evidence.py).

A self-assessment without a structure is the federation's own training service preparing
its Qualiopi audit: the tenancy gives rows without a structure to federation staff only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel


class SelfAssessmentQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.STRUCTURE


class _ThroughAssessmentQuerySet(TenantQuerySet):
    tenant_path = "assessment__structure_id"
    tenant_level = Level.STRUCTURE


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class AssessmentLevel(models.TextChoices):
    """A small scale, the same for every référentiel (the federation's usual four steps)."""

    NOT_IN_PLACE = "absent", _("Not in place")
    PARTLY = "partly", _("Partly in place")
    IN_PLACE = "in_place", _("In place")
    MASTERED = "mastered", _("In place and evaluated")
    NOT_APPLICABLE = "na", _("Not applicable")


class SelfAssessment(TimestampedModel):
    # Empty: the federation's training service itself (its Qualiopi audit).
    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("structure"),
        null=True,
        blank=True,
    )
    referential = models.ForeignKey(
        "quality.Referential",
        on_delete=models.PROTECT,
        related_name="self_assessments",
        verbose_name=_("référentiel"),
    )
    assessed_on = models.DateField(_("date of the self-assessment"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.IN_PROGRESS,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "referential", "assessed_on"],
                name="self_assessment_once_a_day",
                violation_error_message=_(
                    "The structure already has a self-assessment of this référentiel on that date."
                ),
            ),
            # NULLs are distinct in a unique index: the training service needs its own.
            models.UniqueConstraint(
                fields=["referential", "assessed_on"],
                condition=models.Q(structure__isnull=True),
                name="service_assessment_once_a_day",
                violation_error_message=_(
                    "The training service already has a self-assessment of this référentiel "
                    "on that date."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.referential} — {self.assessed_on}"

    @property
    def is_training_service(self) -> bool:
        return self.structure_id is None

    @property
    def subject_name(self) -> str:
        if self.structure_id is None:
            return str(_("The federation's training service"))
        return self.structure.name


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    requirement = models.ForeignKey(
        "quality.Requirement", on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10, choices=AssessmentLevel.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = _ThroughAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer to a requirement")
        verbose_name_plural = _("answers to requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "requirement"],
                name="assessment_answer_unique",
                violation_error_message=_("This requirement is already answered."),
            )
        ]

    def __str__(self):
        return f"{self.requirement_id}: {self.level}"


class EvidenceFile(TimestampedModel):
    """A document the structure attaches itself to a requirement of its self-assessment."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="evidence_files"
    )
    requirement = models.ForeignKey(
        "quality.Requirement", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="quality/evidence/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = _ThroughAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["name", "pk"]


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlannedAction(TimestampedModel):
    """One line of the self-assessment's action plan."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="actions")
    requirement = models.ForeignKey(
        "quality.Requirement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requirement"),
    )
    action = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=150)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    objects = _ThroughAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("action of the plan")
        verbose_name_plural = _("action plan")
        ordering = ["due_on", "pk"]
