"""Time entries: entered by staff or by the employee, validated by staff, months closed."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.common import facts
from tremplin.people.models import Person

from .. import rules
from ..models import (
    Assignment,
    Client,
    MonthClosure,
    PayrollNirExport,
    TimeEntry,
    TimeEntryStatus,
)


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_is_closed(structure_id: int, day: datetime.date) -> bool:
    return MonthClosure.objects.filter(structure_id=structure_id, month=_month(day)).exists()


@transaction.atomic
def time_entry_create(
    *, actor, person: Person, client: Client, date: datetime.date, hours: Decimal, assignment=None
) -> TimeEntry:
    """Staff of the structure, or the employee themselves (their own hours only)."""
    is_self = person.user_id is not None and person.user_id == actor.pk
    if not (is_self or rules.can_plan(actor, person.structure_id)):
        raise PermissionDenied
    if client.structure_id != person.structure_id:
        raise ValidationError({"client": _("This client belongs to another structure.")})
    if date > datetime.date.today():
        raise ValidationError({"date": _("Hours are entered once worked.")})
    if month_is_closed(person.structure_id, date):
        raise ValidationError({"date": _("This month is closed: its hours can no longer change.")})
    if assignment is None:
        # Hours of a planned assignment belong to it: that is where the activity (and so
        # the price) comes from.
        assignment = Assignment.objects.filter(
            person=person, date=date, request__client=client
        ).first()
    entry = TimeEntry(
        structure_id=person.structure_id,
        person=person,
        client=client,
        date=date,
        hours=hours,
        assignment=assignment,
        entered_by=actor,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def time_entries_validate(*, actor, entries) -> int:
    entries = list(entries)
    for entry in entries:
        rules.require(rules.can_validate_hours(actor, entry.structure_id))
        if month_is_closed(entry.structure_id, entry.date):
            raise ValidationError(_("This month is closed: its hours can no longer change."))
    count = TimeEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        status=TimeEntryStatus.VALIDATED, validated_by=actor
    )
    for structure_id in {e.structure_id for e in entries}:  # a bulk update: no model signal
        facts.changed(structure_id, *(e.date for e in entries if e.structure_id == structure_id))
    return count


@transaction.atomic
def month_close(*, actor, structure, month: datetime.date) -> MonthClosure:
    """Close a month once every entry of it is validated."""
    rules.require(rules.can_validate_hours(actor, structure.pk))
    month = _month(month)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    pending = TimeEntry.objects.filter(
        structure=structure, date__gte=month, date__lt=next_month, status=TimeEntryStatus.DRAFT
    ).count()
    if pending:
        raise ValidationError(
            _("%(n)s entries of this month are still to validate.") % {"n": pending}
        )
    closure, _created = MonthClosure.objects.get_or_create(
        structure=structure, month=month, defaults={"closed_by": actor}
    )
    return closure


@transaction.atomic
def payroll_nir_export_log(*, actor, structure, month: datetime.date, people: int):
    """Log a payroll file that carries NIRs (accounts.privacy.payroll_carries_nir)."""
    return PayrollNirExport.objects.create(
        structure=structure, user=actor, month=month, people=people
    )
