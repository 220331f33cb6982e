"""The observatory at the sector's scale, on PostgreSQL (DESIGN.md: 4 500 structures,
200 000 paths a year, 30 million time entries a year), built by `seed_demo --bulk`.

- the federation dashboard's full set of indicators, read from the aggregates, against
  (a) the same indicators by plain ORM aggregation over the operations tables and
  (b) DuckDB scanning the same rows exported to Parquet;
- keeping fresh: a month of the network's time entries loaded (COPY), then the stale
  slices computed again — the time added, as a ratio of the load.

    python -m bench --only observatory [--sector-structures 4500 --sector-entries 30000000]
"""

from __future__ import annotations

import collections
import datetime
import os
import statistics
import tempfile
import time
from decimal import Decimal

from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Min, Q, Sum
from django.test import Client as HttpClient
from django.test.utils import override_settings

YEAR = datetime.date.today().year - 1


def _timed(function, repeat=1):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


# (a) Plain ORM over the operations ------------------------------------------------------


def naive_indicators(year: int) -> dict:
    """The dashboard's figures straight from the operations tables, network-wide (RQTH is
    encrypted: SQL cannot count it, so it is left out here)."""
    from tremplin.missions.models import TimeEntry
    from tremplin.people.models import Barrier, Contract, Exit

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    running = Contract.objects.filter(start_date__lte=last).filter(
        Q(early_end_date__gte=first)
        | Q(early_end_date__isnull=True, planned_end_date__gte=first)
        | Q(early_end_date__isnull=True, planned_end_date__isnull=True)
    )
    result = {
        "accompanied_by_region": dict(
            running.values("structure__commune__departement__region")
            .annotate(n=Count("person", distinct=True))
            .values_list("structure__commune__departement__region", "n")
        ),
        "accompanied_by_departement": dict(
            running.values("structure__commune__departement")
            .annotate(n=Count("person", distinct=True))
            .values_list("structure__commune__departement", "n")
        ),
        "entries": Contract.objects.values("person")
        .annotate(first=Min("start_date"))
        .filter(first__range=(first, last))
        .count(),
    }
    exits = Exit.objects.filter(exit_date__range=(first, last))
    result["exits"] = list(
        exits.values(
            "person__structure__commune__departement__region", "reason__category", "counted"
        )
        .annotate(n=Count("pk"))
        .values_list(
            "person__structure__commune__departement__region", "reason__category", "counted", "n"
        )
    )
    result["path_length"] = list(
        exits.values("worked_months").annotate(n=Count("pk")).values_list("worked_months", "n")
    )
    people = running.values("person").distinct()
    from tremplin.people.models import Person

    persons = Person.objects.filter(pk__in=people)
    result["profile"] = persons.aggregate(
        women=Count("pk", filter=Q(sex="F")),
        qpv=Count("pk", filter=Q(qpv=True)),
        low=Count("pk", filter=Q(education_level__in=["00", "01", "50", "51", "60", "70"])),
    )
    entries = TimeEntry.objects.filter(status="validated", date__range=(first, last))
    result["hours_by_kind"] = dict(
        entries.values("structure__kind")
        .annotate(h=Sum("hours"))
        .values_list("structure__kind", "h")
    )
    result["hours_by_client_kind"] = dict(
        entries.values("client__kind").annotate(h=Sum("hours")).values_list("client__kind", "h")
    )
    # The category is encrypted (ADR 6): counted in Python, as the observatory does.
    result["barriers"] = sorted(
        collections.Counter(
            Barrier.objects.filter(identified_on__range=(first, last)).values_list(
                "category", flat=True
            )
        ).items()
    )
    return result


# (b) DuckDB over Parquet ----------------------------------------------------------------

EXPORTS = {
    "time_entries": "SELECT structure_id, person_id, client_id, date, hours, status FROM missions_timeentry",
    "contracts": "SELECT person_id, structure_id, start_date, planned_end_date, early_end_date, weekly_hours FROM people_contract",
    "exits": "SELECT e.person_id, e.exit_date, e.counted, e.worked_months, r.category FROM people_exit e LEFT JOIN people_exitreason r ON r.code = e.reason_id",
    # Benefits and barrier categories are encrypted at rest (ADR 6): not copied to an
    # analytical store, where they would lie in clear.
    "persons": "SELECT id, structure_id, sex, qpv, education_level FROM people_person",
    "structures": "SELECT s.id, s.kind, c.departement_id, d.region_id FROM network_structure s JOIN network_commune c ON c.code = s.commune_id JOIN network_departement d ON d.code = c.departement_id",
    "clients": "SELECT id, kind FROM missions_client",
    "barriers": "SELECT person_id, identified_on FROM people_barrier",
}


def export_parquet(directory: str) -> None:
    import duckdb

    database = duckdb.connect()
    with connection.cursor() as cursor:
        for name, query in EXPORTS.items():
            path = os.path.join(directory, f"{name}.csv")
            with (
                open(path, "wb") as out,
                cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH CSV HEADER") as copy,
            ):
                for block in copy:
                    out.write(block)
            database.execute(
                f"COPY (SELECT * FROM read_csv_auto('{path}')) TO '{directory}/{name}.parquet' (FORMAT PARQUET)"
            )
            os.remove(path)


def duckdb_indicators(directory: str, year: int) -> dict:
    import duckdb

    db = duckdb.connect()
    for name in EXPORTS:
        db.execute(f"CREATE VIEW {name} AS SELECT * FROM '{directory}/{name}.parquet'")
    first, last = f"{year}-01-01", f"{year}-12-31"
    running = f"""SELECT DISTINCT c.person_id, c.structure_id FROM contracts c
        WHERE c.start_date <= DATE '{last}' AND coalesce(c.early_end_date, c.planned_end_date, DATE '{last}') >= DATE '{first}'"""
    q = {
        "accompanied_by_region": f"SELECT s.region_id, count(DISTINCT r.person_id) FROM ({running}) r JOIN structures s ON s.id = r.structure_id GROUP BY 1",
        "accompanied_by_departement": f"SELECT s.departement_id, count(DISTINCT r.person_id) FROM ({running}) r JOIN structures s ON s.id = r.structure_id GROUP BY 1",
        "entries": f"SELECT count(*) FROM (SELECT person_id, min(start_date) f FROM contracts GROUP BY 1) WHERE f BETWEEN DATE '{first}' AND DATE '{last}'",
        "exits": f"SELECT s.region_id, e.category, e.counted, count(*) FROM exits e JOIN persons p ON p.id = e.person_id JOIN structures s ON s.id = p.structure_id WHERE e.exit_date BETWEEN DATE '{first}' AND DATE '{last}' GROUP BY ALL",
        "path_length": f"SELECT worked_months, count(*) FROM exits WHERE exit_date BETWEEN DATE '{first}' AND DATE '{last}' GROUP BY 1",
        "profile": f"""SELECT count(*) FILTER (WHERE sex = 'F'),
            count(*) FILTER (WHERE qpv) FROM persons WHERE id IN (SELECT person_id FROM ({running}))""",
        "hours_by_kind": f"SELECT s.kind, sum(t.hours) FROM time_entries t JOIN structures s ON s.id = t.structure_id WHERE t.status = 'validated' AND t.date BETWEEN DATE '{first}' AND DATE '{last}' GROUP BY 1",
        "hours_by_client_kind": f"SELECT c.kind, sum(t.hours) FROM time_entries t JOIN clients c ON c.id = t.client_id WHERE t.status = 'validated' AND t.date BETWEEN DATE '{first}' AND DATE '{last}' GROUP BY 1",
        "barriers": f"SELECT count(*) FROM barriers WHERE identified_on BETWEEN DATE '{first}' AND DATE '{last}'",
    }
    return {name: db.execute(sql).fetchall() for name, sql in q.items()}


# Keeping fresh --------------------------------------------------------------------------


def load_a_month(year: int, month: int) -> tuple[int, set[int]]:
    """A month of validated entries for every contract running then (COPY, indexes kept),
    as a structure's import would add them; returns (rows, structures)."""
    from tremplin.missions.models import Client, TimeEntry
    from tremplin.people.models import Contract

    first = datetime.date(year, month, 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    days = [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
    days = [d for d in days if d.weekday() < 5]
    client_of = {}
    for pk, structure_id in Client.objects.values_list("pk", "structure_id"):
        client_of.setdefault(structure_id, pk)
    rows, structures = [], set()
    now = datetime.datetime.now(datetime.UTC).isoformat()
    for person_id, structure_id, weekly in (
        Contract.objects.filter(start_date__lte=last, structure_id__in=list(client_of))
        .filter(Q(planned_end_date__isnull=True) | Q(planned_end_date__gte=first))
        .filter(early_end_date__isnull=True)
        .values_list("person_id", "structure_id", "weekly_hours")
    ):
        hours = min(Decimal(weekly) / 5, Decimal(7))
        structures.add(structure_id)
        prefix = f"{now}\t{now}\t{structure_id}\t{person_id}\t{client_of[structure_id]}\t"
        rows.extend(f"{prefix}{d}\t{hours}\tvalidated\n" for d in days)
    table = TimeEntry._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} (created_at, updated_at, structure_id, person_id, client_id, date, hours, status) FROM STDIN"
        ) as copy,
    ):
        for start in range(0, len(rows), 50_000):
            copy.write("".join(rows[start : start + 50_000]))
    return len(rows), structures


def bench_observatory(structures: int, entries: int, people_per_structure: int) -> None:
    from bench.__main__ import report
    from tremplin.common import facts
    from tremplin.missions.models import TimeEntry
    from tremplin.observatory import maintenance, selectors

    if connection.vendor != "postgresql":
        print(f"{'observatory':<34} skipped: the sector's scale needs PostgreSQL")
        return
    started = time.perf_counter()
    call_command(
        "seed_demo",
        bulk=True,
        structures=structures,
        people_per_structure=people_per_structure,
        time_entries=entries,
        verbosity=0,
    )
    seeded = time.perf_counter() - started
    rows = TimeEntry.objects.count()
    print(
        f"{'':<34} (seed_demo --bulk: {structures} structures, {rows} time entries in {seeded:.0f} s)"
    )

    dashboard_s, board = _timed(lambda: selectors.dashboard(area=selectors.NETWORK, year=YEAR), 5)
    http = HttpClient()
    from tremplin.accounts.models import User

    http.force_login(User.objects.get(email="federation@tremplin.test"))
    with override_settings(ROOT_URLCONF="bench.urls"):
        http.get("/observatoire/reseau/", {"annee": YEAR})
        page_s, _response = _timed(lambda: http.get("/observatoire/reseau/", {"annee": YEAR}), 5)
    naive_s, naive = _timed(lambda: naive_indicators(YEAR))
    size = f"{structures} str., {rows / 1e6:.1f} M entries"
    report(
        "observatory dashboard (aggregates)",
        size,
        dashboard_s,
        dashboard_s / naive_s,
        "plain ORM over operations",
    )
    report(
        "observatory dashboard page", size, page_s, page_s / naive_s, "plain ORM over operations"
    )
    report("plain ORM over operations", size, naive_s, 1.0, "itself")
    accompanied = board.table("accompanied").total
    print(
        f"{'':<34} (people accompanied in {YEAR}: aggregates {accompanied}, ORM {sum(naive['accompanied_by_region'].values())})"
    )

    with tempfile.TemporaryDirectory() as directory:
        export_s, _ = _timed(lambda: export_parquet(directory))
        duck_s, _duck = _timed(lambda: duckdb_indicators(directory, YEAR), 3)
    report("DuckDB over Parquet", size, duck_s, duck_s / naive_s, "plain ORM over operations")
    report(
        "observatory dashboard (aggregates)",
        size,
        dashboard_s,
        dashboard_s / duck_s,
        "DuckDB over Parquet",
    )
    print(f"{'':<34} (export to Parquet: {export_s:.0f} s, not counted)")

    # Years the bulk seed did not compute are still marked stale: computed first, untimed.
    maintenance.refresh_stale()
    year, month = datetime.date.today().year, 1
    load_s, (loaded, touched) = _timed(lambda: load_a_month(year, month))
    with maintenance.deferred():  # as a bulk import marks them; the refresh is timed below
        for structure_id in touched:
            facts.changed(structure_id, datetime.date(year, month, 1))
    refresh_s, slices = _timed(maintenance.refresh_stale)
    report(
        "keeping fresh: a month's entries",
        f"{loaded} entries, {slices} slices",
        refresh_s,
        refresh_s / load_s,
        "loading them (COPY)",
    )
