"""Convocations: one e-mail per confirmed trainee with an iCalendar invitation (a VEVENT per
half-day), sent once whatever the retries; a cancellation withdraws the same events."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.core import mail

from tremplin.training.models import SessionStatus
from tremplin.training.services import catalogue, registrations
from tremplin.training.tasks import registration_notice_task

from .catalogue_builders import make_course, make_session

DAY = datetime.timedelta(days=1)
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def session(world, today):
    return make_session(
        world.user("federation"), make_course(), today + 10 * DAY, today + 11 * DAY, capacity=1
    )


def _register(world, session, today, name):
    return registrations.registration_create(
        actor=world.user("director"),
        session=session,
        structure=world.own,
        category="staff",
        on=today,
        first_name=name,
        last_name="Martin",
        email=f"{name.lower()}@example.org",
    )


def _calendar(message) -> icalendar.Calendar:
    (part,) = [a for a in message.attachments if a.get_content_type() == "text/calendar"]
    assert part.get_filename() == "formation.ics"
    return icalendar.Calendar.from_ical(part.get_payload(decode=True)), part.get_param("method")


def test_a_convocation_carries_one_event_per_half_day_and_is_sent_once(
    world, session, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(world, session, today, "Alice")
        _register(world, session, today, "Bruno")  # waiting list: no convocation
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == "Convocation : Accompagner vers l'emploi"
    assert "vous a inscrit" in message.body and "Maison des associations" in message.body
    calendar, content_method = _calendar(message)
    assert calendar["METHOD"] == "REQUEST" and content_method == "REQUEST"
    events = calendar.walk("VEVENT")
    assert len(events) == 4  # two days, morning and afternoon
    first = events[0]
    assert first.decoded("DTSTART") == datetime.datetime.combine(
        today + 10 * DAY, datetime.time(9), tzinfo=PARIS
    )
    assert first.decoded("DTEND").astimezone(PARIS).time() == datetime.time(12, 30)
    assert str(first["ATTENDEE"]) == "mailto:alice@example.org"
    assert "Formation" in str(first["SUMMARY"])
    assert len({str(e["UID"]) for e in events}) == 4
    # The job run again (a retry after the mail left): nothing more is sent.
    registration_notice_task.call(registration.pk, "convocation")
    assert len(mail.outbox) == 1


def test_a_cancellation_withdraws_the_same_events(
    world, session, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(world, session, today, "Alice")
    invitation, _method = _calendar(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        registrations.registration_cancel(
            actor=world.user("director"), registration=registration, on=today
        )
    assert len(mail.outbox) == 2
    withdrawal, content_method = _calendar(mail.outbox[1])
    assert withdrawal["METHOD"] == "CANCEL" and content_method == "CANCEL"
    assert mail.outbox[1].subject.startswith("Annulation")
    assert [str(e["UID"]) for e in withdrawal.walk("VEVENT")] == [
        str(e["UID"]) for e in invitation.walk("VEVENT")
    ]
    assert {str(e["STATUS"]) for e in withdrawal.walk("VEVENT")} == {"CANCELLED"}
    assert all(e["SEQUENCE"] > 0 for e in withdrawal.walk("VEVENT"))


def test_a_cancelled_session_tells_every_trainee(
    world, session, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(world, session, today, "Alice")
        _register(world, session, today, "Bruno")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = catalogue.session_cancel(actor=world.user("federation"), session=session, on=today)
    session.refresh_from_db()
    assert (count, session.status) == (2, SessionStatus.CANCELLED)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bruno@example.org"]
    assert all("annulée par le service formation" in m.body for m in mail.outbox)
    assert {_calendar(m)[0]["METHOD"] for m in mail.outbox} == {"CANCEL"}


def test_no_email_no_convocation(world, session, today):
    registration = _register(world, session, today, "Alice")
    registration.email = ""
    registration.save()
    assert registration_notice_task.call(registration.pk, "convocation") is False
    assert mail.outbox == []


def _resave(world, session, *days, capacity, place=None):
    """The training service saves the session's form with these days."""
    from .catalogue_builders import half_days

    catalogue.session_save(
        actor=world.user("federation"),
        session=session,
        course=session.course,
        capacity=capacity,
        half_days=half_days(*days),
        place=place or session.place,
        commune=session.commune,
    )


def _calendars(message) -> list:
    parts = [a for a in message.attachments if a.get_content_type() == "text/calendar"]
    return [
        (icalendar.Calendar.from_ical(p.get_payload(decode=True)), p.get_param("method"))
        for p in parts
    ]


def test_a_moved_half_day_updates_the_convoked_trainees_calendars(
    world, session, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(world, session, today, "Alice")
        _register(world, session, today, "Bruno")  # waiting: not convoked, not told
    invitation, _method = _calendar(mail.outbox[0])
    old_uids = [str(e["UID"]) for e in invitation.walk("VEVENT")]
    mail.outbox.clear()
    # The second day moves a week later; the first stays.
    with django_capture_on_commit_callbacks(execute=True):
        _resave(world, session, today + 10 * DAY, today + 18 * DAY, capacity=1)
    session.refresh_from_db()
    assert session.schedule_version == 1
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Modification : Accompagner vers l'emploi"
    assert "a changé" in message.body
    (update, update_method), (dropped, dropped_method) = _calendars(message)
    assert update_method == "REQUEST" and dropped_method == "CANCEL"
    events = update.walk("VEVENT")
    assert {e["SEQUENCE"] for e in events} == {1}
    assert sorted(e.decoded("DTSTART").astimezone(PARIS).date() for e in events) == [
        today + 10 * DAY,
        today + 10 * DAY,
        today + 18 * DAY,
        today + 18 * DAY,
    ]
    # The first day's events keep their UIDs; the second day's old events are withdrawn.
    kept = {str(e["UID"]) for e in events} & set(old_uids)
    assert len(kept) == 2
    withdrawn = {str(e["UID"]) for e in dropped.walk("VEVENT")}
    assert withdrawn == set(old_uids) - kept
    assert {e["SEQUENCE"] for e in dropped.walk("VEVENT")} == {1}
    # The job run again with the same arguments (a retry after the mail left): nothing more.
    dropped_ids = sorted(int(uid.split("-")[2].split("@")[0]) for uid in withdrawn)
    registration_notice_task.call(registration.pk, "update-1", removed_half_days=dropped_ids)
    assert len(mail.outbox) == 1
    # A later withdrawal goes above the update's sequence.
    with django_capture_on_commit_callbacks(execute=True):
        registrations.registration_cancel(
            actor=world.user("director"), registration=registration, on=today
        )
    (cancelled,) = [m for m in mail.outbox if m.subject.startswith("Annulation")]
    withdrawal, _method = _calendar(cancelled)
    assert {e["SEQUENCE"] for e in withdrawal.walk("VEVENT")} == {2}
    # Bruno takes the place: his convocation carries the schedule as it is now.
    (promoted,) = [m for m in mail.outbox if m.to == ["bruno@example.org"]]
    convocation, _method = _calendar(promoted)
    assert today + 18 * DAY in {
        e.decoded("DTSTART").astimezone(PARIS).date() for e in convocation.walk("VEVENT")
    }


def test_a_session_saved_with_its_schedule_unchanged_tells_nobody(
    world, session, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(world, session, today, "Alice")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # More places is no news for the trainee already convoked.
        _resave(world, session, today + 10 * DAY, today + 11 * DAY, capacity=5)
    session.refresh_from_db()
    assert session.schedule_version == 0
    assert mail.outbox == []
    # A new place is news: the update carries it, without a withdrawal.
    with django_capture_on_commit_callbacks(execute=True):
        _resave(
            world,
            session,
            today + 10 * DAY,
            today + 11 * DAY,
            capacity=5,
            place="Salle polyvalente, 8 place Bellecour",
        )
    (message,) = mail.outbox
    assert "Salle polyvalente" in message.body
    ((update, method),) = _calendars(message)
    assert method == "REQUEST" and "Salle polyvalente" in str(update.walk("VEVENT")[0]["LOCATION"])


def test_a_session_that_took_place_sends_no_update(
    world, session, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(world, session, today, "Alice")
    mail.outbox.clear()
    session.status = SessionStatus.DONE
    session.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        # The service corrects the second day's times after the training.
        _resave(world, session, today + 10 * DAY, today + 12 * DAY, capacity=1)
    session.refresh_from_db()
    assert (session.schedule_version, mail.outbox) == (0, [])
