"""Disclosure control over a release, proved: for the public (network) release and a
delegate's (the delegation's page with the network's, which the delegate also reads), no
hidden value is recoverable, exactly, from everything published with it.

The check here is independent of the engine: exact rational arithmetic, structure by
structure (not the engine's atoms), each published value written as a sum of base
figures of the structures it adds up; a reader is even granted that every empty base
figure is known to be empty. A hidden value is recoverable iff its vector lies in the row
space of the published vectors (the rank does not grow when it is added)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tremplin.conftest import make_structure
from tremplin.network.demo import siret_for
from tremplin.observatory import release
from tremplin.observatory.disclosure import Cell, Reason, Rules, primary, protect
from tremplin.observatory.models import Figure
from tremplin.observatory.selectors import NETWORK, Area, _read
from tremplin.rules import rule

YEAR = 2025


# The exact check -------------------------------------------------------------------------


def _vector(spec, data: release.Data) -> dict:
    """The spec over (structure, family, base figure), with exact coefficients."""
    mask = data.mask(spec.where)
    pks = data.attributes["pk"][mask]
    kinds = data.attributes["kind"][mask]
    vector: dict = defaultdict(Fraction)
    for pk, kind in zip(pks, kinds, strict=True):
        for key, category in spec.source:
            coefficient = Fraction(1)
            if key in release.DERIVED:
                hours = Fraction(rule(f"etp.reference_hours.{kind}", data.last))
                coefficient = 1 / hours
                if key == "aide_poste":
                    coefficient *= Fraction(rule(f"aide_poste.{kind}", data.last))
            for family, base in release._bases(key, category):
                vector[pk, family, base] += coefficient
    return {k: c for k, c in vector.items() if c}


def _rank(rows: list[dict]) -> int:
    """Rank of sparse rational rows (Gaussian elimination)."""
    pivots: dict = {}  # column -> reduced row with a 1 there
    rank = 0
    for row in rows:
        row = dict(row)
        for column, pivot in pivots.items():
            if column in row:
                factor = row[column]
                for k, c in pivot.items():
                    row[k] = row.get(k, 0) - factor * c
                row = {k: c for k, c in row.items() if c}
        if row:
            column = min(row, key=repr)
            lead = row[column]
            pivots[column] = {k: c / lead for k, c in row.items()}
            for other in pivots.values():
                if other is not pivots[column] and column in other:
                    factor = other[column]
                    for k, c in pivots[column].items():
                        other[k] = other.get(k, 0) - factor * c
                    for k in [k for k, c in other.items() if not c]:
                        del other[k]
            rank += 1
    return rank


def recoverable(releases: list[tuple[release.Release, release.Data]]) -> list:
    """The hidden specs of `releases` (what one reader sees) that the published ones give
    back exactly."""
    published, hidden = [], []
    for rel, data in releases:
        for spec, value in zip(rel.specs, rel.values, strict=True):
            vector = _vector(spec, data)
            if vector:
                (hidden if value.reason else published).append((spec, vector))
    data = releases[0][1]
    present = set()
    for (key, category), (s, _v, _n) in data.rows.items():
        pks = data.attributes["pk"][s]
        for family, base in release._bases(key, category):
            if key in release.DERIVED or (key == "hours" and category == "time_entries"):
                continue
            present |= {(pk, family, base) for pk in pks}
    used = {k for _s, v in published + hidden for k in v}
    empties = [{k: Fraction(1)} for k in used - present]  # known to hold nothing
    by_family: dict = defaultdict(list)
    for _spec, vector in published:
        by_family[next(iter(vector))[1]].append(vector)
    for vector in empties:
        by_family[next(iter(vector))[1]].append(vector)
    result = []
    for spec, vector in hidden:
        rows = by_family[next(iter(vector))[1]]
        if _rank([*rows, vector]) == _rank(rows):
            result.append(spec)
    return result


def _releases(area):
    read = _read(area, YEAR, "Y", directory=release.Directory())
    seen = [(read.published, read.data)]
    if read.network:
        seen.append((read.network.published, read.network.data))
    return seen


# Hand-built: the observed attack ---------------------------------------------------------


def _figure(structure, key, value, category=""):
    Figure.objects.create(
        structure=structure,
        year=YEAR,
        period="Y",
        key=key,
        category=category,
        value=Decimal(value),
        people=int(value),
    )


@pytest.fixture
def network(world, federation_user):
    """Auvergne-Rhône-Alpes: the Rhône 3 structures (12, 10, 8), the Loire 3 (9, 7, 6),
    the Isère one EI of 3 people; Bretagne: the Ille-et-Vilaine 3 structures (20, 15, 10),
    the Finistère one of 5 — the cheapest partner of the Isère on the map, in another
    région."""
    structures = {"own": world.own, "other": world.other}
    plan = [
        ("69a", "69123", "ACI", 10),
        ("69b", "69123", "EI", 8),
        ("42a", "42218", "AI", 9),
        ("42b", "42218", "ACI", 7),
        ("42c", "42218", "EI", 6),
        ("38", "38185", "EI", 3),
        ("35a", "35238", "ACI", 15),
        ("35b", "35238", "ETTI", 10),
        ("29", "29019", "AI", 5),
    ]
    _figure(world.own, "accompanied", 12)
    _figure(world.other, "accompanied", 20)
    for index, (name, commune, kind, count) in enumerate(plan):
        structure = make_structure(
            actor=federation_user,
            name=f"Structure {name}",
            siret=siret_for(8000 + index),
            commune=commune,
            kind=kind,
        )
        structures[name] = structure
        _figure(structure, "accompanied", count)
    return structures


def _per_table_protection(read):
    """What main published: each table protected on its own (disclosure.protect)."""
    result = []
    for table in read.layout.tables:
        if table.slug not in ("accompanied", "kinds", "departements") or not table.rows:
            continue
        values = [[read.data.value(s).value for s in row] for row in table.cells]
        people = [[read.data.value(s).people for s in row] for row in table.cells]
        published = protect(values, people)
        specs = [s for row in table.cells for s in row]
        shown = [v for row in published.cells for v in row]
        result += [(s, v is None) for s, v in zip(specs, shown, strict=True)]
        result.append((table.total, published.total is None))
    return result


def test_the_observed_attack_region_total_minus_the_departements_shown(network):
    read = _read(NETWORK, YEAR, "Y", directory=release.Directory())
    # On main, each table on its own: the Isère's 3 are hidden on the map, the Rhône and
    # the Loire shown, and the région's total on the régions' table gives it back.
    old = _per_table_protection(read)
    hidden = {s for s, h in old if h}
    rel = release.Release([s for s, _h in old])
    rel.values = [read.data.value(s) for s, _h in old]
    for spec, value in zip(rel.specs, rel.values, strict=True):
        value.reason = Reason.SECONDARY if spec in hidden else None
    isere = next(s for s in rel.specs if ("departement", "38") in s.where)
    assert isere in recoverable([(rel, read.data)])
    # Now: the whole release is one problem.
    published = dict(zip(read.published.specs, read.published.values, strict=True))
    assert published[isere].reason == Reason.PEOPLE  # 3 people (and 1 structure)
    assert recoverable([(read.published, read.data)]) == []
    ara = next(s for s in read.published.specs if s.where == (("region", "84"),))
    if published[ara].reason is None:  # the région shown: a département is hidden with it
        others = [
            published[s].reason
            for s in read.published.specs
            if s.where in ((("departement", "69"),), (("departement", "42"),))
        ]
        assert Reason.SECONDARY in others


def test_the_delegates_release_with_the_networks(network, world):
    area = Area("delegation", "ARA", delegation=world.own_delegation)
    seen = _releases(area)
    assert recoverable(seen) == []
    delegation, _data = seen[0]
    # A delegation's value hidden on its page is hidden on the network's page too when it
    # is the same value (the Isère), and the network's hidden ones are hidden here.
    values = dict(zip(delegation.specs, delegation.values, strict=True))
    isere = next(s for s in delegation.specs if ("departement", "38") in s.where)
    assert values[isere].reason


def test_a_delegation_of_two_structures_publishes_nothing_of_them(world, federation_user):
    _figure(world.other, "accompanied", 20)
    second = make_structure(
        actor=federation_user, name="EI de Rennes", siret=siret_for(8100), commune="35238"
    )
    _figure(second, "accompanied", 30)
    area = Area("delegation", "Bretagne", delegation=world.other_delegation)
    read = _read(area, YEAR, "Y", directory=release.Directory())
    assert read.value("accompanied").reason == Reason.STRUCTURES  # 2 structures
    third = make_structure(
        actor=federation_user, name="ETTI de Rennes", siret=siret_for(8101), commune="35238"
    )
    _figure(third, "accompanied", 25)
    read = _read(area, YEAR, "Y", directory=release.Directory())
    assert read.value("accompanied").reason is None  # 3 structures, 40 % the largest
    assert read.value("accompanied").value == 75


# The rules at their boundary -------------------------------------------------------------


def test_structure_rule_boundary_two_versus_three():
    rules = Rules()
    assert primary(Cell({}, 30, 30, units=2, top=15), rules) == Reason.STRUCTURES
    assert primary(Cell({}, 30, 30, units=3, top=10), rules) is None
    assert primary(Cell({}, 0, 0, units=0, top=0), rules) is None  # nobody: shown


def test_dominance_boundary_85_versus_85_01_percent():
    rules = Rules()
    assert primary(Cell({}, Decimal(100), 50, units=5, top=Decimal(85)), rules) is None
    assert (
        primary(Cell({}, Decimal("100.00"), 50, units=5, top=Decimal("85.01")), rules)
        == Reason.DOMINANCE
    )


def test_the_rules_are_dated_with_their_source():
    import datetime

    from tremplin.rules.table import RULES

    assert rule("disclosure.min_structures", datetime.date(2025, 12, 31)) == 3
    assert rule("disclosure.dominance_share", datetime.date(2025, 12, 31)) == Decimal("0.85")
    sources = {r.key: r.source for r in RULES}
    assert "Manuel de protection des tableaux" in sources["disclosure.min_structures"]
    assert "51-711" in sources["disclosure.dominance_share"]


def test_dominance_on_the_page(world, federation_user):
    """Three structures, one of 86 % of the people: the delegation's total is hidden."""
    _figure(world.other, "accompanied", 86)
    for index, count in enumerate((7, 7)):
        structure = make_structure(
            actor=federation_user,
            name=f"S{index}",
            siret=siret_for(8200 + index),
            commune="35238",
        )
        _figure(structure, "accompanied", count)
    area = Area("delegation", "Bretagne", delegation=world.other_delegation)
    read = _read(area, YEAR, "Y", directory=release.Directory())
    assert read.value("accompanied").reason == Reason.DOMINANCE


# Random networks -------------------------------------------------------------------------

PLACES = [
    ("69123", "AI"),
    ("69123", "EI"),
    ("69123", "ACI"),
    ("42218", "EI"),
    ("42218", "AI"),
    ("38185", "ETTI"),
    ("38185", "ACI"),
    ("35238", "ACI"),
    ("35238", "EI"),
    ("29019", "AI"),
]
counts = st.one_of(st.integers(0, 4), st.integers(0, 30))


@pytest.fixture
def pool(world, federation_user):
    return [
        make_structure(
            actor=federation_user,
            name=f"P{index}",
            siret=siret_for(8300 + index),
            commune=commune,
            kind=kind,
        )
        for index, (commune, kind) in enumerate(PLACES)
    ]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Found by the search: the delegation's hours of the AI (2 structures, hidden) came back
# from the network's hours of the AI (shown) and the delegation's and network's totals,
# the Bretagne EI being empty — the network's release was only matched value by value.
@example(
    accompanied=[25, 3, 2, 4, 14, 1, 2, 2, 1, 25],
    exits=[
        [1, 5, 4],
        [0, 4, 3],
        [3, 5, 1],
        [4, 0, 2],
        [0, 6, 6],
        [1, 0, 2],
        [6, 0, 2],
        [2, 3, 0],
        [1, 3, 0],
        [0, 5, 6],
    ],
    hours=[722, 477, 208, 154, 874, 249, 480, 63, 0, 213],
)
@given(
    accompanied=st.lists(counts, min_size=len(PLACES), max_size=len(PLACES)),
    exits=st.lists(
        st.lists(st.integers(0, 6), min_size=3, max_size=3),
        min_size=len(PLACES),
        max_size=len(PLACES),
    ),
    hours=st.lists(st.integers(0, 900), min_size=len(PLACES), max_size=len(PLACES)),
)
def test_random_networks_leave_nothing_recoverable(world, pool, accompanied, exits, hours):
    Figure.objects.all().delete()
    for structure, count, by_category, worked in zip(pool, accompanied, exits, hours, strict=True):
        if count:
            _figure(structure, "accompanied", count)
        for category, n in zip(("durable", "transition", "other"), by_category, strict=True):
            if n:  # recorded as they count (compute keeps the two consistent)
                _figure(structure, "counted_exits", n, category)
                _figure(structure, "exits", n, category)
        if worked:
            reference = Decimal(rule(f"etp.reference_hours.{structure.kind}"))
            Figure.objects.create(
                structure=structure,
                year=YEAR,
                period="Y",
                key="hours",
                category="contracts",
                value=Decimal(worked),
                people=1 + worked // 200,
            )
            Figure.objects.create(
                structure=structure,
                year=YEAR,
                period="Y",
                key="etp",
                category=structure.kind,
                value=(Decimal(worked) / reference).quantize(Decimal("0.01")),
                people=1 + worked // 200,
            )
    assert recoverable(_releases(NETWORK)) == []
    delegation = Area("delegation", "ARA", delegation=world.own_delegation)
    assert recoverable(_releases(delegation)) == []
