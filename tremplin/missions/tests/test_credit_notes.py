"""Credit notes never give back more than remains on the invoice, even when two requests
arrive at once."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from tremplin.missions.models import Invoice, InvoiceLine, TimeEntry
from tremplin.missions.services import invoices

from .conftest import make_client

D = datetime.date


def issued(world, lines=(("Propreté", "12", "21.50", "20"),)):
    invoice = Invoice.objects.create(
        structure=world.own,
        client=make_client(world),
        period_start=D(2025, 1, 1),
        period_end=D(2025, 1, 31),
    )
    for label, quantity, price, rate in lines:
        InvoiceLine.objects.create(
            invoice=invoice,
            label=label,
            quantity=Decimal(quantity),
            unit_price=Decimal(price),
            vat_rate=Decimal(rate),
            amount=(Decimal(quantity) * Decimal(price)).quantize(Decimal("0.01")),
        )
    invoices._totals(invoice)
    invoice.save()
    return invoices.invoice_issue(
        actor=world.user("accountant"), invoice=invoice, issued_on=D(2025, 2, 3)
    )


def test_a_second_full_credit_note_is_refused(world):
    invoice = issued(world)
    accountant = world.user("accountant")
    credit = invoices.credit_note_create(actor=accountant, invoice=invoice, reason="Erreur")
    assert credit.total == Decimal("-309.60") and credit.due_on is None
    with pytest.raises(ValidationError) as excinfo:
        invoices.credit_note_create(actor=accountant, invoice=invoice, reason="Encore")
    assert "entièrement" in excinfo.value.messages[0]
    assert invoice.credit_notes.count() == 1


def test_partial_credit_notes_up_to_what_remains(world):
    invoice = issued(world)
    accountant = world.user("accountant")
    first = invoices.credit_note_create(
        actor=accountant, invoice=invoice, reason="Geste", amount=Decimal("100")
    )
    assert first.total == Decimal("-100.00")
    assert first.vat == Decimal("-16.67")  # 20 % of the 83.33 excl. VAT it gives back
    with pytest.raises(ValidationError) as excinfo:  # a cent over what remains
        invoices.credit_note_create(
            actor=accountant, invoice=invoice, reason="Trop", amount=Decimal("209.61")
        )
    assert "209,60" in excinfo.value.messages[0]
    rest = invoices.credit_note_create(actor=accountant, invoice=invoice, reason="Solde")
    assert rest.total == Decimal("-209.60")  # the default: all that remains
    assert invoices.invoice_credited(invoice) == invoice.total
    with pytest.raises(ValidationError):
        invoices.credit_note_create(
            actor=accountant, invoice=invoice, reason="Rien", amount=Decimal("0.01")
        )
    assert invoice.credit_notes.count() == 2


def test_a_partial_credit_note_shares_the_vat_rates_never_more_than_asked(world):
    invoice = issued(world, [("Propreté", "10", "20.00", "20"), ("Repas", "3", "7.33", "5.5")])
    credit = invoices.credit_note_create(
        actor=world.user("accountant"), invoice=invoice, reason="Geste", amount=Decimal("50")
    )
    assert sorted(line.vat_rate for line in credit.lines.all()) == [Decimal("5.5"), Decimal(20)]
    assert Decimal("-50") <= credit.total < Decimal("-49.97")


def test_only_a_whole_credit_note_frees_the_hours(world, employee, prices):
    from .test_invoices import _validated_month

    customer = make_client(world)
    _validated_month(world, employee, customer)
    accountant = world.user("accountant")
    draft = invoices.invoice_draft_for_month(actor=accountant, client=customer, month=D(2025, 1, 1))
    invoice = invoices.invoice_issue(actor=accountant, invoice=draft, issued_on=D(2025, 2, 3))
    invoices.credit_note_create(
        actor=accountant, invoice=invoice, reason="Geste", amount=Decimal(10)
    )
    assert not TimeEntry.objects.filter(invoice__isnull=True).exists()


def test_the_page_offers_what_remains(world, client):
    invoice = issued(world)
    client.force_login(world.user("accountant"))
    url = reverse("missions:invoice_detail", args=[invoice.pk])
    client.post(url, {"credit_note": "1", "credit-reason": "Geste", "credit-amount": "9,60"})
    page = client.get(url)
    assert page.context["to_credit"] == Decimal("300.00")
    response = client.post(
        url, {"credit_note": "1", "credit-reason": "Trop", "credit-amount": "400"}
    )
    assert response.status_code == 200 and invoice.credit_notes.count() == 1
    assert "300,00" in response.content.decode()  # the error says what remains


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_full_credit_notes_at_once_one_is_refused(world):
    invoice = issued(world)
    barrier, done, refused = threading.Barrier(2), [], []

    def credit():
        try:
            barrier.wait()
            done.append(
                invoices.credit_note_create(
                    actor=world.user("accountant"), invoice=invoice, reason="Erreur"
                )
            )
        except ValidationError as exc:
            refused.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=credit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(done), len(refused)) == (1, 1)
    assert invoice.credit_notes.count() == 1
    assert invoices.invoice_credited(invoice) == invoice.total
