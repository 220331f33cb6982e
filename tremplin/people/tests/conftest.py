import datetime

import pytest

from tremplin.conftest import make_structure, pinned_today
from tremplin.people.services import approvals, eligibility, persons

TODAY = pinned_today()  # the day every test is pinned to (tremplin/conftest.py)


def make_person(world, *, structure=None, **fields):
    defaults = {
        "last_name": "Martin",
        "first_names": "Léa",
        "sex": "F",
        "birth_date": datetime.date(1990, 5, 17),
    }
    defaults.update(fields)
    return persons.person_create(
        actor=world.user("conseiller") if structure is None else world.user("federation"),
        structure=structure or world.own,
        **defaults,
    )


def make_eligible(world, person, made_on, criteria=("l1_rsa",)):
    return eligibility.diagnosis_create(
        actor=world.user("conseiller"),
        person=person,
        author_kind="employer",
        author_name="Karim",
        made_on=made_on,
        criteria=list(criteria),
    )


def make_approval(world, person, start, number="999990000001"):
    make_eligible(world, person, start)
    return approvals.approval_issue(
        actor=world.user("conseiller"), person=person, number=number, start_date=start
    )


@pytest.fixture
def person(world):
    return make_person(world)


@pytest.fixture
def aci(world):
    from tremplin.accounts.services import structure_membership_add

    structure = make_structure(
        actor=world.user("federation"), name="ACI du Rhône", siret="55210055400013", kind="ACI"
    )
    structure_membership_add(user=world.user("conseiller"), structure=structure, role="conseiller")
    return structure
