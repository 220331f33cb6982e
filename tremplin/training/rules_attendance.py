"""Who may do what in the attendance part. Missing and forbidden look the same (404).

- the sheet of a half-day: the session's trainers, and federation staff (the training
  service, who correct a locked sheet with a trace);
- a trainee's own registration (to sign from the phone, answer the questionnaires): the
  trainee themself, a staff member by `trainee_user`, an employee in a path by their file;
- a completion certificate: the trainee, the registering structure's staff, federation
  staff (not the structure's delegates, nor the trainers)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from tremplin.accounts.tenancy import scope_of

from .models import HalfDay, Registration, RegistrationStatus, TrainingSession


def is_federation(user) -> bool:
    return scope_of(user).is_federation


def is_trainer(user, session_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return TrainingSession.trainers.through.objects.filter(
        trainingsession_id=session_id, user_id=user.pk
    ).exists()


def _own_registrations(user):
    return Registration.objects.for_user(user).filter(
        Q(trainee_user_id=user.pk) | Q(person__user_id=user.pk),
        status=RegistrationStatus.CONFIRMED,
    )


def access_session(user, pk: int) -> TrainingSession:
    """A session's attendance, for its trainers and the training service."""
    scope = scope_of(user)
    sessions = TrainingSession.objects.select_related("course")
    if not scope.is_federation:
        sessions = sessions.filter(trainers__id=scope.user_id)
    session = sessions.filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def access_half_day(user, pk: int) -> HalfDay:
    scope = scope_of(user)
    half_days = HalfDay.objects.select_related("session__course")
    if not scope.is_federation:
        half_days = half_days.filter(session__trainers__id=scope.user_id)
    half_day = half_days.filter(pk=pk).first()
    if half_day is None:
        raise Http404
    return half_day


def access_sheet_registration(user, half_day: HalfDay, pk: int) -> Registration:
    """A trainee of the half-day's session, reached from its sheet (already granted)."""
    registration = (
        Registration.objects.for_user(user)
        .filter(pk=pk, session_id=half_day.session_id, status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def access_own_registration(user, pk: int) -> Registration:
    if not user.is_authenticated:
        raise Http404
    registration = _own_registrations(user).select_related("session__course").filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


def access_own_half_day(registration: Registration, pk: int) -> HalfDay:
    half_day = HalfDay.objects.filter(pk=pk, session_id=registration.session_id).first()
    if half_day is None:
        raise Http404
    return half_day


def access_certificate(user, pk: int) -> Registration:
    scope = scope_of(user)
    if scope.is_anonymous:
        raise Http404
    condition = Q(trainee_user_id=scope.user_id) | Q(person__user_id=scope.user_id)
    if scope.is_federation:
        condition = Q()
    elif scope.staff_structure_ids:
        condition |= Q(structure_id__in=scope.staff_structure_ids)
    registration = (
        Registration.objects.for_user(user)
        .filter(condition, pk=pk, status=RegistrationStatus.CONFIRMED)
        .select_related("session__course", "structure__commune")
        .first()
    )
    if registration is None:
        raise Http404
    return registration
