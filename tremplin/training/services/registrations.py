"""Registrations by a structure: its staff by name, the employees in its paths from their
file. Beyond the session's places, the waiting list (rank); a cancellation frees the place
for the first on the list; a replacement gives the place to another person of the same
structure. Every change locks the session's row first, so two structures taking the last
place at once get one place and one rank on the list (never two places).

An employee's confirmed registration puts a « training » action on their path (people), the
one the PASS prolongation and the CDDI extension rules read; it follows the session's dates
and goes with the registration. The trainee's convocation (and its withdrawal) leaves after
commit on the queue (tasks.registration_notice_task, once per registration and notice)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tremplin.common import jobs
from tremplin.people.models import Person
from tremplin.people.services import accompaniment

from .. import rules_catalogue as rules
from ..models import (
    Audience,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TraineeCategory,
    TrainingSession,
)

OPEN = (SessionStatus.PLANNED, SessionStatus.FULL, SessionStatus.CONFIRMED)
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
PARTNER = "Service formation de la fédération"


def _notify(registration: Registration, notice: str, **extra) -> None:
    from ..tasks import registration_notice_task

    jobs.enqueue(registration_notice_task, registration.pk, notice, **extra)


def _lock(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().select_related("course").get(pk=session.pk)


def _confirmed_count(session: TrainingSession) -> int:
    return session.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _trainee(*, actor, structure, category, person, first_name, last_name, email):
    """The trainee's names and e-mail, from the person's file for an employee in a path
    (read through the structure's tenancy: another structure's person is not found)."""
    if category == TraineeCategory.INSERTION:
        found = (
            Person.objects.for_user(actor).filter(
                pk=getattr(person, "pk", None), structure=structure
            )
            if person is not None
            else Person.objects.none()
        )
        person = found.first()
        if person is None:
            raise ValidationError({"person": _("Choose an employee in one of your paths.")})
        return person, person.first_names, person.last_name, email or person.email or ""
    errors = {}
    if not first_name.strip():
        errors["first_name"] = _("Give the trainee's first name.")
    if not last_name.strip():
        errors["last_name"] = _("Give the trainee's last name.")
    if not email:
        errors["email"] = _("Give the trainee's e-mail: their convocation is sent there.")
    if errors:
        raise ValidationError(errors)
    return None, first_name.strip(), last_name.strip(), email


def _staff_account(structure, email: str):
    """The staff member's account, when one of the structure's team has this e-mail: their
    trainings then show in their own space."""
    from tremplin.accounts.models import StructureMembership

    membership = (
        StructureMembership.objects.filter(structure=structure, user__email__iexact=email)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _check_open(session: TrainingSession, category: str, on: datetime.date) -> None:
    if session.status not in OPEN:
        raise ValidationError(_("This session is not open for registration."))
    if session.starts_on is not None and session.starts_on <= on:
        raise ValidationError(_("This session has started: registrations are closed."))
    audience = session.course.audience
    if audience == Audience.STAFF and category == TraineeCategory.INSERTION:
        raise ValidationError(_("This course is for the staff of the structures only."))
    if audience == Audience.INSERTION and category == TraineeCategory.STAFF:
        raise ValidationError(_("This course is for employees in insertion paths only."))


def _check_not_twice(session, person, email, *, exclude=None) -> None:
    others = session.registrations.exclude(pk=getattr(exclude, "pk", None))
    # A person's file: once per session unless cancelled (the database's constraint too).
    if person is not None and others.filter(person=person).exclude(status="cancelled").exists():
        raise ValidationError(_("This person is already registered for the session."))
    active = others.filter(status__in=ACTIVE, person=None)
    if person is None and email and active.filter(email__iexact=email).exists():
        raise ValidationError(_("This person is already registered for the session."))


@transaction.atomic
def registration_create(
    *,
    actor,
    session: TrainingSession,
    structure,
    category: str,
    on: datetime.date,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    trainee_user=None,
) -> Registration:
    if not rules.can_register(actor, structure.pk):
        raise PermissionDenied
    session = _lock(session)
    _check_open(session, category, on)
    person, first_name, last_name, email = _trainee(
        actor=actor,
        structure=structure,
        category=category,
        person=person,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    _check_not_twice(session, person, email)
    if person is None and trainee_user is None:
        trainee_user = _staff_account(structure, email)
    registration = Registration(
        session=session,
        structure=structure,
        category=category,
        person=person,
        trainee_user=trainee_user if person is None else person.user,
        first_name=first_name,
        last_name=last_name,
        email=email,
        registered_by=actor,
    )
    if _confirmed_count(session) < session.capacity:
        registration.status = RegistrationStatus.CONFIRMED
    else:
        registration.status = RegistrationStatus.WAITING
        last = session.registrations.aggregate(rank=Max("waiting_rank"))["rank"] or 0
        registration.waiting_rank = last + 1
    registration.full_clean()
    registration.save()
    if registration.status == RegistrationStatus.CONFIRMED:
        _confirm(registration)
    status_follow(session=session)
    return registration


def _confirm(registration: Registration) -> None:
    """The place is the trainee's: their path shows the training, their convocation leaves."""
    _path_action_save(registration)
    _notify(registration, "convocation")


def _path_action_save(registration: Registration) -> None:
    session = registration.session
    if registration.person_id is None or session.starts_on is None:
        return
    action = accompaniment.training_action_save(
        person=registration.person,
        title=session.course.title[:200],
        partner=PARTNER,
        start_date=session.starts_on,
        end_date=session.ends_on,
        action=registration.path_action,
    )
    if registration.path_action_id != action.pk:
        registration.path_action = action
        registration.save(update_fields=["path_action", "updated_at"])


def close(registration: Registration, *, on: datetime.date, notice: str, status=None) -> None:
    """End a registration (cancelled, replaced, or its session cancelled): the path's
    action goes, the trainee is told if they had a place."""
    had_place = registration.status == RegistrationStatus.CONFIRMED
    registration.status = status or RegistrationStatus.CANCELLED
    registration.waiting_rank = None
    registration.cancelled_on = on
    action = registration.path_action
    registration.path_action = None
    registration.save(
        update_fields=["status", "waiting_rank", "cancelled_on", "path_action", "updated_at"]
    )
    if action is not None:
        accompaniment.training_action_withdraw(action=action, on=on)
    if had_place or notice == "session_cancelled":
        _notify(registration, notice)


def _may_change(actor, registration: Registration) -> None:
    if not (rules.can_register(actor, registration.structure_id) or rules.can_run_training(actor)):
        raise PermissionDenied


@transaction.atomic
def registration_cancel(*, actor, registration: Registration, on: datetime.date) -> Registration:
    """Cancel a registration: its place goes to the first on the waiting list."""
    _may_change(actor, registration)
    session = _lock(registration.session)
    registration = Registration.objects.select_related("path_action").get(pk=registration.pk)
    if registration.status not in ACTIVE:
        raise ValidationError(_("This registration is already closed."))
    if session.ends_on is not None and session.ends_on < on:
        raise ValidationError(_("This session is over: its registrations cannot change."))
    close(registration, on=on, notice="cancellation")
    promote_waiting(session=session)
    status_follow(session=session)
    return registration


@transaction.atomic
def registration_replace(
    *,
    actor,
    registration: Registration,
    on: datetime.date,
    category: str,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> Registration:
    """Another person of the same structure takes the registration's place (or rank)."""
    if not rules.can_register(actor, registration.structure_id):
        raise PermissionDenied
    session = _lock(registration.session)
    registration = Registration.objects.select_related("path_action", "structure").get(
        pk=registration.pk
    )
    if registration.status not in ACTIVE:
        raise ValidationError(_("This registration is closed: register someone instead."))
    _check_open(session, category, on)
    person, first_name, last_name, email = _trainee(
        actor=actor,
        structure=registration.structure,
        category=category,
        person=person,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    _check_not_twice(session, person, email, exclude=registration)
    status, rank = registration.status, registration.waiting_rank
    close(registration, on=on, notice="cancellation", status=RegistrationStatus.REPLACED)
    replacement = Registration(
        session=session,
        structure=registration.structure,
        category=category,
        person=person,
        trainee_user=person.user
        if person is not None
        else _staff_account(registration.structure, email),
        first_name=first_name,
        last_name=last_name,
        email=email,
        status=status,
        waiting_rank=rank,
        replaces=registration,
        registered_by=actor,
    )
    replacement.full_clean()
    replacement.save()
    if replacement.status == RegistrationStatus.CONFIRMED:
        _confirm(replacement)
    return replacement


def promote_waiting(*, session: TrainingSession) -> list[Registration]:
    """Give the free places to the waiting list, in rank order (the session row is locked
    by the caller)."""
    free = session.capacity - _confirmed_count(session)
    if free <= 0 or session.status not in OPEN:
        return []
    promoted = list(
        session.registrations.filter(status=RegistrationStatus.WAITING)
        .select_related("person", "path_action")
        .order_by("waiting_rank", "pk")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waiting_rank = None
        registration.session = session
        registration.save(update_fields=["status", "waiting_rank", "updated_at"])
        _confirm(registration)
    return promoted


def schedule_changed(*, session: TrainingSession, removed_half_days: list[int]) -> int:
    """The half-days or the place changed: each confirmed trainee gets the update (once per
    version; the half-days dropped are withdrawn from their calendar). The session row is
    locked by the caller. Returns how many trainees are told; none once the session has
    taken place (a correction of its times is no news to send)."""
    if session.status not in OPEN:
        return 0
    confirmed = list(session.registrations.filter(status=RegistrationStatus.CONFIRMED))
    if not confirmed:
        return 0
    session.schedule_version += 1
    session.save(update_fields=["schedule_version", "updated_at"])
    for registration in confirmed:
        _notify(
            registration,
            f"update-{session.schedule_version}",
            removed_half_days=sorted(removed_half_days),
        )
    return len(confirmed)


def path_actions_follow(*, session: TrainingSession) -> None:
    """The session's dates moved: the trainees' path actions move with them."""
    for registration in session.registrations.filter(
        status=RegistrationStatus.CONFIRMED, person__isnull=False
    ).select_related("person", "path_action"):
        registration.session = session
        _path_action_save(registration)


def status_follow(*, session: TrainingSession) -> None:
    """Open or full, from the places taken (a confirmed session stays confirmed)."""
    if session.status not in (SessionStatus.PLANNED, SessionStatus.FULL):
        return
    status = (
        SessionStatus.FULL
        if _confirmed_count(session) >= session.capacity
        else SessionStatus.PLANNED
    )
    if status != session.status:
        session.status = status
        session.save(update_fields=["status", "updated_at"])
