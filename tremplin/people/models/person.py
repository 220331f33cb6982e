from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.encryption import EncryptedBooleanField, EncryptedCharField, EncryptedDateField
from tremplin.common.models import TimestampedModel


class Sex(models.TextChoices):
    FEMALE = "F", _("Woman")
    MALE = "M", _("Man")


class Housing(models.TextChoices):
    STABLE = "stable", _("Stable housing")
    HOSTED = "hosted", _("Hosted by family or friends")
    HOMELESS = "homeless", _("Homeless or emergency shelter")
    OTHER = "other", _("Other")


class FrenchLevel(models.TextChoices):
    FLUENT = "fluent", _("Fluent")
    A1_OR_MORE = "a1_or_more", _("A1 or more")
    BELOW_A1 = "below_a1", _("Below A1")


class PersonQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL
    person_path = "pk"


class Person(TimestampedModel):
    """A person's file in one structure: identity, situation at entry, consent.

    NIR and every sensitive fact (benefits, RQTH, refugee, detention) are encrypted at
    rest; `nir_hash` (an HMAC) finds duplicates without decrypting. Who sees which field:
    people/privacy.py and accounts/privacy.py."""

    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("structure"),
    )
    # The employee's own account, for their personal space (hours, missions, documents).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person_file",
        verbose_name=_("employee's account"),
    )
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_people",
        verbose_name=_("referent counsellor"),
    )
    # Identity
    last_name = models.CharField(_("usage last name"), max_length=150)
    birth_name = models.CharField(_("birth name"), max_length=150, blank=True)
    first_names = models.CharField(_("first names"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    birth_commune = models.ForeignKey(
        "network.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("birth commune"),
    )
    birth_country = models.CharField(
        _("birth country (INSEE code)"),
        max_length=5,
        default="99100",
        help_text=_("99100 for France; the INSEE code of the country otherwise."),
    )
    nir = EncryptedCharField(
        _("social security number (NIR)"), max_length=15, null=True, blank=True
    )
    nir_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    ntt = models.CharField(
        _("temporary technical number (NTT)"),
        max_length=40,
        blank=True,
        help_text=_("Stands in for a NIR that is not known yet."),
    )
    search_name = models.CharField(max_length=320, db_index=True, editable=False)
    # Contact
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    commune = models.ForeignKey(
        "network.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    qpv = models.BooleanField(_("lives in a priority neighbourhood (QPV)"), default=False)
    zrr = models.BooleanField(_("lives in a rural revitalisation zone (ZRR/ZFRR)"), default=False)
    # Situation at entry
    education_level = models.CharField(_("education level (ASP)"), max_length=2, blank=True)
    # Benefits, disability, refugee status, detention: encrypted at rest (people/privacy.py).
    rsa_since = EncryptedDateField(_("RSA beneficiary since"), null=True, blank=True)
    ass_since = EncryptedDateField(_("ASS beneficiary since"), null=True, blank=True)
    aah_since = EncryptedDateField(_("AAH beneficiary since"), null=True, blank=True)
    job_seeker_since = models.DateField(_("registered job seeker since"), null=True, blank=True)
    job_seeker_id = models.CharField(_("France Travail identifier"), max_length=20, blank=True)
    rqth = EncryptedBooleanField(_("disabled worker recognition (RQTH)"), null=True, blank=True)
    single_parent = models.BooleanField(_("single parent"), default=False)
    housing = models.CharField(_("housing"), max_length=10, choices=Housing.choices, blank=True)
    # Encrypted booleans store False as NULL: read with bool().
    refugee = EncryptedBooleanField(
        _("refugee or asylum seeker"), null=True, blank=True, default=False
    )
    left_child_welfare = models.BooleanField(_("leaving child welfare (ASE)"), default=False)
    leaving_detention = EncryptedBooleanField(
        _("leaving detention or under a court order"), null=True, blank=True
    )
    french_level = models.CharField(
        _("French level"), max_length=12, choices=FrenchLevel.choices, blank=True
    )
    mobility_problem = models.BooleanField(_("mobility problem"), default=False)
    skills = models.CharField(
        _("skills and licences"),
        max_length=300,
        blank=True,
        help_text=_(
            "Separated by commas, e.g. “driving licence B, ironing”: missions ask for them."
        ),
    )
    # Consent and retention (GDPR)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    retention_until = models.DateField(_("keep the file until"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_name", "nir_hash"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_names"]
        indexes = [
            models.Index(fields=["structure", "last_name"], name="person_structure_name"),
            models.Index(fields=["last_name", "birth_date"], name="person_name_birth"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name.upper()}"

    @property
    def masked_nir(self) -> str:
        return f"{self.nir[0]} •• •• •• ••• ••• {self.nir[-2:]}" if self.nir else ""


# The fields a person's file is edited through, in the order the form shows them; the
# service, the form and the API all use this one list.
PERSON_FIELDS = (
    "last_name",
    "birth_name",
    "first_names",
    "sex",
    "birth_date",
    "birth_commune",
    "birth_country",
    "nir",
    "ntt",
    "email",
    "phone",
    "address",
    "commune",
    "qpv",
    "zrr",
    "education_level",
    "rsa_since",
    "ass_since",
    "aah_since",
    "job_seeker_since",
    "job_seeker_id",
    "rqth",
    "single_parent",
    "housing",
    "refugee",
    "left_child_welfare",
    "leaving_detention",
    "french_level",
    "mobility_problem",
    "skills",
    "consent_date",
    "retention_until",
    "conseiller",
)


class ImportJobQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL


class ImportJob(models.Model):
    """An import of people, run in the background; the page polls its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Refused")

    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    stage = models.CharField(max_length=10, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
