"""The household file: created as a `missions` client of kind household (through the
missions service, with its checks) and its Household; its members, financings, usual
intervenants and access instructions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.common.saving import save_changes
from tremplin.missions.models import ClientKind
from tremplin.missions.services.clients import client_create

from .. import rules_households as rules
from ..models import Financing, FinancingKind, Household, HouseholdMember


@transaction.atomic
def household_create(
    *,
    actor,
    structure,
    name: str,
    address: str,
    commune,
    email: str = "",
    phone: str = "",
    access_instructions: str = "",
) -> Household:
    client = client_create(
        actor=actor,
        structure=structure,
        kind=ClientKind.HOUSEHOLD,
        name=name,
        address=address,
        commune=commune,
        email=email,
        phone=phone,
    )
    return Household.objects.create(
        client=client,
        structure=structure,
        access_instructions=access_instructions or None,
    )


@transaction.atomic
def household_update(
    *,
    actor,
    household: Household,
    access_instructions: str,
    usual_intervenants,
    notes: str | None = None,
) -> Household:
    """The instructions to get in, the staff's notes (None: unchanged, for who may not read
    them) and the usual intervenants (people of the household's structure only)."""
    rules.require(rules.can_plan(actor, household.structure_id))
    people = list(usual_intervenants)
    if any(person.structure_id != household.structure_id for person in people):
        raise ValidationError(
            {"usual_intervenants": _("An intervenant must be an employee of the structure.")}
        )
    values = {"access_instructions": access_instructions or None}
    if notes is not None:
        values["notes"] = notes or None
    save_changes(household, values)
    household.usual_intervenants.set(people)
    return household


@transaction.atomic
def household_member_add(
    *,
    actor,
    household: Household,
    first_name: str,
    relation: str,
    last_name: str = "",
    birth_date: datetime.date | None = None,
    is_dependent: bool = False,
    is_disabled: bool = False,
) -> HouseholdMember:
    rules.require(rules.can_plan(actor, household.structure_id))
    member = HouseholdMember(
        household=household,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        relation=relation,
        is_dependent=is_dependent,
        is_disabled=is_disabled,
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def household_member_remove(*, actor, member: HouseholdMember) -> None:
    rules.require(rules.can_plan(actor, member.household.structure_id))
    member.delete()


@transaction.atomic
def financing_add(
    *,
    actor,
    household: Household,
    kind: str,
    funder: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    departement=None,
    hours_per_month: Decimal | None = None,
    reference: str = "",
) -> Financing:
    """An APA or a PCH is granted by a département, for a number of hours a month: both
    are asked for; the other financings need neither."""
    rules.require(rules.can_plan(actor, household.structure_id))
    errors = {}
    if kind in (FinancingKind.APA, FinancingKind.PCH):
        if departement is None:
            errors["departement"] = _("An APA or a PCH is granted by a département: choose it.")
        if not hours_per_month:
            errors["hours_per_month"] = _("Give the hours granted per month by the decision.")
    if hours_per_month is not None and hours_per_month <= 0:
        errors["hours_per_month"] = _("Give a number of hours above zero.")
    if ends_on and ends_on < starts_on:
        errors["ends_on"] = _("A financing ends after it starts.")
    if errors:
        raise ValidationError(errors)
    financing = Financing(
        household=household,
        kind=kind,
        funder=funder,
        departement=departement,
        hours_per_month=hours_per_month,
        reference=reference,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    financing.full_clean()
    financing.save()
    return financing


@transaction.atomic
def financing_remove(*, actor, financing: Financing) -> None:
    rules.require(rules.can_plan(actor, financing.household.structure_id))
    financing.delete()
