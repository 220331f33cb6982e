"""axe-core (WCAG 2.1 A and AA) on the pages of the network, as each kind of user sees them."""

import pytest

from tremplin.common.testing_a11y import axe_violations
from tremplin.conftest import browser_login

pytestmark = pytest.mark.browser


def test_public_pages_are_accessible(page, browser_world):
    own = browser_world["own"]
    for url in [
        "/",
        "/connexion/",
        "/annuaire/?q=Lyon+%2869001%29&radius=30",
        f"/annuaire/{own.pk}/",
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], url


def test_staff_and_federation_pages_are_accessible(page, browser_world):
    own = browser_world["own"]
    browser_login(page, browser_world["director"])
    for url in ["/", f"/structures/{own.pk}/", f"/structures/{own.pk}/modifier/"]:
        page.goto(url)
        assert "/connexion/" not in page.url, url
        assert axe_violations(page) == [], url
    page.context.clear_cookies()
    browser_login(page, browser_world["federation"])
    for url in [
        "/",
        "/structures/",
        "/structures/nouvelle/",
        "/groupes/",
        "/delegations/",
        "/reseau/chiffres/",
        f"/structures/{own.pk}/adhesion/",
    ]:
        page.goto(url)
        assert "/connexion/" not in page.url, url
        assert axe_violations(page) == [], url
    # A form with errors stays accessible (messages tied to their fields).
    page.goto("/structures/nouvelle/")
    # The page answers the POST: measure it once it has loaded, not the one before.
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.locator("[aria-invalid=true]").count() >= 3
    assert axe_violations(page) == [], "structure form with errors"
