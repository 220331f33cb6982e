"""Test data of the training part « money », built with ORM creates (the catalogue and
attendance parts' services are built at the same time, by other hands)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tremplin.people.models import Person
from tremplin.training.models import (
    Attendance,
    Course,
    HalfDay,
    Presence,
    Registration,
    TrainingSession,
)

MORNING = (datetime.time(9), datetime.time(12, 30))  # 3.5 hours
AFTERNOON = (datetime.time(13, 30), datetime.time(17))  # 3.5 hours


def make_course(code="accueil", *, price="600.00", certification_codes="", **fields):
    defaults = {
        "title": f"Cours {code}",
        "audience": "both",
        "objectives": "Savoir accueillir",
        "duration_hours": Decimal(7),
        "methods": "Ateliers",
        "assessment": "Quiz",
        "access_conditions": "Salarié d'une SIAE",
        "access_delay": "15 jours",
        "accessibility": "Salle accessible",
        "price_per_trainee_excl_vat": Decimal(price),
        "certification_codes": certification_codes,
        "is_published": True,
    }
    defaults.update(fields)
    return Course.objects.create(code=code, **defaults)


def make_session(course, day: datetime.date, *, days=1, trainer=None, status="done"):
    """A session of `days` full days from `day` (a morning and an afternoon each)."""
    session = TrainingSession.objects.create(
        course=course,
        place="Lyon",
        capacity=12,
        status=status,
        starts_on=day,
        ends_on=day + datetime.timedelta(days=days - 1),
    )
    for offset in range(days):
        date = day + datetime.timedelta(days=offset)
        for part, (start, end) in (("am", MORNING), ("pm", AFTERNOON)):
            HalfDay.objects.create(
                session=session, date=date, part=part, starts_at=start, ends_at=end
            )
    if trainer is not None:
        session.trainers.add(trainer)
    return session


def register_staff(session, structure, *, first="Anne", last="Durand", user=None, **fields):
    return Registration.objects.create(
        session=session,
        structure=structure,
        category="staff",
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@exemple.fr",
        trainee_user=user,
        **fields,
    )


def register_employee(world, session, structure, *, last="Martin", first="Léa"):
    # An ORM create: the people services let only the structure's own staff write.
    person = Person.objects.create(
        structure=structure,
        last_name=last,
        first_names=first,
        sex="F",
        birth_date=datetime.date(1990, 5, 17),
    )
    return Registration.objects.create(
        session=session,
        structure=structure,
        category="insertion",
        person=person,
        first_name=first,
        last_name=last,
    )


def attend(registration, *, absent=()):
    """Attendance to each half-day of the registration's session: present, except the
    half-days whose index is in `absent`."""
    for index, half_day in enumerate(registration.session.half_days.order_by("date", "part")):
        Attendance.objects.create(
            registration=registration,
            half_day=half_day,
            presence=Presence.ABSENT if index in absent else Presence.PRESENT,
            absence_reason="Malade" if index in absent else "",
        )
