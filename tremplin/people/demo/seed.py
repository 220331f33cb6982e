"""The orchestrator: `seed_people` draws each structure's paths and flushes them in chunks."""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count, Max

from tremplin.accounts.models import StructureMembership, StructureRole

from ..models import Approval, ExitReason, Person
from .paths import _Paths
from .reference import FORCED, MEAN_SIZE, _Place, _scenario, _Staff, _Territory
from .writer import _Chunk

FLUSH_PEOPLE = 4000  # people generated before a bulk insert: bounds the memory used
APPROVAL_PREFIX = "99999"  # PASS IAE numbers issued by les emplois de l'inclusion


# --- Entry point ----------------------------------------------------------------------------


class _Context:
    """What the structures' generators share: reference data read once, and the counters
    that keep numbers unique."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.territory = _Territory()
        self.nirs: set[str] = set()
        self.exit_reasons: dict[str, list[str]] = defaultdict(list)
        for code, category in ExitReason.objects.order_by("code").values_list("code", "category"):
            self.exit_reasons[category].append(code)
        last = Approval.objects.filter(number__startswith=APPROVAL_PREFIX).aggregate(
            last=Max("number")
        )["last"]
        self.serial = int(last[len(APPROVAL_PREFIX) :]) if last else 0

    def next_number(self) -> str:
        self.serial += 1
        return f"{APPROVAL_PREFIX}{self.serial:07d}"


def _staff(structure_ids: list[int]) -> tuple[dict, dict]:
    """Counsellors and directors of each structure, in a stable order."""
    counsellors, directors = defaultdict(list), defaultdict(list)
    for start in range(0, len(structure_ids), 500):
        rows = (
            StructureMembership.objects.filter(
                structure_id__in=structure_ids[start : start + 500],
                role__in=[StructureRole.CONSEILLER, StructureRole.DIRECTOR],
            )
            .order_by("structure_id", "user_id")
            .values_list("structure_id", "role", "user_id", "user__first_name", "user__last_name")
        )
        for structure_id, role, user_id, first, last in rows:
            target = counsellors if role == StructureRole.CONSEILLER else directors
            target[structure_id].append(_Staff(user_id, f"{first} {last}".strip()))
    return counsellors, directors


def _existing_people(structure_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for start in range(0, len(structure_ids), 500):
        counts.update(
            Person.objects.filter(structure_id__in=structure_ids[start : start + 500])
            .values("structure_id")
            .annotate(n=Count("pk"))
            .values_list("structure_id", "n")
        )
    return counts


def _scenarios(rng: random.Random, count: int) -> list[str]:
    """The scenarios of a structure's people: the forced ones when there is room (one per
    six people), the others drawn by weight, in a random order."""
    forced = FORCED[: count // 6] if count >= 8 else []
    drawn = forced + [_scenario(rng) for _ in range(count - len(forced))]
    rng.shuffle(drawn)
    return drawn


def seed_people(
    *,
    structures,
    seed: int,
    per_structure: int | None = None,
    progress=None,
    today: datetime.date | None = None,
) -> dict[str, int]:
    """People in insertion paths in each structure, with all their path holds; returns
    the number of rows created per kind of object.

    `per_structure` people in each structure, or, when None, a number drawn for its kind
    (AIs about 140, EIs about 45: about 115 on average, the network's 70 000 a year).
    `progress` is called with 1 after each structure. All or nothing."""
    today = today or datetime.date.today()
    structures = list(structures)
    ids = [s.pk for s in structures]
    counts: Counter = Counter()
    with transaction.atomic():
        context = _Context(today)
        counsellors, directors = _staff(ids)
        existing = _existing_people(ids)
        chunk = _Chunk()
        for structure in structures:
            rng = random.Random(f"people:{seed}:{structure.siret}:{existing.get(structure.pk, 0)}")
            if per_structure is None:
                count = max(5, round(MEAN_SIZE[structure.kind] * rng.uniform(0.5, 1.5)))
            else:
                count = per_structure
            staff = counsellors.get(structure.pk) or directors.get(structure.pk) or []
            place = context.territory.places.get(structure.commune_id) or _Place(
                structure.commune_id, "", "", 0
            )
            paths = _Paths(
                structure=structure,
                place=place,
                staff=staff,
                writer=(directors.get(structure.pk) or staff or [_Staff(None, "")])[0],
                context=context,
                rng=rng,
                chunk=chunk,
            )
            for scenario in _scenarios(rng, count):
                paths.path(scenario)
            if chunk.people >= FLUSH_PEOPLE:
                chunk.flush(counts)
            if progress:
                progress(1)
        chunk.flush(counts)
    return dict(counts)
