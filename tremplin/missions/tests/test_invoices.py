import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from tremplin.missions import selectors, tasks
from tremplin.missions.models import Invoice, InvoiceLine, TimeEntry
from tremplin.missions.services import hours, invoices

from .conftest import START, make_client, make_request, validated_hours

D = datetime.date
T = datetime.time


def _validated_month(world, employee, client):
    request = make_request(world, client)
    validated_hours(world, employee, client, [request] * 3)


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


def _issued(world, employee, client):
    _validated_month(world, employee, client)
    accountant = world.user("accountant")
    draft = invoices.invoice_draft_for_month(actor=accountant, client=client, month=START)
    issued = invoices.invoice_issue(actor=accountant, invoice=draft, issued_on=D(2025, 2, 3))
    assert issued.due_on == D(2025, 3, 2)  # the month's end + 30 days
    return issued


def test_reminders_of_an_overdue_invoice(
    world, employee, prices, mailoutbox, django_capture_on_commit_callbacks
):
    client = make_client(world, "company")
    client.email = "compta@martin.test"
    client.save()
    invoice = _issued(world, employee, client)
    accountant = world.user("accountant")
    with pytest.raises(ValidationError):  # due today: not overdue yet
        invoices.invoice_remind(actor=accountant, invoice=invoice, on=D(2025, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes by the queue
        first = invoices.invoice_remind(actor=accountant, invoice=invoice, on=D(2025, 3, 3))
    assert (first.level, first.balance, first.sent_to) == (1, Decimal("309.60"), client.email)
    (mail,) = mailoutbox
    assert mail.to == [client.email] and "2025-00001" in mail.subject
    assert "309.60" in mail.body and "40" in mail.body and "L441-10" in mail.body
    tasks.reminder_email_task.enqueue(first.pk)  # a second run of the job sends nothing
    assert len(mailoutbox) == 1
    with pytest.raises(ValidationError) as excinfo:  # 14 days later: too soon
        invoices.invoice_remind(actor=accountant, invoice=invoice, on=D(2025, 3, 17))
    assert "15" in excinfo.value.messages[0]
    invoices.payment_record(
        actor=accountant, invoice=invoice, paid_on=D(2025, 3, 10), amount=Decimal("100")
    )
    second = invoices.invoice_remind(actor=accountant, invoice=invoice, on=D(2025, 3, 18))
    assert (second.level, second.balance) == (2, Decimal("209.60"))
    overdue = selectors.overdue_invoices(
        actor=accountant, structure_id=world.own.pk, on=D(2025, 3, 18)
    )
    assert [(i.balance, i.last_reminder) for i in overdue] == [(Decimal("209.60"), D(2025, 3, 18))]
    invoices.payment_record(
        actor=accountant, invoice=invoice, paid_on=D(2025, 3, 20), amount=Decimal("209.60")
    )
    with pytest.raises(ValidationError):  # paid: nothing to remind
        invoices.invoice_remind(actor=accountant, invoice=invoice, on=D(2025, 4, 20))
    with pytest.raises(PermissionDenied):
        invoices.invoice_remind(actor=world.user("planner"), invoice=invoice, on=D(2025, 4, 20))


def test_households_are_reminded_without_the_professional_indemnity(
    world, employee, prices, mailoutbox, django_capture_on_commit_callbacks
):
    client = make_client(world, "household", name="Mme Durand")
    client.email = "durand@exemple.test"
    client.save()
    invoice = _issued(world, employee, client)
    with django_capture_on_commit_callbacks(execute=True):
        invoices.invoice_remind(actor=world.user("accountant"), invoice=invoice, on=D(2025, 4, 1))
    assert "L441-10" not in mailoutbox[0].body


def test_invoice_page_records_a_payment_a_reminder_and_a_credit_note(
    world, employee, prices, client
):
    from django.urls import reverse

    customer = make_client(world, "company")
    invoice = _issued(world, employee, customer)
    Invoice.objects.filter(pk=invoice.pk).update(due_on=D(2025, 3, 2))
    client.force_login(world.user("accountant"))
    url = reverse("missions:invoice_detail", args=[invoice.pk])
    response = client.post(
        url, {"payment": "1", "payment-paid_on": "", "payment-amount": "-3", "payment-method": "x"}
    )
    assert response.status_code == 200 and not invoice.payments.exists()
    assert set(response.context["payment_form"].errors) == {"paid_on", "amount", "method"}
    client.post(
        url,
        {
            "payment": "1",
            "payment-paid_on": "2025-03-05",
            "payment-amount": "9,60",
            "payment-method": "cheque",
        },
    )
    assert invoice.payments.get().amount == Decimal("9.60")
    client.post(url, {"remind": "1"})
    assert invoice.reminders.get().sent_to == ""  # no email: to send by post
    assert "overdue" in client.get(reverse("missions:invoice_list")).context
    response = client.post(url, {"credit_note": "1", "credit-reason": "Erreur d'heures"})
    credit = Invoice.objects.get(corrects=invoice)
    assert response["Location"] == reverse("missions:invoice_detail", args=[credit.pk])
    assert credit.total == -invoice.total
    client.force_login(world.user("planner"))
    assert client.post(url, {"remind": "1"}).status_code == 403
    assert client.get(url).status_code == 200  # staff may read it


def test_client_page_hours_by_month(world, employee, prices, client):
    from django.urls import reverse

    customer = make_client(world, "company")
    _issued(world, employee, customer)
    hours.time_entry_create(
        actor=world.user("planner"),
        person=employee,
        client=customer,
        date=D(2025, 2, 4),
        hours=Decimal("2.5"),
    )
    client.force_login(world.user("planner"))
    response = client.get(reverse("missions:client_detail", args=[customer.pk]))
    months = [
        (m["month"], m["entered"], m["validated"], m["invoiced"])
        for m in response.context["months"]
    ]
    assert months == [
        (D(2025, 2, 1), Decimal("2.5"), 0, 0),
        (D(2025, 1, 1), Decimal(12), Decimal(12), Decimal(12)),
    ]


def test_a_month_is_invoiced_per_client_in_a_query_per_invoice(world, employee, prices):
    from tremplin.common.testing import assert_query_count
    from tremplin.missions.models import Assignment
    from tremplin.network.models import Activity

    unpriced = Activity.objects.exclude(code="proprete").order_by("pk").first()
    customers = [make_client(world, "company", name=f"Client {i}") for i in range(3)]
    for index, customer in enumerate(customers):
        request = make_request(world, customer)
        if index == 2:  # its hours are of an activity the price list lacks
            request.activity = unpriced
            request.save()
        for day in range(3):
            assignment = Assignment.objects.create(
                request=request,
                person=employee,
                date=START + datetime.timedelta(days=day),
                start_time=T(8 + 4 * index),
                end_time=T(12 + 4 * index),
                hours=Decimal(4),
            )
            TimeEntry.objects.create(
                structure=world.own,
                person=employee,
                client=customer,
                assignment=assignment,
                date=assignment.date,
                hours=Decimal(4),
                status="validated",
            )
    # 10 whatever the number of clients (savepoints and the user's scope included), one an invoice
    with assert_query_count(10 + 2):
        drafts, errors = invoices.invoice_drafts_for_month(
            actor=world.user("accountant"), structure_id=world.own.pk, month=START
        )
    assert [d.client for d in drafts] == customers[:2]
    assert [d.total for d in drafts] == [Decimal("309.60")] * 2  # 12 h × 21.50 + 20 % VAT
    assert list(errors) == [customers[2].pk]
    assert "tarif" in errors[customers[2].pk] or "rate" in errors[customers[2].pk]
    assert TimeEntry.objects.filter(invoice__isnull=True, client=customers[2]).count() == 3
    assert not TimeEntry.objects.filter(invoice__isnull=True).exclude(client=customers[2]).exists()


def test_a_payment_reads_its_method_label_not_its_code():
    from django.utils import translation

    from tremplin.missions.models import Payment

    with translation.override("fr"):
        assert Payment(method="cesu").method_label == "CESU bancaire"
        assert Payment(method="virement").method_label == "Virement"
        assert Payment(method="").method_label == ""


@pytest.mark.parametrize("method", ["cesu_prefinance", "tiers_financeur"])
def test_a_payment_by_a_third_party_names_who_paid(world, employee, prices, method):
    client = make_client(world, "household", name="Mme Petit")
    _validated_month(world, employee, client)
    accountant = world.user("accountant")
    invoice = invoices.invoice_issue(
        actor=accountant,
        invoice=invoices.invoice_draft_for_month(actor=accountant, client=client, month=START),
    )
    with pytest.raises(ValidationError) as refused:
        invoices.payment_record(
            actor=accountant,
            invoice=invoice,
            paid_on=D(2025, 3, 1),
            amount=Decimal("50"),
            method=method,
            issuer="  ",
        )
    assert "issuer" in refused.value.message_dict
    assert not invoice.payments.exists()
    payment = invoices.payment_record(
        actor=accountant,
        invoice=invoice,
        paid_on=D(2025, 3, 1),
        amount=Decimal("50"),
        method=method,
        issuer=" Edenred ",
    )
    assert payment.issuer == "Edenred" and invoices.invoice_balance(invoice) > 0
