"""Signing to the half-day: the phone's window around the half-day (Paris time, the
settings' margins), idempotent signing, absences, the trainer's signature locking the sheet,
and federation corrections with their trace."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tremplin.training.models import (
    Attendance,
    AttendanceCorrection,
    Presence,
    SignedFrom,
    TrainerSignature,
)
from tremplin.training.services import attendance as services

from .attendance_builders import half_days, make_session, make_trainer, paris, register_staff


@pytest.fixture
def setup(world, today):
    trainer = make_trainer()
    session = make_session(days=[today], trainer=trainer)
    morning, afternoon = half_days(session)
    lea = register_staff(session, world.own, user=world.user("employee"), first="Léa")
    tom = register_staff(session, world.other, first="Tom", last="Durand")
    return {"trainer": trainer, "morning": morning, "afternoon": afternoon, "lea": lea, "tom": tom}


def _sign(setup, world, now, half_day="morning"):
    return services.attendance_sign(
        actor=world.user("employee"),
        registration=setup["lea"],
        half_day=setup[half_day],
        signed_from=SignedFrom.PHONE,
        now=now,
    )


@pytest.mark.parametrize(
    ("hour", "minute", "opens"),
    [(8, 29, False), (8, 30, True), (10, 0, True), (13, 0, True), (13, 1, False)],
)
def test_the_phone_signs_from_30_minutes_before_to_30_minutes_after(
    setup, world, today, hour, minute, opens
):
    # Morning 9:00–12:30, default margins 30 minutes: open from 8:30 to 13:00, Paris time.
    now = paris(today, hour, minute)
    if opens:
        assert _sign(setup, world, now).presence == Presence.PRESENT
    else:
        with pytest.raises(ValidationError, match="ouverte le"):
            _sign(setup, world, now)
        assert not Attendance.objects.exists()


def test_the_window_is_in_paris_time_whatever_the_clock_s_zone(setup, world, today):
    opens = paris(today, 8, 30).astimezone(datetime.UTC)
    assert _sign(setup, world, opens).signed_at == opens
    with pytest.raises(ValidationError):
        _sign(setup, world, opens - datetime.timedelta(minutes=1), half_day="afternoon")


def test_the_margins_are_settings(setup, world, today, settings):
    settings.TRAINING_SIGNING_OPENS_MINUTES_BEFORE = 0
    with pytest.raises(ValidationError):
        _sign(setup, world, paris(today, 8, 59))
    assert _sign(setup, world, paris(today, 9, 0)).presence == Presence.PRESENT


def test_the_day_before_and_after_the_half_day_is_closed(setup, world, today):
    for day in (today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError):
            _sign(setup, world, paris(day, 10))


def test_signing_twice_changes_nothing(setup, world, today):
    first = _sign(setup, world, paris(today, 9, 5))
    again = _sign(setup, world, paris(today, 9, 40))
    assert again.pk == first.pk
    assert Attendance.objects.get().signed_at == paris(today, 9, 5)
    # Even once the sheet is locked, a second tap is no error.
    services.attendance_mark_absent(
        actor=setup["trainer"],
        registration=setup["tom"],
        half_day=setup["morning"],
        excused=False,
        reason="Sans nouvelles",
    )
    services.sheet_sign(actor=setup["trainer"], half_day=setup["morning"], now=paris(today, 12))
    assert _sign(setup, world, paris(today, 12, 10)).pk == first.pk
    assert Attendance.objects.count() == 2


def test_an_absence_needs_its_reason(setup, today):
    with pytest.raises(ValidationError) as error:
        services.attendance_mark_absent(
            actor=setup["trainer"],
            registration=setup["tom"],
            half_day=setup["morning"],
            excused=True,
            reason="  ",
        )
    assert "reason" in error.value.message_dict
    absence = services.attendance_mark_absent(
        actor=setup["trainer"],
        registration=setup["tom"],
        half_day=setup["morning"],
        excused=True,
        reason="Malade",
    )
    assert (absence.presence, absence.absence_reason) == (Presence.EXCUSED, "Malade")


def test_the_trainer_signs_once_everyone_signed_or_is_absent(setup, world, today):
    with pytest.raises(ValidationError, match="Tom Durand, Léa Salarié"):
        services.sheet_sign(actor=setup["trainer"], half_day=setup["morning"], now=paris(today, 12))
    _sign(setup, world, paris(today, 9))
    with pytest.raises(ValidationError, match="Tom Durand"):
        services.sheet_sign(actor=setup["trainer"], half_day=setup["morning"], now=paris(today, 12))
    services.attendance_mark_absent(
        actor=setup["trainer"],
        registration=setup["tom"],
        half_day=setup["morning"],
        excused=False,
        reason="Sans nouvelles",
    )
    signature = services.sheet_sign(
        actor=setup["trainer"], half_day=setup["morning"], now=paris(today, 12)
    )
    again = services.sheet_sign(
        actor=setup["trainer"], half_day=setup["morning"], now=paris(today, 12, 5)
    )
    assert again.pk == signature.pk and TrainerSignature.objects.count() == 1


def test_the_sheet_is_not_signed_before_the_half_day_starts(setup, world, today):
    with pytest.raises(ValidationError, match="commencé"):
        services.sheet_sign(
            actor=setup["trainer"], half_day=setup["afternoon"], now=paris(today, 13, 29)
        )


def _lock(setup, world, today):
    _sign(setup, world, paris(today, 9))
    services.attendance_mark_absent(
        actor=setup["trainer"],
        registration=setup["tom"],
        half_day=setup["morning"],
        excused=False,
        reason="Sans nouvelles",
    )
    services.sheet_sign(actor=setup["trainer"], half_day=setup["morning"], now=paris(today, 12))


def test_a_locked_sheet_refuses_changes_in_french(setup, world, today):
    _lock(setup, world, today)
    with pytest.raises(ValidationError, match="feuille"):
        services.attendance_mark_absent(
            actor=setup["trainer"],
            registration=setup["lea"],
            half_day=setup["morning"],
            excused=True,
            reason="Partie plus tôt",
        )
    with pytest.raises(ValidationError, match="service formation"):
        services.attendance_sign(
            actor=setup["trainer"],
            registration=setup["tom"],
            half_day=setup["morning"],
            signed_from=SignedFrom.ROOM,
            now=paris(today, 12, 15),
        )
    assert Attendance.objects.get(registration=setup["tom"]).presence == Presence.ABSENT
    assert Attendance.objects.get(registration=setup["lea"]).presence == Presence.PRESENT


def test_the_federation_corrects_a_locked_sheet_with_a_trace(setup, world, today):
    _lock(setup, world, today)
    federation = world.user("federation")
    with pytest.raises(ValidationError) as error:
        services.attendance_correct(
            actor=federation,
            registration=setup["tom"],
            half_day=setup["morning"],
            presence=Presence.PRESENT,
            reason="",
            note="",
        )
    assert "note" in error.value.message_dict
    services.attendance_correct(
        actor=federation,
        registration=setup["tom"],
        half_day=setup["morning"],
        presence=Presence.PRESENT,
        reason="",
        note="Arrivé en retard, signature oubliée (attestation du formateur)",
        now=paris(today, 16),
    )
    attendance = Attendance.objects.get(registration=setup["tom"])
    assert (attendance.presence, attendance.absence_reason) == (Presence.PRESENT, "")
    trace = AttendanceCorrection.objects.get()
    assert (trace.presence_before, trace.presence_after, trace.corrected_by) == (
        Presence.ABSENT,
        Presence.PRESENT,
        federation,
    )


def test_a_trainee_of_another_session_does_not_sign_this_one(setup, world, today):
    other = make_session(days=[today])
    stranger = register_staff(other, world.own, first="Zoé")
    with pytest.raises(ValidationError):
        services.attendance_sign(
            actor=setup["trainer"],
            registration=stranger,
            half_day=setup["morning"],
            signed_from=SignedFrom.ROOM,
            now=paris(today, 10),
        )
