from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel


class StructureQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL


class OwnWorkQuerySet(TenantQuerySet):
    """Time entries: the structure's staff, and the employee their own."""

    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL
    person_path = "person_id"

    def self_filter(self, scope):
        return models.Q(person__user_id=scope.user_id)


class OwnAssignmentQuerySet(TenantQuerySet):
    tenant_path = "request__structure_id"
    tenant_level = Level.PERSONAL
    person_path = "person_id"

    def self_filter(self, scope):
        return models.Q(person__user_id=scope.user_id)


class RequestQuerySet(TenantQuerySet):
    tenant_path = "request__structure_id"
    tenant_level = Level.PERSONAL


class RequestState(models.TextChoices):
    NEW = "new", _("New")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class MissionRequest(TimestampedModel):
    """A client's request for work: where, when (weekly slots between two dates), what."""

    # new → planned → in progress → done; cancelled from any state but done.
    TRANSITIONS = {
        RequestState.NEW: {RequestState.PLANNED, RequestState.CANCELLED},
        RequestState.PLANNED: {RequestState.IN_PROGRESS, RequestState.CANCELLED, RequestState.NEW},
        RequestState.IN_PROGRESS: {RequestState.DONE, RequestState.CANCELLED},
        RequestState.DONE: set(),
        RequestState.CANCELLED: set(),
    }

    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        "missions.Client",
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("client"),
    )
    activity = models.ForeignKey(
        "network.Activity", on_delete=models.PROTECT, related_name="+", verbose_name=_("activity")
    )
    commune = models.ForeignKey(
        "network.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    # Where the work is done: the client's address unless the request says otherwise.
    address = models.CharField(_("address"), max_length=250, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    hours = models.DecimalField(_("hours requested"), max_digits=7, decimal_places=2)
    skills = models.CharField(_("skills or licence required"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=RequestState.choices, default=RequestState.NEW
    )

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("mission request")
        verbose_name_plural = _("mission requests")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="request_end_after_start",
                violation_error_message=_(
                    "A request's end date cannot come before its start date."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0),
                name="request_hours_positive",
                violation_error_message=_("A request asks for more than 0 hours."),
            ),
        ]

    def __str__(self):
        return f"{self.client} — {self.activity_id} ({self.start_date})"


class RequestSlot(models.Model):
    """A weekly time slot of a request: every <weekday> from start to end."""

    request = models.ForeignKey(MissionRequest, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(
        _("day"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="slot_end_after_start",
                violation_error_message=_("A time slot ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class Assignment(TimestampedModel):
    """An employee on a request for one day's time slot. Never two overlapping assignments
    of one person: a PostgreSQL exclusion constraint, and the service under a lock."""

    request = models.ForeignKey(
        MissionRequest, on_delete=models.PROTECT, related_name="assignments"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("employee"),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = OwnAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["person", "date"], name="assignment_person_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="assignment_end_after_start",
                violation_error_message=_("An assignment ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.person_id} {self.date} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class TimeEntryStatus(models.TextChoices):
    DRAFT = "draft", _("To validate")
    VALIDATED = "validated", _("Validated")


class TimeEntry(TimestampedModel):
    """Hours worked one day by one employee for one client, entered by staff or by the
    employee, then validated by staff. A validated month is closed (MonthClosure)."""

    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="time_entries"
    )
    client = models.ForeignKey(
        "missions.Client", on_delete=models.PROTECT, related_name="time_entries"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="time_entries"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=TimeEntryStatus.choices, default=TimeEntryStatus.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invoice = models.ForeignKey(
        "missions.Invoice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="time_entries",
    )

    objects = OwnWorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["date"]
        indexes = [
            models.Index(fields=["structure", "date"], name="time_entry_structure_date"),
            models.Index(fields=["person", "date"], name="time_entry_person_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24),
                name="time_entry_hours_range",
                violation_error_message=_("A time entry counts more than 0 and at most 24 hours."),
            ),
        ]

    def __str__(self):
        return f"{self.person_id} {self.date}: {self.hours} h"


class MonthClosure(models.Model):
    """A structure's month, closed once its hours were validated: no entry changes after."""

    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "month"],
                name="month_closed_once",
                violation_error_message=_("This month is already closed."),
            )
        ]

    def __str__(self):
        return f"{self.structure_id} {self.month:%Y-%m}"


class PayrollNirExport(models.Model):
    """A payroll file that carried NIRs: who, when, which month, how many people (never
    edited; the director reads it). Files without NIRs are not logged here."""

    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    month = models.DateField(_("month"))
    people = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("payroll file with NIRs")
        verbose_name_plural = _("payroll files with NIRs")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user_id} {self.month:%Y-%m} ({self.people})"
