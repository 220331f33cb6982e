"""In Chromium: from a client's request to the invoice PDF."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tremplin.accounts.testing import totp_enable
from tremplin.conftest import PASSWORD, assert_page_fits, browser_login, hire_in_path, pinned_today

pytestmark = pytest.mark.browser


def test_planner_request_plan_hours_close_and_invoice_pdf(sized_page, browser_world):
    page = sized_page
    from tremplin.accounts.services import structure_membership_add, user_create
    from tremplin.missions.models import PriceItem
    from tremplin.network.models import Activity

    own, conseiller = browser_world["own"], browser_world["conseiller"]
    today = pinned_today()
    monday = today - datetime.timedelta(days=today.weekday() + 7)  # last week: hours can be entered
    hire_in_path(
        conseiller=conseiller,
        structure=own,
        pass_number="999997777777",
        start=monday - datetime.timedelta(days=30),
        end=monday + datetime.timedelta(days=200),
    )
    planner = user_create(email="planner@tremplin.test", kind="structure_staff", password=PASSWORD)
    structure_membership_add(user=planner, structure=own, role="director")
    PriceItem.objects.create(
        structure=own, activity=Activity.objects.get(code="proprete"), hourly_rate=Decimal("20")
    )

    # A director: the second factor's code comes after the password.
    totp_enable(planner)
    browser_login(page, planner)

    page.goto("/clients/nouveau/")
    page.select_option("#id_kind", "company")
    page.fill("#id_name", "Boulangerie du Port")
    page.fill("#id_siret", "55210055400013")
    page.fill("#id_address", "4 quai Rambaud")
    page.fill("#id_commune", "Lyon (69001)")
    page.click("button[type=submit]")
    page.get_by_role("link", name="Nouvelle demande").click()
    page.select_option("#id_activity", label="Propreté, nettoyage")
    page.fill("#id_commune", "Lyon (69001)")
    page.fill("#id_start_date", monday.isoformat())
    page.fill("#id_end_date", (monday + datetime.timedelta(days=60)).isoformat())
    page.fill("#id_hours", "20")
    page.select_option("#id_weekday", "1")
    page.fill("#id_start_time", "08:00")
    page.fill("#id_end_time", "11:00")
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boulangerie du Port")

    page.goto(f"/planning/proposition/?semaine={monday.isoformat()}")
    expect(page.locator("tbody")).to_contain_text("Paul GIRARD")
    with page.expect_navigation():
        page.get_by_role("button", name="Accepter le plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Semaine du")  # the week grid
    expect(page.locator("tbody")).to_contain_text("Boulangerie du Port")

    tuesday = monday + datetime.timedelta(days=1)
    page.goto(f"/heures/?month={tuesday:%Y-%m}")
    page.select_option("#id_person", label="Paul GIRARD")
    page.select_option("#id_client", label="Boulangerie du Port")
    page.fill("#id_date", tuesday.isoformat())
    page.fill("#id_hours", "3")
    # Each step waits for the page it leads to, so that the next click is on it.
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Heures enregistrées.")).to_be_visible()
    page.get_by_role("button", name="Valider les heures cochées").click()
    expect(page.get_by_text("1 relevés validés.")).to_be_visible()
    page.get_by_role("button", name="Clore le mois").click()
    expect(page.get_by_text("Ce mois est clos.")).to_be_visible()

    page.goto(f"/factures/?month={tuesday:%Y-%m}")
    page.get_by_role("button", name="Préparer").click()
    expect(page.get_by_text("1 factures préparées en brouillon.")).to_be_visible()
    page.get_by_role("button", name="Émettre", exact=True).click()  # this one invoice
    expect(page.get_by_text("Facture émise.")).to_be_visible()
    expect(page.locator("tbody")).to_contain_text(f"{today.year}-00001")
    from tremplin.missions.models import Invoice

    issued = Invoice.objects.get()  # the one invoice issued above
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == f"facture-{today.year}-00001.pdf"
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"

    # Every missions page the planner and the accountant went through, with its data,
    # passes axe-core (WCAG 2.1 A and AA).
    from tremplin.common.testing_a11y import axe_violations
    from tremplin.missions.models import Client, MissionRequest

    client = Client.objects.get(name="Boulangerie du Port")
    invoice = issued
    for url in [  # at this test's width: no sideways scrolling either
        "/clients/",
        f"/clients/{client.pk}/",
        "/clients/nouveau/",
        f"/demandes/{MissionRequest.objects.get().pk}/",
        f"/planning/?semaine={monday.isoformat()}",
        f"/planning/proposition/?semaine={monday.isoformat()}",
        f"/heures/?month={tuesday:%Y-%m}",
        f"/factures/?month={tuesday:%Y-%m}",
        f"/factures/{invoice.pk}/",
    ]:
        page.goto(url)
        assert axe_violations(page) == [], url
        assert_page_fits(page)

    # The week grid works through htmx: removing an assignment with hours entered is
    # refused, the message shows in place.
    page.goto(f"/planning/?semaine={monday.isoformat()}")
    page.get_by_role("button", name="Retirer Paul GIRARD à 08:00").click()
    expect(page.get_by_text("Des heures ont été saisies pour cette affectation")).to_be_visible()
    expect(page.locator("tbody")).to_contain_text("Boulangerie du Port")
