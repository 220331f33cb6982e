"""Exits: the reason's category is derived, the counted flag computed from the rules."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.common.dates import short_date

from .. import calculations, rules
from ..models import Contract, EarlyEndReason, Exit, ExitReason, Person, SuspensionReason
from .approvals import approval_valid_on, suspension_create
from .later_work import CancelReason, LaterWork, later_work, later_work_cancel


class PassDecision:
    SUSPEND = "suspend"
    KEEP = "keep"


def worked_periods(person: Person, until: datetime.date) -> list[calculations.WorkedPeriod]:
    return [
        calculations.WorkedPeriod(
            c.start_date, min(c.actual_end_date or until, until), c.weekly_hours
        )
        for c in Contract.objects.filter(person=person, start_date__lte=until)
    ]


# Hours actually worked, from the apps above this one (missions registers its validated
# time entries in its AppConfig.ready): each source gives the person's hours until a day,
# or None when it knows none — then the contracts' estimate stands.
HOURS_SOURCES: list[Callable[[Person, datetime.date], Decimal | None]] = []


def worked_hours(person: Person, until: datetime.date) -> Decimal | None:
    found = [hours for source in HOURS_SOURCES if (hours := source(person, until)) is not None]
    return sum(found, Decimal(0)) if found else None


def _counted(person: Person, exit_date: datetime.date) -> dict:
    """The exit's derived fields, from the contracts and the hours known now."""
    result = calculations.counted_exit(
        person.structure.kind,
        worked_periods(person, exit_date),
        exit_date,
        hours=worked_hours(person, exit_date),
    )
    return {
        "counted": result.counted,
        "worked_months": (Decimal(result.worked_days) / Decimal("30.4375")).quantize(
            Decimal("0.01")
        ),
        "worked_hours": result.worked_hours,
    }


DERIVED = ("counted", "worked_months", "worked_hours")


@transaction.atomic
def exits_recount(*, person_ids: Iterable[int]) -> int:
    """Derive the counted flag (and months and hours worked) of these people's exits
    again, from their contracts and validated hours as they are now. Every service that
    changes them calls it (the contracts here; missions when hours are entered or
    validated): hours validated after the exit, for days before it, decide whether it
    counts. Idempotent: an exit whose figures did not change is not written. Returns the
    number of exits changed."""
    changed = 0
    exits = Exit.objects.filter(person_id__in=set(person_ids)).select_related("person__structure")
    for exit_ in exits.order_by("pk"):
        fields = _counted(exit_.person, exit_.exit_date)
        if all(getattr(exit_, name) == value for name, value in fields.items()):
            continue
        for name, value in fields.items():
            setattr(exit_, name, value)
        # A save (not an update): the history keeps the change and the observatory marks
        # the exit's year to compute again.
        exit_.save(update_fields=[*DERIVED, "updated_at"])
        changed += 1
    return changed


def exit_later_work(person: Person, exit_date: datetime.date) -> list[LaterWork]:
    """What recording the exit would cancel: the work planned after the exit day (the
    contracts running then end on that day)."""
    ending = person.contracts.filter(start_date__lte=exit_date).values_list("pk", flat=True)
    return later_work(person, exit_date, ending=ending)


@transaction.atomic
def exit_record(
    *,
    actor,
    person: Person,
    exit_date: datetime.date,
    reason: ExitReason | None,
    pass_decision: str = PassDecision.KEEP,
    notes: str = "",
) -> Exit:
    """Record an exit: end the open contracts on that day, cancel the work planned after it
    (`exit_later_work` lists it first), suspend the PASS if asked, and store whether the
    exit counts (ACI/EI: > 3 months worked; AI/ETTI: > 150 hours)."""
    rules.require_writer(actor, person.structure_id)
    person = Person.objects.select_for_update().select_related("structure").get(pk=person.pk)
    last = person.exits.order_by("-exit_date").first()
    last_contract = person.contracts.order_by("-start_date").first()
    if last and (last_contract is None or last_contract.start_date <= last.exit_date):
        raise ValidationError(
            _("This path already ended on %(date)s.") % {"date": short_date(last.exit_date)}
        )
    if exit_date > datetime.date.today():
        raise ValidationError({"exit_date": _("An exit is recorded once it happened.")})
    for contract in person.contracts.filter(start_date__lte=exit_date, early_end_date__isnull=True):
        if contract.planned_end_date is None or contract.planned_end_date > exit_date:
            contract.early_end_date, contract.early_end_reason = exit_date, EarlyEndReason.OTHER
            contract.save(update_fields=["early_end_date", "early_end_reason", "updated_at"])
    later_work_cancel(actor=actor, person=person, after=exit_date, reason=CancelReason.EXIT)
    if pass_decision == PassDecision.SUSPEND:
        approval = approval_valid_on(person, exit_date)
        if approval is None:
            raise ValidationError(
                {"pass_decision": _("No PASS IAE runs on the exit date: nothing to suspend.")}
            )
        suspension_create(
            actor=actor,
            approval=approval,
            start_date=exit_date + calculations.ONE_DAY,
            end_date=min(
                approval.end_date, calculations.suspension_max_end(exit_date + calculations.ONE_DAY)
            ),
            reason=SuspensionReason.BROKEN_OFF,
        )
    exit_ = Exit(
        person=person,
        exit_date=exit_date,
        reason=reason,
        notes=notes,
        created_by=actor,
        **_counted(person, exit_date),
    )
    exit_._history_user = actor
    exit_.full_clean()
    exit_.save()
    return exit_


@transaction.atomic
def exit_set_reason(*, actor, exit_: Exit, reason: ExitReason) -> Exit:
    rules.require_writer(actor, exit_.person.structure_id)
    exit_.reason = reason
    exit_._history_user = actor
    exit_.save(update_fields=["reason", "updated_at"])
    return exit_
