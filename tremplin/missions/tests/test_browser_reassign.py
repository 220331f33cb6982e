"""In Chromium, at a desktop's and a phone's width: an employee leaves — the exit shows then
cancels their later assignments — and the planner, from the « À réaffecter » list of their
home, gives the request's weeks to someone else; the person who left is no longer offered."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tremplin.conftest import PASSWORD, assert_page_fits, browser_login, pinned_today

pytestmark = pytest.mark.browser

DAY = datetime.timedelta(days=1)
T = datetime.time


def _hire(conseiller, own, last_name, pass_number, start):
    from tremplin.people.services import approvals, contracts, eligibility, persons

    person = persons.person_create(
        actor=conseiller,
        structure=own,
        last_name=last_name,
        first_names="Camille",
        sex="F",
        birth_date=datetime.date(1990, 2, 2),
    )
    eligibility.diagnosis_create(
        actor=conseiller,
        person=person,
        author_kind="employer",
        author_name="K",
        made_on=start,
        criteria=["l1_rsa"],
    )
    approvals.approval_issue(actor=conseiller, person=person, number=pass_number, start_date=start)
    contracts.contract_sign(
        actor=conseiller,
        person=person,
        kind="cddi",
        start_date=start,
        planned_end_date=start + 200 * DAY,
        weekly_hours=Decimal(26),
    )
    return person


def test_planner_reassigns_the_weeks_of_someone_who_left(sized_page, browser_world):
    from tremplin.accounts.services import structure_membership_add, user_create
    from tremplin.missions.models import Assignment, Client, MissionRequest, RequestSlot
    from tremplin.missions.services.assignments import assignment_create_many, weekly_days
    from tremplin.network.models import Activity, Commune

    page, own, conseiller = sized_page, browser_world["own"], browser_world["conseiller"]
    today = pinned_today()
    leaving = _hire(conseiller, own, "Depart", "999991111111", today - 30 * DAY)
    staying = _hire(conseiller, own, "Relais", "999992222222", today - 30 * DAY)
    client = Client.objects.create(
        structure=own,
        kind="household",
        name="Mme Petit",
        address="3 rue des Lilas",
        commune=Commune.objects.get(pk="69123"),
    )
    mission = MissionRequest.objects.create(
        structure=own,
        client=client,
        activity=Activity.objects.get(code="proprete"),
        commune=client.commune,
        start_date=today - 30 * DAY,
        end_date=today + 27 * DAY,
        hours=Decimal(40),
    )
    # The slot falls on tomorrow's weekday: every one of its days is after the exit.
    RequestSlot.objects.create(
        request=mission, weekday=(today + DAY).weekday(), start_time=T(8), end_time=T(11)
    )
    planner = user_create(email="planning@tremplin.test", kind="structure_staff", password=PASSWORD)
    structure_membership_add(user=planner, structure=own, role="planner")
    days = weekly_days(mission, (today + DAY).weekday(), from_day=today)
    assert len(days) == 4
    batch = assignment_create_many(
        actor=planner, request=mission, person=leaving, days=days, start=T(8), end=T(11)
    )
    assert len(batch.created) == 4 and not batch.refused

    # The counsellor records the exit, the day before (on the exit day itself the person
    # still works and may still be offered): the later assignments are listed, then cancelled.
    browser_login(page, conseiller)
    page.goto(f"/personnes/{leaving.pk}/sortie/")
    page.fill("#id_exit_date", (today - DAY).isoformat())
    page.select_option("#id_reason", "CDI")
    page.get_by_role("button", name="Enregistrer").click()
    warning = page.locator("#later-work")
    expect(warning).to_contain_text("Mme Petit")
    expect(warning.locator("li")).to_have_count(4)
    assert_page_fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirmer et annuler ces affectations").click()
    expect(page.locator(".alert-success")).to_contain_text("Sortie enregistrée")
    assert not Assignment.objects.filter(person=leaving).exists()

    # The planner finds the four slots « À réaffecter » on their home, each a link to the
    # request's page with its day and times filled in.
    page.context.clear_cookies()
    browser_login(page, planner)
    to_reassign = page.locator("#to-reassign")
    expect(to_reassign.locator("li")).to_have_count(4)
    expect(to_reassign).to_contain_text("Mme Petit")
    expect(to_reassign).to_contain_text("Camille DEPART")
    assert_page_fits(page)
    to_reassign.get_by_role("link", name="Réaffecter").first.click()
    page.wait_for_url(f"**/demandes/{mission.pk}/?jour=*")
    expect(page.locator("#id_day")).to_have_value(days[0].isoformat())
    expect(page.locator("#id_start")).to_have_value("08:00")
    expect(page.locator("#id_end")).to_have_value("11:00")
    expect(page.locator("#request-to-reassign ~ ul li")).to_have_count(4)
    expect(page.locator("#assigned ~ ul")).to_contain_text("Personne n'est encore affecté")
    offered = page.locator("#id_weekly-person option").all_inner_texts()
    assert "Camille RELAIS" in offered and "Camille DEPART" not in offered
    assert page.locator("#id_person option", has_text="DEPART").count() == 0
    assert_page_fits(page)
    page.select_option("#id_weekly-person", label="Camille RELAIS")
    page.select_option("#id_weekly-slot", index=1)  # the request's one weekly slot
    page.get_by_role("button", name="Affecter chaque semaine").click()
    expect(page.locator(".alert-success")).to_contain_text("4 affectations enregistrées")
    expect(page.locator("#assigned ~ ul li")).to_have_count(4)
    assert sorted(Assignment.objects.filter(person=staying).values_list("date", flat=True)) == days
    expect(page.locator("#request-to-reassign")).to_have_count(0)  # all given again
    assert_page_fits(page)
    page.goto("/planning/a-reaffecter/")
    expect(page.locator("#to-reassign")).to_contain_text("Rien à réaffecter.")
    # A week wholly after the exit: the person who left has no row any more.
    page.goto(f"/planning/?semaine={days[1].isoformat()}")
    expect(page.locator("tbody")).to_contain_text("Mme Petit")
    expect(page.locator("tbody")).not_to_contain_text("Camille DEPART")
    assert_page_fits(page)
