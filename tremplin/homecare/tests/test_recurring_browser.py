"""In Chromium, at a desktop's and a phone's width: a structure plans a recurring service at
a household, confirms the planned hours, then validates, closes and invoices the month
through the missions pages; every recurring page passes axe and fits the width."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tremplin.conftest import assert_page_fits, browser_login, pinned_today

pytestmark = pytest.mark.browser


def test_a_structure_plans_a_recurring_service_then_issues_the_month(sized_page, browser_world):
    from tremplin.homecare.models import Household, Occurrence, Quote, RecurringPattern, Service
    from tremplin.missions.models import Client, Invoice, PriceItem
    from tremplin.network.models import Activity, Commune
    from tremplin.people.services import approvals, contracts, eligibility, persons

    page = sized_page
    own, conseiller = browser_world["own"], browser_world["conseiller"]
    director = browser_world["director"]
    today = pinned_today()
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)  # last month
    last_day = today.replace(day=1) - datetime.timedelta(days=1)
    hired = month - datetime.timedelta(days=30)
    person = persons.person_create(
        actor=conseiller,
        structure=own,
        last_name="Morel",
        first_names="Inès",
        sex="F",
        birth_date=datetime.date(1988, 3, 3),
    )
    eligibility.diagnosis_create(
        actor=conseiller,
        person=person,
        author_kind="employer",
        author_name="K",
        made_on=hired,
        criteria=["l1_rsa"],
    )
    approvals.approval_issue(
        actor=conseiller, person=person, number="999996666666", start_date=hired
    )
    contracts.contract_sign(
        actor=conseiller,
        person=person,
        kind="cddi",
        start_date=hired,
        planned_end_date=hired + datetime.timedelta(days=300),
        weekly_hours=Decimal(26),
    )
    activity = Activity.objects.get(code="services-personne")
    PriceItem.objects.create(structure=own, activity=activity, hourly_rate=Decimal("24"))
    client = Client.objects.create(
        structure=own,
        kind="household",
        name="Mme Lambert",
        address="8 rue Sala",
        commune=Commune.objects.get(pk="69123"),
    )
    household = Household.objects.create(client=client, structure=own)
    # The quote the household accepted on paper: 4 h a month of 24 € pass 100 € a month.
    Quote.objects.create(household=household, number=1, status="accepted", accepted_via="paper")
    Service.objects.create(
        structure=own,
        name="Ménage et repassage",
        activity="menage",
        mode="prestataire",
        work_activity=activity,
        price_excl_vat=Decimal("24"),
    )
    browser_login(page, director)

    page.goto("/interventions-a-domicile/")
    page.get_by_role("link", name="Planifier une prestation régulière").click()
    page.select_option("#id_household", label="Mme Lambert")
    page.select_option("#id_service", label="Ménage et repassage")
    page.select_option("#id_person", label="Inès MOREL")
    page.select_option("#id_frequency", "weekly")
    page.get_by_label("mardi").check()
    page.fill("#id_start_time", "09:00")
    page.fill("#id_end_time", "11:00")
    page.fill("#id_starts_on", month.isoformat())
    page.fill("#id_ends_on", last_day.isoformat())
    page.get_by_role("button", name="Planifier", exact=True).click()
    expect(page.get_by_text("Interventions planifiées :")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mme Lambert")
    pattern = RecurringPattern.objects.get()
    planned = Occurrence.objects.filter(pattern=pattern, status="planned").count()
    assert planned >= 4 - Occurrence.objects.filter(pattern=pattern, status="holiday").count()

    page.get_by_role("link", name="Heures prévues et réalisées").click()
    for _ in range(planned):
        page.get_by_role("button", name="Confirmer les heures prévues").first.click()
        expect(page.get_by_text("Heures prévues confirmées.")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmer les heures prévues")).to_have_count(0)
    hours_url = page.url

    page.goto(f"/heures/?month={month:%Y-%m}")
    page.get_by_role("button", name="Valider les heures cochées").click()
    expect(page.get_by_text(f"{planned} relevés validés.")).to_be_visible()
    page.get_by_role("button", name="Clore le mois").click()
    expect(page.get_by_text("Ce mois est clos.")).to_be_visible()
    page.goto(f"/factures/?month={month:%Y-%m}")
    page.get_by_role("button", name="Préparer").click()
    expect(page.get_by_text("1 factures préparées en brouillon.")).to_be_visible()
    page.get_by_role("button", name="Émettre", exact=True).click()
    expect(page.get_by_text("Facture émise.")).to_be_visible()
    invoice = Invoice.objects.get()
    assert invoice.client_id == client.pk
    assert sum(line.quantity for line in invoice.lines.all()) == 2 * planned

    occurrence = Occurrence.objects.filter(pattern=pattern).first()
    for url in [
        "/interventions-a-domicile/",
        "/interventions-a-domicile/nouvelle/",
        f"/interventions-a-domicile/{pattern.pk}/",
        hours_url,
        f"/interventions-a-domicile/dates/{occurrence.pk}/",
        "/interventions-a-domicile/absences/",
    ]:
        page.goto(url)
        assert_page_fits(page)
