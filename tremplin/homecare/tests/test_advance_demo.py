"""The advance's demo: requests in every status on the demo structures, the demo
household's latest waiting for its answer, and the file-based URSSAF able to go on."""

import pytest

from tremplin.homecare.models import PaymentRequest, RequestStatus
from tremplin.homecare.parts import demo_advance
from tremplin.homecare.services import advance_sync
from tremplin.missions.models import PaymentMethod

from .advance_fixtures import (
    catalogue,
    household_of,
    issued_invoice,
    urssaf_files,  # noqa: F401 (the autouse fixture)
)

pytestmark = pytest.mark.django_db


def test_requests_in_every_status(world, today):
    catalogue(world.own)
    demo_user = world.user("household")
    for n in range(6):
        household = household_of(
            world.own, user=demo_user if n == 0 else None, name=f"Foyer Démo {n}"
        )
        for k in range(11):
            issued_invoice(household, today, number=n * 100 + k + 1)
    counts = demo_advance.seed(structures=[world.own], seed=7, today=today)
    assert counts == {"advance_enrolments": 6, "advance_requests": 66}
    statuses = set(PaymentRequest.objects.values_list("status", flat=True))
    assert statuses == set(RequestStatus.values) - {RequestStatus.TO_SEND}
    own = PaymentRequest.objects.filter(household__client__user=demo_user)
    assert own.order_by("-invoice__number").first().status == RequestStatus.INTEGRATED
    # The paid ones were unpaid invoices: URSSAF's transfer is their payment.
    paid = PaymentRequest.objects.filter(status=RequestStatus.PAID).first()
    assert {p.method for p in paid.invoice.payments.all()} == {
        PaymentMethod.URSSAF_ADVANCE,
        PaymentMethod.DIRECT_DEBIT,
    }
    # Every step logged from « to send » on.
    assert [e.to_status for e in paid.events.all()] == ["to_send", "10", "30", "50", "70"]
    # The file-based URSSAF knows every request sent: polling goes on from there.
    assert advance_sync.payment_requests_poll() > 0
