from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.common.models import TimestampedModel

from .base import PersonalQuerySet


class Criterion(models.TextChoices):
    """Eligibility criteria of R5132-1-7: the `L1_` ones suffice alone; the `L2_` ones count
    towards the per-kind threshold (rules table)."""

    L1_RSA = "l1_rsa", _("RSA beneficiary")
    L1_ASS = "l1_ass", _("ASS beneficiary")
    L1_AAH = "l1_aah", _("AAH beneficiary")
    L1_LONG_TERM_JOB_SEEKER = "l1_dETLD", _("Job seeker for 24 months or more")
    L2_LOW_EDUCATION = "l2_education", _("CAP/BEP level or lower")
    L2_SENIOR = "l2_senior", _("Aged 50 or over")
    L2_YOUNG = "l2_young", _("Under 26")
    L2_CHILD_WELFARE = "l2_ase", _("Leaving child welfare (ASE)")
    L2_JOB_SEEKER = "l2_job_seeker", _("Job seeker for 12 to 24 months")
    L2_RQTH = "l2_rqth", _("Disabled worker recognition (RQTH)")
    L2_SINGLE_PARENT = "l2_single_parent", _("Single parent")
    L2_HOMELESS = "l2_homeless", _("Homeless or hosted")
    L2_REFUGEE = "l2_refugee", _("Refugee or asylum seeker")
    L2_ZRR = "l2_zrr", _("Lives in a ZRR/ZFRR")
    L2_QPV = "l2_qpv", _("Lives in a QPV")
    L2_DETENTION = "l2_detention", _("Leaving detention or under a court order")
    L2_FRENCH = "l2_french", _("French below A1")
    L2_MOBILITY = "l2_mobility", _("Mobility problem")

    @property
    def level(self) -> int:
        return 1 if self.value.startswith("l1_") else 2


class DiagnosisAuthor(models.TextChoices):
    PRESCRIBER = "prescriber", _("Authorised prescriber")
    EMPLOYER = "employer", _("The structure (employer)")


class Diagnosis(TimestampedModel):
    """An eligibility diagnosis. Its validity (expires_on) is derived by the service from
    the author kind and the rules table, never typed."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="diagnoses",
        verbose_name=_("person"),
    )
    author_kind = models.CharField(_("made by"), max_length=12, choices=DiagnosisAuthor.choices)
    author_name = models.CharField(_("author's name"), max_length=150)
    author_organisation = models.CharField(_("author's organisation"), max_length=200, blank=True)
    made_on = models.DateField(_("made on"))
    expires_on = models.DateField(_("valid until"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = PersonalQuerySet.as_manager()

    class Meta:
        verbose_name = _("eligibility diagnosis")
        verbose_name_plural = _("eligibility diagnoses")
        ordering = ["-made_on"]

    def __str__(self):
        return f"{self.get_author_kind_display()} — {self.made_on}"


class DiagnosisCriterion(models.Model):
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    proof = models.FileField(_("proof"), upload_to="proofs/%Y/%m/", blank=True)
    proof_keep_until = models.DateField(_("keep the proof until"), null=True, blank=True)

    class Meta:
        verbose_name = _("criterion of a diagnosis")
        verbose_name_plural = _("criteria of a diagnosis")
        constraints = [
            models.UniqueConstraint(
                fields=["diagnosis", "criterion"],
                name="diagnosis_criterion_unique",
                violation_error_message=_("This criterion is already in the diagnosis."),
            )
        ]

    def __str__(self):
        return self.get_criterion_display()
