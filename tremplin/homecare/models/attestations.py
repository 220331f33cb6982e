"""The annual tax attestation of a household (CGI art. 199 sexdecies; servicesalapersonne.gouv.fr,
« L'attestation fiscale annuelle »), and the batch run that makes them all for a year.

An attestation is issued once per household and year: its figures and its PDF are kept as
printed (a later run for the same year prints it again from the payments then known). The
household reads their own through the client's account."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel


class AttestationQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL

    def self_filter(self, scope):
        return models.Q(household__client__user_id=scope.user_id)


class RunQuerySet(TenantQuerySet):
    # Which households get an attestation is the structure's business: its staff only.
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL


class TaxAttestation(TimestampedModel):
    household = models.ForeignKey(
        "homecare.Household",
        on_delete=models.PROTECT,
        related_name="attestations",
        verbose_name=_("household"),
    )
    # The household's structure, kept here so the tenancy filter needs no join.
    structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="+", verbose_name=_("structure")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    run = models.ForeignKey(
        "homecare.AttestationRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attestations",
    )
    # What was paid in the year (each payment at its date), then by who paid it.
    settled_total = models.DecimalField(
        _("total paid in the year"), max_digits=12, decimal_places=2
    )
    advance = models.DecimalField(_("immediate advance"), max_digits=12, decimal_places=2)
    third_party = models.DecimalField(
        _("paid directly by a funder"), max_digits=12, decimal_places=2
    )
    cesu_prepaid = models.DecimalField(_("prepaid CESU"), max_digits=12, decimal_places=2)
    cash = models.DecimalField(_("cash"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(
        _("amount actually paid"),
        max_digits=12,
        decimal_places=2,
        help_text=_("What gives the tax advantage: net of the deductions, cash excluded."),
    )
    hours = models.DecimalField(_("hours"), max_digits=9, decimal_places=2)
    pdf = models.BinaryField(editable=False)
    generated_at = models.DateTimeField(_("generated at"))
    emailed_to = models.EmailField(_("sent to"), blank=True)
    emailed_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = AttestationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tax attestation")
        verbose_name_plural = _("tax attestations")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                name="attestation_one_per_year",
                violation_error_message=_("This household already has an attestation this year."),
            )
        ]

    def __str__(self):
        return f"{self.household_id}/{self.year}"

    @property
    def filename(self) -> str:
        return f"attestation-fiscale-{self.year}-{self.pk}.pdf"


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AttestationRun(TimestampedModel):
    """The making of a structure's attestations for a year, in the background: one
    attestation after the other, each in its own transaction, so that the page shows the
    progress from the row and a run started again goes on where it stopped."""

    structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="+", verbose_name=_("structure")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    send_emails = models.BooleanField(_("send them by e-mail"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    total = models.PositiveIntegerField(_("households"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The last sign of life of the worker: a run silent for longer was stopped.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("attestation run")
        verbose_name_plural = _("attestation runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.structure_id}/{self.year}: {self.status}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
