"""Quotes and contracts of a household (arrêté du 17 mars 2015), and the household's
messages to the structure. Personal data: the structure's staff, and the household themself
(through the client's account)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.common.encryption import EncryptedTextField
from tremplin.common.models import TimestampedModel

from .households import Household, OwnHouseholdRowsQuerySet

CENT = Decimal("0.01")


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to the household")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class AcceptanceChannel(models.TextChoices):
    ONLINE = "online", _("Online, by the household")
    PAPER = "paper", _("On paper, recorded by the staff")


class Quote(TimestampedModel):
    """A free, personalised quote of monthly services. Mandatory from the dated threshold
    (`sap.quote_threshold_ttc_per_month`) or when the household asks for one."""

    # draft → sent → accepted or declined; a sent quote no longer changes.
    TRANSITIONS = {
        QuoteStatus.DRAFT: {QuoteStatus.SENT},
        QuoteStatus.SENT: {QuoteStatus.ACCEPTED, QuoteStatus.DECLINED},
        QuoteStatus.ACCEPTED: set(),
        QuoteStatus.DECLINED: set(),
    }

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("household")
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    asked_by_household = models.BooleanField(_("asked for by the household"), default=False)
    description = models.TextField(
        _("what the household needs"),
        blank=True,
        help_text=_("The personalised part: the household's needs as agreed at the visit."),
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True, editable=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, editable=False)
    accepted_via = models.CharField(
        _("accepted"), max_length=10, choices=AcceptanceChannel.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = OwnHouseholdRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "number"],
                name="quote_unique_number",
                violation_error_message=_("This household already has a quote with this number."),
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"D{self.household_id}-{self.number}" if self.number else str(_("draft"))


class QuoteLine(models.Model):
    """A service of the catalogue as quoted: the quantity per month (hours, or interventions
    for a flat price), its prices copied from the catalogue when quoted."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    service = models.ForeignKey(
        "homecare.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    label = models.CharField(_("label"), max_length=250)
    quantity = models.DecimalField(
        _("quantity per month"),
        max_digits=7,
        decimal_places=2,
        help_text=_("Hours per month, or interventions per month for a flat price."),
    )
    interventions = models.PositiveSmallIntegerField(_("interventions per month"), default=1)
    unit_price_excl_vat = models.DecimalField(
        _("unit price excl. VAT (€)"), max_digits=8, decimal_places=2
    )
    extra_fees_excl_vat = models.DecimalField(
        _("extra fees per intervention excl. VAT (€)"), max_digits=8, decimal_places=2, default=0
    )
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2, default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0),
                name="quote_line_quantity_positive",
                violation_error_message=_("A quoted quantity is more than 0."),
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price_excl_vat__gte=0, extra_fees_excl_vat__gte=0),
                name="quote_line_price_positive",
                violation_error_message=_("A price cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def monthly_excl_vat(self) -> Decimal:
        return (
            self.quantity * self.unit_price_excl_vat + self.interventions * self.extra_fees_excl_vat
        ).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def monthly_incl_vat(self) -> Decimal:
        return (self.monthly_excl_vat * (1 + self.vat_rate / 100)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )

    @property
    def unit_price_incl_vat(self) -> Decimal:
        return (self.unit_price_excl_vat * (1 + self.vat_rate / 100)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )


class HouseholdContract(TimestampedModel):
    """The service contract that follows the quote: when it was signed, from when it runs,
    and the notice a change or a cancellation of an intervention needs."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("household")
    )
    quote = models.OneToOneField(
        Quote,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract",
        verbose_name=_("quote"),
    )
    monthly_amount_incl_vat = models.DecimalField(
        _("monthly amount incl. VAT (€)"), max_digits=10, decimal_places=2
    )
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    notice_hours = models.PositiveSmallIntegerField(
        _("notice for a change or a cancellation (hours)"),
        help_text=_("An intervention changed or cancelled with less notice is due."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = OwnHouseholdRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="household_contract_dates_order",
                violation_error_message=_("A contract ends after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_amount_incl_vat__gte=0),
                name="household_contract_amount_positive",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.household_id}: {self.starts_on}"


class HouseholdMessage(models.Model):
    """A message of the household to its structure, shown to the staff."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="messages", verbose_name=_("household")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = EncryptedTextField(_("message"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = OwnHouseholdRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("message of the household")
        verbose_name_plural = _("messages of the household")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.household_id}: {self.sent_at}"
