"""The training service's money: who funds each registration (OPCO, PIC IAE, the structure
itself…), the federation's training invoices to structures with their own gap-free
numbering (ADR 0009), and the complaints Qualiopi's indicator 31 asks to record.

Tenancy: fundings and invoices belong to the registering (invoiced) structure, STRUCTURE
level — its staff read them, the federation's training service writes them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel


class Funder(models.TextChoices):
    OPCO = "opco", _("OPCO")
    PIC_IAE = "pic_iae", _("PIC IAE (State)")
    STRUCTURE = "structure", _("The structure itself")
    OTHER = "other", _("Other funder")


class FundingQuerySet(TenantQuerySet):
    tenant_path = "registration__structure_id"
    tenant_level = Level.STRUCTURE


class Funding(TimestampedModel):
    """One funder's share of a registration's price; several may share one registration,
    never more in all than its price (training.services.money)."""

    registration = models.ForeignKey(
        "training.Registration",
        on_delete=models.CASCADE,
        related_name="fundings",
        verbose_name=_("registration"),
    )
    funder = models.CharField(_("funder"), max_length=10, choices=Funder.choices)
    # Which OPCO (Uniformation, Akto…) or which other funder.
    funder_name = models.CharField(_("funder's name"), max_length=150, blank=True)
    amount = models.DecimalField(_("amount (excl. VAT)"), max_digits=10, decimal_places=2)
    agreement_reference = models.CharField(_("agreement reference"), max_length=100, blank=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")
        ordering = ["registration", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="funding_positive",
                violation_error_message=_("A funding is of more than 0 €."),
            )
        ]

    def __str__(self):
        return f"{self.get_funder_display()} {self.funder_name}: {self.amount} €"

    @property
    def funder_label(self) -> str:
        label = str(self.get_funder_display())
        return f"{label} — {self.funder_name}" if self.funder_name else label


class FederationInvoiceSequence(models.Model):
    """The federation's last training invoice number of a year: its own sequence, taken
    under a lock by missions' numbering (missions.services.invoices.reserve_numbers)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class TrainingInvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class TrainingInvoiceQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.STRUCTURE


class TrainingInvoice(TimestampedModel):
    """The federation's invoice to a structure for its registrations, or a credit note
    (`corrects` set, negative amounts). Issued ones never change."""

    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invoiced structure"),
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    issued_on = models.DateField(_("issued on"), null=True, blank=True, editable=False)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TrainingInvoiceStatus.choices,
        default=TrainingInvoiceStatus.DRAFT,
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("credit note for"),
    )
    reason = models.CharField(_("reason"), max_length=250, blank=True)
    total_excl_vat = models.DecimalField(
        _("total excl. VAT"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2, default=Decimal(0))
    total = models.DecimalField(
        _("total incl. VAT"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    vat_reference = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = TrainingInvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("training invoice")
        verbose_name_plural = _("training invoices")
        ordering = ["-year", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="training_invoice_number_unique",
                violation_error_message=_(
                    "This invoice number is already used: invoice numbers never repeat."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(number__isnull=False, year__isnull=False, issued_on__isnull=False),
                name="training_invoice_issued_has_number",
                violation_error_message=_("An issued invoice has a number and an issue date."),
            ),
        ]

    def __str__(self):
        return self.reference or f"brouillon {self.pk}"

    @property
    def reference(self) -> str:
        # « FO »: the federation's training series, never mistaken for a structure's invoice.
        return f"FO-{self.year}-{self.number:05d}" if self.number else ""

    @property
    def is_credit_note(self) -> bool:
        return self.corrects_id is not None


class TrainingInvoiceLine(models.Model):
    """One registration invoiced: the course, the trainee, the hours attended, the price."""

    invoice = models.ForeignKey(TrainingInvoice, on_delete=models.CASCADE, related_name="lines")
    registration = models.ForeignKey(
        "training.Registration",
        on_delete=models.PROTECT,
        related_name="invoice_lines",
        verbose_name=_("registration"),
    )
    course_title = models.CharField(_("course"), max_length=200)
    trainee_name = models.CharField(_("trainee"), max_length=210)
    hours = models.DecimalField(_("hours attended"), max_digits=6, decimal_places=2)
    quantity = models.DecimalField(_("quantity"), max_digits=6, decimal_places=2, default=1)
    unit_price = models.DecimalField(_("unit price"), max_digits=10, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal(0))
    amount = models.DecimalField(_("amount (excl. VAT)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.course_title} — {self.trainee_name}"


class ComplaintSource(models.TextChoices):
    TRAINEE = "trainee", _("A trainee")
    STRUCTURE = "structure", _("A member structure")
    FUNDER = "funder", _("A funder")
    TRAINER = "trainer", _("A trainer")
    OTHER = "other", _("Someone else")


class Complaint(TimestampedModel):
    """A complaint or difficulty raised about the training service (Qualiopi indicator 31),
    its answer and what was changed because of it (indicator 32). The federation's record:
    no name of the complainant, the facts only."""

    received_on = models.DateField(_("received on"))
    source = models.CharField(_("from"), max_length=10, choices=ComplaintSource.choices)
    session = models.ForeignKey(
        "training.TrainingSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session concerned"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what happened"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer given"), blank=True)
    improvement = models.TextField(_("improvement decided"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(answered_on__gte=models.F("received_on")),
                name="complaint_answered_after_received",
                violation_error_message=_("A complaint is answered after it was received."),
            )
        ]

    def __str__(self):
        return self.subject
