from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel

from .validators import validate_siren, validate_siret

# --- Territories ---------------------------------------------------------------------


class Region(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departements", verbose_name=_("région")
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    code = models.CharField(_("INSEE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("département"),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Space-separated, for display; searches use the Postcode table.
    postcodes = models.CharField(_("postcodes"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [
            # PostgreSQL needs the pattern operator class for LIKE 'x%' under a non-C
            # collation; other backends ignore opclasses.
            models.Index(
                fields=["search_name"],
                name="commune_search_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def main_postcode(self) -> str:
        return self.postcodes.split(" ", 1)[0] if self.postcodes else ""

    @property
    def label(self) -> str:
        """What a person types or picks: 'Lyon (69001)'."""
        return f"{self.name} ({self.main_postcode or self.departement_id})"


class Postcode(models.Model):
    code = models.CharField(_("postcode"), max_length=5, db_index=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="postcode_set", verbose_name=_("commune")
    )

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "commune"],
                name="postcode_unique_code_commune",
                violation_error_message=_("This postcode is already listed for this commune."),
            )
        ]

    def __str__(self):
        return self.code


# --- The network ---------------------------------------------------------------------


class StructureKind(models.TextChoices):
    """The five kinds of SIAE; the value is the ASP *mesure* prefix (AI_DC, ACI_DC…)."""

    AI = "AI", _("Association intermédiaire (AI)")
    ACI = "ACI", _("Atelier et chantier d'insertion (ACI)")
    EI = "EI", _("Entreprise d'insertion (EI)")
    EITI = "EITI", _("Entreprise d'insertion par le travail indépendant (EITI)")
    ETTI = "ETTI", _("Entreprise de travail temporaire d'insertion (ETTI)")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active member")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left the network")


class DuesStatus(models.TextChoices):
    CALLED = "called", _("Called")
    PAID = "paid", _("Paid")
    LATE = "late", _("Late")
    EXEMPT = "exempt", _("Exempt")


class Delegation(TimestampedModel):
    """A regional delegation of the federation, covering one or more régions."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    regions = models.ManyToManyField(Region, related_name="delegations", verbose_name=_("régions"))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("regional delegation")
        verbose_name_plural = _("regional delegations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Activity(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class StructureGroup(TimestampedModel):
    """A GES / *ensemblier*: one organisation running several structures."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    siren = models.CharField(
        _("SIREN"),
        max_length=9,
        blank=True,
        validators=[validate_siren],
        help_text=_("9 digits, the legal entity carrying the group (optional)."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("group (GES)")
        verbose_name_plural = _("groups (GES)")
        ordering = ["name"]

    def __str__(self):
        return self.name


class StructureQuerySet(TenantQuerySet):
    tenant_path = "pk"
    tenant_level = Level.STRUCTURE

    def published(self):
        """What the public directory shows: active members."""
        return self.filter(membership_status=MembershipStatus.ACTIVE)


phone_validator = RegexValidator(
    r"^[0-9 +().-]{6,30}$", _("Enter a phone number made of digits, spaces and + ( ) . -")
)


class Structure(TimestampedModel):
    name = models.CharField(_("name"), max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    kind = models.CharField(_("kind"), max_length=4, choices=StructureKind.choices)
    is_home_services = models.BooleanField(
        _("Proxim'Services network"),
        default=False,
        help_text=_("The structure offers home services under the Proxim'Services brand."),
    )
    address = models.CharField(_("address"), max_length=250)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="structures", verbose_name=_("commune")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    activities = models.ManyToManyField(
        Activity, related_name="structures", blank=True, verbose_name=_("activities")
    )
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    website = models.URLField(_("website"), blank=True)
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        related_name="structures",
        verbose_name=_("regional delegation"),
    )
    group = models.ForeignKey(
        StructureGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structures",
        verbose_name=_("group (GES)"),
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    membership_status = models.CharField(
        _("membership status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="structure_position"),
            models.Index(fields=["membership_status", "kind"], name="structure_status_kind"),
        ]

    def __str__(self):
        return self.name


class DuesQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.STRUCTURE


class DuesRecord(TimestampedModel):
    """The membership dues of one structure for one year."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="dues", verbose_name=_("structure")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (€)"), max_digits=10, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=DuesStatus.choices, default=DuesStatus.CALLED
    )

    objects = DuesQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership dues")
        verbose_name_plural = _("membership dues")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year"],
                name="dues_unique_structure_year",
                violation_error_message=_(
                    "This structure's dues for this year are already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="dues_amount_positive",
                violation_error_message=_("Dues cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.structure_id} {self.year}: {self.get_status_display()}"
