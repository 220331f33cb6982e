"""Figures kept fresh as operations change equal figures rebuilt from scratch."""

import datetime
from decimal import Decimal

from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tremplin.missions.models import Client, TimeEntry
from tremplin.missions.services import hours
from tremplin.network.models import Commune
from tremplin.observatory import maintenance
from tremplin.observatory.models import Figure, StaleSlice
from tremplin.people.models import Contract, Exit, Person
from tremplin.people.models.accompaniment import Barrier, BarrierStatusChange

from .conftest import contract, leave, person

YEARS = [2024, 2025, 2026]
BASE = datetime.date(2024, 1, 1)
LAST = datetime.date(2026, 11, 1)  # before today: hours are entered once worked


def _day(offset: int) -> datetime.date:
    return min(BASE + datetime.timedelta(days=offset), LAST)


def _snapshot():
    return sorted(
        Figure.objects.filter(year__in=YEARS).values_list(
            "structure_id", "year", "period", "key", "category", "value", "people"
        )
    )


def _client(world):
    return Client.objects.get_or_create(
        structure=world.own,
        name="Client",
        defaults={"kind": "household", "address": "x", "commune": Commune.objects.get(pk="69123")},
    )[0]


def _pick(queryset, index):
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)] if rows else None


def apply(world, op, offset, index):
    day = _day(offset)
    if op == "hire":
        p = person(
            world, f"P{offset}", "F" if index % 2 else "M", datetime.date(1960 + index * 9, 1, 1)
        )
        contract(p, day, _day(offset + 90 * (index + 1)) if index < 3 else None, 20 + index)
    elif op == "end_early" and (c := _pick(Contract.objects.filter(structure=world.own), index)):
        if c.start_date < day:
            c.early_end_date = day
            c.save()
    elif op == "move_contract" and (
        c := _pick(Contract.objects.filter(structure=world.own), index)
    ):
        c.start_date = day
        c.planned_end_date = None if index % 2 else _day(offset + 200)
        c.early_end_date = None
        c.save()
    elif op == "leave" and (p := _pick(Person.objects.filter(structure=world.own), index)):
        leave(
            p,
            day,
            ["durable", "transition", "other", "withdrawn"][index],
            index % 2 == 0,
            index * 3,
        )
    elif op == "unleave" and (e := _pick(Exit.objects.all(), index)):
        e.delete()
    elif op == "barrier" and (p := _pick(Person.objects.filter(structure=world.own), index)):
        barrier = Barrier.objects.create(person=p, category="mobility", identified_on=day)
        if index % 2:
            BarrierStatusChange.objects.create(
                barrier=barrier, status="lifted", date=_day(offset + 30)
            )
    elif op == "profile" and (p := _pick(Person.objects.filter(structure=world.own), index)):
        p.sex = "F" if p.sex == "M" else "M"
        p.qpv = not p.qpv
        p.save()
    elif op == "hours" and (p := _pick(Person.objects.filter(structure=world.own), index)):
        entry = TimeEntry.objects.create(
            structure=world.own, person=p, client=_client(world), date=day, hours=Decimal(3 + index)
        )
        maintenance.refresh_stale()
        if index % 2:  # validated later through the service: a bulk update, no model signal
            hours.time_entries_validate(actor=world.user("planner"), entries=[entry])
    elif op == "drop_hours" and (t := _pick(TimeEntry.objects.all(), index)):
        t.delete()
    elif op == "kind":
        world.own.kind = ["AI", "ACI", "EI", "ETTI"][index]
        world.own.save()


OPS = [
    "hire",
    "end_early",
    "move_contract",
    "leave",
    "unleave",
    "barrier",
    "profile",
    "hours",
    "drop_hours",
    "kind",
]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(OPS), st.integers(0, 1050), st.integers(0, 3)),
        min_size=1,
        max_size=10,
    )
)
def test_incremental_maintenance_equals_a_full_rebuild(world, operations):
    with transaction.atomic():
        savepoint = transaction.savepoint()
        p = person(world, "Base", "F", datetime.date(1990, 1, 1))
        contract(p, datetime.date(2024, 3, 1), datetime.date(2025, 8, 31), 26)
        maintenance.rebuild(years=YEARS)
        for op, offset, index in operations:
            apply(world, op, offset, index)
            maintenance.refresh_stale()  # as after each committed transaction
        assert not StaleSlice.objects.exists()
        fresh = _snapshot()
        maintenance.rebuild(years=YEARS)
        assert fresh == _snapshot()
        transaction.savepoint_rollback(savepoint)


def test_a_change_marks_only_its_slices_and_a_refresh_clears_them(world):
    p = person(world, "Solo", "F", datetime.date(1990, 1, 1))
    StaleSlice.objects.all().delete()
    contract(p, datetime.date(2025, 3, 1), datetime.date(2025, 8, 31), 26)
    assert set(StaleSlice.objects.values_list("structure_id", "year")) == {(world.own.pk, 2025)}
    assert maintenance.refresh_stale() == 1
    assert (
        Figure.objects.get(structure=world.own, year=2025, period="Y", key="accompanied").value == 1
    )
    assert not StaleSlice.objects.exists()


def test_hours_validated_in_bulk_refresh_the_figures(world):
    """Validation is a queryset update (no model signal): the service tells the facts."""
    p = person(world, "Solo", "F", datetime.date(1990, 1, 1))
    contract(p, datetime.date(2025, 3, 1), datetime.date(2025, 8, 31), 26)
    entry = TimeEntry.objects.create(
        structure=world.own,
        person=p,
        client=_client(world),
        date=datetime.date(2025, 4, 2),
        hours=Decimal(4),
    )
    maintenance.refresh_stale()
    assert not Figure.objects.filter(key="hours", category="time_entries").exists()
    hours.time_entries_validate(actor=world.user("planner"), entries=[entry])
    maintenance.refresh_stale()
    assert Figure.objects.get(year=2025, period="Y", key="hours").value == 4


def test_a_commit_refreshes_its_own_slices_only(world, django_capture_on_commit_callbacks):
    """Slices left stale by a deferred bulk load wait for `observatory_refresh`; a web
    request's commit computes the ones it changed."""
    left = person(world, "Bulk", "M", datetime.date(1980, 1, 1))
    with maintenance.deferred():
        contract(left, datetime.date(2024, 2, 1), datetime.date(2024, 9, 30), 20)
    with django_capture_on_commit_callbacks(execute=True):
        p = person(world, "Web", "F", datetime.date(1990, 1, 1))
        contract(p, datetime.date(2025, 3, 1), datetime.date(2025, 8, 31), 26)
    assert set(StaleSlice.objects.values_list("year", flat=True)) == {2024}
    assert Figure.objects.get(year=2025, period="Y", key="accompanied").value == 1
    call_command("observatory_refresh", verbosity=0)
    assert not StaleSlice.objects.exists()
