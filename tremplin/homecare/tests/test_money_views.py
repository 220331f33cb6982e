"""The money part's pages: payments of the month, direct debits from the creditor to the
collected batch, NOVA tables and their CSV/XLSX."""

import datetime
import io
import os
from decimal import Decimal

import openpyxl
import pytest
import sepaxml
import xmlschema
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.conftest import pinned_today
from tremplin.homecare.models import DirectDebitMandate, DirectDebitOrder
from tremplin.missions.models import Payment
from tremplin.missions.services import invoices

from .money_helpers import issued_invoice, make_household
from .test_money_nova import Year

D = datetime.date
XSD = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.008.001.02.xsd")


def _login(client, world, role="accountant"):
    client.force_login(world.user(role))
    return client


def test_the_month_payments_by_method_with_their_standing(world, client):
    today = pinned_today()
    accountant = world.user("accountant")
    methods = [
        ("carte", ""),
        ("especes", ""),
        ("cesu_prefinance", "Edenred"),
        ("tiers_financeur", "Département du Rhône"),
        ("cheque", ""),
    ]
    for index, (method, issuer) in enumerate(methods):
        household = make_household(world, f"Foyer {index}")
        invoice = issued_invoice(
            world,
            household,
            month=(today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1),
            issued_on=today.replace(day=1),
        )
        invoices.payment_record(
            actor=accountant,
            invoice=invoice,
            paid_on=today,
            amount=Decimal("40.00"),
            method=method,
            issuer=issuer,
        )
    _login(client, world, "planner")
    url = reverse("homecare:money_payments") + f"?month={today:%Y-%m}"
    client.get(url)  # the session's first page reads more (scope, language…)
    with assert_query_count(6):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Carte bancaire" in body and "Espèces" in body and "(Edenred)" in body
    assert body.count("Jamais éligible") == 1 and body.count(">Déduit<") == 2
    assert "200,00 €" in body or "200.00 €" in body


ICS = "FR72ZZZ123456"


def test_from_the_creditor_to_the_collected_batch(world, client):
    _login(client, world)
    response = client.post(
        reverse("homecare:money_creditor"),
        {"name": "AI du Rhône", "creditor_id": "FR72ZZZ123457", "iban": "x", "bic": "BNPAFRPP"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cet identifiant créancier SEPA" in body
    response = client.post(
        reverse("homecare:money_creditor"),
        {
            "name": "AI du Rhône",
            "creditor_id": ICS,
            "iban": "FR7630006000011234567890189",
            "bic": "BNPAFRPP",
        },
    )
    assert response.status_code == 302
    household = make_household(world)
    today = pinned_today()
    response = client.post(
        reverse("homecare:money_mandate_create"),
        {
            "household": household.pk,
            "debtor_name": "Mme Durand",
            "iban": "FR14 2004 1010 0505 0001 3M02 606",
            "signed_on": (today - datetime.timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mandate = DirectDebitMandate.objects.get()
    assert mandate.iban == "FR1420041010050500013M02606"
    invoice = issued_invoice(
        world,
        household,
        month=(today - datetime.timedelta(days=60)).replace(day=1),
        issued_on=today - datetime.timedelta(days=30),
    )
    page = client.get(reverse("homecare:money_debits")).content.decode()
    assert "Mme Durand" in page and "FR14 •••• 2606" in page and "3M02606" not in page
    response = client.post(
        reverse("homecare:money_debits"),
        {"collection_date": (today + datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 302
    order = DirectDebitOrder.objects.get()
    assert order.invoice == invoice and order.amount == invoice.total
    xml = client.get(reverse("homecare:money_batch_file", args=[order.batch_id]))
    assert xml["Content-Type"].startswith("application/xml")
    xmlschema.XMLSchema(XSD).validate(xml.content.decode())
    detail = reverse("homecare:money_batch_detail", args=[order.batch_id])
    assert "Mme Durand" in client.get(detail).content.decode()
    assert client.post(detail, {}).status_code == 302
    payment = Payment.objects.get(invoice=invoice)
    assert payment.method == "prelevement" and payment.amount == invoice.total
    # The planner sees the payments, not the bank details.
    _login(client, world, "planner")
    assert client.get(reverse("homecare:money_debits")).status_code == 404
    assert client.get(detail).status_code == 404


def test_a_mandate_of_another_structure_is_not_revoked(world, client):
    theirs = make_household(world, "Foyer Breton", structure=world.other)
    mandate = DirectDebitMandate.objects.create(
        structure=world.other,
        household=theirs,
        rum="TRP-X",
        debtor_name="Foyer Breton",
        iban="FR1420041010050500013M02606",
        signed_on=D(2026, 1, 2),
    )
    _login(client, world)
    response = client.post(reverse("homecare:money_mandate_revoke", args=[mandate.pk]))
    assert response.status_code == 404
    mandate.refresh_from_db()
    assert mandate.status == "active"


@pytest.fixture
def nova_year(world):
    data = Year(world)
    data.hours(data.durand, data.anna, data.cleaning, D(2026, 1, 5), 3)
    data.hours(data.roux, data.paul, data.diy, D(2026, 5, 4), 2)
    return data


def test_nova_page_and_its_exports(world, client, nova_year):
    _login(client, world, "director")
    url = reverse("homecare:money_nova")
    response = client.get(url, {"year": 2026, "period": "quarter"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "T1 2026" in body and "T4 2026" in body and "Foyers servis" in body
    assert "Entretien de la maison" in body
    csv = client.get(url, {"year": 2026, "period": "year", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Foyers servis;2" in text and "Heures — total;5" in text
    xlsx = client.get(url, {"year": 2026, "period": "month", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Donnée", "janvier 2026", "février 2026")
    households = next(row for row in rows if row[0] == "Foyers servis")
    assert households[1] == 1 and households[5] == 1 and households[2] == 0
