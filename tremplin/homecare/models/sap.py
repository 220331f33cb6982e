"""The structure's SAP side: its declaration, the activities declared, its catalogue and
its Proxim'Services licence. Structure data (not personal): the federation and the
delegates see it, the public directory shows part of it."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel

from ..activities import ACTIVITY_CHOICES, InterventionMode, SubCap, activity


class StructureDataQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.STRUCTURE


class SapDeclaration(TimestampedModel):
    """The declaration of a structure as an SAP organisation (L7232-1-1), with the agrément
    or the autorisation some activities need."""

    structure = models.OneToOneField(
        "network.Structure",
        on_delete=models.CASCADE,
        related_name="sap_declaration",
        verbose_name=_("structure"),
    )
    number = models.CharField(
        _("declaration number"),
        max_length=20,
        help_text=_("« SAP » followed by the SIREN, e.g. SAP123456789."),
    )
    declared_on = models.DateField(_("declared on"))
    agrement_number = models.CharField(_("agrément number"), max_length=50, blank=True)
    agrement_on = models.DateField(_("agrément granted on"), null=True, blank=True)
    agrement_until = models.DateField(_("agrément valid until"), null=True, blank=True)
    autorisation_number = models.CharField(_("authorisation number"), max_length=50, blank=True)
    autorisation_on = models.DateField(_("authorisation granted on"), null=True, blank=True)

    objects = StructureDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("SAP declaration")
        verbose_name_plural = _("SAP declarations")

    def __str__(self):
        return self.number


class DeclaredActivity(models.Model):
    declaration = models.ForeignKey(
        SapDeclaration, on_delete=models.CASCADE, related_name="activities"
    )
    activity = models.CharField(_("activity"), max_length=40, choices=ACTIVITY_CHOICES)
    mode = models.CharField(_("intervention mode"), max_length=20, choices=InterventionMode.choices)

    class Meta:
        verbose_name = _("declared activity")
        verbose_name_plural = _("declared activities")
        ordering = ["activity", "mode"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "activity", "mode"],
                name="declared_activity_unique",
                violation_error_message=_("This activity is already declared in this mode."),
            )
        ]

    def __str__(self):
        return f"{self.get_activity_display()} ({self.get_mode_display()})"

    @property
    def regime(self) -> str:
        return activity(self.activity).regime


class PricingKind(models.TextChoices):
    HOURLY = "hourly", _("Per hour")
    FLAT = "flat", _("Flat price per intervention")


class Service(TimestampedModel):
    """One service of the structure's catalogue: what a quote and an invoice line name."""

    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.CASCADE,
        related_name="sap_services",
        verbose_name=_("structure"),
    )
    name = models.CharField(_("name"), max_length=150)
    activity = models.CharField(_("activity"), max_length=40, choices=ACTIVITY_CHOICES)
    mode = models.CharField(_("intervention mode"), max_length=20, choices=InterventionMode.choices)
    # The missions activity (work domain) an intervention of this service is booked under.
    work_activity = models.ForeignKey(
        "network.Activity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("activity of the missions"),
    )
    pricing = models.CharField(
        _("pricing"), max_length=10, choices=PricingKind.choices, default=PricingKind.HOURLY
    )
    price_excl_vat = models.DecimalField(_("price excl. VAT (€)"), max_digits=8, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2, default=0)
    extra_fees = models.DecimalField(
        _("extra fees per intervention excl. VAT (€)"), max_digits=8, decimal_places=2, default=0
    )
    extra_fees_label = models.CharField(_("what the extra fees are"), max_length=150, blank=True)
    tax_mention = models.TextField(
        _("tax advantage mention"),
        blank=True,
        help_text=_("Shown on quotes and invoices, e.g. the 50 % tax credit."),
    )
    # The nature code URSSAF's immediate advance asks for each line of a payment request.
    urssaf_nature_code = models.CharField(_("URSSAF nature code"), max_length=10, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    objects = StructureDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_excl_vat__gte=0, extra_fees__gte=0),
                name="service_price_positive",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0, vat_rate__lte=100),
                name="service_vat_range",
                violation_error_message=_("A VAT rate lies between 0 and 100 percent."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def price_incl_vat(self) -> Decimal:
        return (self.price_excl_vat * (1 + self.vat_rate / 100)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def sub_cap(self) -> str:
        return activity(self.activity).sub_cap

    @property
    def is_small_diy(self) -> bool:
        return self.sub_cap == SubCap.DIY


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class BrandLicence(TimestampedModel):
    """The structure's licence of the Proxim'Services brand, and the charter it signed."""

    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.CASCADE,
        related_name="brand_licences",
        verbose_name=_("structure"),
    )
    started_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE
    )
    charter_version = models.CharField(_("quality charter version signed"), max_length=20)
    charter_signed_on = models.DateField(_("charter signed on"))
    # The départements the licence lets the structure serve under the brand (its territory,
    # shown in the public directory).
    territory = models.ManyToManyField(
        "network.Departement", blank=True, related_name="+", verbose_name=_("territory")
    )

    objects = StructureDataQuerySet.as_manager()

    class Meta:
        verbose_name = _("Proxim'Services licence")
        verbose_name_plural = _("Proxim'Services licences")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("started_on")),
                name="licence_dates_order",
                violation_error_message=_("A licence ends after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.structure_id}: {self.started_on}"

    def clean(self):
        super().clean()
        if self.ends_on and self.started_on and self.ends_on < self.started_on:
            raise ValidationError({"ends_on": _("A licence ends after it starts.")})
