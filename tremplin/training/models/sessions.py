"""Sessions of a course, in half-days, and the registrations structures make for their
staff and for the employees in their insertion paths.

Tenancy: a registration belongs to the registering structure (its staff see it; the
federation's training service runs the sessions and sees them all: STRUCTURE level); the
trainee reaches their own (self_filter). Names and e-mails only: nothing sensitive."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Open for registration")
    FULL = "full", _("Full")
    CONFIRMED = "confirmed", _("Confirmed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TrainingSession(TimestampedModel):
    course = models.ForeignKey(
        "training.Course",
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("course"),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "network.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    is_remote = models.BooleanField(_("remote"), default=False)
    remote_link = models.URLField(_("remote link"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trainings_given",
        verbose_name=_("trainers"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    # Kept in step with its half-days by the services: lists sort and filter on them.
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    # Raised each time the half-days or the place change once trainees are convoked: the
    # number of the update their calendars receive (iCalendar SEQUENCE).
    schedule_version = models.PositiveIntegerField(_("schedule version"), default=0)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_on", "pk"]

    def __str__(self):
        return f"{self.course} ({self.starts_on or '—'})"


class Part(models.TextChoices):
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")


class HalfDay(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="half_days",
        verbose_name=_("session"),
    )
    date = models.DateField(_("date"))
    part = models.CharField(_("half-day"), max_length=2, choices=Part.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("half-day")
        verbose_name_plural = _("half-days")
        ordering = ["date", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "date", "part"],
                name="half_day_unique",
                violation_error_message=_("This half-day is already in the session."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="half_day_end_after_start",
                violation_error_message=_("A half-day ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_part_display()}"

    @property
    def hours(self):
        from decimal import Decimal

        start = self.starts_at.hour * 60 + self.starts_at.minute
        end = self.ends_at.hour * 60 + self.ends_at.minute
        return Decimal(end - start) / Decimal(60)


class TraineeCategory(models.TextChoices):
    STAFF = "staff", _("Staff member of a structure")
    INSERTION = "insertion", _("Employee in an insertion path")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    REPLACED = "replaced", _("Replaced")


class RegistrationQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.STRUCTURE

    def self_filter(self, scope):
        # The trainee themself (staff member or employee in a path), and the session's trainers.
        return (
            models.Q(trainee_user_id=scope.user_id)
            | models.Q(person__user_id=scope.user_id)
            | models.Q(session__trainers__id=scope.user_id)
        )

    def for_user(self, user):
        return super().for_user(user).distinct()


class Registration(TimestampedModel):
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("session"),
    )
    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    category = models.CharField(_("trainee"), max_length=10, choices=TraineeCategory.choices)
    # An employee in an insertion path: their person file (the path's timeline shows the
    # training through a people action). A staff member: a name and e-mail, and their
    # account when they have one.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee in an insertion path"),
    )
    # The « training » action this registration put on the person's path (people), so the
    # path's timeline and the PASS and CDDI rules read it; removed or ended on cancellation.
    path_action = models.OneToOneField(
        "people.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_registration",
        verbose_name=_("action on the path"),
    )
    trainee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trainee's account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
    )
    # Order on the waiting list (registration order otherwise).
    waiting_rank = models.PositiveIntegerField(_("rank on the waiting list"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category="insertion", person__isnull=False)
                | models.Q(category="staff", person__isnull=True),
                name="registration_category_person",
                violation_error_message=_(
                    "An employee in an insertion path is registered from their file; a staff "
                    "member by name."
                ),
            ),
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=models.Q(person__isnull=False) & ~models.Q(status="cancelled"),
                name="registration_person_once",
                violation_error_message=_("This person is already registered for the session."),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} — {self.session}"
