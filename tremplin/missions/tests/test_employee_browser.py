"""In Chromium, on a phone's width: the employee sees their missions, clocks in and out, enters
the hours of a past mission and finds their documents; no page scrolls sideways, every page
passes axe-core."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tremplin.common.testing_a11y import axe_violations
from tremplin.conftest import PASSWORD, browser_login, hire_in_path, pinned_today

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _employee_with_missions(own, conseiller):
    from tremplin.accounts.services import structure_membership_add, user_create
    from tremplin.missions.models import Assignment, Client, MissionRequest
    from tremplin.network.models import Activity, Commune

    today = pinned_today()
    start = today - datetime.timedelta(days=40)
    person = hire_in_path(
        conseiller=conseiller,
        structure=own,
        pass_number="999997777778",
        start=start,
        end=start + datetime.timedelta(days=200),
    )
    user = user_create(
        email="paul@tremplin.test", kind="employee", password=PASSWORD, first_name="Paul"
    )
    structure_membership_add(user=user, structure=own, role="employee")
    person.user = user
    person.save(update_fields=["user"])
    client = Client.objects.create(
        structure=own,
        kind="household",
        name="Mme Lucienne Marchand-Delacroix-Beauregard",
        address="12 avenue du Maréchal de Lattre de Tassigny, bâtiment C, escalier 4",
        commune=Commune.objects.get(pk="69123"),
    )
    request = MissionRequest.objects.create(
        structure=own,
        client=client,
        activity=Activity.objects.get(code="proprete"),
        commune=client.commune,
        start_date=start,
        end_date=today + datetime.timedelta(days=60),
        hours=Decimal(100),
    )
    for days, hour in ((0, 14), (-1, 9), (2, 9), (3, 14)):
        Assignment.objects.create(
            request=request,
            person=person,
            date=today + datetime.timedelta(days=days),
            start_time=datetime.time(hour),
            end_time=datetime.time(hour + 3),
            hours=Decimal(3),
        )
    return user


def _fits_and_passes_axe(page, what):
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{what} scrolls sideways: {width[0]} px for {width[1]}"
    assert axe_violations(page) == [], what


def test_employee_on_a_phone_sees_missions_clocks_in_and_out_and_enters_hours(page, browser_world):
    from tremplin.missions.models import Clocking, TimeEntry

    user = _employee_with_missions(browser_world["own"], browser_world["conseiller"])
    page.set_viewport_size(PHONE)
    browser_login(page, user)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/mon-espace/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour Paul")
    expect(page.locator("main")).to_contain_text("Mme Lucienne Marchand-Delacroix-Beauregard")
    # Today's mission and the two coming ones, each with its map links; the past one not.
    assert page.locator("a[href^='https://www.openstreetmap.org/?mlat=']").count() == 3
    assert page.get_by_role("link", name="Ouvrir dans mon application de cartes").count() == 3
    _fits_and_passes_axe(page, "home of the space")

    page.get_by_role("button", name="Pointer l’arrivée").click()
    expect(page.get_by_text("Arrivée pointée à")).to_have_count(2)  # message and card
    _fits_and_passes_axe(page, "clocked in")
    clocked_in = Clocking.objects.get().clocked_in_at
    # The server runs in this process: the clock moved here moves there too.
    with time_machine.travel(clocked_in + datetime.timedelta(hours=3, seconds=5)):
        page.get_by_role("button", name="Pointer le départ").click()
        expect(page.get_by_text("vos heures sont envoyées à votre structure")).to_be_visible()
    entry = TimeEntry.objects.get()
    assert (entry.hours, entry.status) == (Decimal("3.00"), "draft")
    assert timezone.localdate(entry.clocking.clocked_out_at) == pinned_today()

    page.get_by_role("link", name="Passées et heures").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mes missions passées")
    expect(page.get_by_text("Heures à saisir")).to_be_visible()
    _fits_and_passes_axe(page, "past missions")
    page.get_by_role("link", name="Saisir mes heures").click()
    _fits_and_passes_axe(page, "enter my hours")
    page.fill("#id_hours", "2,5")
    page.get_by_role("button", name="Envoyer à ma structure").click()
    expect(page.get_by_text("Heures transmises à votre structure")).to_be_visible()
    expect(page.get_by_text("Heures saisies, à valider")).to_be_visible()
    assert TimeEntry.objects.filter(hours=Decimal("2.5"), status="draft").count() == 1

    page.get_by_role("link", name="Contrats et documents").click()
    expect(page.locator("main")).to_contain_text("26,00 h par semaine")
    expect(page.locator("main")).to_contain_text("999997777778")
    _fits_and_passes_axe(page, "documents")

    # The same pages on a desktop.
    page.set_viewport_size({"width": 1366, "height": 900})
    for url in ("/mon-espace/", "/mon-espace/missions-passees/", "/mon-espace/documents/"):
        page.goto(url)
        _fits_and_passes_axe(page, f"{url} at 1366 px")
