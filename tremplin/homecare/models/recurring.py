"""Recurring interventions at a household: a weekly (or every-other-week) pattern over a
period, each date of it an occurrence materialised as a missions assignment through the
missions services; the intervenants' absences the planner replaces. Personal data: the
structure's staff, and the household their own rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel


class PatternQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL

    def self_filter(self, scope):
        return models.Q(household__client__user_id=scope.user_id)


class OccurrenceQuerySet(TenantQuerySet):
    tenant_path = "pattern__structure_id"
    tenant_level = Level.PERSONAL

    def self_filter(self, scope):
        return models.Q(pattern__household__client__user_id=scope.user_id)


class AbsenceQuerySet(TenantQuerySet):
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL
    person_path = "person_id"

    def self_filter(self, scope):
        return models.Q(person__user_id=scope.user_id)


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every other week")


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class RecurringPattern(TimestampedModel):
    """Every week (or every other week) on some days, from one time to another, between
    two dates: the RFC 5545 rule of `rrule_text`. Its missions request carries the
    assignments; a public holiday is skipped unless `skip_holidays` is off."""

    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "homecare.Household",
        on_delete=models.PROTECT,
        related_name="patterns",
        verbose_name=_("household"),
    )
    service = models.ForeignKey(
        "homecare.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usual intervenant"),
    )
    request = models.OneToOneField(
        "missions.MissionRequest",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mission request"),
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # Comma-separated weekday numbers (0 = Monday), as RFC 5545's BYDAY in our own order.
    weekdays = models.CharField(_("days"), max_length=20)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    skip_holidays = models.BooleanField(_("skip public holidays"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = PatternQuerySet.as_manager()

    class Meta:
        verbose_name = _("recurring intervention")
        verbose_name_plural = _("recurring interventions")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="pattern_dates_order",
                violation_error_message=_("A recurring intervention ends after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="pattern_times_order",
                violation_error_message=_("An intervention ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.household} — {self.service}"

    @property
    def weekday_list(self) -> list[int]:
        return [int(day) for day in self.weekdays.split(",") if day != ""]

    @property
    def weekday_labels(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(str(names[day]) for day in self.weekday_list)


class OccurrenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HOLIDAY = "holiday", _("Public holiday: not planned")
    TO_PLACE = "to_place", _("To place: nobody assigned")
    CANCELLED = "cancelled", _("Cancelled")


class CancelledBy(models.TextChoices):
    HOUSEHOLD = "household", _("The household")
    STRUCTURE = "structure", _("The structure")


class Occurrence(TimestampedModel):
    """One date of a pattern. Planned: its assignment holds who comes, when (moved or not)
    and the hours; to place: the checks refused the usual intervenant (`problem` says why),
    or they are absent; cancelled: by whom, and whether within the notice."""

    pattern = models.ForeignKey(
        RecurringPattern, on_delete=models.CASCADE, related_name="occurrences"
    )
    date = models.DateField(_("date"))  # the pattern's date, even when moved
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.PLANNED,
    )
    assignment = models.OneToOneField(
        "missions.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignment"),
    )
    problem = models.TextField(_("why it is not planned"), blank=True)
    holiday_name = models.CharField(_("public holiday"), max_length=100, blank=True)
    is_replacement = models.BooleanField(_("replacement"), default=False)
    cancelled_by = models.CharField(
        _("cancelled by"), max_length=10, choices=CancelledBy.choices, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    within_notice = models.BooleanField(_("cancelled within the notice"), default=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pattern", "date"],
                name="occurrence_once_per_date",
                violation_error_message=_(
                    "This date of the recurring intervention exists already."
                ),
            )
        ]

    def __str__(self):
        return f"{self.pattern_id} {self.date}"


class Absence(TimestampedModel):
    """An intervenant away from one day to another: their interventions of those days are
    taken off the planning, to place with a replacement. No reason kept: it may be health."""

    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("intervenant")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_dates_order",
                violation_error_message=_("An absence ends after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.person_id} {self.starts_on}–{self.ends_on}"
