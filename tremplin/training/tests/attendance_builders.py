"""Small builders of sessions, half-days and registrations for the attendance part's tests
(ORM creates: the catalogue part owns the services that make them for real)."""

from __future__ import annotations

import datetime
import itertools

from tremplin.accounts import services as account_services
from tremplin.accounts.models import UserKind
from tremplin.accounts.testing import PASSWORD
from tremplin.people.services import persons

from ..models import Course, HalfDay, Part, Registration, TraineeCategory, TrainingSession

_codes = itertools.count(1)
MORNING = (datetime.time(9), datetime.time(12, 30))  # 3,5 h
AFTERNOON = (datetime.time(13, 30), datetime.time(17))  # 3,5 h


def make_course(**fields) -> Course:
    number = next(_codes)
    defaults = {
        "code": f"course-{number}",
        "title": fields.pop("title", f"Accompagner les parcours {number}"),
        "audience": "both",
        "objectives": "Conduire un entretien de suivi.\nConstruire un plan d'action.",
        "duration_hours": 7,
        "methods": "Apports et mises en situation.",
        "assessment": "Auto-évaluation avant et après.",
        "access_conditions": "Inscription par la structure.",
        "access_delay": "Deux semaines.",
        "accessibility": "Salle accessible.",
        "is_published": True,
    }
    defaults.update(fields)
    return Course.objects.create(**defaults)


def make_session(*, days, trainer=None, course=None, parts=("am", "pm"), **fields):
    """A session over the given days, each with its morning and afternoon."""
    fields.setdefault("place", "Maison des associations, Lyon")
    session = TrainingSession.objects.create(
        course=course or make_course(),
        capacity=12,
        starts_on=min(days),
        ends_on=max(days),
        **fields,
    )
    if trainer is not None:
        session.trainers.add(trainer)
    for day in days:
        for part in parts:
            start, end = MORNING if part == Part.MORNING else AFTERNOON
            HalfDay.objects.create(
                session=session, date=day, part=part, starts_at=start, ends_at=end
            )
    return session


def half_days(session):
    return list(session.half_days.order_by("date", "part"))


def make_trainer(email="formatrice@tremplin.test"):
    return account_services.user_create(
        email=email,
        kind=UserKind.STRUCTURE_STAFF,
        password=PASSWORD,
        first_name="Fanny",
        last_name="Formatrice",
    )


def register_staff(session, structure, *, user=None, first="Sam", last="Salarié", **fields):
    return Registration.objects.create(
        session=session,
        structure=structure,
        category=TraineeCategory.STAFF,
        trainee_user=user,
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@example.org",
        **fields,
    )


def register_employee(session, structure, *, actor, user=None, first="Léa", last="Martin"):
    """An employee in a path: their person file, with their account when given."""
    person = persons.person_create(
        actor=actor,
        structure=structure,
        last_name=last,
        first_names=first,
        sex="F",
        birth_date=datetime.date(1990, 5, 17),
        allow_duplicate=True,
    )
    if user is not None:
        type(person).objects.filter(pk=person.pk).update(user=user)
    return Registration.objects.create(
        session=session,
        structure=structure,
        category=TraineeCategory.INSERTION,
        person=person,
        first_name=first,
        last_name=last,
    )


def paris(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    import zoneinfo

    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo("Europe/Paris")
    )
