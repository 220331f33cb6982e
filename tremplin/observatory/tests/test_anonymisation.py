"""Anonymising files past their retention period leaves the observatory's figures as they
were: what it counts is kept, and the birth date keeps every age the observatory reads."""

import datetime

from tremplin.observatory.compute import slice_figures
from tremplin.people.models import Person
from tremplin.people.services.retention import anonymise_expired
from tremplin.people.tests.paths import full_path

D = datetime.date


def _figures(structure):
    return sorted(
        (f.year, f.period, f.key, f.category, f.value, f.people)
        for year in (2019, 2020)
        for f in slice_figures(structure, year)
    )


def test_observatory_figures_do_not_move_when_files_are_anonymised(world, settings):
    settings.RETENTION_NOTICE_DAYS = 0
    # Birthdays inside the path, on both sides of the age bands (under 26, 50 and over).
    births = [D(1993, 6, 15), D(1969, 11, 20), D(1994, 1, 1), D(1993, 3, 5), D(1980, 12, 31)]
    for index, birth in enumerate(births):
        full_path(
            world,
            last_name=f"Nom{index}",
            birth_date=birth,
            nir=None,
            entry=D(2019, 3, 4) + datetime.timedelta(days=7 * index),
            exit_on=D(2020, 9, 30) - datetime.timedelta(days=11 * index),
        )
    before = _figures(world.own)
    assert any(
        key == "profile" and category == "under_26" for _y, _p, key, category, _v, _n in before
    )
    assert anonymise_expired(today=D(2026, 1, 1)).anonymised == len(births)
    assert set(Person.objects.values_list("last_name", flat=True)) == {"Anonyme"}
    assert _figures(world.own) == before
