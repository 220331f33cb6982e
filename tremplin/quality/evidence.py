"""What Tremplin already knows for a requirement: computed indicators keyed by name.

A requirement of a référentiel names one in its `indicator` field (the référentiel's file,
see referentials/README.md). A self-assessment shows it next to the requirement, with its
period. Only counts and shares leave the structure: never a name nor a row.

- `people.*`: computed from the structure's insertion paths with aggregate queries, over the
  twelve months that end on the self-assessment's date.
- `qualiopi.<N>`: the evidence the training app holds for Qualiopi indicator N, read from
  `tremplin.training.qualiopi.indicator_evidence(N, year=…)` when that module exists (it is
  imported lazily: without it, nothing is shown).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

QUALIOPI_KEY = re.compile(r"^qualiopi\.([1-9]|[12][0-9]|3[0-2])$")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def year_until(cls, end: datetime.date) -> Period:
        """The twelve months that end on `end` (from the day after the same date a year
        before; a 29 February ends a period that started on 1 March)."""
        try:
            start = end.replace(year=end.year - 1) + datetime.timedelta(days=1)
        except ValueError:  # 29 February: a year before has none
            start = datetime.date(end.year - 1, 3, 1)
        return cls(start, end)


@dataclass(frozen=True)
class Evidence:
    """One figure or item shown next to a requirement."""

    label: str
    value: str = ""
    url: str = ""
    period: Period | None = None


@dataclass(frozen=True)
class Indicator:
    key: str
    label: object  # lazy translation
    compute: Callable[..., list[Evidence]]


def _share(part: int, whole: int) -> str:
    if not whole:
        return _("no case in the period")
    percent = number_format(round(100 * part / whole))
    return _("%(percent)s %% (%(part)s of %(whole)s)") % {
        "percent": percent,
        "part": part,
        "whole": whole,
    }


def commitment_days() -> int:
    return settings.QUALITY_COMMITMENT_CONTRACT_DAYS


def _commitment_within_days(*, structure_id: int, period: Period, year: int) -> list[Evidence]:
    """Employees hired in the period (their first contract with the structure starts in it)
    whose reciprocal commitment contract was signed at the latest N days after that start:
    day N counts, day N + 1 does not; signed before the start counts too."""
    from tremplin.people.models import CommitmentContract, Contract

    days = commitment_days()
    first_signed = (
        CommitmentContract.objects.filter(
            person_id=OuterRef("person_id"), person__structure_id=structure_id
        )
        .order_by("signed_on")
        .values("signed_on")[:1]
    )
    hires = (
        Contract.objects.filter(structure_id=structure_id)
        .values("person_id")
        .annotate(hired_on=Min("start_date"))
        .filter(hired_on__gte=period.start, hired_on__lte=period.end)
        .annotate(signed_on=Subquery(first_signed))
        .values_list("hired_on", "signed_on")
    )
    # One query: the pairs of dates are counted here (no name, no row leaves this function).
    pairs = list(hires)
    within = sum(
        1
        for hired_on, signed_on in pairs
        if signed_on is not None and (signed_on - hired_on).days <= days
    )
    return [
        Evidence(
            label=_("Reciprocal commitment contract signed within %(days)s days of hiring")
            % {"days": days},
            value=_share(within, len(pairs)),
            period=period,
        )
    ]


def _interviews_per_path(*, structure_id: int, period: Period, year: int) -> list[Evidence]:
    """Interviews held in the period, per person whose contract ran during it."""
    from tremplin.people.models import Contract, Interview

    in_path = (
        Contract.objects.filter(structure_id=structure_id, start_date__lte=period.end)
        .filter(
            Q(early_end_date__gte=period.start)
            | Q(
                early_end_date__isnull=True,
                planned_end_date__gte=period.start,
            )
            | Q(early_end_date__isnull=True, planned_end_date__isnull=True)
        )
        .values("person_id")
    )
    paths = in_path.aggregate(n=Count("person_id", distinct=True))["n"]
    interviews = Interview.objects.filter(
        person_id__in=in_path, date__gte=period.start, date__lte=period.end
    ).count()
    value = (
        _("%(ratio)s (%(interviews)s interviews, %(paths)s paths)")
        % {
            "ratio": number_format(interviews / paths, decimal_pos=1),
            "interviews": interviews,
            "paths": paths,
        }
        if paths
        else _("no case in the period")
    )
    return [Evidence(label=_("Interviews per path"), value=value, period=period)]


def _barriers_followed(*, structure_id: int, period: Period, year: int) -> list[Evidence]:
    """Barriers identified in the period that are followed: an action addresses them, or
    their status moved on from « identified »."""
    from tremplin.people.models import Barrier, BarrierStatus

    counts = Barrier.objects.filter(
        person__structure_id=structure_id,
        identified_on__gte=period.start,
        identified_on__lte=period.end,
    ).aggregate(
        total=Count("pk", distinct=True),
        followed=Count(
            "pk",
            filter=~Q(status=BarrierStatus.IDENTIFIED) | Q(actions__isnull=False),
            distinct=True,
        ),
    )
    return [
        Evidence(
            label=_("Barriers to employment followed (an action or a change of status)"),
            value=_share(counts["followed"], counts["total"]),
            period=period,
        )
    ]


REGISTRY: dict[str, Indicator] = {
    indicator.key: indicator
    for indicator in (
        Indicator(
            "people.commitment_contract_within_days",
            gettext_lazy("Reciprocal commitment contracts signed within N days of hiring"),
            _commitment_within_days,
        ),
        Indicator(
            "people.interviews_per_path",
            gettext_lazy("Interviews per path"),
            _interviews_per_path,
        ),
        Indicator(
            "people.barriers_followed",
            gettext_lazy("Barriers to employment followed"),
            _barriers_followed,
        ),
    )
}


def is_known(key: str) -> bool:
    return key in REGISTRY or bool(QUALIOPI_KEY.match(key))


def _qualiopi(number: int, *, year: int) -> list[Evidence]:
    """The training app's evidence for a Qualiopi indicator, when it offers any."""
    try:
        from tremplin.training import qualiopi
    except ImportError:
        return []
    reader = getattr(qualiopi, "indicator_evidence", None)
    if reader is None:
        return []
    return [_as_evidence(item) for item in reader(number, year=year)]


def _as_evidence(item) -> Evidence:
    if isinstance(item, Evidence):
        return item
    if isinstance(item, dict):
        return Evidence(
            label=str(item.get("label") or item.get("title") or ""),
            value=str(item.get("value") or item.get("detail") or ""),
            url=str(item.get("url") or ""),
        )
    label = getattr(item, "label", None) or getattr(item, "title", None) or item
    return Evidence(
        label=str(label),
        # The training app's items say `detail` (training/qualiopi.py's Evidence).
        value=str(getattr(item, "value", "") or getattr(item, "detail", "") or ""),
        url=str(getattr(item, "url", "") or ""),
    )


def evidence_for(key: str, *, structure_id: int | None, until: datetime.date) -> list[Evidence]:
    """What Tremplin holds for the indicator `key`, over the twelve months ending `until`;
    empty for an unknown key or where nothing is held. `structure_id` None (the training
    service's own self-assessment) reads no structure's paths: only Qualiopi evidence."""
    if not key:
        return []
    period = Period.year_until(until)
    match = QUALIOPI_KEY.match(key)
    if match:
        return _qualiopi(int(match.group(1)), year=until.year)
    indicator = REGISTRY.get(key)
    if indicator is None or structure_id is None:
        return []
    return indicator.compute(structure_id=structure_id, period=period, year=until.year)
