"""Courses, sessions and registrations for the catalogue part's tests (and its routes)."""

import datetime
from decimal import Decimal

from tremplin.training.models import Course
from tremplin.training.services import catalogue
from tremplin.training.services.catalogue import HalfDayInput

AM = (datetime.time(9), datetime.time(12, 30))
PM = (datetime.time(13, 30), datetime.time(17))

INDICATOR_1 = {
    "objectives": "Savoir conduire un entretien de suivi",
    "prerequisites": "Aucun prérequis demandé",
    "duration_hours": Decimal("14"),
    "methods": "Apports théoriques et mises en situation",
    "assessment": "Quiz de positionnement et étude de cas",
    "access_conditions": "Salariés permanents des structures adhérentes",
    "access_delay": "Inscription jusqu'à 15 jours avant la session",
    "accessibility": "Salle accessible ; référent handicap joignable",
    "price_per_trainee_excl_vat": Decimal("420.00"),
    "certification_codes": "RS5498",
}


def make_course(*, code="accompagner", title="Accompagner vers l'emploi", **fields) -> Course:
    values = {**INDICATOR_1, "audience": "both", "is_published": True, **fields}
    return Course.objects.create(code=code, title=title, **values)


def half_days(*days: datetime.date) -> list[HalfDayInput]:
    """A morning and an afternoon on each day."""
    return [
        HalfDayInput(day, part, *times) for day in days for part, times in (("am", AM), ("pm", PM))
    ]


def make_session(actor, course, *days, capacity=10, **fields):
    from tremplin.network.models import Commune

    fields.setdefault("commune", Commune.objects.get(pk="69123"))
    fields.setdefault("place", "Maison des associations, 3 rue Garibaldi")
    return catalogue.session_save(
        actor=actor, course=course, capacity=capacity, half_days=half_days(*days), **fields
    )
