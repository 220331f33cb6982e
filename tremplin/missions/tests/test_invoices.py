import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from tremplin.missions.models import Invoice, InvoiceLine, TimeEntry
from tremplin.missions.services import hours, invoices
from tremplin.missions.services.assignments import assignment_create

from .conftest import START, make_client, make_request

D = datetime.date
T = datetime.time


def _validated_month(world, employee, client):
    request = make_request(world, client)
    for offset in range(3):
        assignment = assignment_create(
            actor=world.user("planner"),
            request=request,
            person=employee,
            day=START + datetime.timedelta(days=offset),
            start=T(8),
            end=T(12),
        )
        hours.time_entry_create(
            actor=world.user("planner"),
            person=employee,
            client=client,
            date=assignment.date,
            hours=Decimal(4),
            assignment=assignment,
        )
    hours.time_entries_validate(actor=world.user("planner"), entries=TimeEntry.objects.all())


def test_monthly_invoice_from_validated_hours_then_issue_and_credit(world, employee, prices):
    client = make_client(world, "company")
    _validated_month(world, employee, client)
    accountant = world.user("accountant")
    draft = invoices.invoice_draft_for_month(actor=accountant, client=client, month=START)
    assert draft.total_excl_vat == Decimal("258.00")  # 12 h × 21.50
    assert draft.vat == Decimal("51.60") and draft.total == Decimal("309.60")
    assert draft.number is None
    issued = invoices.invoice_issue(actor=accountant, invoice=draft, issued_on=D(2025, 2, 3))
    assert (issued.year, issued.number, issued.reference) == (2025, 1, "2025-00001")
    with pytest.raises(ValidationError):
        invoices.invoice_issue(actor=accountant, invoice=issued)
    # Nothing left to invoice for that month.
    assert invoices.invoice_draft_for_month(actor=accountant, client=client, month=START) is None
    credit = invoices.credit_note_create(
        actor=accountant, invoice=issued, reason="Erreur de taux", issued_on=D(2025, 3, 1)
    )
    assert credit.number == 2 and credit.total == Decimal("-309.60") and credit.corrects == issued
    assert TimeEntry.objects.filter(invoice__isnull=True).count() == 3  # to invoice again


def test_payments_settle_an_invoice(world, employee, prices):
    client = make_client(world, "company")
    _validated_month(world, employee, client)
    accountant = world.user("accountant")
    invoice = invoices.invoice_issue(
        actor=accountant,
        invoice=invoices.invoice_draft_for_month(actor=accountant, client=client, month=START),
    )
    invoices.payment_record(
        actor=accountant, invoice=invoice, paid_on=D(2025, 3, 1), amount=Decimal("300")
    )
    assert invoices.invoice_balance(invoice) == Decimal("9.60")
    invoices.payment_record(
        actor=accountant, invoice=invoice, paid_on=D(2025, 3, 2), amount=Decimal("9.60")
    )
    invoice.refresh_from_db()
    assert invoice.status == "paid"


def test_only_accountants_and_directors_invoice(world, employee, prices):
    client = make_client(world, "company")
    _validated_month(world, employee, client)
    with pytest.raises(PermissionDenied):
        invoices.invoice_draft_for_month(actor=world.user("planner"), client=client, month=START)
    assert not Invoice.objects.exists()


def test_a_closed_month_refuses_new_hours(world, employee, prices):
    client = make_client(world, "household")
    _validated_month(world, employee, client)
    hours.month_close(actor=world.user("planner"), structure=world.own, month=START)
    with pytest.raises(ValidationError):
        hours.time_entry_create(
            actor=world.user("planner"),
            person=employee,
            client=client,
            date=START,
            hours=Decimal(1),
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_50_invoices_issued_in_parallel_get_50_consecutive_numbers(world, prices):
    client = make_client(world, "company")
    drafts = []
    for index in range(50):
        invoice = Invoice.objects.create(
            structure=world.own, client=client, period_start=START, period_end=START
        )
        InvoiceLine.objects.create(
            invoice=invoice, label=f"l{index}", quantity=1, unit_price=1, amount=1
        )
        drafts.append(invoice)
    barrier, errors = threading.Barrier(10), []

    def issue(batch):
        try:
            barrier.wait()
            for invoice in batch:
                invoices.invoice_issue(
                    actor=world.user("accountant"), invoice=invoice, issued_on=D(2025, 5, 1)
                )
        except Exception as exc:  # collected: an exception in a thread would be lost
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(drafts[i::10],)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 51))
