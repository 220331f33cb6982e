"""Missions pages of a large association intermédiaire: 1 000 employees under contract, 300
clients, a week of 2 000 assignments and a month of validated hours (≈ 20 000 entries).

- the week grid (everyone under contract, hours against the contract, the AI cap left; 50
  employees a page, a random page of 20): time and queries, against the bare Django view;
- preparing the month's invoices (one draft per client, the "Prepare" button): time and
  queries, against one plain ORM aggregation of the same hours per client and activity
  (the floor: reading what the invoices are made of).

The rows are written in bulk (the bench measures the pages, not the seeding).
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Sum
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext, override_settings

EMPLOYEES = 1000
CLIENTS = 300
MONTH = datetime.date(2025, 3, 1)
WEEK = datetime.date(2025, 3, 10)  # a Monday of that month


def _world(rng: random.Random):
    from tremplin.accounts.models import StructureMembership, StructureRole, User, UserKind
    from tremplin.missions.demo import hours_worked
    from tremplin.missions.models import (
        Assignment,
        Client,
        MissionRequest,
        PriceItem,
        RequestSlot,
        VatRule,
    )
    from tremplin.network import demo
    from tremplin.network.models import Activity, Commune
    from tremplin.people.models import Approval, Contract, Person

    demo.ensure_reference_data()
    network = demo.seed_network(count=2, seed=9)
    structure = network.structures[0]
    structure.kind = "AI"
    structure.save()
    activity = Activity.objects.order_by("pk").first()
    structure.activities.add(activity)
    user = User.objects.create_user("bench-planner@tremplin.test", kind=UserKind.STRUCTURE_STAFF)
    StructureMembership.objects.create(user=user, structure=structure, role=StructureRole.DIRECTOR)
    communes = list(Commune.objects.filter(population__gt=2000).order_by("code")[:200])
    start = MONTH - datetime.timedelta(days=120)
    people = Person.objects.bulk_create(
        Person(
            structure=structure,
            last_name=f"Nom{i:04d}",
            first_names="Prénom",
            sex="F" if i % 2 else "M",
            birth_date=datetime.date(1980 + i % 30, 1 + i % 12, 1 + i % 28),
            search_name=f"nom{i:04d} prenom",
            commune=rng.choice(communes),
        )
        for i in range(EMPLOYEES)
    )
    Contract.objects.bulk_create(
        Contract(
            person=p,
            structure=structure,
            kind="cddi",
            start_date=start,
            initial_end_date=start + datetime.timedelta(days=364),
            planned_end_date=start + datetime.timedelta(days=364),
            weekly_hours=Decimal(rng.choice([20, 24, 26, 30, 35])),
        )
        for p in people
    )
    Approval.objects.bulk_create(
        Approval(
            person=p,
            number=f"99999{i:07d}",
            start_date=start,
            end_date=start + datetime.timedelta(days=729),
        )
        for i, p in enumerate(people)
    )
    PriceItem.objects.create(structure=structure, activity=activity, hourly_rate=Decimal(22))
    VatRule.objects.create(structure=structure, client_kind="household", rate=0)
    clients = Client.objects.bulk_create(
        Client(
            structure=structure,
            kind="household" if i % 5 else "company",
            name=f"Client {i:03d}",
            address="1 rue",
            commune=rng.choice(communes),
        )
        for i in range(CLIENTS)
    )
    requests = MissionRequest.objects.bulk_create(
        MissionRequest(
            structure=structure,
            client=c,
            activity=activity,
            commune=c.commune,
            start_date=start,
            end_date=MONTH + datetime.timedelta(days=120),
            hours=Decimal(500),
            state="in_progress",
        )
        for c in clients
    )
    RequestSlot.objects.bulk_create(
        RequestSlot(
            request=r,
            weekday=rng.randrange(5),
            start_time=datetime.time(8),
            end_time=datetime.time(11),
        )
        for r in requests
    )
    # Each employee works 1 to 3 mornings of 3 h a week for a client; the month's days.
    days = [MONTH + datetime.timedelta(days=d) for d in range(31)]
    workdays = [d for d in days if d.weekday() < 5]
    assignments = []
    for index, person in enumerate(people):
        request = requests[index % CLIENTS]
        weekdays = rng.sample(range(5), 1 + index % 3)
        for day in workdays:
            if day.weekday() in weekdays:
                assignments.append(
                    Assignment(
                        request=request,
                        person=person,
                        date=day,
                        start_time=datetime.time(8),
                        end_time=datetime.time(11),
                        hours=Decimal(3),
                    )
                )
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    # Every assignment's hours, entered and validated, as the demo's year of work does.
    entries = hours_worked(structure, user, datetime.date.today())
    week = sum(1 for a in assignments if WEEK <= a.date < WEEK + datetime.timedelta(days=7))
    return structure, user, week, entries


def bench_missions(requests: int = 30) -> None:
    from bench.__main__ import _p95, report
    from tremplin.missions.models import Invoice, TimeEntry

    rng = random.Random(9)
    started = time.perf_counter()
    with transaction.atomic():
        structure, user, week_rows, entries = _world(rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    print(
        f"{'':<34} (seeded {EMPLOYEES} employees, {CLIENTS} clients, {entries} validated "
        f"entries in {time.perf_counter() - started:.1f} s)"
    )
    http = HttpClient()
    http.force_login(user)
    with override_settings(ROOT_URLCONF="bench.urls"):

        def timed(url, data=None, method="get"):
            began = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = getattr(http, method)(url, data or {})
            assert response.status_code in (200, 302), response.status_code
            return time.perf_counter() - began, len(queries.captured_queries)

        for _warm_up in range(3):  # the first requests load the URLconf and the templates
            timed("/bench/floor/")
            timed("/planning/", {"semaine": WEEK.isoformat()})
        floor = _p95([timed("/bench/floor/")[0] for _ in range(requests)])
        grid = [
            timed("/planning/", {"semaine": WEEK.isoformat(), "page": rng.randint(1, 20)})
            for _ in range(requests)
        ]
    grid_p95 = _p95([t for t, _q in grid])
    report(
        "week grid page p95",
        f"{EMPLOYEES} empl., {week_rows} assign.",
        grid_p95,
        grid_p95 / floor,
        "bare Django view",
    )
    print(f"{'':<34} ({grid[-1][1]} queries a page; bare view p95 {floor * 1000:.2f} ms)")

    # The floor of invoicing: one aggregation of the month's hours per client and activity.
    end = (MONTH + datetime.timedelta(days=32)).replace(day=1)
    began = time.perf_counter()
    totals = list(
        TimeEntry.objects.filter(structure=structure, date__gte=MONTH, date__lt=end)
        .values("client", "assignment__request__activity")
        .annotate(hours=Sum("hours"))
    )
    aggregate = time.perf_counter() - began
    with override_settings(ROOT_URLCONF="bench.urls"):
        took, queries = timed(f"/factures/?month={MONTH:%Y-%m}", method="post")
    made = Invoice.objects.filter(structure=structure).count()
    assert made == len({row["client"] for row in totals}), (made, len(totals))
    report(
        "invoices of a month (drafts)",
        f"{made} invoices, {entries} entries",
        took,
        took / aggregate,
        "one ORM aggregation",
    )
    print(
        f"{'':<34} ({queries} queries, {queries / made:.1f} an invoice; aggregation "
        f"{aggregate * 1000:.1f} ms; median grid {statistics.median(t for t, _q in grid) * 1000:.1f} ms)"
    )
