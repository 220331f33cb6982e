"""`seed_demo` end to end: the demo's figures computed once, nothing left stale; the bulk
mode says plainly that it needs PostgreSQL."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tremplin.conftest import pinned_today
from tremplin.observatory.models import Figure, StaleSlice


@pytest.mark.django_db
def test_seed_demo_builds_the_figures_of_its_paths():
    call_command("seed_demo", structures=3, people_per_structure=6, verbosity=0)
    assert Figure.objects.filter(key="accompanied").exists()
    assert not StaleSlice.objects.exists()
    # The demo structures' home services, in the same rebuild: last year's household
    # clients of the missions demo (activities outside the catalogue), this year's
    # recurring services of the catalogue.
    homecare = Figure.objects.filter(period="Y")
    assert homecare.filter(key="sap_households", year=pinned_today().year - 1).exists()
    assert homecare.filter(key="sap_intervenants", category="insertion").exists()
    assert homecare.filter(key="sap_hours").exclude(category="other").exists()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is SQLite's")
@pytest.mark.django_db
def test_the_bulk_mode_needs_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed_demo", bulk=True, structures=3, verbosity=0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
@pytest.mark.django_db
def test_the_bulk_mode_loads_time_entries_with_copy_and_keeps_the_constraints():

    from tremplin.missions.models import TimeEntry

    call_command(
        "seed_demo",
        bulk=True,
        structures=3,
        people_per_structure=6,
        time_entries=400,
        verbosity=0,
    )
    year = pinned_today().year - 1
    loaded = TimeEntry.objects.filter(date__year=year, status="validated")
    assert 0 < loaded.count() <= 400 + 1570
    with connection.cursor() as cursor:  # the foreign keys and indexes are back
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid = 'missions_timeentry'::regclass "
            "AND contype = 'f'"
        )
        assert cursor.fetchone()[0] >= 5
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'missions_timeentry'")
        assert cursor.fetchone()[0] >= 5
    assert Figure.objects.filter(year=year, key="hours", category="time_entries").exists()
