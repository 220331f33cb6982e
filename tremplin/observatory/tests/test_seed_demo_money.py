"""`seed_demo` gives the demo structures households' payments of every method, mandates and
direct-debit batches (homecare's « money » part)."""

import pytest
from django.core.management import call_command

from tremplin.homecare.models import DirectDebitBatch, DirectDebitMandate
from tremplin.missions.models import Payment


@pytest.mark.django_db
def test_the_demo_has_households_payments_of_every_method():
    call_command("seed_demo", structures=3, people_per_structure=6, verbosity=0)
    household = Payment.objects.filter(invoice__client__kind="household")
    methods = set(household.values_list("method", flat=True))
    assert {
        "virement",
        "cheque",
        "cesu",
        "carte",
        "especes",
        "cesu_prefinance",
        "tiers_financeur",
        "prelevement",
    } <= methods
    assert not household.filter(method__in=["cesu_prefinance", "tiers_financeur"], issuer="")
    assert DirectDebitMandate.objects.count() >= 2
    # Collected yesterday; the batch to send exists when invoices are left to debit (not on
    # every pinned day: the 1st of a month has the fewest).
    assert "collected" in set(DirectDebitBatch.objects.values_list("status", flat=True))
