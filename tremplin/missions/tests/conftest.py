import datetime
from decimal import Decimal

import pytest

from tremplin.missions.models import Client, MissionRequest, PriceItem, VatRule
from tremplin.network.models import Activity, Commune
from tremplin.people.services import contracts
from tremplin.people.tests.conftest import make_approval, make_person

D = datetime.date
START = D(2025, 1, 6)  # a Monday


def make_client(world, kind="company", name="Société Martin", structure=None):
    return Client.objects.create(
        structure=structure or world.own,
        kind=kind,
        name=name,
        address="1 rue du Port",
        commune=Commune.objects.get(pk="69123"),
    )


REQUEST_END = D(2027, 12, 31)


def make_request(world, client, start=START, end=REQUEST_END):
    return MissionRequest.objects.create(
        structure=client.structure,
        client=client,
        activity=Activity.objects.get(code="proprete"),
        commune=client.commune,
        start_date=start,
        end_date=end,
        hours=Decimal(1000),
    )


def validated_hours(world, employee, client, requests, *, first=START):
    """A morning of 4 hours a day from `first` on, one day per request listed, entered
    then validated: the client's month is ready to invoice."""
    from tremplin.missions.models import TimeEntry
    from tremplin.missions.services import hours
    from tremplin.missions.services.assignments import assignment_create

    for offset, request in enumerate(requests):
        assignment = assignment_create(
            actor=world.user("planner"),
            request=request,
            person=employee,
            day=first + datetime.timedelta(days=offset),
            start=datetime.time(8),
            end=datetime.time(12),
        )
        hours.time_entry_create(
            actor=world.user("planner"),
            person=employee,
            client=client,
            date=assignment.date,
            hours=Decimal(4),
            assignment=assignment,
        )
    hours.time_entries_validate(
        actor=world.user("planner"), entries=TimeEntry.objects.filter(client=client)
    )


def hire(world, last_name: str, pass_number: str, weekly_hours=26, kind="cddi"):
    """An employee of world.own with a PASS and a CDDI from START to the end of 2025."""
    person = make_person(world, last_name=last_name)
    make_approval(world, person, START, number=pass_number)
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind=kind,
        start_date=START,
        planned_end_date=D(2025, 12, 31),
        weekly_hours=Decimal(weekly_hours),
    )
    return person


@pytest.fixture
def employee(world):
    person = make_person(world, last_name="Employee")
    make_approval(world, person, START)
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=START,
        planned_end_date=D(2026, 12, 31),
        weekly_hours=Decimal(35),
        extension_ground="",
    )
    return person


@pytest.fixture
def prices(world):
    PriceItem.objects.create(
        structure=world.own,
        activity=Activity.objects.get(code="proprete"),
        hourly_rate=Decimal("21.50"),
    )
    VatRule.objects.create(
        structure=world.own,
        client_kind="company",
        rate=Decimal(20),
        legal_reference="TVA au taux normal",
    )
