"""In Chromium: a counsellor follows a path from the first file to the exit."""

import datetime

import pytest
from playwright.sync_api import expect

from tremplin.conftest import PASSWORD, assert_page_fits, pinned_today

pytestmark = pytest.mark.browser

TODAY = pinned_today()  # the day every test is pinned to (tremplin/conftest.py)


def _step(page, link_suffix, fields, *, selects=None, checks=()):
    """Open a step form from the file (htmx panel), fill it and save."""
    page.locator(f"a[href$='{link_suffix}']").first.click()
    panel = page.locator("#panel form")
    expect(panel).to_be_visible()
    for field, value in fields.items():
        panel.locator(f"#id_{field}").fill(value)
    for field, value in (selects or {}).items():
        panel.locator(f"#id_{field}").select_option(value)
    for selector in checks:
        panel.locator(selector).check()
    # The saved step sends the browser back to the file (HX-Redirect): wait for that page,
    # not for the previous step's message still shown on the old one.
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_page_fits(page)


def test_counsellor_follows_a_path_from_file_to_exit(sized_page, browser_world):
    page = sized_page
    page.goto("/connexion/")
    page.fill("#id_username", "conseiller@tremplin.test")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url)
    page.goto("/personnes/nouvelle/")
    page.fill("#id_last_name", "Moreau")
    page.fill("#id_first_names", "Sophie")
    page.select_option("#id_sex", "F")
    page.fill("#id_birth_date", "1985-04-12")
    page.fill("#id_commune", "Lyon (69001)")
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sophie MOREAU")
    assert_page_fits(page)

    start = (TODAY - datetime.timedelta(days=30)).isoformat()
    _step(
        page,
        "/diagnostic/",
        {"author_name": "Karim Conseiller", "made_on": start},
        selects={"author_kind": "employer"},
        checks=["input[value=l1_rsa]"],
    )
    _step(page, "/pass/", {"number": "999991234567", "start_date": start})
    _step(
        page,
        "/contrat/",
        {
            "start_date": start,
            "planned_end_date": (TODAY + datetime.timedelta(days=200)).isoformat(),
            "weekly_hours": "26",
        },
        selects={"kind": "cddi"},
    )
    _step(page, "/entretien/", {"notes": "Premier bilan"}, selects={"kind": "follow_up"})
    _step(page, "/frein/", {}, selects={"category": "mobility"})
    _step(page, "/sortie/", {"exit_date": TODAY.isoformat()}, selects={"reason": "CDI"})

    timeline = page.locator("#timeline + ol")
    for text in ("999991234567", "CDDI", "Karim Conseiller", "Embauche en CDI"):
        expect(timeline).to_contain_text(text)
    expect(timeline.locator("li")).to_have_count(
        7
    )  # diagnosis, PASS, contract, its end, interview, barrier, exit


def test_people_pages_are_accessible(page, browser_world):
    from tremplin.common.testing_a11y import axe_violations
    from tremplin.people.services import accompaniment, persons

    person = persons.person_create(
        actor=browser_world["conseiller"],
        structure=browser_world["own"],
        last_name="Roux",
        first_names="Hugo",
        sex="M",
        birth_date=datetime.date(1999, 3, 3),
    )
    accompaniment.barrier_create(
        actor=browser_world["conseiller"], person=person, category="housing", identified_on=TODAY
    )
    page.goto("/connexion/")
    page.fill("#id_username", "conseiller@tremplin.test")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url)
    for url in [
        "/",
        "/personnes/",
        "/personnes/nouvelle/",
        f"/personnes/{person.pk}/",
        f"/personnes/{person.pk}/contrat/",
        f"/personnes/{person.pk}/sortie/",
        f"/personnes/{person.pk}/historique/",
        "/a-faire/",
        "/regles/",
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert "/connexion/" not in page.url
        assert axe_violations(page) == [], url
