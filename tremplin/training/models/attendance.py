"""Attendance to the half-day: each trainee signs (on the room's tablet or their phone),
the trainer signs the sheet; an absence has its reason. The completion certificate and
the BPF count the hours actually attended from these rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet
from tremplin.common.models import TimestampedModel


class AttendanceQuerySet(TenantQuerySet):
    tenant_path = "registration__structure_id"
    tenant_level = Level.STRUCTURE

    def self_filter(self, scope):
        return (
            models.Q(registration__trainee_user_id=scope.user_id)
            | models.Q(registration__person__user_id=scope.user_id)
            | models.Q(half_day__session__trainers__id=scope.user_id)
        )

    def for_user(self, user):
        return super().for_user(user).distinct()


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Absent, excused")


class SignedFrom(models.TextChoices):
    ROOM = "room", _("On the room's tablet")
    PHONE = "phone", _("On the trainee's phone")
    TRAINER = "trainer", _("Recorded by the trainer")


class Attendance(TimestampedModel):
    registration = models.ForeignKey(
        "training.Registration",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("registration"),
    )
    half_day = models.ForeignKey(
        "training.HalfDay",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("half-day"),
    )
    presence = models.CharField(_("presence"), max_length=8, choices=Presence.choices)
    absence_reason = models.CharField(_("reason for the absence"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_from = models.CharField(
        _("signed"), max_length=8, choices=SignedFrom.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["half_day__date", "half_day__part"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "half_day"],
                name="attendance_once_per_half_day",
                violation_error_message=_("This trainee's attendance is already recorded."),
            )
        ]


class TrainerSignature(models.Model):
    """The trainer signs each half-day's sheet once the trainees have signed."""

    half_day = models.ForeignKey(
        "training.HalfDay", on_delete=models.CASCADE, related_name="trainer_signatures"
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("trainer's signature")
        verbose_name_plural = _("trainer's signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["half_day", "trainer"],
                name="trainer_signs_once",
                violation_error_message=_("The trainer has already signed this half-day."),
            )
        ]

    def __str__(self):
        return f"{self.trainer_id} — {self.half_day_id}"


class AttendanceCorrection(models.Model):
    """A change federation staff made to a locked sheet: what it was, what it became, who
    and why. The sheet stays locked; the trace is the proof of the change."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="corrections")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected at"))
    presence_before = models.CharField(
        _("before"), max_length=8, choices=Presence.choices, blank=True
    )
    presence_after = models.CharField(_("after"), max_length=8, choices=Presence.choices)
    note = models.CharField(_("reason for the correction"), max_length=300)

    class Meta:
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        ordering = ["corrected_at"]

    def __str__(self):
        return f"{self.attendance_id} {self.presence_before} → {self.presence_after}"
