"""The completion certificate states the hours actually attended: one absent half-day
removes its hours; it is out once the session is done, for the trainee, the registering
structure and federation staff only."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tremplin.training.certificate_pdf import certificate_context
from tremplin.training.models import Attendance, Presence, SessionStatus
from tremplin.training.selectors_attendance import hours_attended, registration_hours_attended

from .attendance_builders import half_days, make_session, make_trainer, register_staff


def _attend(registration, session, absent=()):
    for index, half_day in enumerate(half_days(session)):
        Attendance.objects.create(
            registration=registration,
            half_day=half_day,
            presence=Presence.EXCUSED if index in absent else Presence.PRESENT,
            absence_reason="Malade" if index in absent else "",
        )


@pytest.fixture
def done(world, today):
    """A two-day session (4 half-days of 3,5 h: 14 h planned) that ended last week."""
    days = [today - datetime.timedelta(days=8), today - datetime.timedelta(days=7)]
    trainer = make_trainer()
    session = make_session(days=days, trainer=trainer)
    lea = register_staff(session, world.own, user=world.user("employee"), first="Léa")
    tom = register_staff(session, world.own, first="Tom")
    _attend(lea, session)
    _attend(tom, session, absent={2})
    return {"session": session, "lea": lea, "tom": tom, "trainer": trainer}


def test_attendance_to_the_half_day_drives_the_hours(done):
    assert registration_hours_attended(done["lea"]) == Decimal("14")
    assert registration_hours_attended(done["tom"]) == Decimal("10.5")
    assert hours_attended([done["lea"].pk, done["tom"].pk]) == {
        done["lea"].pk: Decimal("14"),
        done["tom"].pk: Decimal("10.5"),
    }


def test_the_certificate_states_the_attended_hours_not_the_planned(done, today):
    context = certificate_context(registration=done["tom"], issued_on=today)
    assert (context["planned"], context["attended"]) == ("14\u00a0h", "10,5\u00a0h")


def _pdf_text(response) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def test_the_trainee_downloads_their_certificate(client, world, done):
    client.force_login(world.user("employee"))
    response = client.get(reverse("training:certificate_pdf", args=[done["lea"].pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response)
    assert "Certificat de réalisation" in text and "Léa" in text and "14 h" in text


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("director", True),
        ("accountant", True),
        ("federation", True),
        ("employee", False),  # Tom is not the employee's account
        ("delegate", False),
        ("auditor", False),
        ("household", False),
    ],
)
def test_who_downloads_tom_s_certificate(client, world, done, role, allowed):
    client.force_login(world.user(role))
    response = client.get(reverse("training:certificate_pdf", args=[done["tom"].pk]))
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "10,5 h" in _pdf_text(response)


def test_neither_the_trainer_nor_another_structure_downloads_it(client, world, done, today):
    client.force_login(done["trainer"])
    assert client.get(reverse("training:certificate_pdf", args=[done["tom"].pk])).status_code == 404
    other = register_staff(done["session"], world.other, first="Zoé")
    client.force_login(world.user("director"))
    assert client.get(reverse("training:certificate_pdf", args=[other.pk])).status_code == 404


def test_the_certificate_waits_for_the_session_s_end(client, world, today):
    session = make_session(days=[today - datetime.timedelta(days=1), today])
    lea = register_staff(session, world.own, user=world.user("employee"))
    client.force_login(world.user("employee"))
    url = reverse("training:certificate_pdf", args=[lea.pk])
    assert client.get(url).status_code == 404  # its last day is today
    session.status = SessionStatus.DONE
    session.save()
    assert client.get(url).status_code == 200
