"""Builders of the recurring part's tests: a household of world.own with a catalogue
service, and an intervenant hired around the pinned day."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tremplin.homecare.models import Household, Quote, QuoteStatus, Service
from tremplin.missions.models import Client
from tremplin.network.models import Activity, Commune
from tremplin.people.services import contracts
from tremplin.people.tests.conftest import make_approval, make_person

DAY = datetime.timedelta(days=1)
T = datetime.time


def make_household(
    world, *, commune="69123", name="Mme Durand", user=None, structure=None, quoted=True
):
    """A household; `quoted`: with an accepted quote, as the law asks before a service of
    100 € a month or more (the tests of that rule make households without one)."""
    structure = structure or world.own
    client = Client.objects.create(
        structure=structure,
        kind="household",
        name=name,
        address="3 rue des Lilas",
        commune=Commune.objects.get(pk=commune),
        user=user,
    )
    household = Household.objects.create(client=client, structure=structure)
    if quoted:
        Quote.objects.create(
            household=household, number=1, status=QuoteStatus.ACCEPTED, accepted_via="paper"
        )
    return household


def make_service(world, *, activity="menage", name="Ménage", structure=None):
    return Service.objects.create(
        structure=structure or world.own,
        name=name,
        activity=activity,
        mode="prestataire",
        work_activity=Activity.objects.get(code="services-personne"),
        price_excl_vat=Decimal("25.00"),
    )


def hire(world, today, *, last_name="Intervenante", number="999990000001", weekly=Decimal(26)):
    """An employee with a PASS and a CDDI from 60 days before `today` to 300 days after."""
    person = make_person(world, last_name=last_name)
    make_approval(world, person, today - 60 * DAY, number=number)
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=today - 60 * DAY,
        planned_end_date=today + 300 * DAY,
        weekly_hours=weekly,
    )
    return person


def next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)
