"""Demo missions for `seed_demo`: for structures that place people (AI, ETTI, home
services), prices and VAT rules, clients (mostly households), requests with a weekly slot
around today, and the first structure's current week planned by the planner through the
services (so that every assignment holds every rule)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.network.demo import FIRST_NAMES, LAST_NAMES, STREETS, siret_for
from tremplin.people.services import exits

from . import planner, planning
from .models import (
    Assignment,
    Client,
    ClientKind,
    InvoiceTransmission,
    MissionRequest,
    PriceItem,
    RequestSlot,
    RequestState,
    TimeEntry,
    TimeEntryStatus,
    TransmissionStatus,
    VatRule,
)
from .services import hours, invoices
from .services.assignments import assignment_create

# Printed on the client's invoice: the legal ground of the exemption, nothing internal.
DEMO_EXEMPTION = "TVA non applicable, article 261, 7-1° du CGI"
CLIENT_MIX = [ClientKind.HOUSEHOLD] * 4 + [
    ClientKind.COMPANY,
    ClientKind.ASSOCIATION,
    ClientKind.LOCAL_AUTHORITY,
]
SLOTS = [(0, 8, 11), (1, 9, 12), (2, 14, 17), (3, 8, 10), (4, 13, 16)]


HISTORY_STRUCTURES = 2  # a year of work for the first placing structures (the demo logins')
HISTORY_WEEKS = 52


def _places(structure) -> bool:
    return structure.kind in ("AI", "ETTI") or structure.is_home_services


def seed_missions(
    *, structures, seed: int, history_weeks: int = HISTORY_WEEKS, progress=None
) -> dict[str, int]:
    rng = random.Random(seed)
    today = datetime.date.today()
    counts = {"clients": 0, "requests": 0, "assignments": 0}
    serial = 900_000 + seed * 10_000
    for structure in structures:
        if progress:
            progress(1)
        if not _places(structure):
            continue
        for activity in structure.activities.all():
            PriceItem.objects.get_or_create(
                structure=structure,
                activity=activity,
                defaults={"hourly_rate": Decimal(rng.randint(18, 26))},
            )
        exempt = structure.kind == "AI"
        for kind in ClientKind.values:
            VatRule.objects.get_or_create(
                structure=structure,
                client_kind=kind,
                defaults={
                    "rate": Decimal(0) if exempt else Decimal(20),
                    "legal_reference": DEMO_EXEMPTION if exempt else "TVA au taux normal",
                },
            )
        activity = structure.activities.first()
        if activity is None:
            continue
        names: set[str] = set()
        for kind in CLIENT_MIX:
            serial += 1
            client = Client.objects.create(
                structure=structure,
                kind=kind,
                name=_client_name(rng, kind, structure.commune.name, names),
                siret="" if kind == ClientKind.HOUSEHOLD else siret_for(serial),
                address=f"{rng.randint(1, 90)} {rng.choice(STREETS)}",
                commune=structure.commune,
            )
            request = MissionRequest.objects.create(
                structure=structure,
                client=client,
                activity=activity,
                commune=client.commune,
                address=client.address,
                start_date=today - datetime.timedelta(days=60),
                end_date=today + datetime.timedelta(days=90),
                hours=Decimal(rng.choice([20, 40, 60])),
            )
            weekday, start, end = rng.choice(SLOTS)
            RequestSlot.objects.create(
                request=request,
                weekday=weekday,
                start_time=datetime.time(start),
                end_time=datetime.time(end),
            )
            counts["clients"] += 1
            counts["requests"] += 1
    counts["assignments"] = _plan_first_week(structures)
    history = seed_history(structures=structures, seed=seed, weeks=history_weeks)
    counts["assignments"] += history["assignments"]
    counts["requests"] += history["requests"]
    return {**history, **counts}


# Names of the legal persons by kind: a local authority is a town hall, never a garage.
LEGAL_NAMES = {
    ClientKind.COMPANY: ("Boulangerie", "Garage", "Cabinet", "Menuiserie", "Pharmacie"),
    ClientKind.ASSOCIATION: ("Association sportive de", "Comité des fêtes de", "Amicale de"),
    ClientKind.LOCAL_AUTHORITY: ("Mairie de", "CCAS de", "Communauté de communes de"),
}


def _client_name(rng, kind, town: str, taken: set[str]) -> str:
    """A client's name, never one the structure already has (a planner picks clients by
    name: three « Mairie de … » could not be told apart)."""
    if kind == ClientKind.HOUSEHOLD:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        candidates = [f"{first} {last}"] + [f"{other} {last}" for other in FIRST_NAMES]
    else:
        prefixes = LEGAL_NAMES.get(kind, LEGAL_NAMES[ClientKind.COMPANY])
        start = rng.randrange(len(prefixes))
        ordered = prefixes[start:] + prefixes[:start]
        candidates = [f"{prefix} {town}" for prefix in ordered]
        candidates += [f"{prefix} {town} {n}" for n in range(2, 100) for prefix in ordered]
    name = next(candidate for candidate in candidates if candidate not in taken)
    taken.add(name)
    return name


def _plan_first_week(structures) -> int:
    """The first placing structure's current week, planned and accepted as a planner would."""
    for structure in structures:
        staff = _staff(structure) if _places(structure) else None
        if staff is not None:
            today = datetime.date.today()
            return _plan_week(structure, staff[0], today - datetime.timedelta(days=today.weekday()))
    return 0


def seed_history(*, structures, seed: int, weeks: int = HISTORY_WEEKS, progress=None) -> dict:
    """A year of work for the first placing structures, as their staff would have done it:
    each week planned by the planner and accepted through the assignment checks, the hours
    entered and validated, each month closed, invoiced per client (gap-free numbers in
    issue order) and mostly paid — the latest invoices partly unpaid, to be reminded."""
    rng = random.Random(seed + 7)
    counts = {"assignments": 0, "requests": 0, "time_entries": 0, "invoices": 0}
    today = datetime.date.today()
    this_monday = today - datetime.timedelta(days=today.weekday())
    first_monday = this_monday - datetime.timedelta(weeks=weeks)
    placing = [s for s in structures if _places(s)][:HISTORY_STRUCTURES]
    for structure in placing:
        staff = _staff(structure)
        if staff is None:
            continue
        planner_user, accountant = staff
        for client in Client.objects.filter(structure=structure):
            request = MissionRequest.objects.create(
                structure=structure,
                client=client,
                activity=structure.activities.first(),
                commune=client.commune,
                address=client.address,
                start_date=first_monday,
                end_date=this_monday - datetime.timedelta(days=1),
                hours=Decimal(300),
                state=RequestState.IN_PROGRESS,
            )
            counts["requests"] += 1
            for weekday, start, end in rng.sample(SLOTS, 2):
                RequestSlot.objects.create(
                    request=request,
                    weekday=weekday,
                    start_time=datetime.time(start),
                    end_time=datetime.time(end),
                )
        for week in range(weeks):
            monday = first_monday + datetime.timedelta(weeks=week)
            counts["assignments"] += _plan_week(structure, planner_user, monday)
            if progress:
                progress(1)
        MissionRequest.objects.filter(
            structure=structure, end_date__lt=this_monday, state=RequestState.IN_PROGRESS
        ).update(state=RequestState.DONE)
        counts["time_entries"] += hours_worked(structure, planner_user, today)
        counts["invoices"] += _months_invoiced(structure, planner_user, accountant, today, rng)
    return counts


def _staff(structure):
    """(planner, accountant) of the structure; its director stands in for either."""
    members = {
        m.role: m.user
        for m in StructureMembership.objects.filter(structure=structure).select_related("user")
    }
    planner_user = members.get(StructureRole.PLANNER) or members.get(StructureRole.DIRECTOR)
    accountant = members.get(StructureRole.ACCOUNTANT) or members.get(StructureRole.DIRECTOR)
    return (planner_user, accountant) if planner_user and accountant else None


def _plan_week(structure, user, monday) -> int:
    problem, mapping = planning.build_problem(actor=user, structure=structure, monday=monday)
    if not problem.slots or not problem.employees:
        return 0
    people = {p.pk: p for p in structure.people.all()}
    created = 0
    for line in planner.greedy(problem).assignments:
        request, day, start, end = mapping[line.slot_id]
        # As accepting a proposal does, every line is checked again; one the checks refuse is
        # left unplanned (the planner's model may miss a rule the check holds).
        try:
            assignment_create(
                actor=user,
                request=request,
                person=people[line.employee_id],
                day=day,
                start=start,
                end=end,
            )
        except ValidationError:
            continue
        created += 1
    return created


def hours_worked(structure, user, today) -> int:
    """The hours of every past assignment, as entered and validated by the planner."""
    entries = [
        TimeEntry(
            structure=structure,
            person_id=a.person_id,
            client_id=a.request.client_id,
            assignment=a,
            date=a.date,
            hours=a.hours,
            status=TimeEntryStatus.VALIDATED,
            entered_by=user,
            validated_by=user,
        )
        for a in Assignment.objects.filter(request__structure=structure, date__lt=today)
        .exclude(time_entries__isnull=False)
        .select_related("request")
    ]
    TimeEntry.objects.bulk_create(entries, batch_size=1000)
    # As validating them through the service does: the exits they precede count again.
    exits.exits_recount(person_ids={e.person_id for e in entries})
    return len(entries)


def _months_invoiced(structure, planner_user, accountant, today, rng) -> int:
    """Close each past month, invoice it per client on the 3rd of the next month, and
    record payments (one invoice in ten of the last three months left unpaid)."""
    this_month = today.replace(day=1)
    first = TimeEntry.objects.filter(structure=structure).order_by("date").first()
    if first is None:
        return 0
    month, made = first.date.replace(day=1), 0
    clients = list(Client.objects.filter(structure=structure))
    while month < this_month:
        hours.month_close(actor=planner_user, structure=structure, month=month)
        next_month = (month + datetime.timedelta(days=32)).replace(day=1)
        issued_on = next_month + datetime.timedelta(days=2)
        for client in clients:
            draft = invoices.invoice_draft_for_month(actor=accountant, client=client, month=month)
            if draft is None or issued_on > today:
                continue
            invoice = invoices.invoice_issue(actor=accountant, invoice=draft, issued_on=issued_on)
            made += 1
            paid_on = issued_on + datetime.timedelta(days=rng.randint(5, 45))
            recent = (this_month - next_month).days < 92
            if paid_on < today and not (recent and rng.random() < 0.1):
                invoices.payment_record(
                    actor=accountant,
                    invoice=invoice,
                    paid_on=paid_on,
                    amount=invoice.total,
                    method=rng.choice(["virement", "cheque", "cesu"]),
                )
        month = next_month
    # The demo's past invoices count as sent when they were issued: the queue, finding them
    # sent, writes no Factur-X file for months gone by.
    InvoiceTransmission.objects.filter(
        invoice__structure=structure, status=TransmissionStatus.PENDING
    ).update(status=TransmissionStatus.SENT, transmitter="directory", sent_at=timezone.now())
    return made
