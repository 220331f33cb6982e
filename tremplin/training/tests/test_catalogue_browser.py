"""The catalogue's pages in Chromium, at a phone's width and a laptop's: no sideways
scrolling, no axe violation; a conseiller registers a staff member from the page."""

import datetime

import pytest

from tremplin.conftest import assert_page_fits, browser_login, pinned_today
from tremplin.training.models import Registration

from .catalogue_builders import make_course, make_session

pytestmark = pytest.mark.browser


def test_the_catalogue_pages_fit_and_are_accessible(sized_page, browser_world):
    page = sized_page
    today = pinned_today()
    course = make_course()
    session = make_session(
        browser_world["federation"], course, today + datetime.timedelta(days=12), capacity=1
    )
    Registration.objects.create(
        session=session,
        structure=browser_world["own"],
        category="staff",
        first_name="Alice",
        last_name="Durand",
        email="alice@example.org",
    )
    for url in ["/formations/", f"/formations/{course.pk}/"]:
        page.goto(url)
        assert_page_fits(page)
    browser_login(page, browser_world["conseiller"])
    for url in ["/formations/inscriptions/", f"/formations/sessions/{session.pk}/inscrire/"]:
        page.goto(url)
        assert "/connexion/" not in page.url, url
        assert_page_fits(page)
    page.select_option("#id_category", "staff")
    page.fill("#id_first_name", "Bruno")
    page.fill("#id_last_name", "Petit")
    page.fill("#id_email", "bruno@example.org")
    page.get_by_role("button", name="Inscrire").click()
    page.wait_for_url("**/formations/inscriptions/")
    assert Registration.objects.get(first_name="Bruno").status == "waiting"
    assert_page_fits(page)
    page.context.clear_cookies()
    browser_login(page, browser_world["federation"])
    for url in [
        "/formations/sessions/",
        f"/formations/sessions/{session.pk}/",
        f"/formations/sessions/{session.pk}/modifier/",
        "/formations/nouvelle/",
        f"/formations/{course.pk}/modifier/",
    ]:
        page.goto(url)
        assert_page_fits(page)
