from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.common.models import TimestampedModel


class UserKind(models.TextChoices):
    """What a person is for Tremplin; it decides the home page and the navigation.
    What they may *see* is decided by their memberships (see tenancy.py)."""

    STRUCTURE_STAFF = "structure_staff", _("Structure staff")
    EMPLOYEE = "employee", _("Employee in an insertion path")
    HOUSEHOLD = "household", _("Household / client")
    DELEGATE = "delegate", _("Regional delegate")
    FEDERATION = "federation", _("Federation staff")
    AUDITOR = "auditor", _("Auditor")


class StructureRole(models.TextChoices):
    DIRECTOR = "director", _("Director")
    CONSEILLER = "conseiller", _("Insertion counsellor (CIP)")
    PLANNER = "planner", _("Planner")
    ACCOUNTANT = "accountant", _("Accountant")
    EMPLOYEE = "employee", _("Employee in an insertion path")
    CLIENT = "client", _("Household / client")


STAFF_ROLES = frozenset(
    {
        StructureRole.DIRECTOR,
        StructureRole.CONSEILLER,
        StructureRole.PLANNER,
        StructureRole.ACCOUNTANT,
    }
)
# The membership roles each kind of user may hold.
ROLES_BY_KIND = {
    UserKind.STRUCTURE_STAFF: STAFF_ROLES,
    UserKind.EMPLOYEE: frozenset({StructureRole.EMPLOYEE}),
    UserKind.HOUSEHOLD: frozenset({StructureRole.CLIENT}),
}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(kind=UserKind.FEDERATION, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin, TimestampedModel):
    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    kind = models.CharField(_("kind of user"), max_length=20, choices=UserKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    # Access to the Django admin; only federation staff may hold it (see admin.py).
    is_staff = models.BooleanField(_("admin access"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class ActiveMembershipManager(models.Manager):
    """Memberships in force. The default manager, so that every read of who belongs where
    (tenancy, the switcher, the directors told of something) ignores deactivated ones; the
    team page and its services read `all_objects`."""

    def get_queryset(self):
        return super().get_queryset().filter(is_active=True)


class StructureMembership(TimestampedModel):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="structure_memberships", verbose_name=_("user")
    )
    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("structure"),
    )
    role = models.CharField(_("role"), max_length=20, choices=StructureRole.choices)
    # An accountant's payroll file carries the NIRs only when a director allowed it
    # (accounts.privacy.payroll_carries_nir); every such export is logged.
    payroll_nir = models.BooleanField(
        _("payroll file with NIRs"),
        default=False,
        editable=False,
        help_text=_("Given by a director to an accountant; each export is logged."),
    )
    # A director deactivates a membership rather than deleting it: the team's history
    # keeps pointing at it, and it can be reactivated.
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveMembershipManager()
    all_objects = models.Manager()

    class Meta:
        verbose_name = _("membership in a structure")
        verbose_name_plural = _("memberships in structures")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "structure"],
                name="membership_unique_user_structure",
                violation_error_message=_("This user is already a member of this structure."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.structure_id}"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES


class DelegationMembership(TimestampedModel):
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="delegation_memberships",
        verbose_name=_("user"),
    )
    delegation = models.ForeignKey(
        "network.Delegation",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("delegation"),
    )

    class Meta:
        verbose_name = _("membership in a delegation")
        verbose_name_plural = _("memberships in delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "delegation"],
                name="delegation_membership_unique_user_delegation",
                violation_error_message=_("This user is already a member of this delegation."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.delegation_id}"


class RecoveryCode(models.Model):
    """A single-use code that stands for the second factor when the phone is lost.

    Only a SHA-256 of the code is kept: codes are 80 random bits, too many to try, so a
    slow hash would add nothing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"{self.user_id} — {'used' if self.used_at else 'unused'}"


class ApiToken(models.Model):
    """A named key to the API for one user, shown once, stored as its SHA-256."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters, to tell tokens apart in the list; not enough to use one.
    prefix = models.CharField(_("start of the token"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"))
    last_used_at = models.DateTimeField(_("last used on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now


class TeamChangeAction(models.TextChoices):
    INVITED = "invited", _("Invited")
    ROLE_CHANGED = "role_changed", _("Role changed")
    DEACTIVATED = "deactivated", _("Deactivated")
    REACTIVATED = "reactivated", _("Reactivated")
    INVITATION_RESENT = "invitation_resent", _("Invitation sent again")
    PAYROLL_NIR = "payroll_nir", _("NIRs in the payroll file")


class TeamChangeQuerySet(models.QuerySet):
    def of_structure(self, structure_id: int):
        return self.filter(structure_id=structure_id)


class TeamChange(models.Model):
    """One change of a structure's team (who, when, what, before → after), written by the
    membership services in the same transaction as the change; never edited."""

    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.CASCADE,
        related_name="team_changes",
        verbose_name=_("structure"),
    )
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    action = models.CharField(_("change"), max_length=20, choices=TeamChangeAction.choices)
    # Role codes for invitations and role changes, "active"/"inactive" for (re)activations.
    before = models.CharField(_("before"), max_length=20, blank=True)
    after = models.CharField(_("after"), max_length=20, blank=True)
    at = models.DateTimeField(_("on"), auto_now_add=True)

    objects = TeamChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("change of the team")
        verbose_name_plural = _("changes of the team")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.structure_id} {self.member_id} {self.action}"

    @staticmethod
    def _label(value: str) -> str:
        states = {
            "active": _("active"),
            "inactive": _("deactivated"),
            "nir": _("with the NIRs"),
            "no_nir": _("without the NIRs"),
        }
        if value in states:
            return states[value]
        return StructureRole(value).label if value in StructureRole.values else value

    @property
    def before_label(self) -> str:
        return self._label(self.before)

    @property
    def after_label(self) -> str:
        return self._label(self.after)
