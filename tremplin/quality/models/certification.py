"""Certification cycles and their audits (ISO/IEC 17021-1; group certification, IAF MD1).

A certification is one structure's (individual) or the group's (CEDRE-ISO 9001 group
certification: its member sites in GroupSite, the federation as central function). Its
audits follow the cycle: initial (stage 1, stage 2), surveillance within 12 months of the
decision and then every year, recertification before the 3-year expiry.

Tenancy: a structure's staff see their certification and audits; delegates their
delegation's; federation staff all; an auditor only the audits given to them
(`AuditQuerySet.self_filter`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel


class Scheme(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual certification")
    GROUP = "group", _("Group certification (multi-site)")


class CertificationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Initial audit under way")
    CERTIFIED = "certified", _("Certified")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    REFUSED = "refused", _("Refused")


class CertificationQuerySet(TenantQuerySet):
    # A group certification has no structure: only federation staff and auditors see it
    # whole; its sites' staff see it through GroupSite (self_filter below).
    tenant_path = "structure_id"
    tenant_level = Level.STRUCTURE

    def self_filter(self, scope):
        q = models.Q(audits__auditor_id=scope.user_id)
        if scope.staff_structure_ids:
            q |= models.Q(sites__structure_id__in=scope.staff_structure_ids)
        return q

    def for_user(self, user):
        return super().for_user(user).distinct()


class Certification(TimestampedModel):
    referential = models.ForeignKey(
        "quality.Referential",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("référentiel"),
    )
    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices)
    # The certified structure (individual); empty for the group certification.
    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certifications",
        verbose_name=_("structure"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CertificationStatus.choices,
        default=CertificationStatus.IN_PROGRESS,
    )
    # The committee's decision that started the current cycle, and the cycle's end.
    cycle_started_on = models.DateField(_("certified on"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for the suspension"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["-cycle_started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scheme="group", structure__isnull=True)
                | models.Q(scheme="individual", structure__isnull=False),
                name="certification_scheme_structure",
                violation_error_message=_(
                    "An individual certification names its structure; a group certification "
                    "names none (its sites are listed)."
                ),
            )
        ]

    def __str__(self):
        if self.structure_id:
            return f"{self.referential} — {self.structure}"
        return self.name or str(self.referential)


class GroupSiteQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.STRUCTURE

    def self_filter(self, scope):
        return models.Q(certification__audits__auditor_id=scope.user_id)

    def for_user(self, user):
        return super().for_user(user).distinct()


class GroupSite(models.Model):
    """A member site of the group certification."""

    certification = models.ForeignKey(
        Certification,
        on_delete=models.CASCADE,
        related_name="sites",
        verbose_name=_("certification"),
    )
    structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = GroupSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("site of the group")
        verbose_name_plural = _("sites of the group")
        ordering = ["certification", "structure__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "structure"],
                name="group_site_unique",
                violation_error_message=_("This structure is already a site of the group."),
            )
        ]

    def __str__(self):
        return str(self.structure)


class AuditKind(models.TextChoices):
    STAGE_1 = "stage1", _("Initial audit, stage 1")
    STAGE_2 = "stage2", _("Initial audit, stage 2")
    SURVEILLANCE = "surveillance", _("Surveillance audit")
    RECERTIFICATION = "recertification", _("Recertification audit")
    SPECIAL = "special", _("Special audit")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("Under way")
    REPORTED = "reported", _("Report sent")
    DECIDED = "decided", _("Decided")
    CANCELLED = "cancelled", _("Cancelled")


class AuditQuerySet(TenantQuerySet):
    tenant_path = "certification__structure_id"
    tenant_level = Level.STRUCTURE

    def self_filter(self, scope):
        # The auditor's own audits; a group site's staff, the audits sampling their site.
        q = models.Q(auditor_id=scope.user_id)
        if scope.staff_structure_ids:
            q |= models.Q(sites__structure_id__in=scope.staff_structure_ids)
        return q

    def for_user(self, user):
        return super().for_user(user).distinct()


class Audit(TimestampedModel):
    certification = models.ForeignKey(
        Certification,
        on_delete=models.PROTECT,
        related_name="audits",
        verbose_name=_("certification"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AuditKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    # The latest day the cycle allows (surveillance within 12 months…), set when planned.
    due_by = models.DateField(_("to be held by"), null=True, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("lead auditor"),
    )
    # A peer from another structure (the auditor role is external or a peer).
    auditor_is_peer = models.BooleanField(_("peer auditor"), default=False)
    plan = models.TextField(_("audit plan"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    reported_on = models.DateField(_("report sent on"), null=True, blank=True)
    # Group certification: the seed the sample's random part was drawn with (IAF MD1),
    # recorded so that the draw can be made again and checked.
    sampling_seed = models.BigIntegerField(_("sampling seed"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="audit_end_after_start",
                violation_error_message=_("An audit cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.certification}"


class SiteSelection(models.TextChoices):
    CENTRAL = "central", _("Central function (every audit)")
    RANDOM = "random", _("Drawn at random")
    RISK = "risk", _("Chosen by risk")
    SINGLE = "single", _("The certified structure")


class AuditSiteQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.STRUCTURE

    def self_filter(self, scope):
        return models.Q(audit__auditor_id=scope.user_id)


class AuditSite(models.Model):
    """A site the audit visits: the structure itself, or a group site of the sample. The
    central function of the group is the federation: `structure` empty."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="sites")
    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    selection = models.CharField(_("selected as"), max_length=8, choices=SiteSelection.choices)
    risk_score = models.DecimalField(
        _("risk score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reason = models.CharField(_("why this site"), max_length=300, blank=True)

    objects = AuditSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("audited site")
        verbose_name_plural = _("audited sites")
        ordering = ["audit", "selection", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "structure"],
                name="audit_site_unique",
                violation_error_message=_("This site is already in the audit."),
            )
        ]

    def __str__(self):
        return str(self.structure) if self.structure_id else str(SiteSelection.CENTRAL.label)
