"""The counted flag stored at an exit follows the hours validated after it (AI: more than
150 hours), through the service that validates them."""

import datetime
import io
from decimal import Decimal

import pytest

from tremplin.missions.models import TimeEntry
from tremplin.missions.services import hours
from tremplin.people.models import Exit
from tremplin.people.services.exits import exit_record, exits_recount

from .conftest import START, make_client

D = datetime.date
EXIT_DATE = D(2025, 3, 31)


def _drafts(world, person, total, first=START):
    """Entries of up to 7 h a day from `first`, not yet validated."""
    client = make_client(world, "household")
    left, day, made = Decimal(total), first, []
    while left > 0:
        amount = min(left, Decimal(7))
        made.append(
            TimeEntry.objects.create(
                structure=world.own,
                person=person,
                client=client,
                date=day,
                hours=amount,
            )
        )
        left -= amount
        day += datetime.timedelta(days=1)
    return made


@pytest.mark.parametrize(
    ("worked", "counted"), [("149.75", False), ("150", False), ("150.25", True)]
)
def test_hours_validated_after_the_exit_recount_it(world, employee, worked, counted):
    """Recorded on the contract's estimate (35 h a week since January: about 420 h, so
    counted), the exit follows the hours validated later for days before it."""
    exit_ = exit_record(
        actor=world.user("conseiller"), person=employee, exit_date=EXIT_DATE, reason=None
    )
    assert exit_.counted and exit_.worked_hours > 400
    entries = _drafts(world, employee, worked)
    hours.time_entries_validate(actor=world.user("planner"), entries=entries)
    exit_.refresh_from_db()
    assert (exit_.worked_hours, exit_.counted) == (Decimal(worked), counted)
    # Idempotent: nothing changed, nothing written (the history has no new row).
    versions = exit_.history.count()
    assert exits_recount(person_ids=[employee.pk]) == 0
    hours.time_entries_validate(actor=world.user("planner"), entries=entries)
    assert exit_.history.count() == versions


def test_hours_after_the_exit_do_not_count(world, employee):
    exit_ = exit_record(
        actor=world.user("conseiller"), person=employee, exit_date=EXIT_DATE, reason=None
    )
    before = _drafts(world, employee, "140")
    after = _drafts(world, employee, "70", first=EXIT_DATE + datetime.timedelta(days=1))
    hours.time_entries_validate(actor=world.user("planner"), entries=before + after)
    exit_.refresh_from_db()
    assert (exit_.worked_hours, exit_.counted) == (Decimal(140), False)


def test_drafts_leave_the_estimate(world, employee):
    """Hours entered but not validated are not hours worked yet: the estimate stands."""
    exit_ = exit_record(
        actor=world.user("conseiller"), person=employee, exit_date=EXIT_DATE, reason=None
    )
    _drafts(world, employee, "40")
    assert exits_recount(person_ids=[employee.pk]) == 0
    assert Exit.objects.get(pk=exit_.pk).counted


def test_a_contract_signed_after_the_exit_recounts_it(world):
    """The path's contract entered after its exit (a late record): the exit, recorded on
    no work at all, counts once the contract's 35 h a week since January are known."""
    from tremplin.people.services import contracts
    from tremplin.people.tests.conftest import make_approval, make_person

    person = make_person(world, last_name="Late")
    make_approval(world, person, START)
    exit_ = exit_record(
        actor=world.user("conseiller"), person=person, exit_date=EXIT_DATE, reason=None
    )
    assert not exit_.counted and exit_.worked_hours == 0
    contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=START,
        planned_end_date=D(2025, 5, 31),  # 4 months at least: the exit comes first
        weekly_hours=Decimal(35),
    )
    exit_.refresh_from_db()
    assert exit_.counted and exit_.worked_hours > 150


def test_the_command_recounts_the_exits_recorded_before(world, employee):
    """Exits recorded before the flag followed the hours: `manage.py exits_recount`."""
    from django.core.management import call_command

    exit_ = exit_record(
        actor=world.user("conseiller"), person=employee, exit_date=EXIT_DATE, reason=None
    )
    for entry in _drafts(world, employee, "60"):  # validated without the service, as before
        TimeEntry.objects.filter(pk=entry.pk).update(status="validated")
    call_command("exits_recount", stdout=io.StringIO())
    exit_.refresh_from_db()
    assert (exit_.worked_hours, exit_.counted) == (Decimal(60), False)
    out = io.StringIO()
    call_command("exits_recount", stdout=out)
    assert out.getvalue().startswith("0 ")
