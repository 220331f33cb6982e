"""The yearly sub-caps of D7233-5 (small DIY, IT help, small gardening; the figures in the
rules table): what the household's interventions of a capped family come to in a year
against the cap. Beyond it the household may still pay for them, without tax advantage:
the staff are warned (household page, planning a pattern), nothing is refused."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.missions.calculations import hours_between
from tremplin.rules import rule

from .activities import ACTIVITIES, SubCap
from .models import Household, Occurrence, OccurrenceStatus
from .services.quotes import intervention_incl_vat

FAMILY_NAMES = {
    SubCap.DIY: gettext_lazy("Small DIY"),
    SubCap.IT: gettext_lazy("IT help"),
    SubCap.GARDENING: gettext_lazy("Small gardening"),
}
CAP_RULES = {
    SubCap.DIY: "sap.sub_cap.diy.yearly",
    SubCap.IT: "sap.sub_cap.it.yearly",
    SubCap.GARDENING: "sap.sub_cap.gardening.yearly",
}


@dataclass(frozen=True)
class Overrun:
    family: str
    year: int
    total: Decimal
    cap: Decimal

    @property
    def message(self) -> str:
        return _(
            "%(family)s: the household's interventions of %(year)s come to %(total)s € incl. "
            "VAT, beyond the yearly cap of %(cap)s € (art. D7233-5 of the Code du travail). "
            "The household may pay for them, but what passes the cap gives no tax advantage: "
            "tell them."
        ) % {
            "family": FAMILY_NAMES[self.family],
            "year": self.year,
            "total": number_format(self.total, decimal_pos=2, force_grouping=True),
            "cap": number_format(self.cap, decimal_pos=0, force_grouping=True),
        }


def _codes(family: str) -> list[str]:
    return [a.code for a in ACTIVITIES if a.sub_cap == family]


def sub_cap_overruns(*, household: Household, years) -> list[Overrun]:
    """Each capped family whose interventions of one of `years` (planned, done or to
    place; not cancelled) pass its cap, in one query."""
    years = sorted(set(years))
    if not years:
        return []
    families = {code: family for family in CAP_RULES for code in _codes(family)}
    rows = (
        Occurrence.objects.filter(
            pattern__household=household,
            date__range=(datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)),
            status__in=(OccurrenceStatus.PLANNED, OccurrenceStatus.TO_PLACE),
            pattern__service__activity__in=list(families),
        )
        .select_related("pattern__service", "assignment")
        .order_by("date", "pk")
    )
    totals: dict[tuple[str, int], Decimal] = {}
    for occurrence in rows:
        if occurrence.date.year not in years:
            continue
        pattern, a = occurrence.pattern, occurrence.assignment
        length = a.hours if a is not None else hours_between(pattern.start_time, pattern.end_time)
        key = (families[pattern.service.activity], occurrence.date.year)
        totals[key] = totals.get(key, Decimal(0)) + intervention_incl_vat(pattern.service, length)
    overruns = []
    for (family, year), total in sorted(totals.items()):
        cap = rule(CAP_RULES[family], on=datetime.date(year, 12, 31))
        if total > cap:
            overruns.append(Overrun(family=family, year=year, total=total, cap=cap))
    return overruns
