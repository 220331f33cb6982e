"""The demo's records of the training part « attendance » (training/demo.py calls it after
the catalogue's, whose sessions it reads; none seeded, nothing to do).

Every past session gets its sheets through the same services as the pages: each
registered trainee signs each half-day (on the room's tablet, some from their phone), a few
are absent with their reason (excused or not), the trainers sign every sheet; most
trainees answered the satisfaction questionnaire and both self-assessments. The
certificates follow from the attendance (once the session is done)."""

from __future__ import annotations

import datetime
import random

from ..models import (
    Moment,
    RegistrationStatus,
    SessionStatus,
    SignedFrom,
    TrainingSession,
)
from ..services import attendance as services

ABSENCES = [
    (True, "Malade (arrêt de travail)"),
    (True, "Rendez-vous France Travail"),
    (True, "Enfant malade"),
    (False, "Sans nouvelles"),
    (False, "Retard non justifié : arrivé·e après la pause"),
]
ABSENCE_SHARE = 0.07
SATISFACTION_SHARE = 0.8
COMMENTS = [
    "Très concret, les mises en situation m'ont beaucoup aidé.",
    "Un peu dense sur la deuxième journée.",
    "Formatrice à l'écoute, exemples proches de notre quotidien.",
    "",
    "",
]


def seed(*, structures, seed: int, today) -> dict[str, int]:
    rng = random.Random(f"{seed}-training-attendance")
    sessions = (
        TrainingSession.objects.filter(ends_on__lt=today)
        .exclude(status=SessionStatus.CANCELLED)
        .prefetch_related("half_days", "trainers")
        .order_by("starts_on", "pk")
    )
    counts = {"training_attendances": 0, "training_absences": 0, "training_answers": 0}
    for session in sessions:
        registrations = list(
            session.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("pk")
        )
        trainers = list(session.trainers.all())
        for half_day in session.half_days.all():
            start, end = services.half_day_bounds(half_day)
            for registration in registrations:
                actor = registration.trainee_user or (trainers[0] if trainers else None)
                if rng.random() < ABSENCE_SHARE and trainers:
                    excused, reason = rng.choice(ABSENCES)
                    services.attendance_mark_absent(
                        actor=trainers[0],
                        registration=registration,
                        half_day=half_day,
                        excused=excused,
                        reason=reason,
                    )
                    counts["training_absences"] += 1
                    continue
                services.attendance_sign(
                    actor=actor,
                    registration=registration,
                    half_day=half_day,
                    signed_from=SignedFrom.PHONE if rng.random() < 0.3 else SignedFrom.ROOM,
                    now=start + datetime.timedelta(minutes=rng.randint(0, 20)),
                )
                counts["training_attendances"] += 1
            for trainer in trainers:
                services.sheet_sign(actor=trainer, half_day=half_day, now=end)
        for registration in registrations:
            if rng.random() >= SATISFACTION_SHARE:
                continue
            registration.session = session
            before = rng.randint(1, 3)
            services.self_assessment_answer(
                actor=None,
                registration=registration,
                today=session.starts_on,
                moment=Moment.BEFORE,
                level=before,
            )
            services.self_assessment_answer(
                actor=None,
                registration=registration,
                today=session.ends_on,
                moment=Moment.AFTER,
                level=min(4, before + rng.choice([0, 1, 1, 2])),
            )
            services.satisfaction_answer(
                actor=None,
                registration=registration,
                today=session.ends_on,
                scores={
                    "content": rng.choice([3, 3, 4, 4, 2]),
                    "methods": rng.choice([3, 4, 4, 2]),
                    "trainer": rng.choice([3, 4, 4, 4]),
                    "organisation": rng.choice([2, 3, 3, 4]),
                },
                comment=rng.choice(COMMENTS),
            )
            counts["training_answers"] += 1
    return counts
