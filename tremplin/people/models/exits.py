from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.common.encryption import EncryptedTextField
from tremplin.common.models import TimestampedModel

from .base import PersonalQuerySet


class ExitCategory(models.TextChoices):
    DURABLE = "durable", _("Lasting employment")
    TRANSITION = "transition", _("Transition employment")
    POSITIVE = "positive", _("Positive exit")
    OTHER = "other", _("Other exit")
    WITHDRAWN = "withdrawn", _("Withdrawn from counted exits")

    @property
    def is_dynamic(self) -> bool:
        return self in (ExitCategory.DURABLE, ExitCategory.TRANSITION, ExitCategory.POSITIVE)


class ExitReason(models.Model):
    """The ASP reference list of exit reasons (loaded from people.asp.reference). The category
    of an exit is its reason's: never typed."""

    code = models.CharField(_("code"), max_length=40, primary_key=True)
    label = models.CharField(_("label"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=ExitCategory.choices)

    class Meta:
        verbose_name = _("exit reason")
        verbose_name_plural = _("exit reasons")
        ordering = ["category", "label"]

    def __str__(self):
        return self.label


class Exit(TimestampedModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="exits", verbose_name=_("person")
    )
    exit_date = models.DateField(_("exit date"))
    reason = models.ForeignKey(
        ExitReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reason"),
    )
    # Derived by the service from the rules table (ACI/EI: months worked; AI/ETTI: hours).
    counted = models.BooleanField(_("counted exit"), default=False, editable=False)
    worked_months = models.DecimalField(max_digits=6, decimal_places=2, default=0, editable=False)
    worked_hours = models.DecimalField(max_digits=8, decimal_places=2, default=0, editable=False)
    notes = EncryptedTextField(_("notes"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = PersonalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exit")
        verbose_name_plural = _("exits")
        ordering = ["-exit_date"]

    def __str__(self):
        return f"{self.exit_date}: {self.reason or '—'}"

    @property
    def category(self) -> str | None:
        return self.reason.category if self.reason_id else None
