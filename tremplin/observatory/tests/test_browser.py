"""In Chromium: the federation dashboard draws its charts and its map, accessibly."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tremplin.common.testing_a11y import axe_violations
from tremplin.conftest import browser_login

pytestmark = pytest.mark.browser


def test_federation_dashboard_renders_charts_and_map(page, browser_world):
    from tremplin.conftest import make_structure
    from tremplin.observatory.models import Figure

    own = browser_world["own"]
    other = make_structure(
        actor=browser_world["federation"],
        name="ACI de Bretagne",
        siret="35600000000048",
        commune="35238",
        kind="ACI",
    )
    isere = make_structure(
        actor=browser_world["federation"],
        name="EI de l'Isère",
        siret="55210055400021",
        commune="38185",
        kind="EI",
    )
    rows = ((own, 2024, 30), (own, 2025, 42), (other, 2025, 3), (isere, 2025, 20))
    for structure, year, count in rows:
        Figure.objects.create(
            structure=structure,
            year=year,
            period="Y",
            key="accompanied",
            value=Decimal(count),
            people=count,
        )
    Figure.objects.create(
        structure=own,
        year=2025,
        period="Y",
        key="counted_exits",
        category="durable",
        value=Decimal(8),
        people=8,
    )
    browser_login(page, browser_world["federation"])
    page.goto("/observatoire/reseau/?annee=2025")
    expect(page.locator("body[data-charts-ready=true]")).to_be_attached()
    bars = page.evaluate("document.getElementById('chart-evolution').chart.data.datasets[0].data")
    # 2024: one structure, hidden since the structure rule (3 at least); 2025: 42 + 3 + 20
    # people of three structures, the largest 65 %: shown.
    assert bars == [None, 65]
    assert page.evaluate("document.getElementById('chart-profile').chart !== undefined")
    # Chart.js drew on the canvas: some pixels are not blank.
    drawn = page.evaluate(
        """() => { const c = document.getElementById('chart-evolution');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        return d.some((v, i) => i % 4 === 3 && v > 0); }"""
    )
    assert drawn
    departements = page.locator("svg[data-map=departements] path")
    assert departements.count() >= 101
    # One structure in each of the three départements: each hidden, each saying why (before
    # the structure rules the Rhône's 42 were shown).
    titles = {
        "35": "masqué : moins de 5 personnes",
        "38": "masqué : moins de 3 structures",
        "69": "masqué : moins de 3 structures",
    }
    for code, why in titles.items():
        area = page.locator(f"svg[data-map=departements] path[data-code='{code}']")
        assert area.get_attribute("fill") == "url(#hidden)"
        assert why in area.locator("title").text_content()
    assert axe_violations(page) == []
