"""The month's household invoices of a home-services structure of 1 000 households (homecare's
« money » part): each household helped twice a week by one of 250 intervenants, a month of
validated hours (≈ 8 700 entries).

- preparing then issuing the month's invoices (the « Prepare » then « Issue » buttons, one
  invoice per household, gap-free numbers): time and queries, against one plain ORM
  aggregation of the same hours per client and activity (the floor: reading what the
  invoices are made of);
- a household invoice's PDF with its SAP mentions (declaration, mode, tax advantage), mean of
  a sample, against the same PDF with the SAP mentions' provider unregistered (what the
  mentions cost);
- the NOVA table of the year by month for that structure, against the same aggregation.

The rows are written in bulk (the bench measures the invoicing, not the seeding).
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

HOUSEHOLDS = 1000
INTERVENANTS = 250
MONTH = datetime.date(2025, 3, 1)
PDF_SAMPLE = 20


def _world(rng: random.Random, households: int):
    from tremplin.accounts.models import StructureMembership, StructureRole, User, UserKind
    from tremplin.homecare.models import DeclaredActivity, Household, SapDeclaration, Service
    from tremplin.missions.models import (
        Assignment,
        Client,
        MissionRequest,
        PriceItem,
        TimeEntry,
        VatRule,
    )
    from tremplin.network import demo
    from tremplin.network.models import Activity, Commune
    from tremplin.people.models import Person

    demo.ensure_reference_data()
    network = demo.seed_network(count=2, seed=9)
    structure = network.structures[0]
    structure.kind = "AI"
    structure.save()
    activity = Activity.objects.order_by("pk").first()
    user = User.objects.create_user("bench-homecare@tremplin.test", kind=UserKind.STRUCTURE_STAFF)
    StructureMembership.objects.create(user=user, structure=structure, role=StructureRole.DIRECTOR)
    declaration = SapDeclaration.objects.create(
        structure=structure,
        number=f"SAP{structure.siret[:9]}",
        declared_on=datetime.date(2015, 1, 5),
    )
    DeclaredActivity.objects.create(
        declaration=declaration, activity="menage", mode="mise_a_disposition"
    )
    Service.objects.create(
        structure=structure,
        name="Ménage et repassage",
        activity="menage",
        mode="mise_a_disposition",
        work_activity=activity,
        price_excl_vat=Decimal(24),
    )
    PriceItem.objects.create(structure=structure, activity=activity, hourly_rate=Decimal(24))
    VatRule.objects.create(structure=structure, client_kind="household", rate=0)
    communes = list(Commune.objects.filter(population__gt=2000).order_by("code")[:200])
    people = Person.objects.bulk_create(
        Person(
            structure=structure,
            last_name=f"Nom{i:04d}",
            first_names="Prénom",
            sex="F" if i % 2 else "M",
            birth_date=datetime.date(1980 + i % 30, 1 + i % 12, 1 + i % 28),
            search_name=f"nom{i:04d} prenom",
        )
        for i in range(INTERVENANTS)
    )
    clients = Client.objects.bulk_create(
        Client(
            structure=structure,
            kind="household",
            name=f"Foyer {i:04d}",
            address="1 rue des Lilas",
            commune=rng.choice(communes),
        )
        for i in range(households)
    )
    Household.objects.bulk_create(Household(client=c, structure=structure) for c in clients)
    end = (MONTH + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    requests = MissionRequest.objects.bulk_create(
        MissionRequest(
            structure=structure,
            client=c,
            activity=activity,
            commune=c.commune,
            start_date=MONTH,
            end_date=end,
            hours=Decimal(40),
            state="in_progress",
        )
        for c in clients
    )
    workdays = [
        MONTH + datetime.timedelta(days=d)
        for d in range(end.day)
        if (MONTH + datetime.timedelta(days=d)).weekday() < 5
    ]
    assignments = []
    for index, request in enumerate(requests):
        person = people[index % INTERVENANTS]
        # Two mornings a week, one slot of the four an intervenant has in the morning.
        weekdays = ((index // INTERVENANTS) % 5, (index // INTERVENANTS + 2) % 5)
        start = 8 + 2 * ((index // INTERVENANTS) % 2)
        for day in workdays:
            if day.weekday() in weekdays:
                assignments.append(
                    Assignment(
                        request=request,
                        person=person,
                        date=day,
                        start_time=datetime.time(start),
                        end_time=datetime.time(start + 2),
                        hours=Decimal(2),
                    )
                )
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    entries = TimeEntry.objects.bulk_create(
        (
            TimeEntry(
                structure=structure,
                person_id=a.person_id,
                client_id=a.request.client_id,
                assignment=a,
                date=a.date,
                hours=a.hours,
                status="validated",
                entered_by=user,
                validated_by=user,
            )
            for a in assignments
        ),
        batch_size=2000,
    )
    return structure, user, len(entries)


def bench_homecare(households: int = HOUSEHOLDS) -> None:
    from bench.__main__ import report
    from tremplin.homecare import nova
    from tremplin.homecare.mentions import invoice_sap_mentions
    from tremplin.missions import documents, invoice_mentions
    from tremplin.missions.models import Invoice, TimeEntry
    from tremplin.missions.services import invoices

    rng = random.Random(11)
    started = time.perf_counter()
    with transaction.atomic():
        structure, user, entries = _world(rng, households)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{'':<34} (seeded {households} households, {INTERVENANTS} intervenants, {entries} "
        f"validated entries in {time.perf_counter() - started:.1f} s)"
    )

    end = (MONTH + datetime.timedelta(days=32)).replace(day=1)
    began = time.perf_counter()
    totals = list(
        TimeEntry.objects.filter(structure=structure, date__gte=MONTH, date__lt=end)
        .values("client", "assignment__request__activity")
        .annotate(hours=Sum("hours"))
    )
    aggregate = time.perf_counter() - began

    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        drafts, errors = invoices.invoice_drafts_for_month(
            actor=user, structure_id=structure.pk, month=MONTH
        )
        issued = invoices.invoices_issue_month(
            actor=user, structure_id=structure.pk, month=MONTH, issued_on=end
        )
    took = time.perf_counter() - began
    assert not errors and len(issued) == len(drafts) == len(totals), (len(issued), len(totals))
    report(
        "household invoices of a month",
        f"{len(issued)} invoices, {entries} entries",
        took,
        took / aggregate,
        "one ORM aggregation",
    )
    print(
        f"{'':<34} (prepare + issue: {len(queries.captured_queries)} queries, "
        f"{len(queries.captured_queries) / len(issued):.2f} an invoice; aggregation "
        f"{aggregate * 1000:.1f} ms)"
    )

    sample = list(
        Invoice.objects.filter(structure=structure)
        .select_related("client", "structure", "structure__commune", "client__commune")
        .order_by("pk")[:PDF_SAMPLE]
    )
    assert invoice_sap_mentions(sample[0]), "the SAP mentions are printed"

    def pdf_times() -> list[float]:
        times = []
        for invoice in sample:
            began = time.perf_counter()
            documents.invoice_facturx(invoice)
            times.append(time.perf_counter() - began)
        return times

    pdf_times()[:1]  # WeasyPrint loads its fonts once
    with_mentions = statistics.mean(pdf_times())
    invoice_mentions.unregister(invoice_sap_mentions)
    try:
        without = statistics.mean(pdf_times())
    finally:
        invoice_mentions.register(invoice_sap_mentions)
    report(
        "household PDF with SAP mentions",
        f"mean of {len(sample)}",
        with_mentions,
        with_mentions / without,
        "the same PDF without them",
    )

    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        table = nova.nova_table(
            actor=user, structure_id=structure.pk, year=MONTH.year, granularity="month"
        )
    took = time.perf_counter() - began
    assert len(table.periods[MONTH.month - 1].households) == len(issued)
    report(
        "NOVA table of the year, by month",
        f"{households} households",
        took,
        took / aggregate,
        "one ORM aggregation",
    )
    print(f"{'':<34} ({len(queries.captured_queries)} queries)")
