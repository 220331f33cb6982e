"""Birth dates are plausible: the person is at least the minimum working age (Code du
travail L4153-1: 16) and at most PERSON_MAX_AGE_YEARS old; on pages and API alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework.test import APIClient

from tremplin.people.calculations import birth_date_bounds
from tremplin.people.models import Person

from .conftest import make_person

D = datetime.date


@pytest.fixture(autouse=True)
def _french():
    """Messages are asserted in French, whatever language an earlier test left active."""
    with translation.override("fr"):
        yield


def test_bounds_at_their_limits():
    earliest, latest = birth_date_bounds(D(2026, 12, 1), 100)
    assert latest == D(2010, 12, 1)  # 16 that very day
    assert earliest == D(1926, 12, 1)  # 100 that very day
    # 29 February: 16 years later there is none, the bound is the 28th.
    assert birth_date_bounds(D(2028, 2, 29), 100)[1] == D(2012, 2, 29)
    assert birth_date_bounds(D(2025, 2, 28), 100)[1] == D(2009, 2, 28)


@pytest.mark.parametrize("born", [D(1, 1, 1), D(2090, 1, 1), D(1800, 6, 1)])
def test_implausible_birth_dates_are_refused_by_the_service(world, born):
    with pytest.raises(ValidationError) as refused:
        make_person(world, birth_date=born)
    assert "date de naissance" in str(refused.value.message_dict["birth_date"])
    assert not Person.objects.exists()


def test_the_update_checks_a_new_birth_date(world):
    from tremplin.people.services.persons import person_update

    person = make_person(world, birth_date=D(1990, 5, 17))
    with pytest.raises(ValidationError):
        person_update(actor=world.user("conseiller"), person=person, birth_date=D(2090, 1, 1))
    person.refresh_from_db()
    assert person.birth_date == D(1990, 5, 17)


@pytest.mark.parametrize(("born", "status"), [("0001-01-01", 400), ("2090-01-01", 400)])
def test_the_api_refuses_them_in_french(world, born, status):
    client = APIClient()
    client.force_authenticate(world.user("director"))
    answer = client.post(
        "/api/v1/personnes/",
        {
            "structure": world.own.pk,
            "last_name": "Martin",
            "first_names": "Léa",
            "sex": "F",
            "birth_date": born,
        },
        format="json",
    )
    assert answer.status_code == status
    assert "birth_date" in answer.json()
    assert not Person.objects.exists()
