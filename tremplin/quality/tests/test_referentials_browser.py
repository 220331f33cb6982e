"""The référentiel and self-assessment pages in Chromium, at a phone's width and a
laptop's: no sideways scrolling, no axe violation; the director answers a requirement."""

import pytest

from tremplin.conftest import assert_page_fits, browser_login
from tremplin.quality.models import AssessmentAnswer, Referential
from tremplin.quality.tests.routes_referentials import AssessmentObjects

pytestmark = pytest.mark.browser


def test_the_quality_pages_fit_and_are_accessible(sized_page, browser_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = sized_page
    own = browser_world["own"]
    objects = AssessmentObjects(own)
    iso = Referential.objects.get(code="iso-9001")
    browser_login(page, browser_world["director"])
    for url in [
        "/qualite/",
        f"/qualite/autoevaluations/{objects.assessment.pk}/",
        f"/qualite/autoevaluations/{objects.assessment.pk}/exigences/{objects.requirement.pk}/",
        f"/qualite/plan-actions/{objects.action.pk}/",
        "/qualite/referentiels/",
        f"/qualite/referentiels/{iso.pk}/",
    ]:
        page.goto(url)
        assert "/connexion/" not in page.url, url
        assert_page_fits(page)
    page.goto(
        f"/qualite/autoevaluations/{objects.assessment.pk}/exigences/{objects.requirement.pk}/"
    )
    page.select_option("#id_level", "in_place")
    page.fill("#id_comment", "Livret remis à chaque arrivée")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state("networkidle")
    answer = AssessmentAnswer.objects.get(requirement=objects.requirement)
    assert (answer.level, answer.comment) == ("in_place", "Livret remis à chaque arrivée")
    assert_page_fits(page)
    page.context.clear_cookies()
    browser_login(page, browser_world["federation"])
    for url in ["/qualite/referentiels/charger/", f"/qualite/structures/{own.pk}/"]:
        page.goto(url)
        assert_page_fits(page)
