"""Annual tax attestations of one network year: `--attestations` households (10 000 by
default) over 20 structures, each with a year of monthly invoices (4 visits of 2 hours)
paid the next month — by transfer, prepaid CESU, the immediate advance or APA —, the
December invoice paid in January (it counts in the next year).

- the batch (`attestations_make`, what the run of the staff page does in a worker): figures
  read by chunks of households, PDFs printed by `--attestations-processes` processes (the
  production default of ATTESTATION_PDF_PROCESSES, 2), each with one font configuration
  and style sheet, while the worker saves each attestation: time for all;
- the reference: the same PDFs one by one through the page's view (the live preview,
  `/attestations-fiscales/apercu/<household>/<year>/`), measured on `--attestations-naive`
  households and scaled.

The rows are written in bulk (the bench measures the attestations, not the seeding)."""

from __future__ import annotations

import datetime
import os
import random
import resource
import time
from decimal import Decimal

from django.db import transaction
from django.test import Client as HttpClient

YEAR = 2025
STRUCTURES = 20
RATE = Decimal("25.00")
METHODS = ("virement", "prelevement", "cesu_prefinance", "avance_immediate", "tiers_financeur")


def _world(households: int, rng: random.Random):
    from tremplin.accounts.models import StructureMembership, StructureRole, User, UserKind
    from tremplin.homecare.models import Household, SapDeclaration
    from tremplin.missions.models import Client, Invoice, InvoiceLine, Payment, TimeEntry
    from tremplin.network import demo
    from tremplin.people.models import Person

    demo.ensure_reference_data()
    network = demo.seed_network(count=STRUCTURES, seed=11)
    structures = network.structures
    user = User.objects.create_user(
        "bench-attestations@tremplin.test", kind=UserKind.STRUCTURE_STAFF
    )
    StructureMembership.objects.bulk_create(
        StructureMembership(user=user, structure=s, role=StructureRole.ACCOUNTANT)
        for s in structures
    )
    SapDeclaration.objects.bulk_create(
        SapDeclaration(
            structure=s, number=f"SAP{s.siret[:9]}", declared_on=datetime.date(2015, 3, 2)
        )
        for s in structures
    )
    people = Person.objects.bulk_create(
        Person(
            structure=s,
            last_name=f"Intervenant{i:02d}",
            first_names="Camille",
            sex="F",
            birth_date=datetime.date(1980 + i, 1, 1),
            search_name=f"intervenant{i:02d} camille",
        )
        for s in structures
        for i in range(20)
    )
    people_of = {s.pk: [p for p in people if p.structure_id == s.pk] for s in structures}
    clients = Client.objects.bulk_create(
        Client(
            structure=structures[i % STRUCTURES],
            kind="household",
            name=f"Foyer {i:05d}",
            address=f"{1 + i % 90} rue des Lilas",
            commune_id=structures[i % STRUCTURES].commune_id,
        )
        for i in range(households)
    )
    Household.objects.bulk_create(Household(client=c, structure_id=c.structure_id) for c in clients)
    numbers = dict.fromkeys((s.pk for s in structures), 0)
    pending = []
    for client in clients:
        invoices, visits_of = [], []
        for month in range(1, 13):
            start = datetime.date(YEAR, month, 1)
            issued = (start + datetime.timedelta(days=32)).replace(day=1)
            numbers[client.structure_id] += 1
            invoices.append(
                Invoice(
                    structure_id=client.structure_id,
                    client=client,
                    period_start=start,
                    period_end=issued - datetime.timedelta(days=1),
                    status="paid",
                    year=issued.year,
                    number=numbers[client.structure_id],
                    issued_on=issued,
                    due_on=issued + datetime.timedelta(days=30),
                    total_excl_vat=8 * RATE,
                    total=8 * RATE,
                )
            )
            visits_of.append([start + datetime.timedelta(days=7 * week + 1) for week in range(4)])
        pending.extend(zip(invoices, visits_of, strict=True))
    all_invoices = Invoice.objects.bulk_create([i for i, _v in pending], batch_size=2000)
    lines, entries, payments = [], [], []
    for invoice, visits in pending:
        lines.append(
            InvoiceLine(
                invoice=invoice,
                label="Entretien de la maison",
                quantity=8,
                unit_price=RATE,
                amount=8 * RATE,
            )
        )
        person = rng.choice(people_of[invoice.structure_id])
        entries += [
            TimeEntry(
                structure_id=invoice.structure_id,
                person=person,
                client_id=invoice.client_id,
                date=day,
                hours=2,
                status="validated",
                invoice=invoice,
            )
            for day in visits
        ]
        method = METHODS[invoice.client_id % len(METHODS)]
        paid_on = invoice.issued_on + datetime.timedelta(days=10)
        if method in ("cesu_prefinance", "avance_immediate", "tiers_financeur"):
            payments.append(
                Payment(invoice=invoice, paid_on=paid_on, amount=4 * RATE, method=method)
            )
            payments.append(
                Payment(invoice=invoice, paid_on=paid_on, amount=4 * RATE, method="virement")
            )
        else:
            payments.append(
                Payment(invoice=invoice, paid_on=paid_on, amount=8 * RATE, method=method)
            )
    InvoiceLine.objects.bulk_create(lines, batch_size=5000)
    TimeEntry.objects.bulk_create(entries, batch_size=5000)
    Payment.objects.bulk_create(payments, batch_size=5000)
    return user, len(all_invoices), len(entries)


def bench_attestations(households: int = 10_000, naive: int = 200, processes: int = 2) -> None:
    from bench.__main__ import report
    from tremplin.homecare.models import Household, TaxAttestation
    from tremplin.homecare.services.attestations import attestations_make

    rng = random.Random(11)
    started = time.perf_counter()
    with transaction.atomic():
        user, invoices, entries = _world(households, rng)
    print(
        f"{'':<34} (seeded {households} households over {STRUCTURES} structures, {invoices} "
        f"invoices, {entries} hours entries in {time.perf_counter() - started:.1f} s)"
    )
    ids = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    http = HttpClient()
    http.force_login(user)
    sample = rng.sample(ids, min(naive, len(ids)))
    http.get(f"/attestations-fiscales/apercu/{sample[0]}/{YEAR}/")  # warm-up: URLconf, templates
    began, cpu = time.perf_counter(), time.process_time()
    for pk in sample:
        response = http.get(f"/attestations-fiscales/apercu/{pk}/{YEAR}/")
        assert response.status_code == 200, response.status_code
    one_by_one = (time.perf_counter() - began) * len(ids) / len(sample)
    view_cpu = (time.process_time() - cpu) / len(sample)
    began = time.perf_counter()
    shown = [0]

    def progress(done: int) -> None:  # a line every 1 000 (a long run shows it is alive)
        if done // 1000 > shown[0]:
            shown[0] = done // 1000
            print(f"{'':<34} ({done} in {time.perf_counter() - began:.0f} s)", flush=True)

    cpu, printers = time.process_time(), _children_cpu()
    made = attestations_make(household_ids=ids, year=YEAR, processes=processes, progress=progress)
    batch = time.perf_counter() - began
    batch_cpu = time.process_time() - cpu
    printers = _children_cpu() - printers  # the pool's processes, ended with the batch
    assert made == len(ids) == TaxAttestation.objects.count(), made
    for pk in sample[:5]:  # the batch prints what the view prints, to the byte
        saved = bytes(TaxAttestation.objects.get(household_id=pk, year=YEAR).pdf)
        assert http.get(f"/attestations-fiscales/apercu/{pk}/{YEAR}/").content == saved, pk
    report(
        "tax attestations (PDF), batch",
        f"{made} households, {processes} proc.",
        batch,
        batch / one_by_one,
        f"the page's view one by one ({len(sample)} in {one_by_one * len(sample) / len(ids):.1f} s, scaled)",
    )
    print(
        f"{'':<34} ({batch / made * 1000:.1f} ms an attestation in the batch, saved; "
        f"{one_by_one / len(ids) * 1000:.1f} ms one by one through the view)"
    )
    # CPU time does not depend on what else the machine runs: the cost of each path.
    print(
        f"{'':<34} (CPU an attestation: batch {(batch_cpu + printers) / made * 1000:.1f} ms = "
        f"worker {batch_cpu / made * 1000:.1f} + printers {printers / made * 1000:.1f}; "
        f"view {view_cpu * 1000:.1f} ms; load average {os.getloadavg()[0]:.1f})"
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
