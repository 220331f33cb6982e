"""Due dates from payment terms, at the legal limits of L441-10 (Code de commerce)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tremplin.missions.payment_terms import DAYS, END_OF_MONTH, LEGAL, due_date, payment_terms_error
from tremplin.missions.services import invoices

from .conftest import make_client

D = datetime.date
JANUARY_END = D(2025, 1, 31)


def due(terms, days, issued_on, periodic=False, service_end=JANUARY_END):
    return due_date(
        terms=terms, days=days, issued_on=issued_on, service_end=service_end, periodic=periodic
    )


def test_nothing_agreed_is_30_days_after_the_service_never_before_the_issue():
    assert due(LEGAL, None, D(2025, 2, 3)) == D(2025, 3, 2)
    assert due(LEGAL, None, D(2025, 3, 1)) == D(2025, 3, 2)  # the day before
    assert due(LEGAL, None, D(2025, 3, 2)) == D(2025, 3, 2)  # the day of
    assert due(LEGAL, None, D(2025, 3, 3)) == D(2025, 3, 3)  # issued late: due on receipt


def test_agreed_days_after_issue_up_to_60():
    assert payment_terms_error(DAYS, 59) == payment_terms_error(DAYS, 60) == ""
    assert "60" in payment_terms_error(DAYS, 61)
    assert payment_terms_error(DAYS, None)  # agreed terms name their days
    assert due(DAYS, 60, D(2025, 2, 3)) == D(2025, 4, 4)
    assert due(DAYS, 61, D(2025, 2, 3)) == D(2025, 4, 4)  # never past the limit


def test_end_of_month_up_to_45_days():
    assert payment_terms_error(END_OF_MONTH, 44) == payment_terms_error(END_OF_MONTH, 45) == ""
    assert "45" in payment_terms_error(END_OF_MONTH, 46)
    # 15 January + 45 days = 1 March, then the end of that month.
    assert due(END_OF_MONTH, 45, D(2025, 1, 15), service_end=D(2025, 1, 15)) == D(2025, 3, 31)
    assert due(END_OF_MONTH, 44, D(2025, 1, 15), service_end=D(2025, 1, 15)) == D(2025, 2, 28)


def test_a_periodic_invoice_is_due_45_days_after_its_issue_at_most():
    issued = D(2025, 2, 3)
    assert due(DAYS, 44, issued, periodic=True) == D(2025, 3, 19)
    assert due(DAYS, 45, issued, periodic=True) == D(2025, 3, 20)
    assert due(DAYS, 46, issued, periodic=True) == D(2025, 3, 20)
    assert due(END_OF_MONTH, 45, issued, periodic=True) == D(2025, 3, 20)


def test_legal_terms_take_no_days():
    assert payment_terms_error(LEGAL, None) == ""
    assert payment_terms_error(LEGAL, 30)


def test_the_accountant_sets_a_clients_terms_within_the_limits(world):
    client = make_client(world)
    accountant = world.user("accountant")
    invoices.client_payment_terms_set(
        actor=accountant, client=client, payment_terms=DAYS, payment_days=60
    )
    client.refresh_from_db()
    assert (client.payment_terms, client.payment_days) == (DAYS, 60)
    with pytest.raises(ValidationError) as excinfo:
        invoices.client_payment_terms_set(
            actor=accountant, client=client, payment_terms=DAYS, payment_days=61
        )
    assert "60" in excinfo.value.messages[0]
    with pytest.raises(PermissionDenied):
        invoices.client_payment_terms_set(
            actor=world.user("planner"), client=client, payment_terms=LEGAL
        )
    client.refresh_from_db()
    assert (client.payment_terms, client.payment_days) == (DAYS, 60)  # nothing changed


def test_the_payment_terms_page(world, client):
    from django.urls import reverse

    customer = make_client(world)
    url = reverse("missions:client_payment_terms", args=[customer.pk])
    client.force_login(world.user("accountant"))
    response = client.post(url, {"payment_terms": END_OF_MONTH, "payment_days": "46"})
    assert response.status_code == 200 and "45" in str(response.context["form"].errors)
    response = client.post(url, {"payment_terms": END_OF_MONTH, "payment_days": "45"})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.payment_terms, customer.payment_days) == (END_OF_MONTH, 45)
    page = client.get(reverse("missions:client_detail", args=[customer.pk]))
    assert "45" in page.content.decode()
