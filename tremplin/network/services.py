"""Writes of the network: every function is atomic, keyword-only, and checks the rule
itself (callers may be a page, the API or a command)."""

from __future__ import annotations

import datetime
import gzip
import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.common.models import field_values
from tremplin.common.text import normalize_search

from . import rules
from .models import (
    Activity,
    Commune,
    Delegation,
    Departement,
    DuesRecord,
    Postcode,
    Region,
    Structure,
    StructureGroup,
)

TERRITORIES_FILE = Path(__file__).parent / "data" / "territories.json.gz"

# --- Territories ---------------------------------------------------------------------


def territories_load(
    *,
    path: Path = TERRITORIES_FILE,
    progress: Callable[[int], None] | None = None,
    departements: Iterable[str] | None = None,
) -> dict[str, int]:
    """Load régions, départements, communes and postcodes from the committed data file,
    all or nothing. Existing rows are replaced so that a new file is one command.
    `departements` limits the communes loaded (tests that need a few places)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    if departements is not None:
        keep = set(departements)
        data["communes"] = [row for row in data["communes"] if row[2] in keep]
    batch = 2000
    with transaction.atomic():
        Postcode.objects.all().delete()
        regions = [Region(code=code, name=name) for code, name in data["regions"]]
        Region.objects.bulk_create(
            regions, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
        )
        departements = [
            Departement(code=code, name=name, region_id=region)
            for code, name, region in data["departements"]
        ]
        Departement.objects.bulk_create(
            departements,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "region"],
        )
        communes, postcodes = [], []
        for code, name, dep, population, lat, lon, codes in data["communes"]:
            communes.append(
                Commune(
                    code=code,
                    name=name,
                    search_name=normalize_search(name),
                    departement_id=dep,
                    population=population,
                    latitude=lat,
                    longitude=lon,
                    postcodes=codes,
                )
            )
            postcodes.extend(Postcode(code=pc, commune_id=code) for pc in codes.split())
        for start in range(0, len(communes), batch):
            Commune.objects.bulk_create(
                communes[start : start + batch],
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=[
                    "name",
                    "search_name",
                    "departement",
                    "population",
                    "latitude",
                    "longitude",
                    "postcodes",
                ],
            )
            if progress:
                progress(len(communes[start : start + batch]))
        Postcode.objects.bulk_create(postcodes, batch_size=batch)
    return {
        "regions": len(regions),
        "departements": len(departements),
        "communes": len(communes),
        "postcodes": len(postcodes),
    }


# --- Structures ----------------------------------------------------------------------

STRUCTURE_FIELDS = (
    "name",
    "siret",
    "kind",
    "is_home_services",
    "address",
    "commune",
    "latitude",
    "longitude",
    "description",
    "email",
    "phone",
    "website",
    "delegation",
    "group",
    "member_since",
    "membership_status",
)


# What a structure's director may change themselves; the rest is the federation's.
PROFILE_FIELDS = (
    "address",
    "commune",
    "latitude",
    "longitude",
    "description",
    "email",
    "phone",
    "website",
)


def delegation_for_commune(commune: Commune) -> Delegation | None:
    return Delegation.objects.filter(regions=commune.departement.region_id).order_by("pk").first()


def _structure_save(
    structure: Structure, activities: Iterable[Activity] | None, *, before: dict | None = None
) -> Structure:
    structure.siret = (structure.siret or "").replace(" ", "")
    structure.search_name = normalize_search(structure.name)
    if structure.latitude is None or structure.longitude is None:
        # Until a precise address is geocoded, the town hall stands for the structure.
        structure.latitude = structure.commune.latitude
        structure.longitude = structure.commune.longitude
    if structure.delegation_id is None and structure.commune_id:
        structure.delegation = delegation_for_commune(structure.commune)
        if structure.delegation is None:
            raise ValidationError(
                {
                    "delegation": _(
                        "No regional delegation covers this commune's région: choose one."
                    )
                }
            )
    structure.full_clean()
    if field_values(structure) != before:  # saved unchanged: `updated_at` stays
        structure.save()
    if activities is not None:
        structure.activities.set(activities)
    return structure


@transaction.atomic
def structure_create(*, actor, activities: Iterable[Activity] | None = None, **fields) -> Structure:
    if not rules.can_manage_network(actor):
        raise PermissionDenied
    unknown = set(fields) - set(STRUCTURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown structure fields: {sorted(unknown)}")
    return _structure_save(Structure(**fields), activities)


@transaction.atomic
def structure_update(
    *, actor, structure: Structure, activities: Iterable[Activity] | None = None, **fields
) -> Structure:
    if not rules.can_edit_structure(actor, structure):
        raise PermissionDenied
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    before = field_values(structure)
    if "commune" in fields and fields["commune"] != structure.commune:
        # A move resets the position to the new commune's until it is geocoded again.
        fields.setdefault("latitude", None)
        fields.setdefault("longitude", None)
    allowed = STRUCTURE_FIELDS if rules.can_manage_network(actor) else PROFILE_FIELDS
    for name, value in fields.items():
        if name not in allowed:
            raise PermissionDenied(f"field not editable by this actor: {name}")
        setattr(structure, name, value)
    return _structure_save(structure, activities, before=before)


@transaction.atomic
def membership_update(
    *, actor, structure: Structure, membership_status: str, member_since: datetime.date | None
) -> Structure:
    if not rules.can_manage_network(actor):
        raise PermissionDenied
    return structure_update(
        actor=actor,
        structure=structure,
        membership_status=membership_status,
        member_since=member_since,
    )


@transaction.atomic
def dues_record_set(
    *, actor, structure: Structure, year: int, amount: Decimal, status: str
) -> DuesRecord:
    if not rules.can_manage_network(actor):
        raise PermissionDenied
    record, _created = DuesRecord.objects.select_for_update().get_or_create(
        structure=structure, year=year, defaults={"amount": amount, "status": status}
    )
    record.amount, record.status = amount, status
    record.full_clean()
    record.save()
    return record


# --- Groups --------------------------------------------------------------------------


@transaction.atomic
def group_save(
    *,
    actor,
    group: StructureGroup | None = None,
    name: str,
    siren: str = "",
    description: str = "",
    structures: Iterable[Structure] | None = None,
) -> StructureGroup:
    """Create (group=None) or update a GES; `structures` replaces its members."""
    if not rules.can_manage_network(actor):
        raise PermissionDenied
    group = group or StructureGroup()
    before = field_values(group) if group.pk else None
    group.name, group.siren, group.description = name, siren.replace(" ", ""), description
    group.full_clean()
    if field_values(group) != before:
        group.save()
    if structures is not None:
        chosen = {s.pk for s in structures}
        Structure.objects.filter(group=group).exclude(pk__in=chosen).update(group=None)
        Structure.objects.filter(pk__in=chosen).update(group=group)
    return group
