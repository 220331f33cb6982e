"""Time entries: entered by staff or by the employee, validated by staff, months closed."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from tremplin.common import facts
from tremplin.common.dates import short_date
from tremplin.common.formats import french_number
from tremplin.people.calculations import daily_max_hours
from tremplin.people.models import Person
from tremplin.people.services import exits

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


def check_work_date(day: datetime.date, *, latest: datetime.date, field: str = "date") -> None:
    """Hours and assignments are dated from WORK_DATE_MIN (a setting) to `latest`."""
    if day < settings.WORK_DATE_MIN:
        raise ValidationError(
            {
                field: _("Work is recorded from %(day)s on.")
                % {"day": short_date(settings.WORK_DATE_MIN)}
            },
            code="date_range",
        )
    if day > latest:
        raise ValidationError(
            {
                field: _("This date is too far ahead: %(day)s at the latest.")
                % {"day": short_date(latest)}
            },
            code="date_range",
        )


def check_daily_hours(
    *, person: Person, day: datetime.date, hours: Decimal, already: Decimal
) -> None:
    """A day's effective work stays within the legal maximum (10 h; 8 h before 18): the
    person is one employee of one structure, so every entry of theirs that day counts."""
    cap = daily_max_hours(person.birth_date, day)
    if already + hours > cap:
        raise ValidationError(
            {
                "hours": _(
                    "A day's work is at most %(cap)s h (Code du travail); %(name)s already has "
                    "%(already)s h on %(day)s, so at most %(left)s h more."
                )
                % {
                    "cap": french_number(cap, 2),
                    "name": person.full_name,
                    "already": french_number(already, 2),
                    "day": short_date(day),
                    "left": french_number(max(cap - already, Decimal(0)), 2),
                }
            },
            code="daily_max_hours",
        )


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
    check_work_date(date, latest=datetime.date.today())
    if month_is_closed(person.structure_id, date):
        raise ValidationError({"date": _("This month is closed: its hours can no longer change.")})
    # The person's row is the lock: two entries of one day cannot pass the cap together.
    person = Person.objects.select_for_update().get(pk=person.pk)
    already = TimeEntry.objects.filter(person=person, date=date).aggregate(total=Sum("hours"))[
        "total"
    ] or Decimal(0)
    check_daily_hours(person=person, day=date, hours=hours, already=already)
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
    # Hours validated after an exit, for days before it, decide whether it counts.
    exits.exits_recount(person_ids={e.person_id for e in entries})
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
