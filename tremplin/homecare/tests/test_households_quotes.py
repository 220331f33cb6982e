"""Quotes and contracts: the quote mandatory from 100 € incl. VAT a month (the dated rule,
at 99.99 / 100.00), sent with a number and a validity, accepted online by the household or
on paper, the contract that follows with its notice; the printed quote's mentions."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from tremplin.homecare.models import HouseholdContract, Quote, SapDeclaration
from tremplin.homecare.services import quotes

from .households_helpers import make_household, make_sent_quote, make_service

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("monthly", "required"), [("99.99", False), ("100.00", True), ("100.01", True)]
)
def test_a_quote_is_mandatory_from_100_euros_incl_vat_a_month(monthly, required, today):
    assert quotes.quote_required(monthly_incl_vat=Decimal(monthly), on=today) is required


@pytest.mark.parametrize(("monthly", "refused"), [("99.99", False), ("100.00", True)])
def test_a_contract_without_a_quote_only_below_the_threshold(world, today, monthly, refused):
    household = make_household(world)
    sign = {
        "actor": world.user("planner"),
        "household": household,
        "signed_on": today,
        "starts_on": today,
        "monthly_amount_incl_vat": Decimal(monthly),
    }
    if refused:
        with pytest.raises(ValidationError) as error:
            quotes.contract_sign(**sign)
        assert "quote" in error.value.message_dict
        assert "100" in error.value.message_dict["quote"][0]
        assert not HouseholdContract.objects.exists()
    else:
        contract = quotes.contract_sign(**sign)
        assert contract.quote is None and contract.monthly_amount_incl_vat == Decimal(monthly)


def test_the_monthly_total_counts_hours_extra_fees_and_vat(world):
    household = make_household(world)
    service = make_service(world.own, price=Decimal("22.50"), vat=Decimal(10), extra=Decimal(2))
    quote = quotes.quote_create(actor=world.user("planner"), household=household)
    line = quotes.quote_line_add(
        actor=world.user("planner"),
        quote=quote,
        service=service,
        quantity=Decimal(4),
        interventions=4,
    )
    # (4 h × 22.50 + 4 × 2.00) × 1.10 = 107.80
    assert line.monthly_excl_vat == Decimal("98.00")
    assert quotes.quote_monthly_total(quote) == Decimal("107.80")


def test_a_sent_quote_gets_the_next_number_and_no_longer_changes(world, today, settings):
    settings.HOMECARE_QUOTE_VALIDITY_DAYS = 15
    household = make_household(world)
    first = make_sent_quote(world, household, today=today)
    second = make_sent_quote(world, household, today=today)
    assert (first.number, second.number) == (1, 2)
    assert first.valid_until == today + datetime.timedelta(days=15)
    with pytest.raises(ValidationError):
        quotes.quote_line_add(
            actor=world.user("planner"),
            quote=first,
            service=make_service(world.own),
            quantity=Decimal(1),
        )
    with pytest.raises(ValidationError):
        quotes.quote_send(actor=world.user("planner"), quote=first)


def test_an_empty_quote_is_not_sent(world):
    quote = quotes.quote_create(actor=world.user("planner"), household=make_household(world))
    with pytest.raises(ValidationError):
        quotes.quote_send(actor=world.user("planner"), quote=quote)
    quote.refresh_from_db()
    assert (quote.status, quote.number) == ("draft", None)


def test_a_service_of_another_catalogue_is_refused(world):
    quote = quotes.quote_create(actor=world.user("planner"), household=make_household(world))
    with pytest.raises(ValidationError):
        quotes.quote_line_add(
            actor=world.user("planner"),
            quote=quote,
            service=make_service(world.other),
            quantity=Decimal(2),
        )
    assert not quote.lines.exists()


@pytest.mark.parametrize(("days_after", "accepted"), [(0, True), (30, True), (31, False)])
def test_the_household_accepts_online_until_the_quote_expires(world, today, days_after, accepted):
    household = make_household(world)
    quote = make_sent_quote(world, household, today=today)
    assert quote.valid_until == today + datetime.timedelta(days=30)
    on = today + datetime.timedelta(days=days_after)
    if accepted:
        quote = quotes.quote_accept_online(actor=world.user("household"), quote=quote, today=on)
        assert (quote.status, quote.accepted_on, quote.accepted_via) == ("accepted", on, "online")
        assert quote.decided_by == world.user("household")
    else:
        with pytest.raises(ValidationError):
            quotes.quote_accept_online(actor=world.user("household"), quote=quote, today=on)
        quote.refresh_from_db()
        assert quote.status == "sent"


@pytest.mark.parametrize("role", ["planner", "director", "employee"])
def test_only_the_household_accepts_online(world, today, role):
    quote = make_sent_quote(world, make_household(world), today=today)
    with pytest.raises(PermissionDenied):
        quotes.quote_accept_online(actor=world.user(role), quote=quote)
    quote.refresh_from_db()
    assert quote.status == "sent"


def test_another_households_quote_cannot_be_accepted(world, today):
    theirs = make_household(world, name="Foyer Voisin", linked=False)
    quote = make_sent_quote(world, theirs, today=today)
    with pytest.raises(PermissionDenied):
        quotes.quote_accept_online(actor=world.user("household"), quote=quote)


def test_a_declined_quote_is_not_accepted_afterwards(world, today):
    quote = make_sent_quote(world, make_household(world), today=today)
    quotes.quote_decline_online(actor=world.user("household"), quote=quote)
    with pytest.raises(ValidationError):
        quotes.quote_accept_paper(actor=world.user("planner"), quote=quote, signed_on=today)
    assert Quote.objects.get(pk=quote.pk).status == "declined"


def test_paper_acceptance_on_the_day_it_was_signed(world, today):
    sent_on = today - datetime.timedelta(days=3)
    quote = make_sent_quote(world, make_household(world), today=sent_on)
    with pytest.raises(ValidationError):  # the day before it was sent
        quotes.quote_accept_paper(
            actor=world.user("planner"), quote=quote, signed_on=sent_on - datetime.timedelta(1)
        )
    with pytest.raises(PermissionDenied):
        quotes.quote_accept_paper(actor=world.user("accountant"), quote=quote, signed_on=sent_on)
    quote = quotes.quote_accept_paper(actor=world.user("planner"), quote=quote, signed_on=sent_on)
    assert (quote.status, quote.accepted_on, quote.accepted_via) == ("accepted", sent_on, "paper")


def test_the_contract_follows_the_accepted_quote_with_the_default_notice(world, today, settings):
    settings.HOMECARE_CONTRACT_NOTICE_HOURS = 72
    household = make_household(world)
    quote = make_sent_quote(world, household, hours=Decimal(8), today=today)
    sign = {
        "actor": world.user("planner"),
        "household": household,
        "signed_on": today,
        "starts_on": today,
    }
    with pytest.raises(ValidationError):  # not accepted yet
        quotes.contract_sign(quote=quote, **sign)
    quotes.quote_accept_online(actor=world.user("household"), quote=quote, today=today)
    contract = quotes.contract_sign(quote=quote, **sign)
    assert contract.monthly_amount_incl_vat == Decimal("200.00")
    assert contract.notice_hours == 72
    assert quotes.contract_notice(household, today) == datetime.timedelta(hours=72)
    with pytest.raises(ValidationError):  # one contract per quote
        quotes.contract_sign(quote=quote, **sign)


def test_the_notice_is_the_setting_until_a_contract_sets_another(world, today, settings):
    settings.HOMECARE_CONTRACT_NOTICE_HOURS = 48
    household = make_household(world)
    assert quotes.contract_notice(household, today) == datetime.timedelta(hours=48)
    quotes.contract_sign(
        actor=world.user("planner"),
        household=household,
        signed_on=today,
        starts_on=today,
        monthly_amount_incl_vat=Decimal(50),
        notice_hours=24,
    )
    assert quotes.contract_notice(household, today) == datetime.timedelta(hours=24)
    assert quotes.contract_notice(household, today - datetime.timedelta(1)) == datetime.timedelta(
        hours=48
    )


def test_the_printed_quote_carries_the_legal_mentions(world, today):
    from tremplin.homecare.documents_households import quote_pdf

    SapDeclaration.objects.create(
        structure=world.own, number="SAP732829320", declared_on=D(2020, 1, 6)
    )
    household = make_household(world)
    service = make_service(world.own, mode="mise_a_disposition", price=Decimal(30))
    quote = quotes.quote_create(
        actor=world.user("planner"), household=household, description="Ménage du jeudi"
    )
    quotes.quote_line_add(actor=world.user("planner"), quote=quote, service=service, quantity=4)
    quotes.quote_send(actor=world.user("planner"), quote=quote, today=today)
    reader = PdfReader(io.BytesIO(quote_pdf(quote)))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text = " ".join(text.split())
    assert "SAP732829320" in text
    assert "mise à disposition" in text  # the mode's warning (art. 3)
    assert "crédit d'impôt" in text and "50" in text  # the tax advantage, detached
    assert "120,00 €" in text  # 4 h × 30 €, the monthly total incl. VAT
    assert "Foyer Martin" in text and "gratuit" in text
