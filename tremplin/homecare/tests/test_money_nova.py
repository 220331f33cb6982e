"""NOVA statistics: households served, intervenants, hours by activity and turnover, by
month, quarter and year, from the validated hours and the issued invoices."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from tremplin.common.testing import assert_query_count
from tremplin.homecare import nova
from tremplin.homecare.models import Service
from tremplin.missions.models import Assignment, MissionRequest, TimeEntry
from tremplin.missions.services import invoices
from tremplin.network.models import Activity
from tremplin.people.models import Person

from .money_helpers import issued_invoice, make_household

D = datetime.date


class Year:
    """Two households of world.own served in 2026 by two intervenants, in two activities."""

    def __init__(self, world):
        self.world = world
        self.cleaning = Activity.objects.get(code="proprete")
        self.diy = Activity.objects.exclude(code="proprete").order_by("pk").first()
        for name, code, activity in (
            ("Ménage", "menage", self.cleaning),
            ("Petit bricolage", "bricolage", self.diy),
        ):
            Service.objects.create(
                structure=world.own,
                name=name,
                activity=code,
                mode="mise_a_disposition",
                work_activity=activity,
                price_excl_vat=Decimal(25),
            )
        self.durand = make_household(world, "Mme Durand")
        self.roux = make_household(world, "M. Roux")
        self.anna, self.paul = (
            Person.objects.create(
                structure=world.own,
                last_name=last,
                first_names=first,
                sex="F",
                birth_date=D(1990, 1, 1),
            )
            for last, first in (("Martin", "Anna"), ("Petit", "Paul"))
        )
        self.requests = {}

    def hours(self, household, person, activity, day, hours, status="validated", invoice=None):
        request = self.requests.get((household.pk, activity.pk))
        if request is None:
            request = self.requests[(household.pk, activity.pk)] = MissionRequest.objects.create(
                structure=household.structure,
                client=household.client,
                activity=activity,
                commune=household.client.commune,
                start_date=D(2026, 1, 1),
                end_date=D(2026, 12, 31),
                hours=Decimal(500),
            )
        assignment = Assignment.objects.create(
            request=request,
            person=person,
            date=day,
            start_time=datetime.time(9),
            end_time=datetime.time(9 + int(hours)),
            hours=Decimal(hours),
        )
        return TimeEntry.objects.create(
            structure=household.structure,
            person=person,
            client=household.client,
            assignment=assignment,
            date=day,
            hours=Decimal(hours),
            status=status,
            invoice=invoice,
        )


@pytest.fixture
def year(world):
    data = Year(world)
    january = issued_invoice(
        world, data.durand, hours="4", rate="25.00", month=D(2026, 1, 1), issued_on=D(2026, 2, 3)
    )  # 100 €
    data.hours(data.durand, data.anna, data.cleaning, D(2026, 1, 5), 3, invoice=january)
    data.hours(data.durand, data.paul, data.diy, D(2026, 1, 12), 1, invoice=january)
    data.hours(data.durand, data.anna, data.cleaning, D(2026, 2, 2), 2)
    data.hours(data.roux, data.anna, data.cleaning, D(2026, 2, 9), 2)
    data.hours(data.roux, data.paul, data.diy, D(2026, 4, 6), 2)
    data.hours(data.roux, data.paul, data.diy, D(2026, 4, 13), 5, status="draft")  # not done
    data.hours(data.roux, data.paul, data.diy, D(2025, 12, 29), 2)  # another year
    data.january = january
    return data


def _figures(table, label):
    with translation.override("fr"):
        return next(row[1:] for row in table.rows() if str(row[0]) == label)


def test_months_count_households_intervenants_hours_and_turnover(world, year):
    with translation.override("fr"):
        table = nova.nova_table(
            actor=world.user("accountant"),
            structure_id=world.own.pk,
            year=2026,
            granularity="month",
        )
    assert [str(p.label) for p in table.periods][:2] == ["janvier 2026", "février 2026"]
    january, february, _march, april = table.periods[:4]
    assert (len(january.households), len(january.intervenants)) == (1, 2)
    assert dict(january.hours) == {"menage": Decimal(3), "bricolage": Decimal(1)}
    # The January invoice of 100 € is spread over its hours: 3 h of housework, 1 h of DIY.
    assert january.turnover == {"menage": Decimal(75), "bricolage": Decimal(25)}
    assert (len(february.households), february.hours_total) == (2, Decimal(4))
    assert april.hours == {"bricolage": Decimal(2)}  # the draft hours are not done yet
    assert [code for code, _label in table.activities] == ["menage", "bricolage"]


def test_a_quarter_counts_each_household_once(world, year):
    table = nova.nova_table(
        actor=world.user("director"), structure_id=world.own.pk, year=2026, granularity="quarter"
    )
    first, second, third, _fourth = table.periods
    assert len(first.households) == 2  # Mme Durand in January and February, M. Roux in February
    assert len(first.intervenants) == 2 and first.hours_total == Decimal(8)
    assert (len(second.households), second.hours_total) == (1, Decimal(2))
    assert len(third.households) == 0
    yearly = nova.nova_table(
        actor=world.user("director"), structure_id=world.own.pk, year=2026, granularity="year"
    )
    (only,) = yearly.periods
    assert (len(only.households), only.hours_total, only.turnover_total) == (
        2,
        Decimal(10),
        Decimal(100),
    )
    assert _figures(yearly, "Foyers servis") == [2]
    assert _figures(yearly, "Heures — total") == [Decimal(10)]


def test_a_credit_note_counts_against_its_invoice_month(world, year):
    invoices.credit_note_create(
        actor=world.user("accountant"),
        invoice=year.january,
        reason="Geste commercial",
        amount=Decimal("20.00"),
        issued_on=D(2026, 3, 1),
    )
    table = nova.nova_table(
        actor=world.user("accountant"), structure_id=world.own.pk, year=2026, granularity="month"
    )
    january = table.periods[0]
    assert january.turnover_total == Decimal(80)
    assert january.turnover == {"menage": Decimal(60), "bricolage": Decimal(20)}


def test_another_structure_and_staff_only(world, year):
    theirs = make_household(world, "Foyer Breton", structure=world.other)
    year.hours(theirs, year.anna, year.cleaning, D(2026, 1, 7), 4)
    mine = nova.nova_table(
        actor=world.user("accountant"), structure_id=world.own.pk, year=2026, granularity="year"
    )
    assert len(mine.periods[0].households) == 2
    # Asked for another structure, or by someone who sees no hours, it is all zeros.
    for actor, structure in (
        (world.user("accountant"), world.other),
        (world.user("delegate"), world.own),
        (world.user("household"), world.own),
    ):
        table = nova.nova_table(
            actor=actor, structure_id=structure.pk, year=2026, granularity="year"
        )
        assert table.periods[0].hours_total == 0 and not table.periods[0].households


def test_the_year_in_a_fixed_number_of_queries(world, year):
    for day in range(1, 28):
        year.hours(year.roux, year.anna, year.cleaning, D(2026, 6, day), 1)
    with assert_query_count(4):
        nova.nova_table(
            actor=world.user("accountant"),
            structure_id=world.own.pk,
            year=2026,
            granularity="month",
        )
