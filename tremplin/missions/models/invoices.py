from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel

UNIT_HOUR, UNIT_ONE = "HUR", "C62"


class InvoiceQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    PAID = "paid", _("Paid")


class PaymentMethod(models.TextChoices):
    TRANSFER = "virement", _("Transfer")
    CHEQUE = "cheque", _("Cheque")
    CESU = "cesu", _("CESU (bank)")
    DIRECT_DEBIT = "prelevement", _("Direct debit")
    CASH = "especes", _("Cash")
    CARD = "carte", _("Bank card")
    # Home services: paid by a third party, deducted from the household's tax attestation.
    CESU_PREPAID = "cesu_prefinance", _("Prepaid CESU")
    URSSAF_ADVANCE = "avance_immediate", _("Immediate advance (URSSAF)")
    THIRD_PARTY = "tiers_financeur", _("Paid directly by a funder (APA, PCH…)")


class InvoiceSequence(models.Model):
    """The last number given for a structure and a year; locked while a number is taken,
    so that numbers are consecutive with no gap."""

    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year"],
                name="sequence_unique_year",
                violation_error_message=_(
                    "This structure's invoice numbering for this year already exists."
                ),
            )
        ]

    def __str__(self):
        return f"{self.structure_id}/{self.year}: {self.last_number}"


class Invoice(TimestampedModel):
    """An invoice, or a credit note (`corrects` set, negative amounts). Issued ones never
    change: a correction is a credit note."""

    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("missions.Client", on_delete=models.PROTECT, related_name="invoices")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    issued_on = models.DateField(_("issued on"), null=True, blank=True, editable=False)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # The client's payment terms copied at issue: the PDF names those the due date followed,
    # even if the client's terms change later (Code de commerce, L441-9 and L441-10).
    payment_terms = models.CharField(_("payment terms"), max_length=20, blank=True)
    payment_days = models.PositiveSmallIntegerField(_("agreed payment days"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("credit note for"),
    )
    total_excl_vat = models.DecimalField(
        _("total excl. VAT"), max_digits=12, decimal_places=2, default=0
    )
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2, default=0)
    total = models.DecimalField(_("total incl. VAT"), max_digits=12, decimal_places=2, default=0)
    vat_reference = models.CharField(max_length=200, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-year", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year", "number"],
                name="invoice_number_unique",
                violation_error_message=_(
                    "This invoice number is already used: invoice numbers never repeat."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(number__isnull=False, year__isnull=False),
                name="invoice_issued_has_number",
                violation_error_message=_("An issued invoice has a number and an issue date."),
            ),
            # BR-FR-CO-07 of the French e-invoicing rules, and common sense.
            models.CheckConstraint(
                condition=models.Q(due_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(due_on__gte=models.F("issued_on")),
                name="invoice_due_after_issue",
                violation_error_message=_("An invoice is never due before its issue date."),
            ),
        ]

    def __str__(self):
        return self.reference or f"brouillon {self.pk}"

    @property
    def reference(self) -> str:
        return f"{self.year}-{self.number:05d}" if self.number else ""

    @property
    def is_credit_note(self) -> bool:
        return self.corrects_id is not None


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    label = models.CharField(max_length=250)
    quantity = models.DecimalField(max_digits=10, decimal_places=2)
    # UN/ECE Recommendation 20 code, as Factur-X wants it: hours, or a number of items.
    unit = models.CharField(max_length=3, default=UNIT_HOUR)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    # The mission request whose hours the line bills, when it bills one request (a
    # household's lines: homecare finds the catalogue service, and its URSSAF nature code,
    # through the request of the recurring intervention).
    request = models.ForeignKey(
        "missions.MissionRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.label


class Payment(TimestampedModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    method = models.CharField(_("method"), max_length=30, blank=True, choices=PaymentMethod.choices)
    # Who issued a prepaid CESU, which funder paid: the tax attestation names them.
    issuer = models.CharField(_("issuer or funder"), max_length=150, blank=True)

    class Meta:
        ordering = ["paid_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="payment_positive",
                violation_error_message=_("A payment is more than 0 €."),
            )
        ]

    def __str__(self):
        return f"{self.invoice_id}: {self.amount} €"

    @property
    def method_label(self) -> str:
        return str(dict(PaymentMethod.choices).get(self.method, self.method))


class Reminder(models.Model):
    """A reminder of an overdue invoice: when, to whom, the how-many-th."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("sent on"))
    level = models.PositiveSmallIntegerField(_("reminder no."))
    sent_to = models.EmailField(_("sent to"), blank=True)
    balance = models.DecimalField(_("balance due"), max_digits=12, decimal_places=2)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder")
        ordering = ["sent_on", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "level"],
                name="reminder_unique_level",
                violation_error_message=_("This reminder of the invoice was already sent."),
            )
        ]

    def __str__(self):
        return f"{self.invoice_id} #{self.level}"


class TransmissionStatus(models.TextChoices):
    PENDING = "pending", _("To send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class InvoiceTransmission(TimestampedModel):
    """The sending of an issued invoice to the buyer's e-invoicing platform: one per
    invoice, so that a retried job never sends it twice."""

    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="transmission")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransmissionStatus.choices,
        default=TransmissionStatus.PENDING,
    )
    transmitter = models.CharField(_("platform"), max_length=100, blank=True)
    reference = models.CharField(_("platform reference"), max_length=250, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invoice transmission")

    def __str__(self):
        return f"{self.invoice_id}: {self.status}"
