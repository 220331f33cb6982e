"""The SAP pages in Chromium, at a phone's width and a laptop's: no sideways scrolling, no
axe violation; the director declares an activity from the page."""

import pytest

from tremplin.conftest import assert_page_fits, browser_login
from tremplin.homecare.models import DeclaredActivity
from tremplin.homecare.tests.routes_sap import SapObjects

pytestmark = pytest.mark.browser


def test_the_sap_pages_fit_and_are_accessible(sized_page, browser_world):
    page = sized_page
    own = browser_world["own"]
    objects = SapObjects(own)
    objects.licence.territory.set(["69", "35"])
    for url in ["/proxim-services/", f"/proxim-services/{own.pk}/", f"/annuaire/{own.pk}/"]:
        page.goto(url)
        assert_page_fits(page)
    browser_login(page, browser_world["director"])
    for url in [
        "/services-a-la-personne/",
        "/services-a-la-personne/declaration/",
        "/services-a-la-personne/catalogue/",
        "/services-a-la-personne/catalogue/nouveau/",
        f"/services-a-la-personne/catalogue/{objects.service.pk}/modifier/",
    ]:
        page.goto(url)
        assert "/connexion/" not in page.url, url
        assert_page_fits(page)
    page.goto("/services-a-la-personne/")
    page.select_option("#id_activity", "jardinage")
    page.select_option("#id_mode", "prestataire")
    page.get_by_role("button", name="Déclarer").click()
    page.wait_for_load_state("networkidle")
    assert DeclaredActivity.objects.filter(
        declaration__structure=own, activity="jardinage"
    ).exists()
    assert_page_fits(page)
    page.context.clear_cookies()
    browser_login(page, browser_world["federation"])
    for url in [
        "/proxim-services/licencies/",
        "/proxim-services/licencies/nouvelle/",
        f"/proxim-services/licencies/{objects.licence.pk}/modifier/",
    ]:
        page.goto(url)
        assert_page_fits(page)
