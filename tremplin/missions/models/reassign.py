"""Assignments an exit or a contract's early end took off the planning, kept for the
planners until they give the slot to someone else (or let it go)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel
from tremplin.people.services.later_work import CancelReason

from .work import Assignment, MissionRequest


class CancelledAssignmentQuerySet(TenantQuerySet):
    tenant_path = "request__structure_id"
    tenant_level = Level.PERSONAL
    person_path = "person_id"

    def open(self):
        """Still to reassign: neither given to someone else nor let go."""
        return self.filter(closed_at__isnull=True)


class CancelledAssignment(TimestampedModel):
    """One cancelled assignment: the request's slot that day, who had it, why and by whom
    it was cancelled. Closed when an assignment of the same request takes its day and
    times again, or when a planner lets it go."""

    request = models.ForeignKey(
        MissionRequest, on_delete=models.CASCADE, related_name="cancelled_assignments"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("employee")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))
    reason = models.CharField(_("reason"), max_length=20, choices=CancelReason.choices)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reassigned_to = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CancelledAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment to reassign")
        verbose_name_plural = _("assignments to reassign")
        ordering = ["date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["request", "date"], name="cancelled_request_date"),
        ]

    def __str__(self):
        return f"{self.request_id} {self.date} {self.start_time:%H:%M}–{self.end_time:%H:%M}"
