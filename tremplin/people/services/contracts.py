"""Contracts: sign, renew, end early; with the CDDI, ETTI and PASS rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.common.dates import short_date
from tremplin.rules import rule

from .. import rules
from ..calculations import age_on, last_day_of_period
from ..models import Contract, ContractKind, ContractRenewal, Person
from .approvals import approval_valid_on
from .exits import exits_recount
from .later_work import CancelReason, LaterWork, later_work, later_work_cancel

NEEDS_PASS = {ContractKind.CDDI, ContractKind.CDD_USAGE, ContractKind.MISSION}
KINDS_BY_STRUCTURE = {
    ContractKind.CDD_USAGE: {"AI"},
    ContractKind.MISSION: {"ETTI"},
    ContractKind.CDDI: {"AI", "ACI", "EI", "EITI"},
}


def check_contract(
    *,
    person: Person,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date | None,
    weekly_hours: Decimal,
    extension_ground: str = "",
    exclude_pk: int | None = None,
) -> None:
    """Every rule a contract must hold, as one ValidationError naming each field to fix."""
    errors: dict[str, str] = {}
    structure_kind = person.structure.kind
    allowed = KINDS_BY_STRUCTURE.get(kind)
    if allowed and structure_kind not in allowed:
        errors["kind"] = _("An %(structure)s does not sign this kind of contract.") % {
            "structure": structure_kind
        }
    if end_date is None and kind != ContractKind.CDI_INCLUSION:
        errors["planned_end_date"] = _("Give the planned end: only a CDI has none.")
    elif end_date is not None and end_date < start_date:
        errors["planned_end_date"] = _("The end comes before the start.")
    if kind == ContractKind.CDDI and end_date and end_date >= start_date:
        minimum = last_day_of_period(
            start_date, months=rule("contract.cddi_min_months", start_date)
        )
        maximum = last_day_of_period(
            start_date, months=rule("contract.cddi_max_months", start_date)
        )
        if end_date < minimum:
            errors["planned_end_date"] = _(
                "A CDDI lasts at least %(months)s months, renewals included: "
                "it must end on %(min)s or later."
            ) % {"months": rule("contract.cddi_min_months", start_date), "min": short_date(minimum)}
        elif end_date > maximum:
            ground_ok = (
                (
                    extension_ground == "senior"
                    and age_on(person.birth_date, start_date)
                    >= rule("eligibility.senior_age", start_date)
                )
                or (extension_ground == "rqth" and bool(person.rqth))
                or extension_ground == "training"
            )
            if not ground_ok:
                errors["planned_end_date"] = _(
                    "A CDDI lasts at most %(months)s months, renewals included (until %(max)s), unless "
                    "to finish a training under way, or for a person aged 50 or over or with an RQTH."
                ) % {
                    "months": rule("contract.cddi_max_months", start_date),
                    "max": short_date(maximum),
                }
        low, high = (
            rule("contract.cddi_min_weekly_hours", start_date),
            rule("contract.cddi_max_weekly_hours", start_date),
        )
        if not low <= weekly_hours <= high:
            errors["weekly_hours"] = _("A CDDI is %(low)s to %(high)s hours a week.") % {
                "low": low,
                "high": high,
            }
    if kind == ContractKind.MISSION and end_date:
        maximum = last_day_of_period(
            start_date, months=rule("contract.etti_mission_max_months", start_date)
        )
        if end_date > maximum:
            errors["planned_end_date"] = _(
                "An ETTI mission lasts at most %(months)s months, renewals included: until %(max)s."
            ) % {
                "months": rule("contract.etti_mission_max_months", start_date),
                "max": short_date(maximum),
            }
    if kind == ContractKind.CDI_INCLUSION and age_on(person.birth_date, start_date) < rule(
        "pass.prolongation_cdi_age", start_date
    ):
        errors["kind"] = _("A CDI inclusion is signed with a person aged 57 or over.")
    if kind in NEEDS_PASS:
        approval = approval_valid_on(person, start_date)
        if approval is None:
            errors["start_date"] = _(
                "No PASS IAE is valid on %(date)s: this contract needs one."
            ) % {"date": short_date(start_date)}
    overlapping = (
        Contract.objects.filter(person=person, structure_id=person.structure_id)
        .exclude(pk=exclude_pk)
        .filter(start_date__lte=end_date or datetime.date.max)
    )
    for other in overlapping:
        other_end = other.actual_end_date or datetime.date.max
        if other_end >= start_date:
            errors.setdefault(
                "start_date",
                _("It overlaps the contract from %(start)s%(end)s.")
                % {
                    "start": short_date(other.start_date),
                    "end": _(" to %(end)s") % {"end": short_date(other_end)}
                    if other.actual_end_date
                    else "",
                },
            )
            break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_sign(
    *,
    actor,
    person: Person,
    kind: str,
    start_date: datetime.date,
    planned_end_date: datetime.date | None,
    weekly_hours: Decimal,
    extension_ground: str = "",
) -> Contract:
    rules.require_writer(actor, person.structure_id)
    person = Person.objects.select_for_update().select_related("structure").get(pk=person.pk)
    check_contract(
        person=person,
        kind=kind,
        start_date=start_date,
        end_date=planned_end_date,
        weekly_hours=Decimal(weekly_hours),
        extension_ground=extension_ground,
    )
    contract = Contract(
        person=person,
        structure_id=person.structure_id,
        kind=kind,
        start_date=start_date,
        initial_end_date=planned_end_date,
        planned_end_date=planned_end_date,
        weekly_hours=weekly_hours,
        extension_ground=extension_ground,
        created_by=actor,
    )
    contract._history_user = actor
    contract.full_clean()
    contract.save()
    exits_recount(person_ids=[person.pk])
    return contract


@transaction.atomic
def contract_renew(
    *, actor, contract: Contract, new_end_date: datetime.date, signed_on: datetime.date
) -> Contract:
    """A renewal moves the planned end; the whole duration is checked again."""
    rules.require_writer(actor, contract.structure_id)
    contract = (
        Contract.objects.select_for_update().select_related("person__structure").get(pk=contract.pk)
    )
    if not contract.renewable_on(signed_on):
        raise ValidationError(
            _(
                "Only a running fixed-term contract can be renewed, by an amendment signed "
                "before its end: once ended, sign a new contract."
            )
        )
    if new_end_date <= contract.planned_end_date:
        raise ValidationError(
            {
                "new_end_date": _("A renewal ends after the current planned end (%(end)s).")
                % {"end": short_date(contract.planned_end_date)}
            }
        )
    check_contract(
        person=contract.person,
        kind=contract.kind,
        start_date=contract.start_date,
        end_date=new_end_date,
        weekly_hours=contract.weekly_hours,
        extension_ground=contract.extension_ground,
        exclude_pk=contract.pk,
    )
    ContractRenewal.objects.create(
        contract=contract,
        previous_end_date=contract.planned_end_date,
        new_end_date=new_end_date,
        signed_on=signed_on,
    )
    contract.planned_end_date = new_end_date
    contract._history_user = actor
    contract.save(update_fields=["planned_end_date", "updated_at"])
    exits_recount(person_ids=[contract.person_id])
    return contract


@transaction.atomic
def contract_end_early(
    *, actor, contract: Contract, end_date: datetime.date, reason: str
) -> Contract:
    rules.require_writer(actor, contract.structure_id)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not contract.endable_early():
        raise ValidationError(
            _("This contract already ended on %(end)s.")
            % {"end": short_date(contract.early_end_date)}
        )
    if end_date < contract.start_date:
        raise ValidationError({"end_date": _("The end comes before the contract's start.")})
    if contract.planned_end_date and end_date > contract.planned_end_date:
        raise ValidationError(
            {
                "end_date": _("The contract ends on %(end)s anyway.")
                % {"end": short_date(contract.planned_end_date)}
            }
        )
    contract.early_end_date, contract.early_end_reason = end_date, reason
    contract._history_user = actor
    contract.full_clean()
    contract.save()
    exits_recount(person_ids=[contract.person_id])
    # The work planned after the end that no other contract covers (contract_later_work
    # lists it first).
    later_work_cancel(
        actor=actor, person=contract.person, after=end_date, reason=CancelReason.EARLY_END
    )
    return contract


def contract_later_work(contract: Contract, end_date: datetime.date) -> list[LaterWork]:
    """What ending the contract on `end_date` would cancel."""
    return later_work(contract.person, end_date, ending=[contract.pk])
