"""Reads of the attendance part: the hours a trainee actually attended (the certificate's
and the BPF's), a trainee's own trainings, a half-day's sheet, a session's overview, a
structure's registrations with their hours, and the questionnaires' summary."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from .models import (
    Attendance,
    HalfDay,
    Moment,
    Presence,
    Registration,
    RegistrationStatus,
    SatisfactionAnswer,
    SelfAssessment,
    SessionStatus,
    TrainerSignature,
    TrainingSession,
)
from .models.questionnaires import SATISFACTION_QUESTIONS
from .services.attendance import signing_open

SATISFACTION_FIELDS = [name for name, _label in SATISFACTION_QUESTIONS]


def _hours(starts_at: datetime.time, ends_at: datetime.time) -> Decimal:
    minutes = (ends_at.hour * 60 + ends_at.minute) - (starts_at.hour * 60 + starts_at.minute)
    return Decimal(minutes) / Decimal(60)


def hours_attended(registration_ids) -> dict[int, Decimal]:
    """The hours each registration actually attended: the sum of the half-days where the
    trainee was present — never the planned hours. One query for any number."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    rows = Attendance.objects.filter(
        registration_id__in=list(registration_ids), presence=Presence.PRESENT
    ).values_list("registration_id", "half_day__starts_at", "half_day__ends_at")
    for registration_id, starts_at, ends_at in rows:
        totals[registration_id] += _hours(starts_at, ends_at)
    return dict(totals)


def registration_hours_attended(registration) -> Decimal:
    return hours_attended([registration.pk]).get(registration.pk, Decimal(0))


def session_is_done(session: TrainingSession, today: datetime.date) -> bool:
    """Done: marked so, or its last half-day is past. The certificate waits for it."""
    if session.status == SessionStatus.CANCELLED:
        return False
    return session.status == SessionStatus.DONE or (
        session.ends_on is not None and session.ends_on < today
    )


# --- The trainee's own trainings ----------------------------------------------------------


@dataclass
class HalfDayLine:
    half_day: HalfDay
    attendance: Attendance | None
    can_sign: bool
    locked: bool


@dataclass
class Training:
    registration: Registration
    lines: list[HalfDayLine] = field(default_factory=list)
    certificate: bool = False
    satisfaction_done: bool = False
    moments_done: frozenset = frozenset()


def _own(user):
    return (
        Registration.objects.for_user(user)
        .filter(
            Q(trainee_user_id=user.pk) | Q(person__user_id=user.pk),
            status=RegistrationStatus.CONFIRMED,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
    )


def my_trainings(*, user, now: datetime.datetime, today: datetime.date):
    """The trainee's registrations, coming (and under way) then past, each with its
    half-days, their own attendance and whether they may sign now. Five queries."""
    half_days = HalfDay.objects.annotate(
        signatures=Count("trainer_signatures", distinct=True)
    ).order_by("date", "part")
    registrations = list(
        _own(user)
        .select_related("session__course", "satisfaction")
        .prefetch_related(
            Prefetch("session__half_days", queryset=half_days),
            "attendances",
            "self_assessments",
        )
        .order_by("session__starts_on", "pk")
    )
    coming, past = [], []
    for registration in registrations:
        session = registration.session
        own = {a.half_day_id: a for a in registration.attendances.all()}
        training = Training(
            registration=registration,
            certificate=session_is_done(session, today),
            satisfaction_done=hasattr(registration, "satisfaction"),
            moments_done=frozenset(a.moment for a in registration.self_assessments.all()),
        )
        for half_day in session.half_days.all():
            attendance = own.get(half_day.pk)
            locked = half_day.signatures > 0
            present = attendance is not None and attendance.presence == Presence.PRESENT
            training.lines.append(
                HalfDayLine(
                    half_day=half_day,
                    attendance=attendance,
                    can_sign=not locked and not present and signing_open(half_day, now),
                    locked=locked,
                )
            )
        (past if session.ends_on and session.ends_on < today else coming).append(training)
    past.reverse()
    return coming, past


def sessions_taught(*, user, today: datetime.date):
    """The sessions the user runs as a trainer, from a month back on."""
    if not user.is_authenticated:
        return []
    return list(
        TrainingSession.objects.filter(
            trainers__id=user.pk, ends_on__gte=today - datetime.timedelta(days=31)
        )
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("course")
        .prefetch_related("half_days")
        .order_by("starts_on", "pk")
    )


# --- The trainer's sheet and the session's overview -------------------------------------


@dataclass
class SheetLine:
    registration: Registration
    attendance: Attendance | None


def sheet(*, user, half_day: HalfDay):
    """A half-day's sheet: its trainees in name order with their attendance, and the
    trainers' signatures. Three queries."""
    registrations = (
        Registration.objects.for_user(user)
        .filter(session_id=half_day.session_id, status=RegistrationStatus.CONFIRMED)
        .select_related("structure")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(half_day=half_day),
                to_attr="this_half_day",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
    lines = [SheetLine(r, (r.this_half_day or [None])[0]) for r in registrations]
    signatures = list(TrainerSignature.objects.filter(half_day=half_day).select_related("trainer"))
    return lines, signatures


@dataclass
class HalfDayState:
    half_day: HalfDay
    present: int
    absent: int
    signed: bool


def session_overview(session: TrainingSession):
    """Each half-day of the session with its counts and whether its sheet is signed."""
    half_days = session.half_days.annotate(
        present=Count("attendances", filter=Q(attendances__presence=Presence.PRESENT)),
        absent=Count("attendances", filter=~Q(attendances__presence=Presence.PRESENT)),
        signatures=Count("trainer_signatures", distinct=True),
    ).order_by("date", "part")
    return [HalfDayState(h, h.present, h.absent, h.signatures > 0) for h in half_days]


# --- A structure's registrations with their hours ---------------------------------------


def structure_attendance(*, user, structure_id: int, today: datetime.date):
    """The structure's registrations to sessions that have started, with the planned and
    attended hours and whether the certificate is out. Three queries."""
    registrations = list(
        Registration.objects.for_user(user)
        .filter(
            structure_id=structure_id,
            status=RegistrationStatus.CONFIRMED,
            session__starts_on__lte=today,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session__course")
        .prefetch_related("session__half_days")
        .order_by("-session__starts_on", "last_name", "first_name")
    )
    attended = hours_attended(r.pk for r in registrations)
    return [
        {
            "registration": r,
            "planned": sum((h.hours for h in r.session.half_days.all()), Decimal(0)),
            "attended": attended.get(r.pk, Decimal(0)),
            "certificate": session_is_done(r.session, today),
        }
        for r in registrations
    ]


# --- The questionnaires' summary --------------------------------------------------------


def _average(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.1"))


def questionnaire_summary(*, user, session: TrainingSession) -> dict:
    """Averages and response rates of a session's questionnaires, without a name: the
    answers are read without their registration, the comments sorted by their text."""
    registered = (
        Registration.objects.for_user(user)
        .filter(session=session, status=RegistrationStatus.CONFIRMED)
        .count()
    )
    answers = list(
        SatisfactionAnswer.objects.for_user(user)
        .filter(
            registration__session=session,
            registration__status=RegistrationStatus.CONFIRMED,
        )
        .values(*SATISFACTION_FIELDS, "comment")
    )
    levels = defaultdict(list)
    for moment, level in (
        SelfAssessment.objects.for_user(user)
        .filter(registration__session=session, registration__status=RegistrationStatus.CONFIRMED)
        .values_list("moment", "level")
    ):
        levels[moment].append(level)

    def rate(count):
        return None if not registered else round(100 * count / registered)

    return {
        "registered": registered,
        "satisfaction_count": len(answers),
        "satisfaction_rate": rate(len(answers)),
        "averages": [
            (label, _average(a[name] for a in answers)) for name, label in SATISFACTION_QUESTIONS
        ],
        "comments": sorted(a["comment"] for a in answers if a["comment"]),
        "before_count": len(levels[Moment.BEFORE]),
        "before_rate": rate(len(levels[Moment.BEFORE])),
        "before_average": _average(levels[Moment.BEFORE]),
        "after_count": len(levels[Moment.AFTER]),
        "after_rate": rate(len(levels[Moment.AFTER])),
        "after_average": _average(levels[Moment.AFTER]),
    }
