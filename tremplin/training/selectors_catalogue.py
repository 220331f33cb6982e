"""Reads of the catalogue, the sessions and a structure's registrations, each with its own
joins (a fixed number of queries per page)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Prefetch, Q

from .models import (
    Course,
    HalfDay,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TrainingSession,
)

CONFIRMED = Q(registrations__status=RegistrationStatus.CONFIRMED)
WAITING = Q(registrations__status=RegistrationStatus.WAITING)
COMING = (SessionStatus.PLANNED, SessionStatus.FULL, SessionStatus.CONFIRMED)


def _with_counts(sessions):
    return sessions.annotate(
        confirmed_count=Count("registrations", filter=CONFIRMED, distinct=True),
        waiting_count=Count("registrations", filter=WAITING, distinct=True),
    )


def published_courses(*, today: datetime.date):
    """The public catalogue, with each course's next session."""
    return Course.objects.filter(is_published=True).annotate(
        next_session_on=Min(
            "sessions__starts_on",
            filter=Q(sessions__starts_on__gt=today, sessions__status__in=COMING),
        )
    )


def coming_sessions(*, course: Course, today: datetime.date) -> list[TrainingSession]:
    """The course's sessions still open for registration, with their free places."""
    sessions = (
        _with_counts(
            TrainingSession.objects.filter(course=course, starts_on__gt=today, status__in=COMING)
        )
        .select_related("commune")
        .prefetch_related("half_days")
    )
    rows = list(sessions.order_by("starts_on", "pk"))
    for session in rows:
        session.free_places = max(session.capacity - session.confirmed_count, 0)
    return rows


def session_list(*, course_id: int | None = None, coming_from: datetime.date | None = None):
    sessions = _with_counts(TrainingSession.objects.select_related("course", "commune"))
    if course_id:
        sessions = sessions.filter(course_id=course_id)
    if coming_from:
        sessions = sessions.filter(ends_on__gte=coming_from)
    return sessions.order_by("starts_on", "pk")


def session_detail(session: TrainingSession):
    """The session's half-days, trainers and registrations (every structure's: the training
    service runs it)."""
    half_days = list(session.half_days.all())
    trainers = list(session.trainers.order_by("last_name", "first_name"))
    registrations = list(
        Registration.objects.filter(session=session)
        .select_related("structure")
        .order_by("status", "waiting_rank", "last_name", "first_name")
    )
    return half_days, trainers, registrations


def registrations_of(*, actor, structure_id: int):
    """A structure's registrations (through the tenancy querysets)."""
    return (
        Registration.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("session__course", "session__commune")
        .prefetch_related(Prefetch("session__half_days", queryset=HalfDay.objects.all()))
        .order_by("-session__starts_on", "last_name", "first_name")
    )


def open_sessions(*, today: datetime.date) -> list[TrainingSession]:
    """Sessions a structure may register for, with their free places."""
    rows = list(
        _with_counts(TrainingSession.objects.filter(starts_on__gt=today, status__in=COMING))
        .select_related("course", "commune")
        .order_by("starts_on", "pk")
    )
    for session in rows:
        session.free_places = max(session.capacity - session.confirmed_count, 0)
    return rows
