from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.common.models import TimestampedModel

from .work import Assignment, OwnWorkQuerySet, TimeEntry


class Clocking(TimestampedModel):
    """An employee's clock-in and clock-out on one assignment, from their phone. One row per
    assignment (a double tap finds it there); the clock-out makes the day's time entry
    through the time-entry service, with its checks."""

    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="clocking", verbose_name=_("assignment")
    )
    clocked_in_at = models.DateTimeField(_("clocked in at"))
    clocked_out_at = models.DateTimeField(_("clocked out at"), null=True, blank=True)
    time_entry = models.OneToOneField(
        TimeEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clocking",
        verbose_name=_("time entry"),
    )

    objects = OwnWorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("clocking")
        verbose_name_plural = _("clockings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(clocked_out_at__isnull=True)
                | models.Q(clocked_out_at__gt=models.F("clocked_in_at")),
                name="clocking_out_after_in",
                violation_error_message=_("A clock-out comes after the clock-in."),
            ),
        ]

    def __str__(self):
        return f"{self.assignment_id}: {self.clocked_in_at:%H:%M}"
