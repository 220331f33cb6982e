import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.missions.models import InvoiceSequence
from tremplin.training.models import FederationInvoiceSequence, TrainingInvoice
from tremplin.training.services import money

from .money_builders import attend, make_course, make_session, register_staff

DAY = datetime.date(2026, 3, 2)


def invoiceable(world, structure=None, *, count=2, absent=()):
    session = make_session(make_course(f"c{TrainingInvoice.objects.count()}"), DAY)
    registrations = [
        register_staff(session, structure or world.own, first=f"T{n}", last="Stagiaire")
        for n in range(count)
    ]
    for registration in registrations:
        attend(registration, absent=absent)
    return registrations


def draft(world, structure=None):
    return money.training_invoice_draft(
        actor=world.user("federation"), structure_id=(structure or world.own).pk
    )


@pytest.mark.django_db
def test_a_draft_has_a_line_per_registration_with_its_hours_and_price(world):
    invoiceable(world, absent=(1,))
    invoice = draft(world)
    lines = list(invoice.lines.all())
    assert [line.trainee_name for line in lines] == ["T0 Stagiaire", "T1 Stagiaire"]
    assert {line.hours for line in lines} == {Decimal("3.5")}  # one half-day missed
    assert invoice.total == Decimal("1200.00") and invoice.vat == 0
    assert invoice.number is None
    assert draft(world) is None  # nothing left to invoice


@pytest.mark.django_db
def test_a_session_not_over_is_not_invoiced(world, today):
    session = make_session(make_course("later"), today + datetime.timedelta(days=1))
    register_staff(session, world.own)
    assert draft(world) is None


@pytest.mark.django_db
def test_issue_numbers_the_federation_series_apart_from_the_structures(world):
    invoiceable(world)
    first = money.training_invoice_issue(
        actor=world.user("federation"), invoice=draft(world), issued_on=DAY
    )
    invoiceable(world, world.other)
    second = money.training_invoice_issue(
        actor=world.user("federation"), invoice=draft(world, world.other), issued_on=DAY
    )
    assert (first.reference, second.reference) == ("FO-2026-00001", "FO-2026-00002")
    assert first.due_on == DAY + datetime.timedelta(days=30)
    assert not InvoiceSequence.objects.exists()  # no structure's numbering touched
    with pytest.raises(ValidationError):
        money.training_invoice_issue(actor=world.user("federation"), invoice=first)


@pytest.mark.django_db
def test_a_credit_note_frees_the_lines_to_invoice_again(world, today):
    invoiceable(world)
    # Issued the same day as its credit note: one year's numbers, the credit note next.
    invoice = money.training_invoice_issue(
        actor=world.user("federation"), invoice=draft(world), issued_on=today
    )
    line = invoice.lines.first()
    credit = money.training_credit_note_create(
        actor=world.user("federation"), invoice=invoice, reason="Absent", line_ids=[line.pk]
    )
    assert credit.reference == f"FO-{credit.year}-00002" and credit.total == Decimal("-600.00")
    with pytest.raises(ValidationError):  # credited once only
        money.training_credit_note_create(
            actor=world.user("federation"), invoice=invoice, reason="Encore", line_ids=[line.pk]
        )
    again = draft(world)
    assert [row.registration_id for row in again.lines.all()] == [line.registration_id]


@pytest.mark.django_db
def test_the_pdf_of_an_issued_invoice(world, client):
    invoiceable(world, count=1)
    invoice = money.training_invoice_issue(
        actor=world.user("federation"), invoice=draft(world), issued_on=DAY
    )
    client.force_login(world.user("accountant"))
    response = client.get(reverse("training:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_a_structure_lists_only_its_issued_invoices_in_fixed_queries(world, client):
    for _ in range(3):
        invoiceable(world, count=1)
        money.training_invoice_issue(actor=world.user("federation"), invoice=draft(world))
    invoiceable(world, count=1)
    own_draft = draft(world)
    invoiceable(world, world.other, count=1)
    other = money.training_invoice_issue(
        actor=world.user("federation"), invoice=draft(world, world.other)
    )
    client.force_login(world.user("director"))
    client.get(reverse("training:invoice_list"))  # warms the session and scope caches
    # session, user, scope (2), membership, the invoices with their line counts
    with assert_query_count(6):
        response = client.get(reverse("training:invoice_list"))
    shown = list(response.context["invoices"])
    assert len(shown) == 3 and own_draft not in shown
    assert other.reference not in response.content.decode()
    page = client.get(reverse("training:invoice_detail", args=[other.pk]))
    assert page.status_code == 404


@pytest.mark.django_db
def test_the_federation_list_in_fixed_queries(world, client):
    for _ in range(3):
        invoiceable(world, count=2)
        draft(world)
    client.force_login(world.user("federation"))
    client.get(reverse("training:invoice_list"))
    # session, user, scope (2), membership, the structures to invoice, the invoices
    with assert_query_count(7):
        response = client.get(reverse("training:invoice_list"))
    assert len(response.context["invoices"]) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_issues_at_once_get_consecutive_numbers(world):
    invoiceable(world, count=1)
    first = draft(world)
    invoiceable(world, world.other, count=1)
    second = draft(world, world.other)
    barrier, issued, errors = threading.Barrier(2), [], []

    def issue(invoice):
        try:
            barrier.wait()
            issued.append(
                money.training_invoice_issue(
                    actor=world.user("federation"), invoice=invoice, issued_on=DAY
                ).number
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(i,)) for i in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(issued) == [1, 2]
    assert FederationInvoiceSequence.objects.get(year=2026).last_number == 2
