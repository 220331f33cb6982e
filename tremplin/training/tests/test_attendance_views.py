"""The attendance pages: the trainee's own trainings (only theirs), the phone's button at
the half-day's edges, the room's tablet for the session's trainers only, a structure's
registrations only, the questionnaires and their summary without names; query counts."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.training.models import (
    Attendance,
    Presence,
    SatisfactionAnswer,
    SelfAssessment,
    TrainerSignature,
)

from .attendance_builders import (
    half_days,
    make_session,
    make_trainer,
    paris,
    register_employee,
    register_staff,
)


@pytest.fixture
def today_session(world, today):
    trainer = make_trainer()
    session = make_session(days=[today], trainer=trainer)
    lea = register_employee(
        session, world.own, actor=world.user("conseiller"), user=world.user("employee")
    )
    tom = register_staff(session, world.other, first="Tom", last="Zorglubesque")
    morning = half_days(session)[0]
    return {"session": session, "trainer": trainer, "lea": lea, "tom": tom, "morning": morning}


def _sign_url(data):
    return reverse("training:my_half_day_sign", args=[data["lea"].pk, data["morning"].pk])


def test_the_employee_sees_only_their_trainings_and_signs(client, world, today_session):
    client.force_login(world.user("employee"))
    page = client.get(reverse("training:my_trainings")).content.decode()
    assert "Je signe ma présence" in page
    assert "Zorglubesque" not in page
    response = client.post(_sign_url(today_session), follow=True)
    assert "Votre présence est signée" in response.content.decode()
    client.post(_sign_url(today_session))  # twice: nothing more
    attendance = Attendance.objects.get()
    assert (attendance.registration, attendance.presence, attendance.signed_from) == (
        today_session["lea"],
        Presence.PRESENT,
        "phone",
    )


@pytest.mark.parametrize(
    ("hour", "minute", "shown"), [(8, 29, False), (8, 30, True), (13, 1, False)]
)
def test_the_button_shows_during_the_half_day_only(
    client, world, today, today_session, hour, minute, shown
):
    with time_machine.travel(paris(today, hour, minute), tick=False):
        client.force_login(world.user("employee"))
        page = client.get(reverse("training:my_trainings")).content.decode()
        assert (_sign_url(today_session) in page) is shown
        response = client.post(_sign_url(today_session), follow=True)
    assert Attendance.objects.exists() is shown
    if not shown:
        assert "La signature est ouverte le" in response.content.decode()


def test_another_trainee_cannot_sign_for_them(client, world, today_session):
    client.force_login(world.user("employee"))
    url = reverse(
        "training:my_half_day_sign", args=[today_session["tom"].pk, today_session["morning"].pk]
    )
    assert client.post(url).status_code == 404
    assert not Attendance.objects.exists()


def test_my_trainings_counts_its_queries(client, world, today):
    user = world.user("employee")
    client.force_login(user)
    client.get(reverse("training:my_trainings"))  # sessions, memberships: warm
    for offset in (0, 7, -7):
        session = make_session(days=[today + datetime.timedelta(days=offset)])
        register_staff(session, world.own, user=user)
    # session, user, scope (2), registrations with their satisfaction, their half-days,
    # attendances, self-assessments, the sessions taught, the navigation's memberships
    with assert_query_count(10):
        response = client.get(reverse("training:my_trainings"))
    assert response.status_code == 200


def test_the_trainer_runs_the_tablet(client, world, today_session):
    trainer, morning = today_session["trainer"], today_session["morning"]
    client.force_login(trainer)
    sheet = reverse("training:attendance_sheet", args=[morning.pk])
    page = client.get(sheet).content.decode()
    assert "Léa Martin" in page and "Tom Zorglubesque" in page
    confirm = reverse("training:attendance_room_sign", args=[morning.pk, today_session["lea"].pk])
    assert "Je suis Léa Martin" in client.get(confirm).content.decode()
    client.post(confirm)
    absence = reverse("training:attendance_absence", args=[morning.pk, today_session["tom"].pk])
    assert client.post(absence, {"excused": "1", "reason": ""}).status_code == 200
    client.post(absence, {"excused": "1", "reason": "Rendez-vous médical"})
    with time_machine.travel(paris(morning.date, 12, 31), tick=False):
        client.force_login(trainer)  # the session's idle timeout passed meanwhile
        response = client.post(
            reverse("training:attendance_sheet_sign", args=[morning.pk]), follow=True
        )
    assert "La feuille est signée et verrouillée" in response.content.decode(), (
        response.content.decode()[-3000:]
    )
    assert TrainerSignature.objects.filter(half_day=morning, trainer=trainer).exists()
    assert {a.registration_id: a.presence for a in Attendance.objects.all()} == {
        today_session["lea"].pk: Presence.PRESENT,
        today_session["tom"].pk: Presence.EXCUSED,
    }
    # Locked: a change now says so, and changes nothing.
    response = client.post(absence, {"excused": "0", "reason": "Parti"})
    assert "ne peut plus être modifiée" in response.content.decode()
    assert Attendance.objects.get(registration=today_session["tom"]).presence == Presence.EXCUSED


def test_the_sheet_counts_its_queries(client, today_session, world):
    client.force_login(today_session["trainer"])
    url = reverse("training:attendance_sheet", args=[today_session["morning"].pk])
    client.get(url)
    for n in range(3):
        register_staff(today_session["session"], world.own, first=f"Extra{n}")
    # session, user, scope (2), navigation, half-day, registrations + attendances,
    # signatures, is_trainer
    with assert_query_count(10):
        assert client.get(url).status_code == 200


def test_a_trainer_reaches_only_their_sessions(client, world, today, today_session):
    other_trainer = make_trainer(email="autre@tremplin.test")
    client.force_login(other_trainer)
    morning = today_session["morning"]
    for url in (
        reverse("training:attendance_sheet", args=[morning.pk]),
        reverse("training:session_attendance", args=[today_session["session"].pk]),
        reverse("training:attendance_room_sign", args=[morning.pk, today_session["lea"].pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("training:attendance_sheet_sign", args=[morning.pk])).status_code == 404
    )
    # Nor the trainee's own page.
    assert (
        client.get(reverse("training:my_satisfaction", args=[today_session["lea"].pk])).status_code
        == 404
    )


def test_a_structure_sees_only_its_registrations_attendance(client, world, today):
    session = make_session(days=[today - datetime.timedelta(days=3)])
    lea = register_staff(session, world.own, first="Léa", last="Martin")
    register_staff(session, world.other, first="Tom", last="Zorglubesque")
    for half_day in half_days(session)[:1]:
        Attendance.objects.create(registration=lea, half_day=half_day, presence=Presence.PRESENT)
    client.force_login(world.user("director"))
    url = reverse("training:structure_attendance")
    client.get(url)
    for n in range(3):
        register_staff(session, world.own, first=f"Extra{n}")
    # session, user, scope (2), navigation (2), registrations + half-days, hours
    with assert_query_count(8):
        page = client.get(url).content.decode()
    assert "Léa Martin" in page and "Zorglubesque" not in page
    assert "3,50" in page and "7,00" in page


def test_questionnaires_and_their_summary_without_names(client, world, today):
    session = make_session(days=[today])
    lea = register_staff(
        session, world.own, user=world.user("employee"), first="Léa", last="Martin"
    )
    register_staff(session, world.other, first="Tom", last="Zorglubesque")
    client.force_login(world.user("employee"))
    answers = {
        "content": "4",
        "methods": "3",
        "trainer": "4",
        "organisation": "2",
        "comment": "Très concret",
    }
    client.post(reverse("training:my_satisfaction", args=[lea.pk]), answers)
    client.post(reverse("training:my_self_assessment", args=[lea.pk, "after"]), {"level": "3"})
    # « before » closes after the first day: today is the first day, still open.
    client.post(reverse("training:my_self_assessment", args=[lea.pk, "before"]), {"level": "1"})
    assert SatisfactionAnswer.objects.get().organisation == 2
    assert sorted(SelfAssessment.objects.values_list("moment", "level")) == [
        ("after", 3),
        ("before", 1),
    ]
    client.force_login(world.user("federation"))
    page = client.get(
        reverse("training:session_questionnaires", args=[session.pk])
    ).content.decode()
    assert "Très concret" in page and "50 %" in page and "4,0" in page
    assert "Martin" not in page and "Zorglubesque" not in page


def test_satisfaction_opens_on_the_last_day(client, world, today):
    session = make_session(days=[today + datetime.timedelta(days=1)])
    lea = register_staff(session, world.own, user=world.user("employee"))
    client.force_login(world.user("employee"))
    answers = {"content": "4", "methods": "3", "trainer": "4", "organisation": "2"}
    response = client.post(reverse("training:my_satisfaction", args=[lea.pk]), answers)
    assert response.status_code == 200 and not SatisfactionAnswer.objects.exists()
    with time_machine.travel(paris(today + datetime.timedelta(days=1), 9), tick=False):
        client.force_login(world.user("employee"))
        client.post(reverse("training:my_satisfaction", args=[lea.pk]), answers)
    assert SatisfactionAnswer.objects.exists()
