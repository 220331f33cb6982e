"""What an auditor may see of the audited structure's people: figures (counts and shares)
and, when they sample files, pseudonymised paths (« Parcours 1 »…) with non-sensitive dates
only — never a name, a NIR, an address, a sensitive field, nor a row's identifier.

The reads below are not the auditor's own (they see no person through `for_user`): they
are made for the audit they may open (rules_audits.access_audit first) and select only the
columns shown, aggregated or pseudonymised here, so nothing else leaves the structure."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils.translation import gettext as _

from tremplin.people.models import CommitmentContract, Contract, ContractKind, Interview

SAMPLE_SIZE = 8
# The figures cover the 12 months before the audit (or before today when it has no date).
WINDOW_DAYS = 365


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class SampledPath:
    pseudonym: str
    hired_on: datetime.date
    contract_kind: str
    interview_dates: list[datetime.date]


def _window(audit, today) -> tuple[datetime.date, datetime.date]:
    end = audit.starts_on or today
    return end - datetime.timedelta(days=WINDOW_DAYS), end


def _share(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{round(100 * part / whole)}\u00a0%"


def _hires(structure_ids, start, end):
    """Each person's first contract in the structure, when it started in the window."""
    return (
        Contract.objects.filter(structure_id__in=structure_ids)
        .values("person_id")
        .annotate(first=Min("start_date"))
        .filter(first__gte=start, first__lte=end)
    )


def figures(*, audit, structure_ids, today) -> list[Figure]:
    start, end = _window(audit, today)
    running = (
        Contract.objects.filter(structure_id__in=structure_ids, start_date__lte=end)
        .exclude(planned_end_date__lt=start)
        .values("person_id")
        .distinct()
        .count()
    )
    hires = list(_hires(structure_ids, start, end))
    hired_ids = [row["person_id"] for row in hires]
    with_contract = (
        CommitmentContract.objects.filter(person_id__in=hired_ids)
        .values("person_id")
        .distinct()
        .count()
    )
    interviews = Interview.objects.filter(
        person__structure_id__in=structure_ids, date__gte=start, date__lte=end
    ).aggregate(n=Count("pk"), people=Count("person_id", distinct=True))
    per_path = f"{interviews['n'] / running:.1f}".replace(".", ",") if running else "—"
    return [
        Figure(_("Employees in a path over the period"), str(running)),
        Figure(_("Hires over the period"), str(len(hires))),
        Figure(
            _("Share of the hires with a reciprocal commitment contract"),
            _share(with_contract, len(hires)),
        ),
        Figure(_("Interviews over the period"), str(interviews["n"])),
        Figure(_("Interviews per employee in a path"), per_path),
        Figure(
            _("Share of the employees with at least one interview"),
            _share(interviews["people"], running),
        ),
    ]


def sample(*, audit, structure_ids, today, size: int = SAMPLE_SIZE) -> list[SampledPath]:
    """A reproducible sample of the paths of the period (drawn with the audit's number as
    the seed: the same audit shows the same sample), pseudonymised."""
    start, end = _window(audit, today)
    hires = {row["person_id"]: row["first"] for row in _hires(structure_ids, start, end)}
    ids = sorted(hires)
    chosen = sorted(random.Random(audit.pk).sample(ids, min(size, len(ids))))
    kinds = dict(ContractKind.choices)
    contract_kind = {}
    for person_id, kind in (
        Contract.objects.filter(person_id__in=chosen, structure_id__in=structure_ids)
        .order_by("start_date", "pk")
        .values_list("person_id", "kind")
    ):
        contract_kind.setdefault(person_id, kinds.get(kind, kind))
    interviews: dict[int, list] = {}
    for person_id, date in (
        Interview.objects.filter(person_id__in=chosen)
        .order_by("date")
        .values_list("person_id", "date")
    ):
        interviews.setdefault(person_id, []).append(date)
    # Ordered by hiring date, then numbered: the number says nothing of the row.
    chosen.sort(key=lambda pk: (hires[pk], pk))
    return [
        SampledPath(
            pseudonym=_("Path %(number)s") % {"number": number},
            hired_on=hires[pk],
            contract_kind=contract_kind.get(pk, ""),
            interview_dates=interviews.get(pk, []),
        )
        for number, pk in enumerate(chosen, start=1)
    ]
