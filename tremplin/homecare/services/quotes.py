"""Quotes and the contract that follows (arrêté du 17 mars 2015): a free, personalised
quote, mandatory from the dated monthly threshold or on the household's request, accepted
online by the household or on paper, then the signed contract."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tremplin.common.dates import short_date
from tremplin.missions.calculations import hours_between
from tremplin.rules import rule

from .. import rules_households as rules
from ..models import (
    AcceptanceChannel,
    Household,
    HouseholdContract,
    Occurrence,
    OccurrenceStatus,
    Quote,
    QuoteLine,
    QuoteStatus,
    Service,
)
from ..models.quotes import CENT


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
def quote_ask(*, actor, household: Household, description: str) -> Quote:
    """The household asks for a quote from their space (arrêté du 17 mars 2015, art. 6: a
    quote is given to who asks, whatever the amount): a draft the staff complete and send."""
    if not rules.is_household_of(actor, household):
        raise PermissionDenied
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Say what you need: the services, how often.")})
    return Quote.objects.create(
        household=household, description=description, asked_by_household=True, created_by=actor
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


# --- The quote before the first service ------------------------------------------------


def intervention_incl_vat(service: Service, hours: Decimal) -> Decimal:
    """What one intervention of `hours` costs incl. VAT, as a quote line prices it: the
    hourly or flat price and the extra fees, the VAT on both, rounded to the cent."""
    base = Decimal(service.price_excl_vat) * (hours if service.pricing == "hourly" else 1)
    excl_vat = (base + Decimal(service.extra_fees)).quantize(CENT, rounding=ROUND_HALF_UP)
    return (excl_vat * (1 + Decimal(service.vat_rate) / 100)).quantize(CENT, rounding=ROUND_HALF_UP)


def planned_monthly_amount(
    *, household: Household, service: Service, hours: Decimal, dates: list[datetime.date]
) -> Decimal:
    """The most the household would pay in one calendar month once these `dates` (of one
    intervention of `hours` each) are planned: their amount in the month plus that of the
    household's other interventions still planned in that month. A month is what the
    arrêté's threshold and the household's invoice count in."""
    unit = intervention_incl_vat(service, hours)
    months: dict[tuple[int, int], Decimal] = {}
    for day in dates:
        months[(day.year, day.month)] = months.get((day.year, day.month), Decimal(0)) + unit
    if not months:
        return Decimal(0)
    first, last = min(dates), max(dates)
    # Whole months: an intervention later in the last month than the new dates counts too.
    month_end = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    others = Occurrence.objects.filter(
        pattern__household=household,
        date__gte=first.replace(day=1),
        date__lt=month_end,
        status__in=(OccurrenceStatus.PLANNED, OccurrenceStatus.TO_PLACE),
    ).select_related("pattern__service", "assignment")
    for occurrence in others:
        key = (occurrence.date.year, occurrence.date.month)
        if key not in months:
            continue
        p = occurrence.pattern
        a = occurrence.assignment
        length = a.hours if a is not None else hours_between(p.start_time, p.end_time)
        months[key] += intervention_incl_vat(p.service, length)
    return max(months.values())


def require_accepted_quote(*, household: Household, monthly_incl_vat: Decimal, on) -> None:
    """Before the first service (arrêté du 17 mars 2015, art. 6): an accepted quote when the
    month reaches the threshold, or when the household asked for one."""
    quotes = Quote.objects.filter(household=household)
    if quotes.filter(status=QuoteStatus.ACCEPTED).exists():
        return
    if quote_required(monthly_incl_vat=monthly_incl_vat, on=on):
        raise ValidationError(
            {
                "service": _(
                    "An accepted quote is mandatory before this service: it comes to %(amount)s € "
                    "incl. VAT in a month, and from %(threshold)s € incl. VAT a month the law "
                    "asks for one. Make the household a quote, have it accepted (online or on "
                    "paper), then plan the service."
                )
                % {
                    "amount": number_format(monthly_incl_vat, decimal_pos=2),
                    "threshold": number_format(quote_threshold(on), decimal_pos=2),
                }
            }
        )
    if quotes.filter(asked_by_household=True).exclude(status=QuoteStatus.DECLINED).exists():
        raise ValidationError(
            {
                "service": _(
                    "An accepted quote is mandatory before this service: the household asked "
                    "for one. Send it, have it accepted (online or on paper), then plan the "
                    "service."
                )
            }
        )
