"""The observatory's training hours of employees in insertion: the attended hours, by
structure and by région through the disclosure control."""

import datetime
from decimal import Decimal

import pytest

from tremplin.conftest import make_structure
from tremplin.observatory import training_hours
from tremplin.training.tests.money_builders import (
    attend,
    make_course,
    make_session,
    register_employee,
    register_staff,
)

pytestmark = pytest.mark.django_db
YEAR = 2026


def _luhn(prefix: str) -> str:
    """`prefix` and the digit that makes its Luhn key valid."""
    for last in range(10):
        candidate = f"{prefix}{last}"
        total = 0
        for index, digit in enumerate(reversed(candidate)):
            value = int(digit) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError


def _siret(n: int) -> str:
    """A SIRET whose SIREN and SIRET keys are both valid."""
    return _luhn(_luhn(f"4210000{n}") + "0000")


@pytest.fixture
def trainings(world):
    session = make_session(make_course("insertion"), datetime.date(YEAR, 3, 2))  # 7 h
    rhone = [world.own] + [
        make_structure(
            actor=world.user("federation"),
            name=f"EI {n}",
            siret=_siret(n),
            kind="EI",
        )
        for n in (1, 2)
    ]
    for index, structure in enumerate(rhone):
        for n in range(2):
            attend(register_employee(world, session, structure, last=f"R{index}{n}"), absent=(1,))
    attend(register_employee(world, session, world.other, last="Breton"))
    attend(register_staff(session, world.own))  # staff: not counted
    return rhone


def test_a_structure_sees_its_own_hours(world, trainings):
    figure = training_hours.for_structure(world.own, YEAR)
    assert (figure.total.hours, figure.total.people) == (Decimal("7.0"), 2)
    assert training_hours.for_structure(world.own, YEAR + 1).total.hours == 0


def test_the_network_by_region_through_disclosure_control(world, trainings):
    figure = training_hours.by_region(YEAR, label="Réseau")
    rows = {row.label: row for row in figure.rows}
    rhone = rows[world.own.commune.departement.region.name]
    brittany = rows[world.other.commune.departement.region.name]
    assert brittany.hours is None and brittany.hidden  # one person
    # Shown with its total, Brittany's hours would be their difference: one of them hides.
    assert rhone.hours is None or figure.total.hours is None
    shown = rhone if rhone.hours is not None else None
    if shown is not None:
        assert (shown.hours, shown.people) == (Decimal("21.0"), 6)


def test_the_figure_of_each_area(world, trainings):
    from tremplin.observatory.selectors import NETWORK, Area

    assert training_hours.figure_for(NETWORK, YEAR).rows
    area = Area("structure", world.own.name, structure=world.own, protected=False)
    assert training_hours.figure_for(area, YEAR).total.people == 2
    delegation = Area("delegation", "D", delegation=world.other.delegation)
    assert [row.label for row in training_hours.figure_for(delegation, YEAR).rows] == [
        world.other.commune.departement.region.name
    ]


def test_the_structure_and_network_pages_show_the_figure(world, trainings, client):
    from django.urls import reverse

    from tremplin.observatory.models import Figure

    for structure in (world.own, world.other):
        Figure.objects.create(
            structure=structure, year=YEAR, period="Y", key="accompanied", value=12, people=12
        )
    client.force_login(world.user("director"))
    page = client.get(reverse("observatory:structure"), {"annee": YEAR})
    assert page.context["training_hours"].total.hours == Decimal(7)
    assert "Heures de formation des salariés en insertion" in page.content.decode()
    client.force_login(world.user("federation"))
    page = client.get(reverse("observatory:network"), {"annee": YEAR})
    rows = page.context["training_hours"].rows
    assert {row.label for row in rows} == {
        world.own.commune.departement.region.name,
        world.other.commune.departement.region.name,
    }
