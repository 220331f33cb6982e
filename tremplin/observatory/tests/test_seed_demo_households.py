"""The demo's households (homecare, households part): the demo structures' household
clients have their file, quote and contract; the `particulier` login is one of them, with
past and coming interventions and a quote to accept; the year of home services runs from
the first quote to the immediate advance's requests in every status and the attestations."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tremplin.homecare.models import (
    Household,
    HouseholdContract,
    PaymentRequest,
    Quote,
    RecurringPattern,
    RequestStatus,
    TaxAttestation,
)
from tremplin.missions.models import Assignment, Invoice, Payment


@pytest.mark.django_db
def test_the_demo_household_login_sees_a_real_household(client, today):
    call_command("seed_demo", structures=3, people_per_structure=6, verbosity=0)
    assert Household.objects.exists()
    assert HouseholdContract.objects.count() == Quote.objects.filter(status="accepted").count()
    # A quote before the first service (from 100 € TTC a month): every household the demo
    # plans has accepted one.
    planned = set(RecurringPattern.objects.values_list("household_id", flat=True))
    quoted = set(Quote.objects.filter(status="accepted").values_list("household_id", flat=True))
    assert planned and planned <= quoted
    # A year of it: household invoices over twelve months at least, paid in several ways,
    # the advance's requests in every status URSSAF gives back, last year's attestations.
    household_invoices = Invoice.objects.filter(client__kind="household")
    months = {
        (day.year, day.month) for day in household_invoices.values_list("period_start", flat=True)
    }
    # A year back, the current month not yet invoiced: 11 months on the last day of February.
    assert len(months) >= 11, sorted(months)
    methods = set(
        Payment.objects.filter(invoice__in=household_invoices).values_list("method", flat=True)
    )
    assert len(methods) >= 4, methods
    statuses = set(PaymentRequest.objects.values_list("status", flat=True))
    assert statuses >= set(RequestStatus.values) - {RequestStatus.TO_SEND}, statuses
    # Last year's attestations, for the households who paid something last year (on the
    # first days of a year's last month the demo's year may have none paid yet).
    paid_last_year = set(
        Payment.objects.filter(invoice__in=household_invoices, paid_on__year=today.year - 1)
        .exclude(method="cash")
        .values_list("invoice__client__household__pk", flat=True)
    )
    attested = set(TaxAttestation.objects.values_list("household_id", flat=True))
    assert attested <= paid_last_year
    assert bool(attested) == bool(paid_last_year)
    household = Household.objects.select_related("client__user").get(
        client__user__email="particulier@tremplin.test"
    )
    assert Assignment.objects.filter(request__client=household.client).exists()
    assert Quote.objects.filter(household=household, status="sent").count() == 1
    client.force_login(household.client.user)
    page = client.get(reverse("homecare:my_home")).content.decode()
    assert household.client.name in page and "Lire et accepter" in page
