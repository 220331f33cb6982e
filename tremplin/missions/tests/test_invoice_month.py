"""The accountant's month: invoices listed by month with filters and pages, a month's
drafts prepared then issued at once (gap-free, all or nothing, safe when two run at once)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.missions.models import (
    Assignment,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    TimeEntry,
)
from tremplin.missions.services import invoices

from .conftest import START, make_client, make_request

D = datetime.date
T = datetime.time
JANUARY = D(2025, 1, 1)
URL = "missions:invoice_list"


def worked(world, employee, customer, day=START, hours=4):
    """Validated hours of `employee` for `customer` on `day`, tied to a request."""
    request = make_request(world, customer)
    assignment = Assignment.objects.create(
        request=request,
        person=employee,
        date=day,
        start_time=T(8),
        end_time=T(8 + hours),
        hours=Decimal(hours),
    )
    TimeEntry.objects.create(
        structure=world.own,
        person=employee,
        client=customer,
        assignment=assignment,
        date=day,
        hours=Decimal(hours),
        status="validated",
    )


def drafts_of(world, count, month=JANUARY, kind="company"):
    customers = [make_client(world, kind, name=f"Client {i:02d}") for i in range(count)]
    made = []
    for customer in customers:
        invoice = Invoice.objects.create(
            structure=world.own,
            client=customer,
            period_start=month,
            period_end=invoices.month_bounds(month)[1],
            total=Decimal(10),
        )
        InvoiceLine.objects.create(invoice=invoice, label="x", quantity=1, unit_price=10, amount=10)
        made.append(invoice)
    return made


def test_the_page_prepares_then_issues_a_chosen_month(world, employee, prices, client):
    names = ["Zoé Services", "Atelier Bleu", "Maison Martin"]
    for offset, name in enumerate(names):
        worked(world, employee, make_client(world, name=name), START + datetime.timedelta(offset))
    client.force_login(world.user("accountant"))
    response = client.post(reverse(URL) + "?month=2025-01", {"action": "prepare"})
    assert response["Location"].endswith("?month=2025-01")
    assert Invoice.objects.filter(status="draft").count() == 3
    page = client.get(reverse(URL), {"month": "2025-01"})
    assert page.context["summary"]["drafts"] == 3
    assert "Émettre les 3 brouillons" in page.content.decode()
    client.post(reverse(URL) + "?month=2025-01", {"action": "issue"})
    issued = list(Invoice.objects.order_by("number"))
    assert [i.client.name for i in issued] == sorted(names)  # numbered in the clients' order
    assert [i.number for i in issued] == [1, 2, 3]
    today = datetime.date.today()
    assert {i.issued_on for i in issued} == {today}
    assert all(i.due_on >= i.issued_on for i in issued)
    assert InvoiceSequence.objects.get().last_number == 3
    client.post(reverse(URL) + "?month=2025-01", {"action": "issue"})  # nothing left
    assert InvoiceSequence.objects.get().last_number == 3


def test_the_page_opens_on_the_last_month_which_the_accountant_invoices(world, client, today):
    client.force_login(world.user("accountant"))
    response = client.get(reverse(URL))
    previous = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    assert response.context["month"] == previous
    assert response.context["can_prepare"]


def test_a_month_not_begun_is_not_prepared(world, client, today):
    following = (today.replace(day=28) + datetime.timedelta(days=7)).replace(day=1)
    with pytest.raises(ValidationError):
        invoices.invoice_drafts_for_month(
            actor=world.user("accountant"), structure_id=world.own.pk, month=following
        )


def test_issuing_a_month_is_all_or_nothing(world):
    second = drafts_of(world, 3)[1]
    second.lines.all().delete()
    with pytest.raises(ValidationError) as excinfo:
        invoices.invoices_issue_month(
            actor=world.user("accountant"), structure_id=world.own.pk, month=JANUARY
        )
    assert second.client.name in excinfo.value.messages[0]
    assert not Invoice.objects.exclude(status="draft").exists()
    assert not InvoiceSequence.objects.filter(last_number__gt=0).exists()


def test_a_month_is_issued_once_it_is_over_and_by_an_accountant(world):
    drafts_of(world, 1)
    with pytest.raises(ValidationError):
        invoices.invoices_issue_month(
            actor=world.user("accountant"),
            structure_id=world.own.pk,
            month=JANUARY,
            issued_on=D(2025, 1, 30),
        )
    with pytest.raises(PermissionDenied):
        invoices.invoices_issue_month(
            actor=world.user("planner"), structure_id=world.own.pk, month=JANUARY
        )
    assert not Invoice.objects.exclude(status="draft").exists()


@pytest.mark.parametrize("count", [2, 6])
def test_issuing_a_month_takes_the_same_queries_whatever_its_size(world, count):
    drafts_of(world, count)
    accountant = world.user("accountant")
    # savepoint, the actor's scope (2), the drafts locked, their lines, the sequence
    # (get_or_create: select, savepoint, insert, release; then locked, updated), one bulk
    # update, release: the same for 2 and 6 invoices (no client has a SIRET to transmit to)
    with assert_query_count(QUERIES_ISSUE_MONTH[connection.vendor]):
        issued = invoices.invoices_issue_month(
            actor=accountant, structure_id=world.own.pk, month=JANUARY, issued_on=D(2025, 2, 3)
        )
    assert [i.number for i in issued] == list(range(1, count + 1))


QUERIES_ISSUE_MONTH = {"sqlite": 13, "postgresql": 13}


@pytest.mark.parametrize("count", [3, 8])
def test_the_list_takes_the_same_queries_whatever_its_length(world, client, count):
    drafts_of(world, count)
    client.force_login(world.user("accountant"))
    client.get(reverse(URL), {"month": "2025-01"})  # the session and caches warmed up
    with assert_query_count(QUERIES_LIST):
        response = client.get(reverse(URL), {"month": "2025-01"})
    assert len(response.context["invoices"]) == count


# session, user, membership, the scope (2), the page's count, the month's summary (drafts,
# hours to invoice), the overdue invoices, the page's invoices, the access log's row
QUERIES_LIST = 11


def test_filters_and_pages(world, client):
    companies = drafts_of(world, 3)
    households = drafts_of(world, 2, kind="household")
    others = drafts_of(world, 1, month=D(2025, 2, 1))
    accountant = world.user("accountant")
    issued = invoices.invoice_issue(actor=accountant, invoice=companies[0], issued_on=D(2025, 2, 3))
    Invoice.objects.filter(pk=issued.pk).update(due_on=D(2025, 2, 10))
    client.force_login(accountant)

    def listed(**query):
        response = client.get(reverse(URL), {"month": "2025-01", **query})
        return {i.pk for i in response.context["page"].paginator.object_list}

    assert listed() == {i.pk for i in companies + households}
    assert others[0].pk not in listed()
    assert listed(state="draft") == {i.pk for i in companies[1:] + households}
    assert listed(state="issued") == {issued.pk}
    assert listed(kind="household") == {i.pk for i in households}
    assert listed(overdue="on") == {issued.pk}  # due on 10 February, long past
    assert listed(state="credit_note") == set()


def test_the_list_is_paginated(world, client):
    drafts_of(world, 53)
    client.force_login(world.user("accountant"))
    first = client.get(reverse(URL), {"month": "2025-01", "state": "draft"})
    assert len(first.context["invoices"]) == 50
    assert "state=draft" in first.context["query"] and "page=" not in first.context["query"]
    second = client.get(reverse(URL), {"month": "2025-01", "state": "draft", "page": 2})
    assert len(second.context["invoices"]) == 3
    assert "Page 2" in second.content.decode() or "page 2" in second.content.decode().lower()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_accountants_issuing_a_month_at_once_number_it_once(world):
    january = drafts_of(world, 20)
    february = drafts_of(world, 5, month=D(2025, 2, 1))
    accountant = world.user("accountant")
    barrier, results, errors = threading.Barrier(3), [], []

    def run(work):
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # collected: an exception in a thread would be lost
            errors.append(exc)
        finally:
            connections.close_all()

    def month():
        return len(
            invoices.invoices_issue_month(
                actor=accountant, structure_id=world.own.pk, month=JANUARY, issued_on=D(2025, 3, 3)
            )
        )

    def one_by_one():
        for draft in february:
            invoices.invoice_issue(actor=accountant, invoice=draft, issued_on=D(2025, 3, 3))
        return -len(february)

    threads = [threading.Thread(target=run, args=(work,)) for work in (month, month, one_by_one)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [-5, 0, 20]  # one issued the month, the other found it issued
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 26))
    assert Invoice.objects.filter(pk__in=[i.pk for i in january], status="issued").count() == 20
