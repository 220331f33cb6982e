"""The trainee's convocation: an e-mail with an iCalendar invitation (RFC 5545/5546), one
event per half-day; its withdrawal (METHOD:CANCEL, the same UIDs) when the registration or
the session is cancelled. Sent by tasks.registration_notice_task, once per notice."""

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

from ..models import Registration

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PRODID = "-//Tremplin//Service formation//FR"


def _uid(registration: Registration, half_day) -> str:
    # Stable per trainee and half-day: the cancellation withdraws the same events.
    return f"formation-{registration.pk}-{half_day.pk}@tremplin"


def _where(session) -> str:
    if session.is_remote:
        return _("Remote: %(link)s") % {"link": session.remote_link}
    return ", ".join(filter(None, (session.place, session.commune.name if session.commune else "")))


def _utc(day: datetime.date, moment: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, moment, tzinfo=PARIS).astimezone(datetime.UTC)


def calendar_for(registration: Registration, *, method: str) -> bytes:
    """The invitation (REQUEST) or its withdrawal (CANCEL) for the trainee."""
    session = registration.session
    organizer = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    cancelled = method == "CANCEL"
    for half_day in session.half_days.all():
        event = icalendar.Event()
        event.add("uid", _uid(registration, half_day))
        event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
        event.add("dtstart", _utc(half_day.date, half_day.starts_at))
        event.add("dtend", _utc(half_day.date, half_day.ends_at))
        event.add("summary", _("Training: %(title)s") % {"title": session.course.title})
        event.add("location", _where(session))
        event.add("description", session.course.objectives)
        event.add("sequence", 1 if cancelled else 0)
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
        calendar.add_component(event)
    return calendar.to_ical()


def _schedule(session) -> str:
    return "\n".join(
        f"- {date_format(h.date, 'l j F Y')}, {h.starts_at:%H:%M}–{h.ends_at:%H:%M}"
        for h in session.half_days.all()
    )


def notice_send(*, registration_id: int, notice: str) -> bool:
    """Send one notice (« convocation », « cancellation », « session_cancelled »); False when
    the trainee has no e-mail address (the structure hands it on)."""
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
    # text/calendar with its METHOD parameter: mail clients offer to add (or remove) it.
    part = MIMEText(calendar_for(registration, method=method).decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="formation.ics")
    message.attach(part)
    message.send()
    return True
