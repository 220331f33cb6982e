"""Households' SEPA direct debits: the structure as a creditor (its SEPA creditor identifier
and account), each household's mandate (its unique reference, RUM, and signature date), and
the batches of collection orders sent to the bank as a pain.008 file.

Source: European Payments Council, SEPA Direct Debit Core Rulebook (mandate, RUM, sequence
types FRST/RCUR, pre-notification); ISO 20022 pain.008.001.02."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.encryption import EncryptedCharField
from tremplin.common.models import TimestampedModel


class StructurePrivateQuerySet(TenantQuerySet):
    """A structure's bank details and debits: its staff only."""

    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL


class SepaCreditor(TimestampedModel):
    """The structure as the creditor of SEPA direct debits."""

    structure = models.OneToOneField(
        "network.Structure",
        on_delete=models.CASCADE,
        related_name="sepa_creditor",
        verbose_name=_("structure"),
    )
    name = models.CharField(_("creditor name"), max_length=70)
    # The ICS (identifiant créancier SEPA) the Banque de France gives, e.g. FR12ZZZ123456.
    creditor_id = models.CharField(_("SEPA creditor identifier (ICS)"), max_length=35)
    iban = models.CharField(_("IBAN of the structure"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)

    objects = StructurePrivateQuerySet.as_manager()

    class Meta:
        verbose_name = _("SEPA creditor")
        verbose_name_plural = _("SEPA creditors")

    def __str__(self):
        return self.creditor_id


class MandateQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL

    def self_filter(self, scope):
        return models.Q(household__client__user_id=scope.user_id)


class MandateStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class SequenceType(models.TextChoices):
    FIRST = "FRST", _("First collection")
    RECURRENT = "RCUR", _("Recurrent collection")


class DirectDebitMandate(TimestampedModel):
    """The household's authorisation to debit their account, signed on paper or online."""

    structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="+", verbose_name=_("structure")
    )
    household = models.ForeignKey(
        "homecare.Household",
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("household"),
    )
    # Référence unique du mandat: at most 35 characters, unique for the creditor.
    rum = models.CharField(_("unique mandate reference (RUM)"), max_length=35)
    debtor_name = models.CharField(_("account holder"), max_length=70)
    iban = EncryptedCharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    signed_on = models.DateField(_("signed on"))
    status = models.CharField(
        _("status"), max_length=10, choices=MandateStatus.choices, default=MandateStatus.ACTIVE
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    # Set by the first collection sent: the later ones are recurrent (RCUR).
    first_collected_on = models.DateField(_("first collected on"), null=True, blank=True)
    last_collected_on = models.DateField(_("last collected on"), null=True, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("direct debit mandate")
        verbose_name_plural = _("direct debit mandates")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "rum"],
                name="mandate_unique_rum",
                violation_error_message=_("This mandate reference is already used."),
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(status="active"),
                name="mandate_one_active_per_household",
                violation_error_message=_(
                    "This household already has an active mandate: revoke it first."
                ),
            ),
        ]

    def __str__(self):
        return self.rum

    @property
    def iban_masked(self) -> str:
        """The IBAN as lists show it: the country, then the last four characters."""
        iban = self.iban or ""
        return f"{iban[:4]} •••• {iban[-4:]}" if len(iban) > 8 else "••••"

    @property
    def next_sequence(self) -> str:
        return SequenceType.RECURRENT if self.first_collected_on else SequenceType.FIRST


class BatchStatus(models.TextChoices):
    GENERATED = "generated", _("File generated, to send to the bank")
    COLLECTED = "collected", _("Collected")


class DirectDebitBatch(TimestampedModel):
    """One pain.008 file: the collection orders of a day, kept as sent."""

    structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="+", verbose_name=_("structure")
    )
    collection_date = models.DateField(_("collection date"))
    message_id = models.CharField(_("message identifier"), max_length=35)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.GENERATED
    )
    xml = models.TextField(_("pain.008 file"))
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    collected_on = models.DateField(_("collected on"), null=True, blank=True)

    objects = StructurePrivateQuerySet.as_manager()

    class Meta:
        verbose_name = _("direct debit batch")
        verbose_name_plural = _("direct debit batches")
        ordering = ["-collection_date", "-pk"]

    def __str__(self):
        return self.message_id


class OrderStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    COLLECTED = "collected", _("Collected")
    REJECTED = "rejected", _("Rejected by the bank")


class DirectDebitOrder(models.Model):
    """One invoice debited once under one mandate."""

    batch = models.ForeignKey(DirectDebitBatch, on_delete=models.CASCADE, related_name="orders")
    invoice = models.ForeignKey(
        "missions.Invoice", on_delete=models.PROTECT, related_name="+", verbose_name=_("invoice")
    )
    mandate = models.ForeignKey(DirectDebitMandate, on_delete=models.PROTECT, related_name="orders")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    sequence_type = models.CharField(_("sequence"), max_length=4, choices=SequenceType.choices)
    end_to_end_id = models.CharField(_("end-to-end identifier"), max_length=35)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.SENT
    )

    class Meta:
        verbose_name = _("direct debit order")
        ordering = ["pk"]
        constraints = [
            # A rejected order may be presented again in a later batch; never twice at once.
            models.UniqueConstraint(
                fields=["invoice"],
                condition=~models.Q(status="rejected"),
                name="order_one_per_invoice",
                violation_error_message=_("This invoice is already in a direct debit batch."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="order_amount_positive",
                violation_error_message=_("A direct debit is of more than 0 €."),
            ),
        ]

    def __str__(self):
        return self.end_to_end_id
