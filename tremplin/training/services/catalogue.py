"""The training service's writes on its catalogue and sessions: courses with what Qualiopi's
indicator 1 asks, sessions in half-days (their first and last days kept in step), a session
cancelled with its registrations notified."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import rules_catalogue as rules
from ..models import (
    Course,
    HalfDay,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TrainingSession,
)

# The fields Qualiopi's indicator 1 asks each course to publish, required on the form.
INDICATOR_1_FIELDS = (
    "objectives",
    "prerequisites",
    "duration_hours",
    "methods",
    "assessment",
    "access_conditions",
    "access_delay",
    "accessibility",
    "price_per_trainee_excl_vat",
)


def _require_service(actor) -> None:
    if not rules.can_run_training(actor):
        raise PermissionDenied


@transaction.atomic
def course_save(*, actor, course: Course | None = None, **fields) -> Course:
    """Create or update a course; every indicator-1 field must be given."""
    _require_service(actor)
    course = course or Course()
    changed = [name for name, value in fields.items() if getattr(course, name) != value]
    for name in changed:
        setattr(course, name, fields[name])
    errors = {
        name: _("Qualiopi (indicator 1) asks the catalogue to publish this: fill it in.")
        for name in INDICATOR_1_FIELDS
        if getattr(course, name) in (None, "")
    }
    if errors:
        raise ValidationError(errors)
    course.full_clean()
    # Saved unchanged, a course writes nothing (not even its date of change).
    if course.pk is None:
        course.save()
    elif changed:
        course.save(update_fields=[*changed, "updated_at"])
    return course


@dataclass(frozen=True)
class HalfDayInput:
    date: datetime.date
    part: str
    starts_at: datetime.time
    ends_at: datetime.time


def _check_session(session: TrainingSession, half_days: list[HalfDayInput]) -> None:
    errors: dict[str, str] = {}
    if session.is_remote and not session.remote_link:
        errors["remote_link"] = _("A remote session needs the link trainees join from.")
    if not session.is_remote and session.commune_id is None:
        errors["commune"] = _("Give the commune where the session takes place (or tick remote).")
    if not half_days:
        errors["__all__"] = _("A session has at least one half-day: add its dates.")
    seen = set()
    for half_day in half_days:
        key = (half_day.date, half_day.part)
        if key in seen:
            errors["__all__"] = _("The half-day of %(date)s is given twice.") % {
                "date": half_day.date.strftime("%d/%m/%Y")
            }
        seen.add(key)
        if half_day.ends_at <= half_day.starts_at:
            errors["__all__"] = _("The half-day of %(date)s ends before it starts.") % {
                "date": half_day.date.strftime("%d/%m/%Y")
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_save(
    *,
    actor,
    course: Course,
    capacity: int,
    half_days: list[HalfDayInput],
    trainers=(),
    place: str = "",
    commune=None,
    is_remote: bool = False,
    remote_link: str = "",
    session: TrainingSession | None = None,
) -> TrainingSession:
    """Create or update a session and its half-days; the dates of the training actions on
    the trainees' paths follow, and places added are given to the waiting list."""
    from . import registrations

    _require_service(actor)
    if session is not None:
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if session.status == SessionStatus.CANCELLED:
            raise ValidationError(_("This session is cancelled: it cannot change any more."))
    else:
        session = TrainingSession()
    values = {
        "course_id": course.pk,
        "capacity": capacity,
        "place": place,
        "commune_id": None if is_remote or commune is None else commune.pk,
        "is_remote": is_remote,
        "remote_link": remote_link if is_remote else "",
        "starts_on": min((h.date for h in half_days), default=None),
        "ends_on": max((h.date for h in half_days), default=None),
    }
    is_new = session.pk is None
    changed = [name for name, value in values.items() if getattr(session, name) != value]
    for name in changed:
        setattr(session, name, values[name])
    _check_session(session, half_days)
    confirmed = (
        session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        if session.pk
        else 0
    )
    if capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)s trainees are registered: the session cannot have fewer places "
                    "(cancel registrations first)."
                )
                % {"count": confirmed}
            }
        )
    session.full_clean()
    # Saved unchanged, a session writes nothing (the forms round-trip test).
    if session.pk is None:
        session.save()
    elif changed:
        session.save(update_fields=[*changed, "updated_at"])
    session.trainers.set(trainers)
    removed, rescheduled = _half_days_set(session, half_days)
    moved = {"place", "commune_id", "is_remote", "remote_link"} & set(changed)
    if not is_new and (rescheduled or moved):
        # The trainees already convoked get the new schedule (before the waiting list's
        # newcomers, whose convocation already carries it).
        registrations.schedule_changed(session=session, removed_half_days=removed)
    registrations.promote_waiting(session=session)
    if {"starts_on", "ends_on", "course_id"} & set(changed):
        registrations.path_actions_follow(session=session)
    registrations.status_follow(session=session)
    return session


def _half_days_set(
    session: TrainingSession, half_days: list[HalfDayInput]
) -> tuple[list[int], bool]:
    """Keep the half-days that stay (their attendance with them), drop the others. Returns
    the half-days dropped and whether the schedule changed at all."""
    existing = {(h.date, h.part): h for h in session.half_days.all()}
    wanted = {(h.date, h.part): h for h in half_days}
    removed = [h.pk for k, h in existing.items() if k not in wanted]
    HalfDay.objects.filter(pk__in=removed).delete()
    changed = bool(removed)
    for key, given in wanted.items():
        row = existing.get(key) or HalfDay(session=session, date=given.date, part=given.part)
        if row.pk and (row.starts_at, row.ends_at) == (given.starts_at, given.ends_at):
            continue
        row.starts_at, row.ends_at = given.starts_at, given.ends_at
        row.full_clean()
        row.save()
        changed = True
    return removed, changed


@transaction.atomic
def session_cancel(*, actor, session: TrainingSession, on: datetime.date) -> int:
    """Cancel a session: every registration is cancelled, its trainee told (the invitation
    withdrawn from their calendar), its training removed from the path. Returns how many."""
    from . import registrations

    _require_service(actor)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session is already cancelled."))
    if session.status == SessionStatus.DONE:
        raise ValidationError(_("This session has taken place: it cannot be cancelled."))
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    active = list(
        Registration.objects.filter(
            session=session,
            status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING),
        ).select_related("path_action")
    )
    for registration in active:
        registrations.close(registration, on=on, notice="session_cancelled")
    return len(active)


@transaction.atomic
def session_status_set(
    *, actor, session: TrainingSession, status: str, on: datetime.date
) -> TrainingSession:
    """Confirm that a session takes place, or mark it done once its last day has passed
    (cancelling has its own service: the trainees are told)."""
    _require_service(actor)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status in (SessionStatus.CANCELLED, SessionStatus.DONE):
        raise ValidationError(_("This session is closed: its status cannot change any more."))
    if status == SessionStatus.DONE and (session.ends_on is None or session.ends_on >= on):
        raise ValidationError(_("A session is done once its last day has passed."))
    if status not in (SessionStatus.CONFIRMED, SessionStatus.DONE):
        raise ValidationError(_("Choose « confirmed » or « done »."))
    session.status = status
    session.save(update_fields=["status", "updated_at"])
    return session
