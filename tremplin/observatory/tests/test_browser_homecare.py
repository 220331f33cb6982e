"""In Chromium, at a desktop's and a phone's width: the federation reads the network's
home services — no sideways scrolling, no axe violation, a hidden value saying why."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tremplin.conftest import assert_page_fits, browser_login, make_structure

pytestmark = pytest.mark.browser


def test_federation_reads_the_network_home_services(sized_page, browser_world):
    from tremplin.network.demo import siret_for
    from tremplin.observatory.models import Figure

    page, own, federation = sized_page, browser_world["own"], browser_world["federation"]
    lyon = [
        make_structure(
            actor=federation, name=f"EI de Lyon {i}", siret=siret_for(9500 + i), kind="EI"
        )
        for i in range(3)
    ]
    breton = make_structure(
        actor=federation, name="ACI de Bretagne", siret="35600000000048", commune="35238"
    )
    rows = [
        (structure, key, category, value, people)
        for structure in (own, *lyon)
        for key, category, value, people in (
            ("sap_households", "advance", 6, 6),
            ("sap_households", "other", 5, 5),
            ("sap_intervenants", "insertion", 3, 3),
            ("sap_intervenants", "other", 2, 2),
            ("sap_hours", "menage", Decimal("1234.5"), 4),
            ("sap_hours", "assistance_dependants", 600, 3),
        )
    ]
    rows.append((breton, "sap_households", "other", 2, 2))
    for structure, key, category, value, people in rows:
        Figure.objects.create(
            structure=structure, year=2025, period="Y", key=key, category=category,
            value=Decimal(value), people=people,
        )  # fmt: skip
    browser_login(page, federation)
    page.goto("/observatoire/reseau/?annee=2025")
    section = page.locator("[data-section=homecare]")
    expect(
        section.get_by_role("heading", name="Services à domicile (Proxim'Services)")
    ).to_be_visible()
    expect(section.locator("[data-indicator=sap_insertion]")).to_contain_text("60 %")
    expect(section).to_contain_text("Assistance aux personnes âgées")  # a label, not a code
    expect(section).to_contain_text("4\u202f938")  # 4 × 1 234,5 h of housework
    hidden = (
        page.locator("section[aria-labelledby=t-sap] tbody tr", has_text="Bretagne")
        .locator("abbr")
        .first
    )
    expect(hidden).to_have_attribute("title", "masqué : moins de 5 personnes")
    assert_page_fits(page)
