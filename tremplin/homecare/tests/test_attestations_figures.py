"""The attestation's figures: only what was paid in the year, each payment at its own date
(whether the invoice is settled or not), net of the immediate advance, APA/PCH paid directly and prepaid CESU, cash
excluded; the interventions grouped by month when periodic."""

from decimal import Decimal

import pytest

from tremplin.common.testing import assert_query_count
from tremplin.missions.models import Invoice, InvoiceStatus, PaymentMethod

from ..attestation_figures import attestation_figures, household_figures
from .attestation_data import D, make_household, make_intervenant, make_invoice, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(world):
    return make_household(world.own)


@pytest.mark.parametrize(
    ("paid_on", "year_counted"),
    [(D(2025, 12, 31), 2025), (D(2026, 1, 1), 2026)],
)
def test_an_invoice_counts_in_the_year_it_is_paid(household, paid_on, year_counted):
    invoice = make_invoice(household, month=D(2025, 12, 1), visits=[D(2025, 12, 3)])  # 50 €
    pay(invoice, paid_on, "50.00")
    for year in (2025, 2026):
        figures = household_figures(household=household, year=year)
        assert figures.amount == (Decimal(50) if year == year_counted else 0)
        assert figures.is_empty == (year != year_counted)


def test_a_part_paid_on_31_december_counts_in_its_year_the_rest_in_the_next(household):
    """Paid 20 € on 31/12 and the rest on 01/01: 20 € in that year, 30 € in the next."""
    invoice = make_invoice(household, month=D(2025, 12, 1), visits=[D(2025, 12, 3)])  # 50 €
    pay(invoice, D(2025, 12, 31), "20.00")
    figures = household_figures(household=household, year=2025)
    assert (figures.paid_total, figures.amount) == (20, 20)  # not settled: counted all the same
    pay(invoice, D(2026, 1, 1), "30.00")
    before, after = (household_figures(household=household, year=y) for y in (2025, 2026))
    assert (before.amount, after.amount) == (20, 30)
    assert [(i.reference, i.paid, i.last_paid_on) for i in before.invoices] == [
        (invoice.reference, 20, D(2025, 12, 31))
    ]
    assert [(i.paid, i.last_paid_on, i.total) for i in after.invoices] == [(30, D(2026, 1, 1), 50)]
    # The interventions the payments paid for are listed each year.
    assert before.hours == after.hours == 2
    assert household_figures(household=household, year=2024).is_empty


def test_an_invoice_never_settled_counts_what_was_paid_on_it(household):
    invoice = make_invoice(household, month=D(2025, 6, 1), visits=[D(2025, 6, 3)] * 4)  # 200 €
    pay(invoice, D(2025, 7, 1), "60.00", PaymentMethod.CESU_PREPAID, issuer="Edenred")
    pay(invoice, D(2025, 7, 2), "40.00", PaymentMethod.CHEQUE)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED  # 100 € still owed, never paid
    figures = household_figures(household=household, year=2025)
    assert (figures.paid_total, figures.cesu_prepaid, figures.amount) == (100, 60, 40)
    assert not figures.is_empty and figures.cesu_issuers == ["Edenred"]


def test_cash_paid_on_31_december_gives_nothing_either_year(household):
    invoice = make_invoice(household, month=D(2025, 12, 1), visits=[D(2025, 12, 3)])  # 50 €
    pay(invoice, D(2025, 12, 31), "10.00", PaymentMethod.CASH)
    pay(invoice, D(2026, 1, 1), "40.00", PaymentMethod.TRANSFER)
    before, after = (household_figures(household=household, year=y) for y in (2025, 2026))
    assert (before.cash, before.amount) == (10, 0)
    assert (after.cash, after.amount) == (0, 40)


def test_the_immediate_advance_is_deducted(household):
    invoice = make_invoice(household, month=D(2025, 3, 1), visits=[D(2025, 3, 4)] * 2)  # 100 €
    pay(invoice, D(2025, 4, 8), "50.00", PaymentMethod.URSSAF_ADVANCE)
    pay(invoice, D(2025, 4, 8), "50.00", PaymentMethod.DIRECT_DEBIT)
    figures = household_figures(household=household, year=2025)
    assert (figures.paid_total, figures.advance, figures.amount) == (100, 50, 50)


def test_apa_paid_directly_is_deducted_and_its_funder_named(household):
    invoice = make_invoice(household, month=D(2025, 3, 1), visits=[D(2025, 3, 4)] * 4)  # 200 €
    pay(invoice, D(2025, 4, 2), "60.00", PaymentMethod.THIRD_PARTY, issuer="Département du Rhône")
    pay(invoice, D(2025, 4, 9), "140.00", PaymentMethod.CHEQUE)
    figures = household_figures(household=household, year=2025)
    assert (figures.third_party, figures.amount) == (60, 140)
    assert figures.funders == ["Département du Rhône"]


def test_prepaid_cesu_is_deducted_and_cash_gives_nothing(household):
    invoice = make_invoice(household, month=D(2025, 5, 1), visits=[D(2025, 5, 6)] * 4)  # 200 €
    pay(invoice, D(2025, 6, 2), "80.00", PaymentMethod.CESU_PREPAID, issuer="Edenred")
    pay(invoice, D(2025, 6, 2), "30.00", PaymentMethod.CASH)
    pay(invoice, D(2025, 6, 3), "90.00", PaymentMethod.CESU)  # CESU bancaire: the household's
    figures = household_figures(household=household, year=2025)
    assert (figures.cesu_prepaid, figures.cash, figures.amount) == (80, 30, 90)
    assert figures.cesu_issuers == ["Edenred"]


def test_every_deduction_at_once(household):
    invoice = make_invoice(household, month=D(2025, 9, 1), visits=[D(2025, 9, 2)] * 8)  # 400 €
    for amount, method in [
        ("100.00", PaymentMethod.URSSAF_ADVANCE),
        ("100.00", PaymentMethod.THIRD_PARTY),
        ("50.00", PaymentMethod.CESU_PREPAID),
        ("20.00", PaymentMethod.CASH),
        ("130.00", PaymentMethod.TRANSFER),
    ]:
        pay(invoice, D(2025, 10, 1), amount, method)
    assert household_figures(household=household, year=2025).amount == Decimal(130)


def test_a_credit_note_changes_nothing_to_what_was_paid(household):
    invoice = make_invoice(household, month=D(2025, 3, 1), visits=[D(2025, 3, 4)] * 2)  # 100 €
    Invoice.objects.create(
        structure=household.structure,
        client=household.client,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        corrects=invoice,
        status=InvoiceStatus.ISSUED,
        year=2025,
        number=9999,
        issued_on=D(2025, 4, 2),
        total=Decimal(-20),
    )
    pay(invoice, D(2025, 4, 5), "80.00")
    assert household_figures(household=household, year=2025).amount == Decimal(80)


def test_a_full_credit_note_after_payment_leaves_nothing_to_declare(household):
    invoice = make_invoice(household, month=D(2025, 3, 1), visits=[D(2025, 3, 4)] * 2)  # 100 €
    pay(invoice, D(2024, 12, 30), "30.00")  # paid last year: that year's attestation
    pay(invoice, D(2025, 4, 5), "70.00")
    Invoice.objects.create(
        structure=household.structure,
        client=household.client,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        corrects=invoice,
        status=InvoiceStatus.ISSUED,
        year=2025,
        number=9998,
        issued_on=D(2025, 5, 2),
        total=Decimal(-60),
    )
    # 100 - 60 = 40 € owed, 30 € of it paid in 2024: 10 € of 2025's 70 € count, the rest
    # was given back.
    figures = household_figures(household=household, year=2025)
    assert figures.amount == Decimal(10) and figures.refunded == Decimal(60)
    Invoice.objects.filter(number=9998).update(total=Decimal(-100))
    assert household_figures(household=household, year=2025).amount == Decimal(0)


def test_interventions_are_grouped_by_month_from_three_a_month(world, household):
    samia = make_intervenant(world.own)
    karim = make_intervenant(world.own, last_name="Diallo", first_names="Karim")
    march = [D(2025, 3, 4), D(2025, 3, 11), D(2025, 3, 18)]
    april = [(D(2025, 4, 1), Decimal("1.5")), (D(2025, 4, 8), Decimal(2))]
    pay(
        make_invoice(household, month=D(2025, 3, 1), visits=march, person=samia), D(2025, 4, 2), 150
    )
    pay(
        make_invoice(household, month=D(2025, 4, 1), visits=april, person=karim),
        D(2025, 5, 2),
        "87.50",
    )
    lines = household_figures(household=household, year=2025).interventions
    assert [(i.intervenant, i.day, i.count, i.hours) for i in lines] == [
        ("Samia BENALI", None, 3, Decimal(6)),
        ("Karim DIALLO", D(2025, 4, 1), 1, Decimal("1.5")),
        ("Karim DIALLO", D(2025, 4, 8), 1, Decimal(2)),
    ]
    assert lines[0].identifier == f"{samia.pk:06d}"
    figures = household_figures(household=household, year=2025)
    assert figures.hours == Decimal("9.5")
    assert [(p.label, p.unit_price_ttc, p.hourly) for p in figures.prices] == [
        ("Entretien de la maison", Decimal("25.00"), True)
    ]


def test_each_household_gets_its_own_figures_in_a_fixed_number_of_queries(world):
    households = [make_household(world.own, name=f"Foyer {i}") for i in range(3)]
    for index, household in enumerate(households):
        invoice = make_invoice(household, month=D(2025, 3, 1), visits=[D(2025, 3, 4)] * (index + 1))
        pay(invoice, D(2025, 4, 1), 50 * (index + 1))
    with assert_query_count(4):
        one = attestation_figures(households=households[:1], year=2025)
    with assert_query_count(4):
        three = attestation_figures(households=households, year=2025)
    assert one[households[0].pk].amount == three[households[0].pk].amount == Decimal(50)
    assert [three[h.pk].amount for h in households] == [50, 100, 150]
