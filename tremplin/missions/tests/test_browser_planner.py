"""In Chromium, at a desktop's and a phone's width, as a planner (the structure role, no
other): a new client's request, the week's plan proposed then accepted, every page passing
axe without sideways scrolling."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tremplin.conftest import PASSWORD, assert_page_fits, browser_login, hire_in_path, pinned_today

pytestmark = pytest.mark.browser

DAY = datetime.timedelta(days=1)


def test_the_planner_creates_a_request_plans_and_accepts_the_plan(sized_page, browser_world):
    from tremplin.accounts.models import StructureMembership
    from tremplin.accounts.services import structure_membership_add, user_create
    from tremplin.missions.models import Assignment, MissionRequest

    page, own, conseiller = sized_page, browser_world["own"], browser_world["conseiller"]
    today = pinned_today()
    monday = today - datetime.timedelta(days=today.weekday()) + 7 * DAY  # next week
    start = today - 30 * DAY
    person = hire_in_path(
        conseiller=conseiller,
        structure=own,
        pass_number="999996666666",
        start=start,
        end=start + 200 * DAY,
    )
    planner = user_create(email="planning@tremplin.test", kind="structure_staff", password=PASSWORD)
    structure_membership_add(user=planner, structure=own, role="planner")
    assert StructureMembership.objects.get(user=planner).role == "planner"  # no director

    browser_login(page, planner)
    expect(page.get_by_role("heading", level=1)).to_contain_text(own.name)
    assert_page_fits(page)
    page.goto("/clients/nouveau/")
    assert_page_fits(page)
    page.select_option("#id_kind", "household")
    page.fill("#id_name", "Mme Lefort")
    page.fill("#id_address", "4 quai Rambaud")
    page.fill("#id_commune", "Lyon (69001)")
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mme Lefort")
    assert_page_fits(page)
    page.get_by_role("link", name="Nouvelle demande").click()
    # The place comes from the client's address.
    expect(page.locator("#id_address")).to_have_value("4 quai Rambaud")
    expect(page.locator("#id_commune")).to_have_value(re.compile("Lyon"))
    assert_page_fits(page)
    page.select_option("#id_activity", label="Propreté, nettoyage")
    page.fill("#id_start_date", monday.isoformat())
    page.fill("#id_end_date", (monday + 60 * DAY).isoformat())
    page.fill("#id_hours", "20")
    page.select_option("#id_weekday", "1")
    page.fill("#id_start_time", "08:00")
    page.fill("#id_end_time", "11:00")
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mme Lefort")
    mission = MissionRequest.objects.get()
    assert page.url.endswith(f"/demandes/{mission.pk}/")
    assert_page_fits(page)

    page.goto(f"/planning/proposition/?semaine={monday.isoformat()}")
    expect(page.locator("tbody")).to_contain_text("Paul GIRARD")
    assert_page_fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Accepter le plan").click()
    expect(page.locator(".alert-success")).to_contain_text("1 affectations faites")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Semaine du")  # the week grid
    expect(page.locator("tbody")).to_contain_text("Mme Lefort")
    assert_page_fits(page)
    (assignment,) = Assignment.objects.all()
    assert (assignment.person, assignment.date) == (person, monday + DAY)
    assert assignment.created_by == planner
    page.goto(f"/demandes/{mission.pk}/")
    expect(page.locator("#assigned ~ ul")).to_contain_text("Paul GIRARD")
    assert_page_fits(page)
