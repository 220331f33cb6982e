"""Public holidays where a household lives, from the maintained `holidays` package.

Metropolitan France has eleven; Alsace-Moselle (Moselle 57, Bas-Rhin 67, Haut-Rhin 68)
adds Good Friday and 26 December (Code du travail, L3134-13), and each overseas
département its day of the abolition of slavery (loi n° 83-550 du 30 juin 1983). The
package names those subdivisions: "57", "6AE" (the Collectivité européenne d'Alsace,
67 and 68), "971"…"976"."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

_SUBDIVISION = {"67": "6AE", "68": "6AE"}


def subdivision(departement_code: str) -> str | None:
    """The package's subdivision for a département code, None for the mainland's rule."""
    code = _SUBDIVISION.get(departement_code, departement_code)
    return code if code in holidays.France.subdivisions else None


@lru_cache(maxsize=256)
def _holidays(departement_code: str, year: int) -> dict[datetime.date, str]:
    days = holidays.France(subdiv=subdivision(departement_code), years=year, language="fr")
    return dict(days.items())


def holidays_between(
    departement_code: str, first: datetime.date, last: datetime.date
) -> dict[datetime.date, str]:
    """Every public holiday from `first` to `last` (inclusive), with its French name."""
    found: dict[datetime.date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update(
            (day, name)
            for day, name in _holidays(departement_code, year).items()
            if first <= day <= last
        )
    return found
