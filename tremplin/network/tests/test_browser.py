"""In Chromium, as a person would: log in, read the home page; search the directory."""

import re

import pytest
from playwright.sync_api import expect

from tremplin.conftest import PASSWORD, make_structure, totp_now

pytestmark = pytest.mark.browser


def test_director_logs_in_and_sees_the_structure_home_page(page, browser_world):
    page.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill("director@tremplin.test")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # Directors must have a second factor: the code of their app comes next.
    page.get_by_label("Code").fill(totp_now(browser_world["director"]))
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AI du Rhône")
    expect(page.get_by_role("heading", name="Équipe")).to_be_visible()
    expect(page.get_by_role("cell", name="director@tremplin.test")).to_be_visible()


def test_public_directory_search_around_a_commune(page, browser_world):
    make_structure(
        actor=browser_world["federation"],
        name="ACI de Rennes",
        siret="35600000000048",
        commune="35238",
        kind="ACI",
    )
    make_structure(
        actor=browser_world["federation"],
        name="EI de Villeurbanne",
        siret="55210055400013",
        commune="69266",
        kind="EI",
    )
    page.goto("/annuaire/")
    commune = page.get_by_label("Commune ou code postal")
    commune.fill("Lyo")
    # The suggestions come from the server (htmx) into the datalist.
    expect(page.locator("#commune-suggestions option").first).to_have_attribute(
        "value", re.compile(r"^Lyon \(")
    )
    commune.fill("Lyon (69001)")
    page.get_by_label("Dans un rayon de").select_option("20")
    page.get_by_role("button", name="Rechercher").click()
    results = page.locator("#results li")
    expect(results).to_have_count(2)
    expect(results.first).to_contain_text("AI du Rhône")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)
    expect(page.locator("#map")).to_have_attribute("data-ready", "true")
    page.get_by_role("link", name="EI de Villeurbanne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("EI de Villeurbanne")
    expect(page.get_by_text("Entreprise d'insertion (EI)")).to_be_visible()


def test_api_documentation_runs_under_the_content_security_policy(page, transactional_db):
    """Swagger UI draws the operations from its script file (no inline script); the `page`
    fixture fails the test on any CSP violation."""
    response = page.goto("/api/v1/docs/", timeout=60_000)  # Swagger UI is a big bundle
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=30_000)
