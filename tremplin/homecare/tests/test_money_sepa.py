"""Households' SEPA direct debits: creditor, mandates, the pain.008 file and its collection."""

import datetime
import os
from decimal import Decimal

import pytest
import sepaxml
import xmlschema
from django.core.exceptions import PermissionDenied, ValidationError
from lxml import etree

from tremplin.homecare.models import DirectDebitMandate, DirectDebitOrder
from tremplin.homecare.services import money, sepa
from tremplin.missions.models import Payment

from .money_helpers import issued_invoice, make_household

D = datetime.date
ICS = "FR72ZZZ123456"
STRUCTURE_IBAN = "FR7630006000011234567890189"
HOUSEHOLD_IBAN = "FR1420041010050500013M02606"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
XSD = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.008.001.02.xsd")


@pytest.fixture
def creditor(world):
    return money.sepa_creditor_set(
        actor=world.user("accountant"),
        structure=world.own,
        name="AI du Rhône",
        creditor_id="fr72 zzz 123456",
        iban="FR76 3000 6000 0112 3456 7890 189",
        bic="bnpafrppxxx",
    )


def _mandate(world, household, **extra):
    return money.mandate_create(
        actor=world.user("accountant"),
        household=household,
        debtor_name="Mme Durand",
        iban=HOUSEHOLD_IBAN,
        signed_on=D(2026, 1, 15),
        today=D(2026, 11, 18),
        **extra,
    )


def test_creditor_identifier_iban_and_bic_are_checked(world):
    accountant = world.user("accountant")
    base = {"name": "AI", "creditor_id": ICS, "iban": STRUCTURE_IBAN, "bic": "BNPAFRPPXXX"}
    for field, wrong in (
        ("creditor_id", "FR73ZZZ123456"),
        ("iban", "FR7630006000011234567890180"),
        ("bic", "BNP"),
    ):
        with pytest.raises(ValidationError) as refused:
            money.sepa_creditor_set(actor=accountant, structure=world.own, **{**base, field: wrong})
        assert field in refused.value.message_dict
    creditor = money.sepa_creditor_set(actor=accountant, structure=world.own, **base)
    assert (creditor.creditor_id, creditor.iban) == (ICS, STRUCTURE_IBAN)
    with pytest.raises(PermissionDenied):
        money.sepa_creditor_set(actor=world.user("planner"), structure=world.own, **base)


def test_a_mandate_has_a_unique_reference_and_one_active_per_household(world):
    household = make_household(world)
    mandate = _mandate(world, household)
    assert mandate.rum == f"TRP-{world.own.pk}-{household.pk}-1"
    assert mandate.next_sequence == "FRST"
    assert mandate.iban_masked == "FR14 •••• 2606"
    with pytest.raises(ValidationError):
        _mandate(world, household)
    money.mandate_revoke(actor=world.user("accountant"), mandate=mandate, on=D(2026, 11, 1))
    second = _mandate(world, household)
    assert second.rum.endswith("-2")
    other = make_household(world, "M. Roux")
    with pytest.raises(ValidationError) as refused:
        _mandate(world, other, rum=second.rum)
    assert "rum" in refused.value.message_dict or refused.value.messages


def test_a_mandate_is_never_signed_in_the_future_nor_with_a_wrong_iban(world):
    household = make_household(world)
    with pytest.raises(ValidationError) as refused:
        money.mandate_create(
            actor=world.user("accountant"),
            household=household,
            debtor_name="Mme Durand",
            iban=HOUSEHOLD_IBAN,
            signed_on=D(2026, 11, 19),
            today=D(2026, 11, 18),
        )
    assert "signed_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        money.mandate_create(
            actor=world.user("accountant"),
            household=household,
            debtor_name="Mme Durand",
            iban="FR1420041010050500013M02607",
            signed_on=D(2026, 11, 18),
            today=D(2026, 11, 18),
        )
    assert "iban" in refused.value.message_dict
    assert not DirectDebitMandate.objects.exists()


def _orders(xml: str):
    root = etree.fromstring(xml.encode())
    return root, root.findall(".//p:DrctDbtTxInf", NS)


def test_the_batch_is_a_valid_pain008_then_collected_into_payments(world, creditor):
    durand, roux, without = (
        make_household(world, name) for name in ("Mme Durand", "M. Roux", "Mme Sans")
    )
    _mandate(world, durand)
    money.mandate_create(
        actor=world.user("accountant"),
        household=roux,
        debtor_name="Jérôme Roux",
        iban="FR7630006000011234567890189",
        bic="AGRIFRPP",
        signed_on=D(2026, 3, 2),
        today=D(2026, 11, 18),
    )
    first = issued_invoice(world, durand, hours="10", rate="25.00")  # 250 €
    second = issued_invoice(world, roux, hours="4", rate="22.50")  # 90 €
    issued_invoice(world, without)
    accountant = world.user("accountant")
    batch, left_out = sepa.direct_debit_batch_create(
        actor=accountant,
        structure=world.own,
        collection_date=D(2026, 11, 20),
        today=D(2026, 11, 18),
    )
    assert left_out == {}
    assert batch.total == Decimal("340.00")
    xmlschema.XMLSchema(XSD).validate(batch.xml)  # the file the bank receives
    root, orders = _orders(batch.xml)
    assert len(orders) == 2
    assert root.find(".//p:GrpHdr/p:CtrlSum", NS).text == "340.00"
    assert root.find(".//p:CdtrSchmeId//p:Othr/p:Id", NS).text == ICS
    assert root.find(".//p:SeqTp", NS).text == "FRST"
    assert root.find(".//p:ReqdColltnDt", NS).text == "2026-11-20"
    by_rum = {o.find(".//p:MndtId", NS).text: o for o in orders}
    roux_order = by_rum[f"TRP-{world.own.pk}-{roux.pk}-1"]
    assert roux_order.find(".//p:DtOfSgntr", NS).text == "2026-03-02"
    assert roux_order.find(".//p:InstdAmt", NS).text == "90.00"
    assert roux_order.find(".//p:Dbtr/p:Nm", NS).text == "Jerome Roux"  # SEPA's Latin set
    assert roux_order.find(".//p:DbtrAgt//p:BIC", NS).text == "AGRIFRPP"
    # An invoice is in one batch at a time.
    with pytest.raises(ValidationError):
        sepa.direct_debit_batch_create(
            actor=accountant,
            structure=world.own,
            collection_date=D(2026, 11, 21),
            today=D(2026, 11, 18),
        )
    rejected = DirectDebitOrder.objects.get(invoice=second)
    sepa.direct_debit_batch_collected(actor=accountant, batch=batch, rejected=[rejected.pk])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "paid" and second.status == "issued"
    payment = Payment.objects.get(invoice=first)
    assert (payment.method, payment.paid_on, payment.amount) == (
        "prelevement",
        D(2026, 11, 20),
        Decimal("250.00"),
    )
    with pytest.raises(ValidationError):
        sepa.direct_debit_batch_collected(actor=accountant, batch=batch)
    assert Payment.objects.count() == 1
    # The rejected invoice is debited again, now as a recurrent collection of its mandate.
    again, _ = sepa.direct_debit_batch_create(
        actor=accountant, structure=world.own, collection_date=D(2026, 12, 4), today=D(2026, 11, 18)
    )
    root, orders = _orders(again.xml)
    assert len(orders) == 1 and root.find(".//p:SeqTp", NS).text == "RCUR"


@pytest.mark.parametrize(
    ("collection_date", "debited"),
    [(D(2026, 10, 16), False), (D(2026, 10, 17), True)],
)
def test_the_household_is_told_fourteen_days_before_the_debit(
    world, creditor, collection_date, debited
):
    """Issued on 3 October, the invoice is its pre-notification: debited from the 17th."""
    household = make_household(world)
    _mandate(world, household)
    invoice = issued_invoice(world, household, issued_on=D(2026, 10, 3))
    debits, left_out = sepa.debitable_invoices(
        structure_id=world.own.pk, collection_date=collection_date
    )
    assert [d.invoice for d in debits] == ([invoice] if debited else [])
    assert (invoice.pk in left_out) is not debited


@pytest.mark.parametrize(
    ("collection_date", "debited"),
    [(D(2029, 1, 15), True), (D(2029, 1, 16), False)],
)
def test_a_mandate_unused_for_36_months_lapses(world, creditor, collection_date, debited):
    household = make_household(world)
    _mandate(world, household)  # signed on 15 January 2026, never used
    issued_invoice(world, household, issued_on=D(2026, 10, 3))
    debits, left_out = sepa.debitable_invoices(
        structure_id=world.own.pk, collection_date=collection_date
    )
    assert bool(debits) is debited and bool(left_out) is not debited


def test_no_batch_without_creditor_nor_for_today_nor_by_the_planner(world):
    household = make_household(world)
    _mandate(world, household)
    issued_invoice(world, household)
    with pytest.raises(ValidationError):
        sepa.direct_debit_batch_create(
            actor=world.user("accountant"),
            structure=world.own,
            collection_date=D(2026, 11, 20),
            today=D(2026, 11, 18),
        )
    money.sepa_creditor_set(
        actor=world.user("accountant"),
        structure=world.own,
        name="AI",
        creditor_id=ICS,
        iban=STRUCTURE_IBAN,
        bic="BNPAFRPPXXX",
    )
    with pytest.raises(ValidationError):
        sepa.direct_debit_batch_create(
            actor=world.user("accountant"),
            structure=world.own,
            collection_date=D(2026, 11, 18),
            today=D(2026, 11, 18),
        )
    with pytest.raises(PermissionDenied):
        sepa.direct_debit_batch_create(
            actor=world.user("planner"),
            structure=world.own,
            collection_date=D(2026, 11, 20),
            today=D(2026, 11, 18),
        )
    assert not DirectDebitOrder.objects.exists()


def test_cash_and_third_parties_do_not_count_as_paid_by_the_household():
    assert not money.payment_counts_on_attestation("especes")
    for method in ("cesu_prefinance", "tiers_financeur", "avance_immediate"):
        assert not money.payment_counts_on_attestation(method)
    for method in ("virement", "cheque", "cesu", "prelevement", "carte"):
        assert money.payment_counts_on_attestation(method)
