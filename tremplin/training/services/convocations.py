"""The trainee's convocation: an e-mail with an iCalendar invitation (RFC 5545/5546), one
event per half-day; its update when the half-days or the place change (the same UIDs, a
higher SEQUENCE, and a CANCEL of the half-days dropped); its withdrawal (METHOD:CANCEL, the
same UIDs) when the registration or the session is cancelled. Sent by
tasks.registration_notice_task, once per notice."""

from __future__ import annotations

import datetime
import zoneinfo
from email.mime.text import MIMEText

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Registration, RegistrationStatus

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PRODID = "-//Tremplin//Service formation//FR"


def _uid(registration: Registration, half_day) -> str:
    # Stable per trainee and half-day: the cancellation withdraws the same events.
    return _uid_of(registration.pk, half_day.pk)


def _uid_of(registration_id: int, half_day_id: int) -> str:
    return f"formation-{registration_id}-{half_day_id}@tremplin"


def _where(session) -> str:
    if session.is_remote:
        return _("Remote: %(link)s") % {"link": session.remote_link}
    return ", ".join(filter(None, (session.place, session.commune.name if session.commune else "")))


def _utc(day: datetime.date, moment: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, moment, tzinfo=PARIS).astimezone(datetime.UTC)


def _event(registration: Registration, uid: str, *, sequence: int, cancelled: bool):
    session = registration.session
    organizer = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("summary", _("Training: %(title)s") % {"title": session.course.title})
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", f"mailto:{organizer}", parameters={"CN": _("Training service")})
    if registration.email:
        event.add(
            "attendee",
            f"mailto:{registration.email}",
            parameters={
                "CN": f"{registration.first_name} {registration.last_name}",
                "ROLE": "REQ-PARTICIPANT",
                "PARTSTAT": "ACCEPTED",
                "RSVP": "FALSE",
            },
        )
    return event


def _calendar(method: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def calendar_for(registration: Registration, *, method: str, sequence: int | None = None) -> bytes:
    """The invitation (REQUEST) or its withdrawal (CANCEL) for the trainee. The sequence is
    the session's schedule version (an update raises it); a withdrawal goes one above."""
    session = registration.session
    if sequence is None:
        sequence = session.schedule_version + (method == "CANCEL")
    calendar = _calendar(method)
    for half_day in session.half_days.all():
        event = _event(
            registration,
            _uid(registration, half_day),
            sequence=sequence,
            cancelled=method == "CANCEL",
        )
        event.add("dtstart", _utc(half_day.date, half_day.starts_at))
        event.add("dtend", _utc(half_day.date, half_day.ends_at))
        event.add("location", _where(session))
        event.add("description", session.course.objectives)
        calendar.add_component(event)
    return calendar.to_ical()


def dropped_calendar(
    registration: Registration, half_day_ids: list[int], *, sequence: int
) -> bytes:
    """The withdrawal of half-days that left the session (their rows are gone: the UIDs
    are rebuilt from their ids)."""
    calendar = _calendar("CANCEL")
    for pk in half_day_ids:
        uid = _uid_of(registration.pk, pk)
        calendar.add_component(_event(registration, uid, sequence=sequence, cancelled=True))
    return calendar.to_ical()


def _schedule(session) -> str:
    return "\n".join(
        f"- {date_format(h.date, 'l j F Y')}, {h.starts_at:%H:%M}–{h.ends_at:%H:%M}"
        for h in session.half_days.all()
    )


def _attach(message: EmailMessage, content: bytes, method: str, filename: str) -> None:
    # text/calendar with its METHOD parameter: mail clients offer to add (or remove) it.
    part = MIMEText(content.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    message.attach(part)


def notice_send(
    *, registration_id: int, notice: str, removed_half_days: list[int] | None = None
) -> bool:
    """Send one notice (« convocation », « update-<version> », « cancellation »,
    « session_cancelled »); False when the trainee has no e-mail address (the structure
    hands it on) or is no longer expected (an update reaching a cancelled registration)."""
    registration = (
        Registration.objects.select_related("session__course", "session__commune", "structure")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.email:
        return False
    session = registration.session
    values = {
        "name": f"{registration.first_name} {registration.last_name}",
        "title": session.course.title,
        "where": _where(session),
        "schedule": _schedule(session),
        "structure": registration.structure.name,
    }
    if notice == "convocation":
        subject = _("Convocation: %(title)s") % values
        body = (
            _(
                "Hello %(name)s,\n\n%(structure)s has registered you for the training « %(title)s ». "
                "You are expected:\n%(schedule)s\n\nPlace: %(where)s\n\nThe attached invitation "
                "adds these half-days to your calendar. Please sign the attendance sheet at each "
                "half-day.\n\nThe federation's training service\n"
            )
            % values
        )
        method = "REQUEST"
    elif notice.startswith("update-"):
        if registration.status != RegistrationStatus.CONFIRMED:
            return False
        subject = _("Changed: %(title)s") % values
        body = (
            _(
                "Hello %(name)s,\n\nThe training « %(title)s » has changed. You are now "
                "expected:\n%(schedule)s\n\nPlace: %(where)s\n\nThe attached invitation "
                "updates your calendar.\n\nThe federation's training service\n"
            )
            % values
        )
        method = "REQUEST"
    else:
        subject = _("Cancelled: %(title)s") % values
        reason = (
            _("The session has been cancelled by the training service.")
            if notice == "session_cancelled"
            else _("Your registration has been cancelled.")
        )
        body = _(
            "Hello %(name)s,\n\n%(reason)s You are no longer expected at the training "
            "« %(title)s »:\n%(schedule)s\n\nThe attached file removes these half-days from "
            "your calendar.\n\nThe federation's training service\n"
        ) % {**values, "reason": reason}
        method = "CANCEL"
    message = EmailMessage(subject, body, None, [registration.email])
    sequence = int(notice.removeprefix("update-")) if notice.startswith("update-") else None
    _attach(
        message,
        calendar_for(registration, method=method, sequence=sequence),
        method,
        "formation.ics",
    )
    if sequence is not None and removed_half_days:
        dropped = dropped_calendar(registration, removed_half_days, sequence=sequence)
        _attach(message, dropped, "CANCEL", "demi-journees-retirees.ics")
    message.send()
    return True
