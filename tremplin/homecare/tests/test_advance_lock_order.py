"""Every service that locks a payment request and its invoice takes the invoice first, as
recording a payment and creating the request do: two of them crossing (the queue sending a
request while the accountant sends it again, a household's answer while URSSAF's transfer
is recorded) wait for each other instead of deadlocking."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tremplin.homecare.models import PaymentRequest, RequestStatus
from tremplin.homecare.services import advance, advance_sync

from .advance_fixtures import (
    issued_invoice,
    urssaf_files,  # noqa: F401 (the autouse fixture)
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite takes no row locks: nothing to order"
    ),
]


def _locked_tables(queries) -> list[str]:
    """The tables whose rows were locked, in the order they were locked: those named by
    FOR UPDATE OF, or the table selected from when FOR UPDATE names none."""
    order = []
    for query in queries.captured_queries:
        sql = query["sql"]
        if "FOR UPDATE" not in sql:
            continue
        if " FOR UPDATE OF " in sql:
            locked = sql.split(" FOR UPDATE OF ")[1]
        else:
            locked = sql.split(" FROM ")[1].split()[0]
        for table in ('"missions_invoice"', '"homecare_paymentrequest"'):
            if table in locked and table not in order:
                order.append(table)
    return order


def _created(world, household, today) -> PaymentRequest:
    invoice = issued_invoice(household, today)
    with CaptureQueriesContext(connection) as queries:
        payment_request = advance.payment_request_create(
            actor=world.user("accountant"), invoice=invoice
        )
    assert _locked_tables(queries) == ['"missions_invoice"', '"homecare_paymentrequest"']
    return payment_request


def test_sending_locks_the_invoice_before_the_request(world, household, today):
    payment_request = _created(world, household, today)
    with CaptureQueriesContext(connection) as queries:
        assert (
            advance_sync.payment_request_send(request_id=payment_request.pk)
            == RequestStatus.INTEGRATED
        )
    assert _locked_tables(queries) == ['"missions_invoice"', '"homecare_paymentrequest"']


def test_the_household_answer_and_the_transfer_lock_the_invoice_first(world, household, today):
    payment_request = _created(world, household, today)
    advance_sync.payment_request_send(request_id=payment_request.pk)
    payment_request.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        advance.payment_request_answer(
            actor=world.user("household"), payment_request=payment_request, accept=True
        )
    assert _locked_tables(queries) == ['"missions_invoice"', '"homecare_paymentrequest"']
    # URSSAF's transfer, applied by the poll, records payments on the invoice.
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=4), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert advance_sync.payment_requests_poll() == 1
    payment_request.refresh_from_db()
    assert payment_request.transfer_recorded
    assert _locked_tables(queries) == ['"missions_invoice"', '"homecare_paymentrequest"']
