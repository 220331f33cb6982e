"""One slice of the observatory: a structure's figures for a year, computed from its
operations in a fixed number of queries (definitions.py says what each figure means).

This module reads the operations tables directly, for one structure at a time, and writes
nothing: maintenance.py stores what it returns. It is the only reader of personal data in
the observatory, and what it returns holds counts and sums only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Min, Sum
from django.db.models.functions import ExtractMonth

from tremplin.missions.models import Assignment, MissionRequest, RequestState, TimeEntry
from tremplin.network.models import Structure
from tremplin.people.models import Barrier, Contract, Exit, Person
from tremplin.people.models.accompaniment import BarrierStatus, BarrierStatusChange
from tremplin.rules import rule
from tremplin.rules.table import UnknownRule

from .compute_homecare import homecare_figures
from .definitions import LOW_EDUCATION, PATH_LENGTH_MAX_MONTHS
from .models import Figure

ZERO = Decimal(0)
CENT = Decimal("0.01")


def _age(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _overlap_days(start, end, first, last) -> int:
    """Days of [start, end] (end None: open) within [first, last]."""
    lo, hi = max(start, first), min(end or last, last)
    return max((hi - lo).days + 1, 0)


@dataclass(frozen=True)
class Period:
    code: str  # "Y", "H1", "H2", "Q1"… "Q4", "M01"… "M12"
    first: datetime.date
    last: datetime.date


def periods(year: int) -> list[Period]:
    """The periods a year's figures are kept for: the year, its halves, quarters, months."""
    spans = [("Y", 1, 12), ("H1", 1, 6), ("H2", 7, 12)]
    spans += [(f"Q{q}", 3 * q - 2, 3 * q) for q in range(1, 5)]
    spans += [(f"M{m:02d}", m, m) for m in range(1, 13)]
    return [
        Period(
            code,
            datetime.date(year, first, 1),
            datetime.date(year, last, 1) + relativedelta(months=1) - datetime.timedelta(days=1),
        )
        for code, first, last in spans
    ]


def codes_of(day: datetime.date) -> tuple[str, ...]:
    """The periods of its year a day falls in."""
    return ("Y", f"H{1 + (day.month > 6)}", f"Q{(day.month + 2) // 3}", f"M{day.month:02d}")


def codes_of_month(month: int) -> tuple[str, ...]:
    return codes_of(datetime.date(2000, month, 1))


class _Slice:
    """Cells (period, key, category) → [value, the ids behind it]: a cell's people are
    counted once however many rows add to it, and only their number leaves this module."""

    def __init__(self, structure: Structure, year: int):
        self.structure, self.year = structure, year
        self.first, self.last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        self.periods = periods(year)
        self.rows: dict[tuple[str, str, str], list] = {}

    def add(self, key: str, category: str, value, ids, codes=("Y",), also=None) -> None:
        """`also`: a second kind of people behind the cell (the intervenants of households'
        hours): the cell counts the fewer of the two, each protecting the other."""
        for code in codes:
            cell = self.rows.setdefault((code, key, category), [ZERO, set(), None])
            cell[0] += Decimal(value)
            cell[1].update(ids)
            if also is not None:
                if cell[2] is None:
                    cell[2] = set()
                cell[2].update(also)

    def figures(self) -> list[Figure]:
        return [
            Figure(
                structure_id=self.structure.pk,
                year=self.year,
                period=code,
                key=key,
                category=category,
                value=value.quantize(CENT),
                people=len(ids) if others is None else min(len(ids), len(others)),
            )
            for (code, key, category), (value, ids, others) in sorted(self.rows.items())
            if value or ids
        ]


def slice_figures(structure: Structure, year: int) -> list[Figure]:
    s = _Slice(structure, year)
    entry_of, contracts = _paths(s)
    _profile(s, entry_of, contracts)
    _exits(s)
    _hours(s, contracts)
    _barriers(s)
    _missions(s)
    homecare_figures(s)
    return s.figures()


def _running(contracts, first, last) -> set[int]:
    return {
        person_id
        for person_id, start, end, _w in contracts
        if start <= last and (end is None or end >= first)
    }


def _paths(s: _Slice):
    rows = list(
        Contract.objects.filter(structure=s.structure, start_date__lte=s.last).values_list(
            "person_id", "start_date", "planned_end_date", "early_end_date", "weekly_hours"
        )
    )
    entry_of: dict[int, datetime.date] = {}
    contracts = []
    for person_id, start, planned, early, weekly in rows:
        entry_of[person_id] = min(entry_of.get(person_id, start), start)
        end = early or planned
        if end is None or end >= s.first:
            contracts.append((person_id, start, end, weekly))
    for period in s.periods:
        accompanied = _running(contracts, period.first, period.last)
        s.add("accompanied", "", len(accompanied), accompanied, (period.code,))
        entered = {p for p in accompanied if period.first <= entry_of[p] <= period.last}
        s.add("entries", "", len(entered), entered, (period.code,))
    return entry_of, contracts


def _profile(s: _Slice, entry_of, contracts) -> None:
    months = rule("observatory.long_term_job_seeker_months", s.last)
    people = Person.objects.filter(pk__in=_running(contracts, s.first, s.last)).only(
        "sex",
        "birth_date",
        "rsa_since",
        "ass_since",
        "aah_since",
        "qpv",
        "rqth",
        "education_level",
        "job_seeker_since",
    )
    people = {person.pk: person for person in people}  # RQTH is encrypted: read in Python
    for period in s.periods:
        for person_id in _running(contracts, period.first, period.last):
            person = people[person_id]
            on = max(entry_of[person_id], period.first)
            age = _age(person.birth_date, on)
            flags = {
                "women": person.sex == "F",
                "under_26": age < 26,
                "over_50": age >= 50,
                "rsa": person.rsa_since is not None and person.rsa_since <= on,
                "ass": person.ass_since is not None and person.ass_since <= on,
                "aah": person.aah_since is not None and person.aah_since <= on,
                "qpv": person.qpv,
                "rqth": bool(person.rqth),
                "low_education": person.education_level in LOW_EDUCATION,
                "long_term_job_seeker": person.job_seeker_since is not None
                and person.job_seeker_since <= on - relativedelta(months=months),
            }
            for name, yes in flags.items():
                if yes:
                    s.add("profile", name, 1, (person_id,), (period.code,))


def _exits(s: _Slice) -> None:
    rows = Exit.objects.filter(
        person__structure=s.structure, exit_date__range=(s.first, s.last)
    ).values_list("person_id", "exit_date", "reason__category", "counted", "worked_months")
    for person_id, day, category, counted, months in rows:
        category, codes = category or "unknown", codes_of(day)
        s.add("exits", category, 1, (person_id,), codes)
        # Recorded = counted + not counted: both parts are kept, so that disclosure
        # control sees what the difference of the two published tables gives away.
        s.add("counted_exits" if counted else "uncounted_exits", category, 1, (person_id,), codes)
        bucket = min(int(months), PATH_LENGTH_MAX_MONTHS)
        s.add("path_length", f"{bucket:02d}", 1, (person_id,), codes)


def _hours(s: _Slice, contracts) -> None:
    """Hours per month: validated time entries if the structure records any this year,
    else the contracts' weekly hours over the days under contract; ETP and the aide au
    poste from them, each month at its own amount. Periods add their months up."""
    kind = s.structure.kind
    by_month: dict[int, list] = defaultdict(lambda: [ZERO, set()])
    rows = (
        TimeEntry.objects.filter(
            structure=s.structure, status="validated", date__range=(s.first, s.last)
        )
        .annotate(m=ExtractMonth("date"))
        .values_list("m", "person")
        .annotate(total=Sum("hours"))
    )
    for month, person_id, total in rows:
        by_month[month][0] += total
        by_month[month][1].add(person_id)
    source = "time_entries" if by_month else "contracts"
    if not by_month:
        for period in s.periods[-12:]:  # the months
            for person_id, start, end, weekly in contracts:
                days = _overlap_days(start, end, period.first, period.last)
                if days:
                    by_month[period.first.month][0] += weekly * days / 7
                    by_month[period.first.month][1].add(person_id)
    reference = Decimal(rule(f"etp.reference_hours.{kind}", s.last))
    for month, (hours, ids) in sorted(by_month.items()):
        if not hours:
            continue
        codes = codes_of_month(month)
        etp = hours / reference
        s.add("hours", source, hours, ids, codes)
        s.add("etp", kind, etp, ids, codes)
        try:
            amount = Decimal(rule(f"aide_poste.{kind}", datetime.date(s.year, month, 1)))
        except UnknownRule:
            continue  # no amount known that month: not estimated
        s.add("aide_poste", kind, etp * amount, ids, codes)


def _barriers(s: _Slice) -> None:
    identified = Barrier.objects.filter(
        person__structure=s.structure, identified_on__range=(s.first, s.last)
    ).values_list("person_id", "category", "identified_on")
    for person_id, category, day in identified:
        s.add("barriers_identified", category, 1, (person_id,), codes_of(day))
    lifted = (
        BarrierStatusChange.objects.filter(
            barrier__person__structure=s.structure,
            status=BarrierStatus.LIFTED,
            date__range=(s.first, s.last),
        )
        .values_list("barrier__person_id", "barrier__category", "barrier_id")
        .annotate(day=Min("date"))
    )
    for person_id, category, _barrier, day in lifted:
        s.add("barriers_lifted", category, 1, (person_id,), codes_of(day))


def _missions(s: _Slice) -> None:
    rows = (
        TimeEntry.objects.filter(
            structure=s.structure, status="validated", date__range=(s.first, s.last)
        )
        .annotate(m=ExtractMonth("date"))
        .values_list("m", "client__kind", "person")
        .annotate(total=Sum("hours"))
    )
    for month, kind, person_id, total in rows:
        s.add("mission_hours", kind, total, (person_id,), codes_of_month(month))
    requests = list(
        MissionRequest.objects.filter(
            structure=s.structure, start_date__lte=s.last, end_date__gte=s.first
        )
        .exclude(state=RequestState.CANCELLED)
        .values_list(
            "pk", "commune__departement_id", "activity__code", "start_date", "end_date", "hours"
        )
    )
    assigned: dict[tuple[int, int], Decimal] = {}
    for request_id, month, total in (
        Assignment.objects.filter(request__structure=s.structure, date__range=(s.first, s.last))
        .annotate(m=ExtractMonth("date"))
        .values_list("request", "m")
        .annotate(total=Sum("hours"))
    ):
        assigned[request_id, month] = total
    for pk, departement, activity, start, end, hours in requests:
        span = (end - start).days + 1
        for period in s.periods:
            requested = hours * _overlap_days(start, end, period.first, period.last) / span
            done = sum(
                (
                    assigned.get((pk, m), ZERO)
                    for m in range(period.first.month, period.last.month + 1)
                ),
                ZERO,
            )
            if requested - done > 0:
                # The requests behind a cell stand in for people: disclosure counts clients.
                s.add(
                    "unmet_demand",
                    f"{departement}|{activity}",
                    requested - done,
                    (pk,),
                    (period.code,),
                )
