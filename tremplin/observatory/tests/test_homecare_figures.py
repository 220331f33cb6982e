"""The home-services figures of a slice, on a world built by hand: households served
(counted once), hours by activity of the Code du travail, households under the immediate
advance, intervenants in an insertion path — each worked out by hand."""

import datetime
from decimal import Decimal

import pytest

from tremplin.homecare.models import AdvanceStatus, Household, PaymentRequest, Service
from tremplin.homecare.models.advance import RequestStatus
from tremplin.homecare.tests.advance_fixtures import enrol
from tremplin.homecare.tests.money_helpers import issued_invoice, make_household
from tremplin.missions.models import Assignment, Client, MissionRequest, TimeEntry
from tremplin.network.models import Activity, Commune
from tremplin.observatory import maintenance
from tremplin.observatory.compute import slice_figures
from tremplin.observatory.models import StaleSlice
from tremplin.people.models import Approval

from .conftest import D, contract, person

YEAR = 2025


class Homes:
    """world.own's home services in 2025: three households, three intervenants.

    - Mme Durand: Anna's housework in January (3 h) and February (2 h), Paul's DIY in
      January (1 h), Léa's housework on 3 March (1 h); invoiced for January too (served
      twice a month: counted once); enrolled in the immediate advance on 15 February.
    - M. Roux: Paul's DIY in April (2 h; 5 h more still to validate), Léa's housework in
      May (2 h), Anna's hour of an activity outside the catalogue on 2 June; his April
      invoice waits for his validation at URSSAF.
    - Mme Blanc: no hours, an issued March invoice whose payment request was never sent.
    Anna: CDDI and a PASS all year. Paul: CDDI, no PASS. Léa: CDDI, her PASS ended on
    31 March. Anna also worked 4 h for a company: not a home service."""

    def __init__(self, world):
        self.world = world
        self.cleaning = Activity.objects.get(code="proprete")
        self.diy, self.elsewhere = Activity.objects.exclude(code="proprete").order_by("pk")[:2]
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
        self.blanc = make_household(world, "Mme Blanc")
        self.anna = person(world, "Martin", "F", D(1990, 1, 1))
        self.paul = person(world, "Petit", "M", D(1985, 1, 1))
        self.lea = person(world, "Roy", "F", D(1995, 1, 1))
        for p in (self.anna, self.paul, self.lea):
            contract(p, D(2024, 9, 1), D(2026, 8, 31), 26)
        self._pass(self.anna, "AAAAAAAAAAA1", D(2024, 9, 1), D(2026, 8, 31))
        self._pass(self.lea, "AAAAAAAAAAA2", D(2023, 4, 1), D(2025, 3, 31))
        self.requests = {}

    @staticmethod
    def _pass(p, number, start, end):
        Approval.objects.create(person=p, number=number, start_date=start, end_date=end)

    def hours(self, household, who, activity, day, hours, status="validated"):
        key = (household.client_id, activity.pk)
        if key not in self.requests:
            self.requests[key] = MissionRequest.objects.create(
                structure=household.structure,
                client=household.client,
                activity=activity,
                commune=household.client.commune,
                start_date=D(2024, 1, 1),
                end_date=D(2025, 12, 31),
                hours=Decimal(500),
            )
        assignment = Assignment.objects.create(
            request=self.requests[key],
            person=who,
            date=day,
            start_time=datetime.time(9),
            end_time=datetime.time(9 + int(hours)),
            hours=Decimal(hours),
        )
        return TimeEntry.objects.create(
            structure=household.structure,
            person=who,
            client=household.client,
            assignment=assignment,
            date=day,
            hours=Decimal(hours),
            status=status,
        )

    def build(self):
        w = self.world
        self.hours(self.durand, self.anna, self.cleaning, D(2025, 1, 6), 3)
        self.hours(self.durand, self.anna, self.cleaning, D(2025, 2, 3), 2)
        self.hours(self.durand, self.paul, self.diy, D(2025, 1, 13), 1)
        self.hours(self.durand, self.lea, self.cleaning, D(2025, 3, 3), 1)
        self.hours(self.roux, self.paul, self.diy, D(2025, 4, 7), 2)
        self.hours(self.roux, self.paul, self.diy, D(2025, 4, 14), 5, status="draft")
        self.hours(self.roux, self.lea, self.cleaning, D(2025, 5, 5), 2)
        self.hours(self.roux, self.anna, self.elsewhere, D(2025, 6, 2), 1)
        self.hours(self.roux, self.paul, self.diy, D(2024, 12, 30), 2)  # another year
        company = Client.objects.create(
            structure=w.own,
            kind="company",
            name="Garage Dupont",
            address="1 rue",
            commune=Commune.objects.get(pk="69123"),
        )
        TimeEntry.objects.create(
            structure=w.own,
            person=self.anna,
            client=company,
            date=D(2025, 1, 7),
            hours=Decimal(4),
            status="validated",
        )
        issued_invoice(w, self.durand, month=D(2025, 1, 1), issued_on=D(2025, 2, 3))
        april = issued_invoice(w, self.roux, month=D(2025, 4, 1), issued_on=D(2025, 5, 5))
        march = issued_invoice(w, self.blanc, month=D(2025, 3, 1), issued_on=D(2025, 4, 2))
        enrolment = enrol(self.durand)
        enrolment.sent_at = datetime.datetime(2025, 2, 15, 10, tzinfo=datetime.UTC)
        enrolment.save()
        for household, invoice, status in (
            (self.roux, april, RequestStatus.WAITING),
            (self.blanc, march, RequestStatus.TO_SEND),
        ):
            PaymentRequest.objects.create(
                structure=w.own, household=household, invoice=invoice, status=status, amount=1
            )
        return self


@pytest.fixture
def homes(world):
    return Homes(world).build()


def _figures(structure, year=YEAR):
    return {
        (f.period, f.key, f.category): (f.value, f.people)
        for f in slice_figures(structure, year)
        if f.key.startswith("sap_")
    }


def test_a_household_served_twice_counts_once(world, homes):
    f = _figures(world.own)
    # Durand (hours and an invoice in January), Roux (hours), Blanc (an invoice): three.
    served = {p: f.get(("Y", "sap_households", p), (0, 0)) for p in ("advance", "other")}
    assert served["advance"][0] + served["other"][0] == 3
    assert f["M01", "sap_households", "other"] == (1, 1)  # Durand, hours and invoice: once
    assert f["Q1", "sap_households", "advance"][0] + f["Q1", "sap_households", "other"][0] == 2
    assert ("Q3", "sap_households", "other") not in f  # nobody served in the third quarter


def test_hours_by_activity_sum_to_the_hours_done(world, homes):
    f = _figures(world.own)
    by_activity = {c: v for (p, k, c), (v, _n) in f.items() if p == "Y" and k == "sap_hours"}
    # Housework 3 + 2 + 1 + 2, DIY 1 + 2 (the draft and last year's left out), 1 h outside.
    assert by_activity == {"menage": 8, "bricolage": 3, "other": 1}
    assert sum(by_activity.values()) == 12
    # A cell counts the fewer of its households and intervenants: DIY, Paul alone.
    assert f["Y", "sap_hours", "bricolage"] == (3, 1)
    assert f["Y", "sap_hours", "menage"] == (8, 2)
    assert f["Q2", "sap_hours", "menage"] == (2, 1)


def test_immediate_advance_by_the_enrolment_date_and_payment_requests(world, homes):
    f = _figures(world.own)
    # January: Durand served, enrolled only on 15 February.
    assert ("M01", "sap_households", "advance") not in f
    assert f["M02", "sap_households", "advance"] == (1, 1)
    # April: Roux's request is at URSSAF (waiting for him); Blanc's was never sent.
    assert f["M04", "sap_households", "advance"] == (1, 1)
    assert f["M03", "sap_households", "other"] == (1, 1)  # Blanc (Durand: enrolled)
    assert f["Y", "sap_households", "advance"] == (2, 2)
    assert f["Y", "sap_households", "other"] == (1, 1)


def test_an_enrolment_refused_or_pending_is_not_the_advance(world, homes):
    Household.objects.filter(pk=homes.durand.pk).update(advance_status=AdvanceStatus.PENDING)
    f = _figures(world.own)
    assert f["Q1", "sap_households", "other"] == (2, 2)  # Durand and Blanc


def test_intervenants_in_an_insertion_path_on_the_days_of_their_hours(world, homes):
    f = _figures(world.own)
    # Anna (PASS) and Léa (PASS until 31 March, hours on 3 March) in Q1; Paul has no PASS.
    assert f["Q1", "sap_intervenants", "insertion"] == (2, 2)
    assert f["Q1", "sap_intervenants", "other"] == (1, 1)
    # Q2: Léa's May hours come after her PASS; Anna's June hour is in her path.
    assert f["Q2", "sap_intervenants", "insertion"] == (1, 1)
    assert f["Q2", "sap_intervenants", "other"] == (2, 2)
    assert f["Y", "sap_intervenants", "insertion"] == (2, 2)
    assert f["Y", "sap_intervenants", "other"] == (1, 1)


def test_a_pass_without_an_insertion_contract_is_not_a_path(world, homes):
    homes.anna.contracts.update(kind="other")
    f = _figures(world.own)
    assert f["Y", "sap_intervenants", "insertion"] == (1, 1)  # Léa only


def test_a_structure_without_home_services_has_no_sap_figures(world, homes):
    assert _figures(world.other) == {}


def test_home_services_mark_their_slices_stale(world, homes, settings):
    settings.OBSERVATORY_REFRESH = "deferred"
    StaleSlice.objects.all().delete()
    homes.lea.approvals.update(end_date=D(2025, 6, 30))  # a queryset update: no signal
    assert not StaleSlice.objects.exists()
    approval = homes.lea.approvals.get()
    approval.save()
    assert set(StaleSlice.objects.values_list("structure_id", "year")) == {
        (world.own.pk, 2023),
        (world.own.pk, 2024),
        (world.own.pk, 2025),
    }
    StaleSlice.objects.all().delete()
    request = PaymentRequest.objects.get(household=homes.blanc)
    request.status = RequestStatus.INTEGRATED
    request.save()
    assert set(StaleSlice.objects.values_list("year", flat=True)) == {2025}
    maintenance.refresh_stale()
    assert not StaleSlice.objects.exists()
