"""Quotes and the contract that follows (arrêté du 17 mars 2015): a free, personalised
quote, mandatory from the dated monthly threshold or on the household's request, accepted
online by the household or on paper, then the signed contract."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.common.dates import short_date
from tremplin.rules import rule

from .. import rules_households as rules
from ..models import (
    AcceptanceChannel,
    Household,
    HouseholdContract,
    Quote,
    QuoteLine,
    QuoteStatus,
    Service,
)


def quote_threshold(on: datetime.date) -> Decimal:
    return rule("sap.quote_threshold_ttc_per_month", on)


def quote_required(*, monthly_incl_vat: Decimal, on: datetime.date) -> bool:
    """A quote is mandatory from the threshold on (« supérieur ou égal à 100 € TTC »)."""
    return monthly_incl_vat >= quote_threshold(on)


def quote_monthly_total(quote: Quote) -> Decimal:
    return sum((line.monthly_incl_vat for line in quote.lines.all()), Decimal(0))


def _transition(quote: Quote, to: str) -> None:
    if to not in Quote.TRANSITIONS[quote.status]:
        raise ValidationError(
            _("This quote is « %(status)s »: it can no longer be changed that way.")
            % {"status": quote.get_status_display()}
        )
    quote.status = to


@transaction.atomic
def quote_create(
    *, actor, household: Household, description: str = "", asked_by_household: bool = False
) -> Quote:
    rules.require(rules.can_plan(actor, household.structure_id))
    return Quote.objects.create(
        household=household,
        description=description,
        asked_by_household=asked_by_household,
        created_by=actor,
    )


@transaction.atomic
def quote_line_add(
    *,
    actor,
    quote: Quote,
    service: Service,
    quantity: Decimal,
    interventions: int = 1,
    label: str = "",
) -> QuoteLine:
    """A line from the catalogue: its prices copied, so that a later change of the
    catalogue does not change a quote already given."""
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    rules.require(rules.can_plan(actor, quote.household.structure_id))
    if quote.status != QuoteStatus.DRAFT:
        raise ValidationError(_("Only a draft quote can be changed; make a new one."))
    if service.structure_id != quote.household.structure_id or not service.is_active:
        raise ValidationError({"service": _("Choose a service of the structure's catalogue.")})
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": _("Give a quantity above zero.")})
    if interventions < 1:
        raise ValidationError({"interventions": _("Give at least one intervention a month.")})
    line = QuoteLine(
        quote=quote,
        service=service,
        label=label or service.name,
        quantity=quantity,
        interventions=interventions,
        unit_price_excl_vat=service.price_excl_vat,
        extra_fees_excl_vat=service.extra_fees,
        vat_rate=service.vat_rate,
    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def quote_line_remove(*, actor, line: QuoteLine) -> None:
    quote = Quote.objects.select_for_update().get(pk=line.quote_id)
    rules.require(rules.can_plan(actor, quote.household.structure_id))
    if quote.status != QuoteStatus.DRAFT:
        raise ValidationError(_("Only a draft quote can be changed; make a new one."))
    line.delete()


@transaction.atomic
def quote_send(*, actor, quote: Quote, today: datetime.date | None = None) -> Quote:
    """Give the quote its number and validity, and show it in the household's space."""
    today = today or timezone.localdate()
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    rules.require(rules.can_plan(actor, quote.household.structure_id))
    if not quote.lines.exists():
        raise ValidationError(_("Add at least one service to the quote before sending it."))
    _transition(quote, QuoteStatus.SENT)
    # The household's row is locked: two quotes sent at once get two numbers.
    Household.objects.select_for_update().get(pk=quote.household_id)
    last = Quote.objects.filter(household_id=quote.household_id).aggregate(n=Max("number"))["n"]
    quote.number = (last or 0) + 1
    quote.sent_on = today
    quote.valid_until = quote.valid_until or today + datetime.timedelta(
        days=settings.HOMECARE_QUOTE_VALIDITY_DAYS
    )
    quote.save()
    return quote


def _decide(actor, quote: Quote, to: str, *, via: str, on: datetime.date) -> Quote:
    quote = Quote.objects.select_for_update().select_related("household__client").get(pk=quote.pk)
    if quote.status == QuoteStatus.SENT and quote.valid_until and on > quote.valid_until:
        raise ValidationError(
            _("This quote was valid until %(date)s: ask the structure for a new one.")
            % {"date": short_date(quote.valid_until)}
        )
    _transition(quote, to)
    quote.accepted_on = on if to == QuoteStatus.ACCEPTED else None
    quote.accepted_via = via if to == QuoteStatus.ACCEPTED else ""
    quote.decided_by = actor
    quote.save()
    return quote


@transaction.atomic
def quote_accept_online(*, actor, quote: Quote, today: datetime.date | None = None) -> Quote:
    """The household accepts its quote in its space."""
    if not rules.is_household_of(actor, quote.household):
        raise PermissionDenied
    return _decide(
        actor,
        quote,
        QuoteStatus.ACCEPTED,
        via=AcceptanceChannel.ONLINE,
        on=today or timezone.localdate(),
    )


@transaction.atomic
def quote_decline_online(*, actor, quote: Quote, today: datetime.date | None = None) -> Quote:
    if not rules.is_household_of(actor, quote.household):
        raise PermissionDenied
    return _decide(actor, quote, QuoteStatus.DECLINED, via="", on=today or timezone.localdate())


@transaction.atomic
def quote_accept_paper(*, actor, quote: Quote, signed_on: datetime.date) -> Quote:
    """The staff records a quote the household signed on paper, on the day they signed."""
    rules.require(rules.can_plan(actor, quote.household.structure_id))
    if quote.sent_on and signed_on < quote.sent_on:
        raise ValidationError(
            {"signed_on": _("The household cannot sign a quote before it was sent.")}
        )
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("This date is in the future.")})
    return _decide(actor, quote, QuoteStatus.ACCEPTED, via=AcceptanceChannel.PAPER, on=signed_on)


@transaction.atomic
def contract_sign(
    *,
    actor,
    household: Household,
    signed_on: datetime.date,
    starts_on: datetime.date,
    quote: Quote | None = None,
    monthly_amount_incl_vat: Decimal | None = None,
    ends_on: datetime.date | None = None,
    notice_hours: int | None = None,
) -> HouseholdContract:
    """The contract that follows the quote. Without a quote, only below the threshold: from
    it on, the law asks for an accepted quote first."""
    rules.require(rules.can_plan(actor, household.structure_id))
    errors = {}
    if quote is not None:
        # Read again under a lock: its state may have changed since the caller read it.
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        if quote.household_id != household.pk:
            raise ValidationError({"quote": _("This quote is another household's.")})
        if quote.status != QuoteStatus.ACCEPTED:
            raise ValidationError({"quote": _("The household has not accepted this quote yet.")})
        if HouseholdContract.objects.filter(quote=quote).exists():
            raise ValidationError({"quote": _("A contract already follows this quote.")})
        monthly_amount_incl_vat = quote_monthly_total(quote)
        if quote.accepted_on and signed_on < quote.accepted_on:
            errors["signed_on"] = _("The contract is signed after the quote was accepted.")
    elif monthly_amount_incl_vat is None:
        errors["monthly_amount_incl_vat"] = _("Give the monthly amount incl. VAT agreed.")
    elif quote_required(monthly_incl_vat=monthly_amount_incl_vat, on=starts_on):
        errors["quote"] = _(
            "From %(threshold)s € incl. VAT a month a quote is mandatory: make one and have "
            "it accepted first."
        ) % {"threshold": quote_threshold(starts_on)}
    if ends_on and ends_on < starts_on:
        errors["ends_on"] = _("A contract ends after it starts.")
    if signed_on > timezone.localdate():
        errors["signed_on"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    contract = HouseholdContract(
        household=household,
        quote=quote,
        monthly_amount_incl_vat=monthly_amount_incl_vat,
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        notice_hours=(
            settings.HOMECARE_CONTRACT_NOTICE_HOURS if notice_hours is None else notice_hours
        ),
        created_by=actor,
    )
    contract.full_clean()
    contract.save()
    return contract


def contract_notice(household: Household, on: datetime.date) -> datetime.timedelta:
    """The notice a change or a cancellation needs on `on`: the contract in force's, else
    the default setting (for the recurring part's one-off changes)."""
    contract = (
        HouseholdContract.objects.filter(household=household, starts_on__lte=on)
        .exclude(ends_on__lt=on)
        .order_by("-starts_on")
        .first()
    )
    hours = contract.notice_hours if contract else settings.HOMECARE_CONTRACT_NOTICE_HOURS
    return datetime.timedelta(hours=hours)
