"""Attendance to the half-day: a trainee signs (on the room's tablet or their phone), the
trainer records an absence and its reason, then signs the sheet, which locks it; federation
staff correct a locked sheet, leaving a trace. And the questionnaires' answers.

Every write locks the half-day's row first, so that a trainee signing while the trainer
signs the sheet sees the lock or gets in before it, never half of each."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Attendance,
    AttendanceCorrection,
    HalfDay,
    Moment,
    Presence,
    Registration,
    RegistrationStatus,
    SatisfactionAnswer,
    SelfAssessment,
    SignedFrom,
    TrainerSignature,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def half_day_bounds(half_day: HalfDay) -> tuple[datetime.datetime, datetime.datetime]:
    """When the half-day starts and ends: its times are Paris times."""
    return (
        datetime.datetime.combine(half_day.date, half_day.starts_at, tzinfo=PARIS),
        datetime.datetime.combine(half_day.date, half_day.ends_at, tzinfo=PARIS),
    )


def signing_window(half_day: HalfDay) -> tuple[datetime.datetime, datetime.datetime]:
    """When a trainee may sign from their phone (settings: a margin before and after)."""
    start, end = half_day_bounds(half_day)
    return (
        start - datetime.timedelta(minutes=settings.TRAINING_SIGNING_OPENS_MINUTES_BEFORE),
        end + datetime.timedelta(minutes=settings.TRAINING_SIGNING_CLOSES_MINUTES_AFTER),
    )


def signing_open(half_day: HalfDay, now: datetime.datetime | None = None) -> bool:
    opens, closes = signing_window(half_day)
    return opens <= (now or timezone.now()) <= closes


def sheet_is_locked(half_day_id: int) -> bool:
    return TrainerSignature.objects.filter(half_day_id=half_day_id).exists()


def _locked_half_day(half_day: HalfDay) -> HalfDay:
    return HalfDay.objects.select_for_update().get(pk=half_day.pk)


def _refuse_if_locked(half_day: HalfDay) -> None:
    if sheet_is_locked(half_day.pk):
        raise ValidationError(
            _(
                "The trainer has signed this half-day's sheet: it can no longer be changed. "
                "Ask the training service to correct it."
            )
        )


def _check_trainee(registration: Registration, half_day: HalfDay) -> None:
    if registration.session_id != half_day.session_id:
        raise ValidationError(_("This half-day is not part of this trainee's session."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only a registered trainee signs the sheet."))


def _time(value: datetime.datetime) -> str:
    return value.astimezone(PARIS).strftime("%H:%M")


@transaction.atomic
def attendance_sign(
    *,
    actor,
    registration: Registration,
    half_day: HalfDay,
    signed_from: str,
    now: datetime.datetime | None = None,
) -> Attendance:
    """The trainee signs their presence. Signing again changes nothing (idempotent)."""
    now = now or timezone.now()
    _check_trainee(registration, half_day)
    half_day = _locked_half_day(half_day)
    existing = Attendance.objects.filter(registration=registration, half_day=half_day).first()
    if existing is not None and existing.presence == Presence.PRESENT:
        return existing
    opens, closes = signing_window(half_day)
    if not opens <= now <= closes:
        raise ValidationError(
            _(
                "Signing is open on %(date)s from %(opens)s to %(closes)s: come back "
                "during the half-day."
            )
            % {
                "date": half_day.date.strftime("%d/%m/%Y"),
                "opens": _time(opens),
                "closes": _time(closes),
            }
        )
    _refuse_if_locked(half_day)
    attendance = existing or Attendance(registration=registration, half_day=half_day)
    attendance.presence = Presence.PRESENT
    attendance.absence_reason = ""
    attendance.signed_at = now
    attendance.signed_from = signed_from
    attendance.recorded_by = actor
    attendance.save()
    return attendance


@transaction.atomic
def attendance_mark_absent(
    *, actor, registration: Registration, half_day: HalfDay, excused: bool, reason: str
) -> Attendance:
    """The trainer records an absence and its reason (excused or not)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the trainee is absent (« sans nouvelles » if unknown).")}
        )
    _check_trainee(registration, half_day)
    half_day = _locked_half_day(half_day)
    _refuse_if_locked(half_day)
    attendance, _created = Attendance.objects.update_or_create(
        registration=registration,
        half_day=half_day,
        defaults={
            "presence": Presence.EXCUSED if excused else Presence.ABSENT,
            "absence_reason": reason,
            "signed_at": None,
            "signed_from": SignedFrom.TRAINER,
            "recorded_by": actor,
        },
    )
    return attendance


@transaction.atomic
def sheet_sign(*, actor, half_day: HalfDay, now: datetime.datetime | None = None):
    """The trainer signs the half-day's sheet once every trainee has signed or is marked
    absent; the sheet is locked from then on. Signing again changes nothing."""
    now = now or timezone.now()
    half_day = _locked_half_day(half_day)
    existing = TrainerSignature.objects.filter(half_day=half_day, trainer=actor).first()
    if existing is not None:
        return existing
    start, _end = half_day_bounds(half_day)
    if now < start:
        raise ValidationError(_("The sheet is signed once the half-day has started."))
    missing = list(
        Registration.objects.filter(
            session_id=half_day.session_id, status=RegistrationStatus.CONFIRMED
        )
        .exclude(attendances__half_day=half_day)
        .order_by("last_name", "first_name")
        .values_list("first_name", "last_name")
    )
    if missing:
        names = ", ".join(f"{first} {last}" for first, last in missing)
        raise ValidationError(
            _(
                "Each trainee signs or is marked absent before the trainer signs the sheet. "
                "Still missing: %(names)s."
            )
            % {"names": names}
        )
    return TrainerSignature.objects.create(half_day=half_day, trainer=actor, signed_at=now)


@transaction.atomic
def attendance_correct(
    *,
    actor,
    registration: Registration,
    half_day: HalfDay,
    presence: str,
    reason: str,
    note: str,
    now: datetime.datetime | None = None,
) -> Attendance:
    """Federation staff change a trainee's attendance, on a locked sheet too; the trace
    keeps what it was, who changed it, when and why."""
    now = now or timezone.now()
    note = note.strip()
    reason = reason.strip()
    if not note:
        raise ValidationError({"note": _("Say why the attendance is corrected.")})
    if presence != Presence.PRESENT and not reason:
        raise ValidationError({"reason": _("Say why the trainee is absent.")})
    _check_trainee(registration, half_day)
    half_day = _locked_half_day(half_day)
    attendance = Attendance.objects.filter(registration=registration, half_day=half_day).first()
    before = attendance.presence if attendance else ""
    attendance = attendance or Attendance(registration=registration, half_day=half_day)
    attendance.presence = presence
    attendance.absence_reason = "" if presence == Presence.PRESENT else reason
    attendance.signed_from = SignedFrom.TRAINER
    attendance.recorded_by = actor
    if presence != Presence.PRESENT:
        attendance.signed_at = None
    attendance.save()
    AttendanceCorrection.objects.create(
        attendance=attendance,
        corrected_by=actor,
        corrected_at=now,
        presence_before=before,
        presence_after=presence,
        note=note,
    )
    return attendance


# --- Questionnaires ---------------------------------------------------------------------


def questionnaire_state(registration: Registration, today: datetime.date) -> dict[str, bool]:
    """Which questionnaires the trainee may answer today: the self-assessment « before »
    up to the first day, « after » and the satisfaction from the last day on."""
    session = registration.session
    started = session.starts_on is not None and today >= session.starts_on
    ending = session.ends_on is not None and today >= session.ends_on
    return {
        "before": session.starts_on is not None and today <= session.starts_on,
        "after": ending,
        "satisfaction": ending,
        "started": started,
    }


@transaction.atomic
def satisfaction_answer(
    *, actor, registration: Registration, today: datetime.date, scores: dict, comment: str
) -> SatisfactionAnswer:
    if not questionnaire_state(registration, today)["satisfaction"]:
        raise ValidationError(_("The satisfaction questionnaire opens on the training's last day."))
    answer, _created = SatisfactionAnswer.objects.update_or_create(
        registration=registration, defaults={**scores, "comment": comment.strip()}
    )
    return answer


@transaction.atomic
def self_assessment_answer(
    *, actor, registration: Registration, today: datetime.date, moment: str, level: int
) -> SelfAssessment:
    state = questionnaire_state(registration, today)
    if moment == Moment.BEFORE and not state["before"]:
        raise ValidationError(
            _("The self-assessment « before » is answered up to the training's first day.")
        )
    if moment == Moment.AFTER and not state["after"]:
        raise ValidationError(_("The self-assessment « after » opens on the training's last day."))
    answer, _created = SelfAssessment.objects.update_or_create(
        registration=registration, moment=moment, defaults={"level": level}
    )
    return answer
