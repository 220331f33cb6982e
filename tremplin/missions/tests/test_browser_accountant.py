"""In Chromium, at a desktop's and a phone's width: the accountant's day — a past month's
drafts prepared and issued in one action, then a credit note from an invoice's page."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tremplin.conftest import PASSWORD, assert_page_fits, browser_login, hire_in_path, pinned_today

pytestmark = pytest.mark.browser

T = datetime.time
CLIENTS = ("Zoé Services", "Atelier Bleu", "Maison Martin")


def _month_of_validated_hours(own, conseiller):
    """Three clients with validated hours in the month before last: that month is over,
    so every one of its drafts can be issued."""
    from tremplin.missions.models import (
        Assignment,
        Client,
        MissionRequest,
        PriceItem,
        TimeEntry,
        VatRule,
    )
    from tremplin.network.models import Activity, Commune

    first = (pinned_today().replace(day=1) - datetime.timedelta(days=32)).replace(day=1)
    person = hire_in_path(
        conseiller=conseiller,
        structure=own,
        pass_number="999997777779",
        start=first,
        end=first + datetime.timedelta(days=200),
    )
    activity = Activity.objects.get(code="proprete")
    PriceItem.objects.create(structure=own, activity=activity, hourly_rate=Decimal("20"))
    VatRule.objects.create(
        structure=own, client_kind="company", rate=Decimal(20), legal_reference="TVA"
    )
    for offset, name in enumerate(CLIENTS):
        client = Client.objects.create(
            structure=own,
            kind="company",
            name=name,
            address="1 rue du Port",
            commune=Commune.objects.get(pk="69123"),
        )
        request = MissionRequest.objects.create(
            structure=own,
            client=client,
            activity=activity,
            commune=client.commune,
            start_date=first,
            end_date=first + datetime.timedelta(days=27),
            hours=Decimal(40),
        )
        day = first + datetime.timedelta(days=offset + 1)
        assignment = Assignment.objects.create(
            request=request,
            person=person,
            date=day,
            start_time=T(8),
            end_time=T(11),
            hours=Decimal(3),
        )
        TimeEntry.objects.create(
            structure=own,
            person=person,
            client=client,
            assignment=assignment,
            date=day,
            hours=Decimal(3),
            status="validated",
        )
    return first


def test_accountant_issues_a_month_then_credits_an_invoice(sized_page, browser_world):
    from tremplin.accounts.services import structure_membership_add, user_create
    from tremplin.missions.models import Invoice

    page, own = sized_page, browser_world["own"]
    month = _month_of_validated_hours(own, browser_world["conseiller"])
    accountant = user_create(
        email="compta@tremplin.test", kind="structure_staff", password=PASSWORD
    )
    structure_membership_add(user=accountant, structure=own, role="accountant")
    browser_login(page, accountant)

    page.goto(f"/factures/?month={month:%Y-%m}")
    assert_page_fits(page)
    page.get_by_role("button", name="Préparer les factures").click()
    expect(page.get_by_text("3 factures préparées en brouillon.")).to_be_visible()
    assert_page_fits(page)
    # One action issues the whole month, numbered in the order of the clients' names.
    page.get_by_role("button", name="Émettre les 3 brouillons").click()
    expect(page.locator(".alert-success")).to_contain_text("3 factures émises")
    year = pinned_today().year
    issued = list(Invoice.objects.order_by("number").values_list("client__name", "number"))
    assert issued == [(name, n) for n, name in enumerate(sorted(CLIENTS), start=1)]
    assert not Invoice.objects.filter(status="draft").exists()
    expect(page.locator("tbody")).to_contain_text(f"{year}-00003")
    expect(page.get_by_role("button", name="Émettre", exact=True)).to_have_count(0)
    assert_page_fits(page)

    # A credit note of part of the first invoice, from its page; the rest stays to credit.
    page.get_by_role("link", name=f"{year}-00001").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{year}-00001")
    assert_page_fits(page)
    page.get_by_label("Motif de la correction").fill("Une heure facturée en trop")
    page.get_by_label("Montant TTC (€)").fill("24,00")
    page.get_by_role("button", name="Émettre un avoir").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avoir")
    expect(page.locator(".alert-success")).to_contain_text(f"{year}-00004")
    credit = Invoice.objects.get(corrects__isnull=False)
    assert (credit.total, credit.corrects.number) == (Decimal("-24.00"), 1)
    assert_page_fits(page)
    page.get_by_role("link", name=f"{year}-00001").click()
    expect(page.locator("#credit ~ ul")).to_contain_text(f"{year}-00004")
    expect(page.get_by_text("Il reste 48,00 € TTC à créditer.")).to_be_visible()
