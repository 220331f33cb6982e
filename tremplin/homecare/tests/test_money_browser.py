"""In Chromium, at a phone's and a laptop's width: the director's pages of households'
money (payments, direct debits and a batch, NOVA) fit and pass axe."""

import datetime
from decimal import Decimal

import pytest

from tremplin.conftest import assert_page_fits, browser_login, pinned_today

pytestmark = pytest.mark.browser


def test_money_pages_fit_and_pass_axe(sized_page, browser_world):
    from tremplin.homecare.models import Household
    from tremplin.homecare.services import money, sepa
    from tremplin.missions.models import Client, Invoice, InvoiceLine
    from tremplin.missions.services import invoices

    page = sized_page
    own, director = browser_world["own"], browser_world["director"]
    today = pinned_today()
    money.sepa_creditor_set(
        actor=director,
        structure=own,
        name="AI du Rhône",
        creditor_id="FR72ZZZ123456",
        iban="FR7630006000011234567890189",
        bic="BNPAFRPPXXX",
    )
    for index, method in enumerate(("carte", "especes", "cesu_prefinance")):
        client = Client.objects.create(
            structure=own,
            kind="household",
            name=f"Foyer Lambert-Delacroix-Beauregard {index}",
            address="12 avenue des Frères Lumière",
            commune=own.commune,
        )
        household = Household.objects.create(client=client, structure=own)
        month = (today.replace(day=1) - datetime.timedelta(days=40)).replace(day=1)
        invoice = Invoice.objects.create(
            structure=own,
            client=client,
            period_start=month,
            period_end=(month + datetime.timedelta(days=32)).replace(day=1)
            - datetime.timedelta(days=1),
        )
        InvoiceLine.objects.create(
            invoice=invoice, label="Ménage", quantity=4, unit_price=25, amount=100
        )
        invoices._totals(invoice)
        invoice.save()
        invoice = invoices.invoice_issue(
            actor=director, invoice=invoice, issued_on=today - datetime.timedelta(days=20)
        )
        if index == 0:
            money.mandate_create(
                actor=director,
                household=household,
                debtor_name=client.name[:70],
                iban="FR1420041010050500013M02606",
                signed_on=today - datetime.timedelta(days=90),
                today=today,
            )
            batch, _ = sepa.direct_debit_batch_create(
                actor=director,
                structure=own,
                collection_date=today + datetime.timedelta(days=2),
                today=today,
            )
        else:
            invoices.payment_record(
                actor=director,
                invoice=invoice,
                paid_on=today,
                amount=Decimal(100),
                method=method,
                issuer="Edenred" if method == "cesu_prefinance" else "",
            )
    browser_login(page, director)
    for url in (
        f"/services-a-la-personne/paiements/?month={today:%Y-%m}",
        "/services-a-la-personne/prelevements/",
        f"/services-a-la-personne/prelevements/lots/{batch.pk}/",
        f"/services-a-la-personne/nova/?year={today.year}&period=quarter",
        "/services-a-la-personne/prelevements/mandats/nouveau/",
    ):
        page.goto(url)
        assert page.locator("h1").count() == 1
        assert_page_fits(page)
