"""Each indicator on a small data set built by hand, its values worked out by hand."""

from decimal import Decimal
from fractions import Fraction

import pytest

from tremplin.missions.models import Assignment, Client, MissionRequest, TimeEntry
from tremplin.network.models import Activity, Commune
from tremplin.observatory.compute import slice_figures
from tremplin.people.models.accompaniment import Barrier, BarrierStatusChange

from .conftest import D, contract, leave, person


def _figures(structure, year=2025):
    return {
        (f.period, f.key, f.category): (f.value, f.people) for f in slice_figures(structure, year)
    }


@pytest.fixture
def paths(world):
    """Five people of an AI (world.own); C's path ended in 2024."""
    a = person(
        world,
        "A",
        "F",
        D(2001, 3, 1),
        rsa_since=D(2023, 1, 1),
        qpv=True,
        education_level="51",
        job_seeker_since=D(2023, 6, 1),
    )
    contract(a, D(2024, 10, 1), D(2025, 6, 30), 20)
    leave(a, D(2025, 6, 30), "durable", True, 9)
    b = person(
        world,
        "B",
        "M",
        D(1970, 5, 10),
        rqth=True,
        ass_since=D(2024, 12, 1),
        education_level="40",
        job_seeker_since=D(2024, 10, 1),
    )
    contract(b, D(2025, 2, 1), D(2025, 12, 31), 26)
    c = person(world, "C", "F", D(1990, 1, 1))
    contract(c, D(2023, 1, 1), D(2024, 12, 31), 26)
    d = person(world, "D", "M", D(1985, 7, 7), aah_since=D(2026, 1, 1))
    contract(d, D(2025, 11, 1), None, 35)
    e = person(world, "E", "F", D(2000, 6, 1))
    contract(e, D(2025, 1, 10), D(2025, 2, 15), 20)
    leave(e, D(2025, 2, 15), "transition", False, 1)
    barrier = Barrier.objects.create(person=a, category="mobility", identified_on=D(2025, 2, 1))
    BarrierStatusChange.objects.create(barrier=barrier, status="lifted", date=D(2025, 5, 1))
    old = Barrier.objects.create(person=b, category="housing", identified_on=D(2024, 12, 1))
    BarrierStatusChange.objects.create(barrier=old, status="lifted", date=D(2025, 3, 1))
    return a, b, c, d, e


def test_people_entries_and_profile(world, paths):
    f = _figures(world.own)
    assert f["Y", "accompanied", ""] == (4, 4)  # A, B, D, E (C left in 2024)
    assert f["Y", "entries", ""] == (3, 3)  # B, D, E (A entered in 2024)
    profile = {cat: value for (m, key, cat), (value, _n) in f.items() if key == "profile"}
    assert profile == {
        "women": 2,  # A, E
        "under_26": 2,  # A 23 on 1 Jan, E 24 on entry (10 Jan)
        "over_50": 1,  # B, 54 on entry
        "rsa": 1,  # A
        "ass": 1,  # B since Dec. 2024, before entry
        "qpv": 1,  # A
        "rqth": 1,  # B (encrypted, read in Python)
        "low_education": 1,  # A (CAP/BEP diploma); B has the baccalauréat level
        "long_term_job_seeker": 1,  # A, 19 months; B only 4 months before entry
    }  # D's AAH starts in 2026: not counted


def test_exits_rates_and_path_length(world, paths):
    from tremplin.observatory.selectors import NETWORK, Area, exit_rates, median_months

    f = _figures(world.own)
    assert f["Y", "exits", "durable"] == (1, 1) and f["Y", "exits", "transition"] == (1, 1)
    assert f["Y", "counted_exits", "durable"] == (1, 1)
    assert ("Y", "counted_exits", "transition") not in f  # E left after a month: not counted
    sums = {(k, c): v for (m, k, c), v in f.items()}
    own = Area("structure", "own", structure=world.own, protected=False)
    assert exit_rates(sums, own) == (1, Decimal(100), Decimal(100))
    assert exit_rates(sums, NETWORK) == (None, None, None)  # 1 person: hidden outside
    assert f["Y", "path_length", "09"] == (1, 1) and f["Y", "path_length", "01"] == (1, 1)
    assert median_months({"01": Decimal(1), "09": Decimal(1)}) == 1  # the lower median


def test_hours_etp_and_aide_au_poste_from_contracts(world, paths):
    """No time entry: weekly hours × days under contract ÷ 7. A: 181 days at 20 h; B: 334
    at 26 h; D: 61 at 35 h; E: 37 at 20 h."""
    f = _figures(world.own)
    hours = Fraction(20 * 181 + 26 * 334 + 35 * 61 + 20 * 37, 7)  # 15 179 / 7
    assert f["Y", "hours", "contracts"] == (Decimal("2168.43"), 4)
    assert f["M01", "hours", "contracts"][0] == Decimal(
        float(Fraction(20 * 31 + 20 * 22, 7))
    ).quantize(Decimal("0.01"))  # January: A 31 days, E 22 days
    etp = hours / 1607  # the AI's reference hours (rules table)
    assert abs(f["Y", "etp", "AI"][0] - Decimal(float(etp))) < Decimal("0.01")
    aide = etp * 1619  # € per ETP for an AI from 1 Nov. 2024
    assert abs(f["Y", "aide_poste", "AI"][0] - Decimal(float(aide))) <= Decimal("0.02")


@pytest.mark.parametrize(
    ("kind", "reference", "amount"), [("EITI", 1505, 6570), ("ETTI", 1607, 4781)]
)
def test_etp_per_mesure(world, paths, kind, reference, amount):
    world.own.kind = kind
    world.own.save()
    f = _figures(world.own)
    etp = Fraction(15179, 7) / reference
    assert abs(f["Y", "etp", kind][0] - Decimal(float(etp))) < Decimal("0.01")
    assert abs(f["Y", "aide_poste", kind][0] - Decimal(float(etp * amount))) <= Decimal("0.02")


def test_aide_au_poste_is_not_estimated_before_the_first_known_amount(world, paths):
    f = _figures(world.own, 2024)  # amounts known from November 2024 only
    assert ("M10", "aide_poste", "AI") not in f and ("M11", "aide_poste", "AI") in f
    assert ("M10", "etp", "AI") in f


def test_barriers_identified_and_lifted(world, paths):
    f = _figures(world.own)
    assert f["Y", "barriers_identified", "mobility"] == (1, 1)
    assert ("Y", "barriers_identified", "housing") not in f  # identified in 2024
    assert f["Y", "barriers_lifted", "mobility"] == (1, 1)
    assert f["Y", "barriers_lifted", "housing"] == (1, 1)


def test_validated_hours_mission_hours_and_unmet_demand(world, paths):
    a, b, *_rest = paths
    lyon = Commune.objects.get(pk="69123")
    activity = Activity.objects.get(code="proprete")
    household = Client.objects.create(
        structure=world.own, kind="household", name="H", address="x", commune=lyon
    )
    company = Client.objects.create(
        structure=world.own, kind="company", name="C", address="x", commune=lyon
    )
    request = MissionRequest.objects.create(
        structure=world.own,
        client=household,
        activity=activity,
        commune=lyon,
        start_date=D(2025, 1, 1),
        end_date=D(2025, 12, 31),
        hours=Decimal(365),
    )
    Assignment.objects.create(
        request=request,
        person=a,
        date=D(2025, 3, 3),
        start_time="08:00",
        end_time="18:00",
        hours=Decimal(10),
    )
    for who, client, day, hours, status in (
        (a, household, D(2025, 3, 3), 10, "validated"),
        (b, company, D(2025, 4, 7), 6, "validated"),
        (b, company, D(2025, 4, 8), 5, "draft"),  # not validated: not counted
    ):
        TimeEntry.objects.create(
            structure=world.own,
            person=who,
            client=client,
            date=day,
            hours=Decimal(hours),
            status=status,
        )
    f = _figures(world.own)
    assert f["Y", "hours", "time_entries"] == (Decimal(16), 2)  # entries replace contracts
    assert f["M03", "hours", "time_entries"] == (Decimal(10), 1)
    assert f["M04", "hours", "time_entries"] == (Decimal(6), 1)
    assert ("Y", "hours", "contracts") not in f
    assert f["Y", "mission_hours", "household"] == (Decimal(10), 1)
    assert f["Y", "mission_hours", "company"] == (Decimal(6), 1)
    assert f["Y", "unmet_demand", "69|proprete"] == (Decimal(355), 1)  # 365 asked, 10 assigned


def test_figures_hold_no_row_per_person(world, paths):
    """Every row is a count or a sum over a structure's year: no field names a person."""
    from tremplin.observatory.models import Figure

    fields = {f.name for f in Figure._meta.get_fields()}
    assert fields == {"id", "structure", "year", "period", "key", "category", "value", "people"}
    categories = {f.category for f in slice_figures(world.own, 2025)}
    names = {"A", "B", "C", "D", "E"}
    assert not categories & names


def test_path_length_bands_and_etp_by_mesure_on_the_dashboard(world, paths):
    from tremplin.observatory import maintenance
    from tremplin.observatory.selectors import Area, dashboard

    maintenance.rebuild(years=[2025])
    own = Area("structure", "own", structure=world.own, protected=False)
    board = dashboard(area=own, year=2025, actor=world.user("director"))
    bands = board.table("path_length")
    assert [row[0] for row in bands.cells] == [1, 0, 1, 0, 0]  # E: 1 month, A: 9 months
    etp = board.table("etp")
    ai = etp.cells[etp.rows.index("AI")]
    assert ai[0] == Decimal("2168.43") and ai[1] == Decimal("1.35")
    assert not etp.shows_row_totals


def test_every_figure_for_any_period_of_the_year(world, paths):
    """Halves, quarters and months: people are counted once a period, events fall in the
    periods of their day, hours add their months up."""
    f = _figures(world.own)
    assert f["Q1", "accompanied", ""] == (3, 3)  # A, B (from Feb.), E (Jan.–Feb.)
    assert f["Q1", "entries", ""] == (2, 2)  # B, E
    assert f["Q4", "accompanied", ""] == (2, 2)  # B, D (from Nov.)
    assert f["Q4", "entries", ""] == (1, 1)  # D
    assert f["H2", "accompanied", ""] == (2, 2)  # A left on 30 June
    assert f["M06", "exits", "durable"] == (1, 1) and f["Q2", "exits", "durable"] == (1, 1)
    assert f["M02", "exits", "transition"] == (1, 1) and ("Q2", "exits", "transition") not in f
    assert ("Q4", "profile", "women") not in f and f["Q4", "profile", "over_50"] == (1, 1)
    # Q1: A 90 days at 20 h, B 59 days at 26 h, E 37 days at 20 h: (1 800 + 1 534 + 740) / 7.
    assert f["Q1", "hours", "contracts"] == (Decimal(582), 3)
    assert f["M05", "barriers_lifted", "mobility"] == (1, 1)
    assert f["Q1", "barriers_lifted", "housing"] == (1, 1)


def test_the_dashboard_of_a_quarter(world, paths, client):
    from django.urls import reverse

    from tremplin.observatory import maintenance

    maintenance.rebuild(years=[2025])
    client.force_login(world.user("director"))
    response = client.get(reverse("observatory:structure"), {"annee": 2025, "periode": "Q1"})
    assert response.context["board"].headlines[0].value == 3
    assert ("Q1", "Trimestre 1") in response.context["periods"]
    fallback = client.get(reverse("observatory:structure"), {"annee": 2025, "periode": "Z9"})
    assert fallback.context["period"] == "Y" and fallback.context["board"].headlines[0].value == 4
