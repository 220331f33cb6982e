"""The attendance demo: past sessions get their sheets, a few absences with reasons, the
trainers' signatures and answered questionnaires; without sessions, nothing."""

import datetime

from tremplin.training.models import (
    Attendance,
    Presence,
    SatisfactionAnswer,
    SelfAssessment,
    TrainerSignature,
)
from tremplin.training.parts import demo_attendance
from tremplin.training.selectors_attendance import hours_attended

from .attendance_builders import make_session, make_trainer, register_staff


def test_without_sessions_the_demo_seeds_nothing(world, today):
    assert sum(demo_attendance.seed(structures=[world.own], seed=1, today=today).values()) == 0


def test_past_sessions_get_their_sheets(world, today):
    trainer = make_trainer()
    days = [today - datetime.timedelta(days=15 + n) for n in range(3)]
    past = make_session(days=days, trainer=trainer)
    coming = make_session(days=[today + datetime.timedelta(days=5)], trainer=trainer)
    trainees = [register_staff(past, world.own, first=f"T{n}") for n in range(12)]
    register_staff(coming, world.own, first="Later")
    counts = demo_attendance.seed(structures=[world.own], seed=7, today=today)
    assert counts["training_attendances"] + counts["training_absences"] == 12 * 6
    assert counts["training_absences"] > 0
    absent = Attendance.objects.exclude(presence=Presence.PRESENT)
    assert all(a.absence_reason for a in absent)
    assert TrainerSignature.objects.count() == 6
    assert SatisfactionAnswer.objects.exists() and SelfAssessment.objects.exists()
    assert not Attendance.objects.filter(half_day__session=coming).exists()
    hours = hours_attended(t.pk for t in trainees)
    assert min(hours.values()) < 21 and max(hours.values()) == 21
