"""One slice of the observatory: a structure's figures for a year, computed from its
operations in a fixed number of queries (definitions.py says what each figure means).

This module reads the operations tables directly, for one structure at a time, and writes
nothing: maintenance.py stores what it returns. It is the only reader of personal data in
the observatory, and what it returns holds counts and sums only.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth

from tremplin.missions.models import Assignment, MissionRequest, RequestState, TimeEntry
from tremplin.network.models import Structure
from tremplin.people.models import Barrier, Contract, Exit, Person
from tremplin.people.models.accompaniment import BarrierStatus, BarrierStatusChange
from tremplin.rules import rule
from tremplin.rules.table import UnknownRule

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


class _Slice:
    def __init__(self, structure: Structure, year: int):
        self.structure, self.year = structure, year
        self.first, self.last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        self.rows: dict[tuple[int, str, str], list] = {}

    def add(self, key: str, category: str, value, people: int, month: int = 0) -> None:
        cell = self.rows.setdefault((month, key, category), [ZERO, 0])
        cell[0] += Decimal(value)
        cell[1] += people

    def figures(self) -> list[Figure]:
        return [
            Figure(
                structure_id=self.structure.pk,
                year=self.year,
                month=month,
                key=key,
                category=category,
                value=value.quantize(CENT),
                people=people,
            )
            for (month, key, category), (value, people) in sorted(self.rows.items())
            if value or people
        ]


def slice_figures(structure: Structure, year: int) -> list[Figure]:
    s = _Slice(structure, year)
    accompanied, entry_of, contracts = _paths(s)
    _profile(s, accompanied, entry_of)
    _exits(s)
    _hours(s, contracts)
    _barriers(s)
    _missions(s)
    return s.figures()


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
    accompanied = {person_id for person_id, *_rest in contracts}
    s.add("accompanied", "", len(accompanied), len(accompanied))
    entries = sum(1 for p in accompanied if entry_of[p] >= s.first)
    s.add("entries", "", entries, entries)
    return accompanied, entry_of, contracts


def _profile(s: _Slice, accompanied, entry_of) -> None:
    months = rule("observatory.long_term_job_seeker_months", s.last)
    counts: Counter[str] = Counter()
    people = Person.objects.filter(pk__in=accompanied).only(
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
    for person in people:  # RQTH is encrypted: read in Python, never aggregated in SQL
        on = max(entry_of[person.pk], s.first)
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
        counts.update(name for name, yes in flags.items() if yes)
    for name, count in counts.items():
        s.add("profile", name, count, count)


def _exits(s: _Slice) -> None:
    rows = Exit.objects.filter(
        person__structure=s.structure, exit_date__range=(s.first, s.last)
    ).values_list("reason__category", "counted", "worked_months")
    for category, counted, months in rows:
        category = category or "unknown"
        s.add("exits", category, 1, 1)
        if counted:
            s.add("counted_exits", category, 1, 1)
        bucket = min(int(months), PATH_LENGTH_MAX_MONTHS)
        s.add("path_length", f"{bucket:02d}", 1, 1)


def _hours(s: _Slice, contracts) -> None:
    """Hours per month: validated time entries if the structure records any this year,
    else the contracts' weekly hours over the days under contract; ETP and the aide au
    poste from them. The year's rows add the months up; their people are who worked."""
    kind = s.structure.kind
    entries = TimeEntry.objects.filter(
        structure=s.structure, status="validated", date__range=(s.first, s.last)
    )
    by_month = {
        row["m"]: (row["total"], row["people"])
        for row in entries.annotate(m=ExtractMonth("date"))
        .values("m")
        .annotate(total=Sum("hours"), people=Count("person", distinct=True))
    }
    if by_month:
        source = "time_entries"
        year_people = entries.aggregate(n=Count("person", distinct=True))["n"]
    else:
        source = "contracts"
        year_people = len({person_id for person_id, *_rest in contracts})
        for month in range(1, 13):
            first = datetime.date(s.year, month, 1)
            last = first + relativedelta(months=1) - datetime.timedelta(days=1)
            total, people = ZERO, set()
            for person_id, start, end, weekly in contracts:
                days = _overlap_days(start, end, first, last)
                if days:
                    total += weekly * days / 7
                    people.add(person_id)
            if total:
                by_month[month] = (total, len(people))
    reference = Decimal(rule(f"etp.reference_hours.{kind}", s.last))
    year: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for month, (hours, people) in sorted(by_month.items()):
        etp = hours / reference
        cells = [("hours", source, hours), ("etp", kind, etp)]
        try:
            amount = Decimal(rule(f"aide_poste.{kind}", datetime.date(s.year, month, 1)))
            cells.append(("aide_poste", kind, etp * amount))
        except UnknownRule:
            pass  # no amount known that month: not estimated
        for key, category, value in cells:
            s.add(key, category, value, people, month)
            year[key, category] += value
    for (key, category), value in year.items():
        s.add(key, category, value, year_people)


def _barriers(s: _Slice) -> None:
    identified = (
        Barrier.objects.filter(
            person__structure=s.structure, identified_on__range=(s.first, s.last)
        )
        .values("category")
        .annotate(n=Count("pk"), people=Count("person", distinct=True))
    )
    for row in identified:
        s.add("barriers_identified", row["category"], row["n"], row["people"])
    lifted = (
        BarrierStatusChange.objects.filter(
            barrier__person__structure=s.structure,
            status=BarrierStatus.LIFTED,
            date__range=(s.first, s.last),
        )
        .values("barrier__category")
        .annotate(n=Count("barrier", distinct=True), people=Count("barrier__person", distinct=True))
    )
    for row in lifted:
        s.add("barriers_lifted", row["barrier__category"], row["n"], row["people"])


def _missions(s: _Slice) -> None:
    by_kind = (
        TimeEntry.objects.filter(
            structure=s.structure, status="validated", date__range=(s.first, s.last)
        )
        .values("client__kind")
        .annotate(total=Sum("hours"), people=Count("person", distinct=True))
    )
    for row in by_kind:
        s.add("mission_hours", row["client__kind"], row["total"], row["people"])
    requests = list(
        MissionRequest.objects.filter(
            structure=s.structure, start_date__lte=s.last, end_date__gte=s.first
        )
        .exclude(state=RequestState.CANCELLED)
        .values_list(
            "pk", "commune__departement_id", "activity__code", "start_date", "end_date", "hours"
        )
    )
    assigned = dict(
        Assignment.objects.filter(request__structure=s.structure, date__range=(s.first, s.last))
        .values("request")
        .annotate(total=Sum("hours"))
        .values_list("request", "total")
    )
    unmet: dict[str, list] = defaultdict(lambda: [ZERO, 0])
    for pk, departement, activity, start, end, hours in requests:
        span = (end - start).days + 1
        requested = hours * _overlap_days(start, end, s.first, s.last) / span
        missing = requested - assigned.get(pk, ZERO)
        if missing > 0:
            cell = unmet[f"{departement}|{activity}"]
            cell[0] += missing
            cell[1] += 1  # requests: disclosure control counts clients here
    for category, (hours, count) in unmet.items():
        s.add("unmet_demand", category, hours, count)
