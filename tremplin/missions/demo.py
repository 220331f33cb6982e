"""Demo missions for `seed_demo`: for structures that place people (AI, ETTI, home
services), prices and VAT rules, clients (mostly households), requests with a weekly slot
around today, and the first structure's current week planned by the planner through the
services (so that every assignment holds every rule)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.network.demo import FIRST_NAMES, LAST_NAMES, STREETS, siret_for

from . import planner, planning
from .models import Client, ClientKind, MissionRequest, PriceItem, RequestSlot, VatRule
from .services.assignments import assignment_create

CLIENT_MIX = [ClientKind.HOUSEHOLD] * 4 + [
    ClientKind.COMPANY,
    ClientKind.ASSOCIATION,
    ClientKind.LOCAL_AUTHORITY,
]
SLOTS = [(0, 8, 11), (1, 9, 12), (2, 14, 17), (3, 8, 10), (4, 13, 16)]


def _places(structure) -> bool:
    return structure.kind in ("AI", "ETTI") or structure.is_home_services


def seed_missions(*, structures, seed: int, progress=None) -> dict[str, int]:
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
                    "legal_reference": "Exonération de TVA de l'association (à vérifier par la structure)"
                    if exempt
                    else "TVA au taux normal",
                },
            )
        activity = structure.activities.first()
        if activity is None:
            continue
        for kind in CLIENT_MIX:
            serial += 1
            name = (
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                if kind == ClientKind.HOUSEHOLD
                else f"{rng.choice(['Boulangerie', 'Garage', 'Association', 'Mairie de', 'Cabinet'])} "
                f"{structure.commune.name}"
            )
            client = Client.objects.create(
                structure=structure,
                kind=kind,
                name=name,
                siret="" if kind == ClientKind.HOUSEHOLD else siret_for(serial),
                address=f"{rng.randint(1, 90)} {rng.choice(STREETS)}",
                commune=structure.commune,
            )
            request = MissionRequest.objects.create(
                structure=structure,
                client=client,
                activity=activity,
                commune=structure.commune,
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
    return counts


def _plan_first_week(structures) -> int:
    """The first placing structure's current week, planned and accepted as a planner would."""
    for structure in structures:
        if not _places(structure):
            continue
        membership = (
            StructureMembership.objects.filter(
                structure=structure, role__in=[StructureRole.PLANNER, StructureRole.DIRECTOR]
            )
            .select_related("user")
            .first()
        )
        if membership is None:
            continue
        today = datetime.date.today()
        monday = today - datetime.timedelta(days=today.weekday())
        problem, mapping = planning.build_problem(
            actor=membership.user, structure=structure, monday=monday
        )
        if not problem.slots or not problem.employees:
            return 0
        people = {p.pk: p for p in structure.people.all()}
        made = 0
        for line in planner.greedy(problem).assignments:
            request, day, start, end = mapping[line.slot_id]
            assignment_create(
                actor=membership.user,
                request=request,
                person=people[line.employee_id],
                day=day,
                start=start,
                end=end,
            )
            made += 1
        return made
    return 0
