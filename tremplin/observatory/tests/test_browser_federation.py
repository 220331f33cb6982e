"""In Chromium, at a desktop's and a phone's width: the federation's day — a structure's
dues recorded, then a year of the observatory published."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tremplin.conftest import assert_page_fits, browser_login, make_structure

pytestmark = pytest.mark.browser


def test_federation_records_dues_and_publishes_a_year(sized_page, browser_world):
    from tremplin.network.models import DuesRecord
    from tremplin.observatory.models import Figure, Publication

    page, own, federation = sized_page, browser_world["own"], browser_world["federation"]
    others = [
        make_structure(actor=federation, name=name, siret=siret, commune=commune, kind=kind)
        for name, siret, commune, kind in (
            ("ACI de Bretagne", "35600000000048", "35238", "ACI"),
            ("EI de l'Isère", "55210055400021", "38185", "EI"),
        )
    ]
    for structure, count in zip([own, *others], (42, 30, 20), strict=True):
        Figure.objects.create(
            structure=structure, year=2025, period="Y", key="accompanied",
            value=Decimal(count), people=count,
        )  # fmt: skip
    browser_login(page, federation)
    assert_page_fits(page)

    page.goto(f"/structures/{own.pk}/adhesion/")
    assert_page_fits(page)
    page.fill("#id_dues-year", "2026")
    page.fill("#id_dues-amount", "1250.50")  # a number field: the browser shows 1 250,50
    page.select_option("#id_dues-status", "paid")
    page.get_by_role("button", name="Enregistrer une cotisation").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("table")).to_contain_text("2026")
    record = DuesRecord.objects.get(structure=own, year=2026)
    assert (record.amount, record.status) == (Decimal("1250.50"), "paid")
    assert_page_fits(page)

    page.goto("/observatoire/reseau/?annee=2025")
    page.get_by_role("button", name="Publier les chiffres de 2025").click()
    expect(page.locator(".badge", has_text="Publié")).to_be_visible()
    assert Publication.objects.filter(year=2025).count() == 1
    assert_page_fits(page)
    page.goto("/observatoire/publie/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_page_fits(page)
