"""Reads of the household files, quotes and the household's space, each taking the actor.

The staff's reads start from `for_user`. The household's space starts from their own
Household (`Household.objects.for_user`, whose `self_filter` is the client's account);
the missions rows shown there (assignments, invoices) are those of that household's client
only. The employee's access instructions start from their own assignments of the day
(`for_subject`): the one read of a household file an intervenant ever makes."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q

from tremplin.accounts.tenancy import scope_of
from tremplin.missions.models import Assignment, Invoice, InvoiceStatus
from tremplin.people.models import Person

from .models import (
    Financing,
    Household,
    HouseholdContract,
    HouseholdMember,
    HouseholdMessage,
    Quote,
    QuoteLine,
    QuoteStatus,
    Service,
)

INTERVENTIONS_SHOWN = 20


def household_list(*, actor, structure_id: int, search: str = ""):
    households = (
        Household.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("client__commune")
        .annotate(
            # Distinct: the two joins multiply each other's rows.
            quotes_to_accept=Count(
                "quotes", filter=Q(quotes__status=QuoteStatus.SENT), distinct=True
            ),
            unread=Count("messages", filter=Q(messages__read_at__isnull=True), distinct=True),
        )
        .order_by("client__name")
    )
    if search:
        households = households.filter(client__name__icontains=search)
    return households


def household_members(*, actor, household: Household):
    return HouseholdMember.objects.for_user(actor).filter(household=household)


def household_financings(*, actor, household: Household):
    return (
        Financing.objects.for_user(actor).filter(household=household).select_related("departement")
    )


def _quotes(actor):
    return (
        Quote.objects.for_user(actor)
        .select_related("contract")
        .prefetch_related(Prefetch("lines", queryset=QuoteLine.objects.select_related("service")))
    )


def household_quotes(*, actor, household: Household):
    return _quotes(actor).filter(household=household)


def household_contracts(*, actor, household: Household):
    return (
        HouseholdContract.objects.for_user(actor)
        .filter(household=household)
        .select_related("quote")
    )


def household_messages(*, actor, household: Household):
    return HouseholdMessage.objects.for_user(actor).filter(household=household)


def usual_intervenants(*, actor, household: Household):
    return Person.objects.for_user(actor).filter(pk__in=household.usual_intervenants.values("pk"))


def intervenant_choices(*, actor, household: Household):
    """Who may be a usual intervenant of the household: its structure's people."""
    return (
        Person.objects.for_user(actor)
        .filter(structure_id=household.structure_id)
        .order_by("last_name", "first_names")
    )


def catalogue(*, actor, structure_id: int):
    return (
        Service.objects.for_user(actor)
        .filter(structure_id=structure_id, is_active=True)
        .order_by("name")
    )


# --- The household's own space -----------------------------------------------------------


def own_household(*, actor, structure_id: int | None) -> Household | None:
    """The actor's household in the structure they are a client of, or None."""
    if structure_id is None:
        return None
    return (
        Household.objects.for_user(actor)
        .filter(client__user_id=actor.pk, structure_id=structure_id)
        .select_related("client__commune", "structure")
        .first()
    )


def _interventions(household: Household):
    return Assignment.objects.filter(request__client_id=household.client_id).select_related(
        "person", "request__activity"
    )


def household_coming(*, household: Household, today: datetime.date):
    return (
        _interventions(household)
        .filter(date__gte=today)
        .order_by("date", "start_time")[:INTERVENTIONS_SHOWN]
    )


def household_past(*, household: Household, today: datetime.date):
    return (
        _interventions(household)
        .filter(date__lt=today)
        .order_by("-date", "-start_time")[:INTERVENTIONS_SHOWN]
    )


def household_invoices(*, household: Household):
    """The household's issued invoices (drafts are the staff's work) and their payments."""
    return (
        Invoice.objects.filter(
            client_id=household.client_id,
            status__in=(InvoiceStatus.ISSUED, InvoiceStatus.PAID),
        )
        .prefetch_related("payments")
        .order_by("-issued_on", "-number")
    )


def household_invoice(*, household: Household, pk) -> Invoice:
    return (
        household_invoices(household=household)
        .select_related("client__commune", "structure")
        .get(pk=pk)
    )


def own_quotes(*, actor, household: Household):
    return _quotes(actor).filter(household=household).exclude(status=QuoteStatus.DRAFT)


# --- The intervenant of the day -----------------------------------------------------------


def access_of_the_day(*, actor, today: datetime.date) -> list[tuple[Assignment, Household]]:
    """The actor's own assignments of today at a household, with that household: the only
    day its access instructions reach an intervenant."""
    if not scope_of(actor).member_structure_ids:
        return []
    assignments = list(
        Assignment.objects.for_subject(actor)
        .filter(date=today)
        .select_related("request__client__commune", "request__commune")
        .order_by("start_time")
    )
    households = {
        h.client_id: h
        for h in Household.objects.filter(client_id__in={a.request.client_id for a in assignments})
    }
    return [
        (a, households[a.request.client_id])
        for a in assignments
        if a.request.client_id in households
    ]
