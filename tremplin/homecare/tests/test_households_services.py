"""The household file through its services: a missions client of kind household and its
Household, members, financings, usual intervenants — refused alike to who may not plan."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tremplin.homecare.models import Financing, Household, HouseholdMember
from tremplin.homecare.services import households
from tremplin.missions.models import Client
from tremplin.network.models import Commune, Departement
from tremplin.people.models import Person
from tremplin.people.tests.conftest import make_person

from .households_helpers import make_household

pytestmark = pytest.mark.django_db


def test_a_household_is_a_missions_client_of_kind_household(world):
    household = make_household(world, access_instructions="Code 12A, chien gentil")
    client = household.client
    assert (client.kind, client.structure, client.name, client.siret) == (
        "household",
        world.own,
        "Foyer Martin",
        "",
    )
    assert household.structure == world.own
    assert household.access_instructions == "Code 12A, chien gentil"
    assert household.advance_status == "not_enrolled"
    assert client.user == world.user("household")


@pytest.mark.parametrize("role", ["accountant", "employee", "household", "delegate"])
def test_who_may_not_plan_creates_no_household(world, role):
    with pytest.raises(PermissionDenied):
        households.household_create(
            actor=world.user(role),
            structure=world.own,
            name="Foyer Refusé",
            address="1 rue",
            commune=Commune.objects.get(pk="69123"),
        )
    assert not Client.objects.filter(name="Foyer Refusé").exists()
    assert not Household.objects.exists()


def test_an_apa_needs_its_departement_and_hours(world):
    household = make_household(world)
    with pytest.raises(ValidationError) as error:
        households.financing_add(
            actor=world.user("planner"),
            household=household,
            kind="apa",
            funder="Métropole de Lyon",
            starts_on=datetime.date(2026, 1, 1),
        )
    assert set(error.value.message_dict) == {"departement", "hours_per_month"}
    assert not Financing.objects.exists()
    financing = households.financing_add(
        actor=world.user("planner"),
        household=household,
        kind="apa",
        funder="Métropole de Lyon",
        starts_on=datetime.date(2026, 1, 1),
        departement=Departement.objects.get(code="69"),
        hours_per_month=Decimal("22.5"),
    )
    assert (financing.departement_id, financing.hours_per_month) == ("69", Decimal("22.5"))
    # A prepaid CESU names its issuer, and needs neither.
    households.financing_add(
        actor=world.user("planner"),
        household=household,
        kind="cesu_prepaid",
        funder="Edenred",
        starts_on=datetime.date(2026, 1, 1),
    )
    assert household.financings.count() == 2


def test_a_financing_ends_after_it_starts(world):
    household = make_household(world)
    with pytest.raises(ValidationError) as error:
        households.financing_add(
            actor=world.user("planner"),
            household=household,
            kind="pension_fund",
            funder="Caisse",
            starts_on=datetime.date(2026, 1, 2),
            ends_on=datetime.date(2026, 1, 1),
        )
    assert "ends_on" in error.value.message_dict


def test_members_are_added_and_removed(world):
    household = make_household(world)
    member = households.household_member_add(
        actor=world.user("planner"),
        household=household,
        first_name="Jeanne",
        relation="beneficiary",
        birth_date=datetime.date(1940, 3, 2),
    )
    assert list(household.members.all()) == [member]
    with pytest.raises(PermissionDenied):
        households.household_member_remove(actor=world.user("accountant"), member=member)
    households.household_member_remove(actor=world.user("planner"), member=member)
    assert not HouseholdMember.objects.exists()


def test_usual_intervenants_are_people_of_the_structure(world):
    household = make_household(world)
    ours = make_person(world, last_name="Nôtre")
    theirs = Person.objects.create(
        structure=world.other,
        last_name="Autre",
        first_names="Zoé",
        sex="F",
        birth_date=datetime.date(1980, 1, 1),
    )
    with pytest.raises(ValidationError):
        households.household_update(
            actor=world.user("planner"),
            household=household,
            access_instructions="",
            notes="",
            usual_intervenants=[ours, theirs],
        )
    assert not household.usual_intervenants.exists()
    households.household_update(
        actor=world.user("planner"),
        household=household,
        access_instructions="Boîte à clés 4521",
        notes="Préfère le matin",
        usual_intervenants=[ours],
    )
    household.refresh_from_db()
    assert list(household.usual_intervenants.all()) == [ours]
    assert household.access_instructions == "Boîte à clés 4521"
