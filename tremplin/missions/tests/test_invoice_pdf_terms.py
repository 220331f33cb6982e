"""The invoice names the payment terms its due date followed (Code de commerce, L441-9 and
L441-10): the legal default, days agreed, days end of month, the periodic invoice's cap —
those of the issue, even once the client's terms change."""

import datetime

import pytest

from tremplin.missions import documents
from tremplin.missions.models import Invoice
from tremplin.missions.services import invoices

from .conftest import make_client
from .test_invoice_pdf import COMPANY_SIRET, issued_invoice, pdf_text

D = datetime.date
LINES = [("Heures de travail — Propreté", "12", "21.50", "20")]
ARTICLE = "(article L441-10 du Code de commerce)"


@pytest.fixture
def company(world):
    client = make_client(world, "company", name="Société Martin & Fils")
    client.siret = COMPANY_SIRET
    client.save()
    return client


def _agree(world, client, terms, days):
    return invoices.client_payment_terms_set(
        actor=world.user("accountant"), client=client, payment_terms=terms, payment_days=days
    )


def test_nothing_agreed_the_invoice_names_the_legal_default(world, company):
    text = pdf_text(documents.invoice_pdf(issued_invoice(world, company, LINES)))
    assert (
        "Délai de paiement : 30 jours après l'exécution de la prestation (délai légal, rien "
        f"n'étant convenu) {ARTICLE}. Paiement au plus tard le 02/03/2025." in text
    )
    assert "Facture périodique" not in text


@pytest.mark.parametrize(
    ("terms", "days", "named", "due", "capped"),
    [
        # 3 February + 10 days = 13 February, end of month: 28 February.
        (
            "end_of_month",
            10,
            "10 jours fin de mois à compter de la date d'émission",
            "28/02/2025",
            False,
        ),
        # 3 February + 44 days = 19 March: under the periodic invoice's 45 days.
        ("days", 44, "44 jours à compter de la date d'émission", "19/03/2025", False),
        # 45 days: 20 March, the cap itself.
        ("days", 45, "45 jours à compter de la date d'émission", "20/03/2025", False),
        # 60 days agreed, but a month's invoice is due 45 days after its issue at most.
        ("days", 60, "60 jours à compter de la date d'émission", "20/03/2025", True),
    ],
)
def test_agreed_terms_are_named_with_the_due_date(world, company, terms, days, named, due, capped):
    _agree(world, company, terms, days)
    invoice = issued_invoice(world, company, LINES)
    assert (invoice.payment_terms, invoice.payment_days) == (terms, days)
    text = pdf_text(documents.invoice_pdf(invoice))
    assert f"Délai de paiement : {named} de la facture, convenus avec le client {ARTICLE}." in text
    assert f"Paiement au plus tard le {due}." in text
    assert ("Facture périodique : au plus 45 jours après son émission." in text) is capped


def test_the_terms_of_the_issue_stay_on_the_invoice(world, company):
    _agree(world, company, "days", 44)
    invoice = issued_invoice(world, company, LINES)
    _agree(world, company, "legal", None)
    invoice = Invoice.objects.get(pk=invoice.pk)
    text = pdf_text(documents.invoice_pdf(invoice))
    assert "44 jours à compter de la date d'émission" in text
    assert "délai légal" not in text


def test_a_month_issued_at_once_copies_each_clients_terms(world, company):
    _agree(world, company, "end_of_month", 10)
    draft = Invoice.objects.create(
        structure=world.own, client=company, period_start=D(2025, 1, 1), period_end=D(2025, 1, 31)
    )
    draft.lines.create(label="x", quantity=1, unit_price=10, amount=10)
    (issued,) = invoices.invoices_issue_month(
        actor=world.user("accountant"),
        structure_id=world.own.pk,
        month=D(2025, 1, 1),
        issued_on=D(2025, 2, 3),
    )
    issued.refresh_from_db()
    assert (issued.payment_terms, issued.payment_days, issued.due_on) == (
        "end_of_month",
        10,
        D(2025, 2, 28),
    )
