"""Who may do what with the household files, quotes and contracts. Reads go through
`for_user` (the structure's staff, and the household their own rows); missing and
forbidden look the same (404)."""

from __future__ import annotations

from django.http import Http404

from tremplin.accounts.models import StructureRole
from tremplin.accounts.tenancy import scope_of
from tremplin.missions import rules as mission_rules

from .models import Household, HouseholdContract, Quote

can_plan = mission_rules.can_plan
require = mission_rules.require


def is_household_of(actor, household: Household) -> bool:
    """The actor is the household themself (their client's account), in their structure."""
    return (
        household.client.user_id == actor.pk
        and scope_of(actor).role_in(household.structure_id) == StructureRole.CLIENT
    )


def access_household(actor, pk) -> Household:
    """A household file the actor's structures hold (staff)."""
    try:
        household = (
            Household.objects.for_user(actor)
            .select_related("client__commune", "structure")
            .get(pk=pk)
        )
    except (Household.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if household.structure_id not in scope_of(actor).staff_structure_ids:
        raise Http404
    return household


def access_quote(actor, pk) -> Quote:
    """A quote of one of the actor's structures' households (staff)."""
    try:
        quote = (
            Quote.objects.for_user(actor)
            .select_related("household__client__commune", "household__structure")
            .get(pk=pk)
        )
    except (Quote.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if quote.household.structure_id not in scope_of(actor).staff_structure_ids:
        raise Http404
    return quote


def access_own_quote(actor, household: Household, pk) -> Quote:
    """One of the household's own quotes, once sent (a draft is the staff's work)."""
    try:
        return (
            Quote.objects.for_user(actor)
            .select_related("household__client__commune", "household__structure")
            .exclude(status="draft")
            .get(pk=pk, household=household)
        )
    except (Quote.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def access_contract(actor, pk) -> HouseholdContract:
    """A contract of one of the actor's structures' households (staff)."""
    try:
        contract = (
            HouseholdContract.objects.for_user(actor)
            .select_related("household__client__commune", "household__structure", "quote")
            .get(pk=pk)
        )
    except (HouseholdContract.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if contract.household.structure_id not in scope_of(actor).staff_structure_ids:
        raise Http404
    return contract


def access_own_contract(actor, household: Household, pk) -> HouseholdContract:
    """One of the household's own contracts."""
    try:
        return (
            HouseholdContract.objects.for_user(actor)
            .select_related("household__client__commune", "household__structure", "quote")
            .get(pk=pk, household=household)
        )
    except (HouseholdContract.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
