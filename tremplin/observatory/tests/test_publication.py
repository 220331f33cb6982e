"""What the pages print: recorded and counted exits apart, French numbers rounded as the
API's, definitions with their sources, the report's chart and the map's legend drawn."""

import itertools
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.conftest import make_structure
from tremplin.network.demo import siret_for
from tremplin.observatory import maps
from tremplin.observatory.definitions import INDICATORS
from tremplin.observatory.models import Figure
from tremplin.observatory.numbers import fr_number

YEAR = 2025
NNBSP = "\u202f"


def _figure(structure, key, value, category="", people=None):
    Figure.objects.create(
        structure=structure,
        year=YEAR,
        period="Y",
        key=key,
        category=category,
        value=Decimal(value),
        people=int(value) if people is None else people,
    )


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("638541"), None, f"638{NNBSP}541"),
        (Decimal("638541.00"), None, f"638{NNBSP}541"),
        (Decimal("12.35"), None, "12,35"),
        (Decimal("12.30"), None, "12,3"),
        (Decimal("1234567.5"), 0, f"1{NNBSP}234{NNBSP}568"),
        (Decimal("-1500.25"), None, f"-1{NNBSP}500,25"),
        (Decimal("0"), None, "0"),
        (None, None, ""),
    ],
)
def test_french_numbers(value, places, text):
    assert fr_number(value, places) == text


@pytest.fixture
def own_figures(world):
    """The AI's year: 638 541 hours (contracts), 397.35 ETP, recorded and counted exits."""
    _figure(world.own, "accompanied", 40)
    _figure(world.own, "hours", "638541", "contracts", people=40)
    _figure(world.own, "etp", "397.3497", "AI", people=40)
    _figure(world.own, "exits", 9, "durable")
    _figure(world.own, "counted_exits", 6, "durable")
    _figure(world.own, "uncounted_exits", 3, "durable")
    _figure(world.own, "exits", 2, "other")
    _figure(world.own, "uncounted_exits", 2, "other")


def test_the_page_prints_french_numbers_rounded_as_the_api(world, client, own_figures):
    client.force_login(world.user("director"))
    page = client.get(reverse("observatory:structure"), {"annee": YEAR}).content.decode()
    api = client.get(reverse("api:observatory-structure", args=[world.own.pk]), {"annee": YEAR})
    headlines = {h["indicator"]: h["value"] for h in api.json()["headlines"]}
    assert headlines["etp"] == 397.35 and headlines["hours"] == 638541
    etp = re.search(r'data-indicator="etp">([^<]*)<', page).group(1).strip()
    hours = re.search(r'data-indicator="hours">([^<]*)<', page).group(1).strip()
    assert etp == "397,35" and hours == f"638{NNBSP}541"
    assert "638541" not in page


def test_recorded_and_counted_exits_are_two_tables(world, client, own_figures):
    client.force_login(world.user("director"))
    response = client.get(reverse("observatory:structure"), {"annee": YEAR})
    board = response.context["board"]
    recorded, counted = board.table("exits"), board.table("counted_exits")
    assert recorded.title != counted.title
    assert recorded.indicator.definition != counted.indicator.definition
    assert "constatées" in str(recorded.title) or "Recorded" in str(recorded.title)
    assert recorded.total == 11 and counted.total == 6
    assert recorded.footer[0][0] == 9 and counted.footer[0][0] == 6
    headlines = {h.indicator.key: h.value for h in board.headlines}
    assert headlines["exits"] == 11 and headlines["counted_exits"] == 6
    body = response.content.decode()
    assert body.count('id="t-exits"') == 1 and body.count('id="t-counted_exits"') == 1


def test_a_difference_of_the_two_tables_gives_nothing_small_away(world, client):
    """Four structures of the Rhône: 20 recorded lasting exits, 19 counted — shown both,
    they would tell that one person left to lasting employment uncounted."""
    federation = world.user("federation")
    structures = [world.own] + [
        make_structure(
            actor=federation,
            name=f"ACI {i}",
            siret=siret_for(9100 + i),
            commune="69123",
            kind="ACI",
        )
        for i in range(3)
    ]
    for index, structure in enumerate(structures):
        _figure(structure, "accompanied", 30)
        _figure(structure, "exits", 5, "durable")
        _figure(structure, "counted_exits", 5 - (index == 0), "durable")
        if index == 0:
            _figure(structure, "uncounted_exits", 1, "durable")
    client.force_login(federation)
    board = client.get(reverse("observatory:network"), {"annee": YEAR}).context["board"]
    recorded, counted = board.table("exits"), board.table("counted_exits")
    pairs = [
        (r, c)
        for r_row, c_row in zip(recorded.cells, counted.cells, strict=True)
        for r, c in zip(r_row, c_row, strict=True)
    ]
    pairs += list(zip(recorded.row_totals, counted.row_totals, strict=True))
    pairs += list(zip(recorded.column_totals, counted.column_totals, strict=True))
    pairs.append((recorded.total, counted.total))
    for r, c in pairs:
        if r is not None and c is not None:
            assert r - c == 0 or r - c >= 5


def test_definitions_cite_their_source_never_a_file():
    for indicator in INDICATORS:
        assert indicator.source and ".md" not in indicator.source
        assert "Tremplin" not in indicator.source


def _flat(contexts) -> dict:
    result = {}
    for context in reversed(contexts):
        result.update(context.flatten())
    return result


def test_the_report_chart_draws_its_bars(world, client, own_figures):
    from tremplin.observatory import report

    Figure.objects.create(
        structure=world.own, year=YEAR - 1, period="Y", key="accompanied", value=20, people=20
    )
    client.force_login(world.user("director"))
    context = client.get(reverse("observatory:structure"), {"annee": YEAR}).context
    html = report.report_html(_flat(context))
    chart = re.search(r'<svg width="[^"]*" height="170".*?</svg>', html, re.S).group(0)
    bars = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', chart)
    assert len(bars) == 2  # 2024 and 2025: numbers an SVG reader takes (no « 63,5 »)
    heights = [float(h) for _x, _y, _w, h in bars]
    assert all(float(w) > 0 for _x, _y, w, _h in bars) and heights[1] > heights[0] > 0
    pdf = client.get(reverse("observatory:structure"), {"annee": YEAR, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")


def test_the_map_legend_lists_every_class_once():
    values = {"69": Decimal(46), "38": Decimal(47), "75": Decimal(49), "13": Decimal(71)}
    values |= {"35": None, "01": Decimal(0)}
    result = maps.choropleth(values, shown=set(values), reasons={"35": "hidden"})
    labels = [entry["label"] for entry in result["legend"]]
    classes = [entry for entry in result["legend"] if entry["fill"] in maps.COLOURS]
    assert [c["label"] for c in classes] == ["46", "47", "49", "71"]
    assert len({c["fill"] for c in classes}) == len(classes)
    used = {a.fill for a in result["areas"]}
    assert used <= {entry["fill"] for entry in result["legend"]}  # every fill explained
    assert len(labels) == len(set(labels))
    # Ranges of a class never overlap the next one's.
    many = {
        code: Decimal(n)
        for code, n in zip(
            ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"],
            range(10, 110, 10),
            strict=True,
        )
    }
    legend = [e["label"] for e in maps.choropleth(many)["legend"] if "–" in e["label"]]
    bounds = [tuple(int(x) for x in label.split("–")) for label in legend]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(bounds))


def test_the_pdf_legend_swatches_stay_small(world, client, own_figures):
    from tremplin.observatory import report

    client.force_login(world.user("director"))
    context = client.get(reverse("observatory:structure"), {"annee": YEAR}).context
    html = report.report_html(_flat(context))
    # The map's width rule must not stretch the legend's swatches across the page.
    assert ".map svg.observatory-map" in html and 'class="swatch"' in html
    assert re.search(r"\.map svg\s*\{", html) is None
