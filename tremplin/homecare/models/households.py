"""The household file: a `missions` client of kind household, with what SAP adds. Personal
data: the structure's staff, and the household themself (through the client's account)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.encryption import EncryptedTextField
from tremplin.common.models import TimestampedModel


class HouseholdQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL

    def self_filter(self, scope):
        return models.Q(client__user_id=scope.user_id)


class OwnHouseholdRowsQuerySet(TenantQuerySet):
    """Rows of a household (members, financings…): the staff, and the household themself."""

    tenant_path = "household__structure_id"
    tenant_level = Level.PERSONAL

    def self_filter(self, scope):
        return models.Q(household__client__user_id=scope.user_id)


class AdvanceStatus(models.TextChoices):
    """The household's enrolment in URSSAF's immediate advance of the tax credit."""

    NOT_ENROLLED = "not_enrolled", _("Not enrolled")
    PENDING = "pending", _("Enrolment sent")
    ENROLLED = "enrolled", _("Enrolled")
    REFUSED = "refused", _("Enrolment refused")


class Household(TimestampedModel):
    client = models.OneToOneField(
        "missions.Client",
        on_delete=models.PROTECT,
        related_name="household",
        verbose_name=_("client"),
    )
    # The client's structure, kept here so the tenancy filter needs no join.
    structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="+", verbose_name=_("structure")
    )
    # Door code, key box, dog…: encrypted, shown only to the intervenant of the day.
    access_instructions = EncryptedTextField(_("access instructions"), null=True, blank=True)
    usual_intervenants = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("usual intervenants")
    )
    advance_status = models.CharField(
        _("immediate advance"),
        max_length=15,
        choices=AdvanceStatus.choices,
        default=AdvanceStatus.NOT_ENROLLED,
    )
    notes = EncryptedTextField(_("notes"), null=True, blank=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return str(self.client)


class MemberRelation(models.TextChoices):
    BENEFICIARY = "beneficiary", _("Beneficiary")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    OTHER = "other", _("Other person at home")


class HouseholdMember(models.Model):
    """A person living at home: the tax ceiling grows with dependent children and members
    over 65 (CGI art. 199 sexdecies), and childcare or help depends on who is there."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    relation = models.CharField(_("relation"), max_length=15, choices=MemberRelation.choices)
    is_dependent = models.BooleanField(_("dependent for tax"), default=False)
    is_disabled = models.BooleanField(_("disabled"), default=False)

    objects = OwnHouseholdRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("member of the household")
        verbose_name_plural = _("members of the household")
        ordering = ["pk"]

    def __str__(self):
        return self.first_name


class FinancingKind(models.TextChoices):
    APA = "apa", _("APA (allocation personnalisée d'autonomie)")
    PCH = "pch", _("PCH (prestation de compensation du handicap)")
    CESU_PREPAID = "cesu_prepaid", _("Prepaid CESU")
    PENSION_FUND = "pension_fund", _("Pension fund or mutual insurance")
    OTHER = "other", _("Other funder")


class Financing(models.Model):
    """Who pays part of the household's services besides themself: a département's APA or
    PCH with the hours granted, an employer's prepaid CESU… Their share is deducted from
    the tax attestation."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="financings")
    kind = models.CharField(_("kind"), max_length=15, choices=FinancingKind.choices)
    funder = models.CharField(
        _("funder"), max_length=150, help_text=_("The département, the CESU issuer, the fund…")
    )
    departement = models.ForeignKey(
        "network.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("département"),
    )
    hours_per_month = models.DecimalField(
        _("hours granted per month"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)

    objects = OwnHouseholdRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("financing")
        verbose_name_plural = _("financings")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="financing_dates_order",
                violation_error_message=_("A financing ends after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.funder}"
