from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.common.encryption import EncryptedCharField
from tremplin.common.models import TimestampedModel

from .base import PersonalQuerySet


class ContractKind(models.TextChoices):
    CDDI = "cddi", _("CDDI (insertion fixed-term contract)")
    CDD_USAGE = "cdd_usage", _("CDD d'usage (AI placements)")
    MISSION = "mission", _("Temporary work mission (ETTI)")
    CDI_INCLUSION = "cdi_inclusion", _("CDI inclusion (57 or over)")
    OTHER = "other", _("Other")


class EarlyEndReason(models.TextChoices):
    RESIGNATION = "resignation", _("Resignation")
    HIRED_ELSEWHERE = "hired", _("Hired by another employer")
    TRAINING = "training", _("Entry into training")
    MUTUAL = "mutual", _("Mutual agreement")
    DISMISSAL = "dismissal", _("Dismissal")
    TRIAL = "trial", _("End during the trial period")
    OTHER = "other", _("Other")


class Contract(TimestampedModel):
    """A work contract of a person with their structure. Never overlapping for one person
    in one structure: a PostgreSQL exclusion constraint and the same check in the service."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("person"),
    )
    structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="+", verbose_name=_("structure")
    )
    kind = models.CharField(_("kind"), max_length=15, choices=ContractKind.choices)
    start_date = models.DateField(_("start"))
    initial_end_date = models.DateField(_("initial planned end"), null=True, blank=True)
    planned_end_date = models.DateField(
        _("planned end"), null=True, blank=True, help_text=_("Empty for a permanent contract.")
    )
    weekly_hours = models.DecimalField(_("weekly hours"), max_digits=4, decimal_places=2)
    # Past the CDDI ceiling only for these (rules table, L5132-5 / L5132-11-1)
    # Encrypted: « RQTH » tells of a disability.
    extension_ground = EncryptedCharField(
        _("ground for going past 24 months"),
        max_length=20,
        null=True,
        blank=True,
        choices=[
            ("training", _("Training under way")),
            ("senior", _("Aged 50 or over")),
            ("rqth", _("RQTH")),
        ],
    )
    early_end_date = models.DateField(_("ended early on"), null=True, blank=True)
    early_end_reason = models.CharField(
        _("reason for the early end"), max_length=15, choices=EarlyEndReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = PersonalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end_date__isnull=True)
                | models.Q(planned_end_date__gte=models.F("start_date")),
                name="contract_end_after_start",
                violation_error_message=_(
                    "A contract's end date cannot come before its start date."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_hours__gt=0),
                name="contract_hours_positive",
                violation_error_message=_("A contract's weekly hours are more than 0."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.start_date}"

    @property
    def actual_end_date(self):
        return self.early_end_date or self.planned_end_date

    # The rules of the contract's actions, asked by the service that does them and by the
    # pages that offer them: an action is offered only where the service accepts it.
    def renewable_on(self, day) -> bool:
        """A fixed-term contract is renewed before its term (an amendment signed while it
        runs, Code du travail L1243-13); once ended, a new contract is signed instead."""
        return (
            self.early_end_date is None
            and self.planned_end_date is not None
            and self.planned_end_date >= day
        )

    def endable_early(self) -> bool:
        return self.early_end_date is None


class ContractRenewal(TimestampedModel):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="renewals")
    previous_end_date = models.DateField(_("previous end"))
    new_end_date = models.DateField(_("new end"))
    signed_on = models.DateField(_("signed on"))

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["signed_on"]
