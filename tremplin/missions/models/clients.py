from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel
from tremplin.network.validators import validate_siret


class ClientKind(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    ASSOCIATION = "association", _("Association")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    COMPANY = "company", _("Company")
    SOCIAL_LANDLORD = "social_landlord", _("Social landlord")
    OTHER = "other", _("Other")


class PaymentTerms(models.TextChoices):
    """How a client's due date is reckoned (Code de commerce, L441-10, I); the limits are
    dated rules of `tremplin.rules`."""

    LEGAL = "legal", _("Nothing agreed: 30 days after the service")
    DAYS = "days", _("Days after the issue date")
    END_OF_MONTH = "end_of_month", _("Days end of month after the issue date")


class ClientQuerySet(TenantQuerySet):
    # A household client is a person: personal data, the structure's staff only.
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL


class Client(TimestampedModel):
    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("structure"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ClientKind.choices)
    name = models.CharField(_("name"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    address = models.CharField(_("address"), max_length=250)
    commune = models.ForeignKey(
        "network.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    payment_terms = models.CharField(
        _("payment terms"), max_length=20, choices=PaymentTerms.choices, default=PaymentTerms.LEGAL
    )
    payment_days = models.PositiveSmallIntegerField(
        _("agreed payment days"),
        null=True,
        blank=True,
        help_text=_("Only for agreed terms: at most 60 days, or 45 days end of month."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clients",
        verbose_name=_("account of the client"),
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "siret"],
                condition=~models.Q(siret=""),
                name="client_unique_siret",
                violation_error_message=_("A client of this structure already has this SIRET."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        from ..payment_terms import payment_terms_error

        if error := payment_terms_error(self.payment_terms, self.payment_days):
            raise ValidationError({"payment_days": error})

    @property
    def is_legal_person(self) -> bool:
        return self.kind != ClientKind.HOUSEHOLD


class PriceItem(TimestampedModel):
    """A structure's hourly rate for an activity; VAT as the structure applies it."""

    structure = models.ForeignKey(
        "network.Structure", on_delete=models.CASCADE, related_name="prices"
    )
    activity = models.ForeignKey(
        "network.Activity", on_delete=models.PROTECT, related_name="+", verbose_name=_("activity")
    )
    hourly_rate = models.DecimalField(
        _("hourly rate excl. VAT (€)"), max_digits=8, decimal_places=2
    )
    travel_fee = models.DecimalField(
        _("travel fee per intervention excl. VAT (€)"), max_digits=8, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "activity"],
                name="price_unique_activity",
                violation_error_message=_("This structure already has a price for this activity."),
            ),
            models.CheckConstraint(
                condition=models.Q(hourly_rate__gte=0),
                name="price_rate_positive",
                violation_error_message=_("An hourly rate cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.activity_id}: {self.hourly_rate} €/h"


class VatRule(models.Model):
    """The VAT a structure applies to a kind of client. The legal ground differs from one
    structure to another (an AI of general interest is exempt under CGI art. 261, 7; an EI
    or ETTI invoices VAT at the normal rate; home services may use a reduced rate): each
    structure states its rate and its reference, shown on the invoice."""

    structure = models.ForeignKey(
        "network.Structure", on_delete=models.CASCADE, related_name="vat_rules"
    )
    client_kind = models.CharField(_("kind of client"), max_length=20, choices=ClientKind.choices)
    rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2)
    legal_reference = models.CharField(
        _("legal reference shown on invoices"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("VAT rule")
        verbose_name_plural = _("VAT rules")
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "client_kind"],
                name="vat_unique_kind",
                violation_error_message=_(
                    "This structure already has a VAT rate for this kind of client."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=100),
                name="vat_rate_range",
                violation_error_message=_("A VAT rate lies between 0 and 100 percent."),
            ),
        ]

    def __str__(self):
        return f"{self.client_kind}: {self.rate} %"
