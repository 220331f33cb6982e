"""Reads of the network. Functions that return private data take the actor."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from tremplin.accounts.models import STAFF_ROLES
from tremplin.accounts.tenancy import scope_of
from tremplin.common.geo import bounding_box, haversine_km
from tremplin.common.text import normalize_search

from .models import (
    Commune,
    Delegation,
    DuesRecord,
    DuesStatus,
    MembershipStatus,
    Structure,
    StructureGroup,
    StructureKind,
)

# --- Territories ---------------------------------------------------------------------


def _looks_like_code(text: str) -> bool:
    return text.isdigit() or (text[:2].upper() in ("2A", "2B") and text[2:].isdigit())


def _communes_by_code(communes, code: str):
    """Communes by postcode (prefix) first, by INSEE code when no postcode matches: the two
    overlap (69003 is a postcode of Lyon and the INSEE code of Albigny-sur-Saône) and a
    person types postcodes."""
    code = code.upper()
    by_postcode = communes.filter(postcode_set__code__startswith=code).distinct()
    if len(code) < 5 or by_postcode.exists():
        return by_postcode
    return communes.filter(code=code)


def commune_search(query: str, *, limit: int = 10) -> list[Commune]:
    """Communes whose name starts with the query (accents and case ignored), or whose
    postcode starts with it when the query is digits; largest first."""
    query = (query or "").strip()
    if not query:
        return []
    communes = Commune.objects.select_related("departement")
    if _looks_like_code(query):
        return list(_communes_by_code(communes, query).order_by("-population", "name")[:limit])
    needle = normalize_search(query)
    if not needle:
        return []
    found = communes.filter(search_name__startswith=needle).order_by("-population", "name")
    return list(found[:limit])


def commune_resolve(text: str) -> Commune:
    """The one commune a person meant by 'Lyon (69001)', '69001', '69123' or 'Lyon'.

    Raises a ValidationError saying what to do when nothing or several match."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Enter a commune: its name or its postcode."), code="required")
    name, _sep, rest = text.partition("(")
    code = rest.rstrip(") ").strip()
    communes = Commune.objects.select_related("departement")
    if code:
        match = list(
            communes.filter(search_name=normalize_search(name))
            .filter(Q(postcode_set__code=code) | Q(departement_id=code) | Q(code=code))
            .distinct()[:2]
        )
    elif _looks_like_code(text) and len(text) == 5:
        match = list(_communes_by_code(communes, text)[:2])
    else:
        match = list(communes.filter(search_name=normalize_search(text))[:2])
    if len(match) == 1:
        return match[0]
    if not match:
        raise ValidationError(
            _(
                "Unknown commune: “%(text)s”. Type the beginning of its name and pick it in the list."
            )
            % {"text": text},
            code="unknown_commune",
        )
    raise ValidationError(
        _("Several communes match “%(text)s”: pick one in the list, with its postcode.")
        % {"text": text},
        code="ambiguous_commune",
    )


# --- Public directory ----------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryHit:
    structure: Structure
    distance_km: float


def directory_search(
    *, center: Commune, radius_km: float, kind: str = "", activity: str = "", limit: int = 200
) -> list[DirectoryHit]:
    """Published structures within radius_km of the commune's town hall, nearest first.

    A bounding box on the indexed coordinates keeps the database work proportional to
    the neighbourhood; the exact great-circle distance is computed on what is left."""
    if center.latitude is None or center.longitude is None:
        return []
    min_lat, max_lat, min_lon, max_lon = bounding_box(center.latitude, center.longitude, radius_km)
    structures = Structure.objects.published().filter(
        latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon)
    )
    if kind:
        structures = structures.filter(kind=kind)
    if activity:
        structures = structures.filter(activities__code=activity)
    structures = structures.select_related("commune").prefetch_related("activities")
    hits = []
    for structure in structures:
        distance = haversine_km(
            center.latitude, center.longitude, structure.latitude, structure.longitude
        )
        if distance <= radius_km:
            hits.append(DirectoryHit(structure, round(distance, 1)))
    hits.sort(key=lambda hit: (hit.distance_km, hit.structure.name))
    return hits[:limit]


def directory_structure(pk: int) -> Structure:
    """A published structure for its public page (raises Structure.DoesNotExist)."""
    return (
        Structure.objects.published()
        .select_related("commune__departement__region", "group")
        .prefetch_related("activities")
        .get(pk=pk)
    )


# --- Federation pages ----------------------------------------------------------------


def structure_list(*, actor, query: str = "", kind: str = "", region: str = "", status: str = ""):
    structures = Structure.objects.for_user(actor).select_related(
        "commune__departement", "delegation", "group"
    )
    if query:
        needle = normalize_search(query)
        structures = structures.filter(
            Q(search_name__contains=needle) | Q(siret__startswith=query.replace(" ", ""))
        )
    if kind:
        structures = structures.filter(kind=kind)
    if region:
        structures = structures.filter(commune__departement__region_id=region)
    if status:
        structures = structures.filter(membership_status=status)
    return structures.order_by("name")


def structure_detail(*, actor, pk: int) -> Structure:
    """Raises Structure.DoesNotExist alike for a missing and a forbidden structure."""
    return (
        Structure.objects.for_user(actor)
        .select_related("commune__departement__region", "delegation", "group")
        .prefetch_related("activities")
        .get(pk=pk)
    )


def structure_team(*, structure: Structure):
    """The structure's staff (employees and clients are personal data, not the team)."""
    return (
        structure.memberships.filter(role__in=STAFF_ROLES)
        .select_related("user")
        .order_by("role", "user__last_name")
    )


@dataclass(frozen=True)
class CountsTable:
    kinds: list[tuple[str, str]]
    rows: list[tuple[str, list[int], int]]  # région name, counts per kind, total
    totals: list[int]
    grand_total: int


def structure_counts_by_region_kind(*, actor, status: str = "active") -> CountsTable:
    """Number of member structures per région × kind, within what the actor may see."""
    structures = Structure.objects.for_user(actor)
    if status:
        structures = structures.filter(membership_status=status)
    counts = (
        structures.values("commune__departement__region__name", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    kinds = list(StructureKind.choices)
    by_region: dict[str, dict[str, int]] = {}
    for row in counts:
        by_region.setdefault(row["commune__departement__region__name"], {})[row["kind"]] = row["n"]
    rows = []
    for region_name in sorted(by_region):
        values = [by_region[region_name].get(code, 0) for code, _label in kinds]
        rows.append((region_name, values, sum(values)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(kinds))]
    return CountsTable(kinds, rows, totals, sum(totals))


def group_list(*, actor):
    # Groups are public knowledge (an ensemblier's name and SIREN); counts follow scope.
    return StructureGroup.objects.annotate(
        structure_count=Count(
            "structures", filter=Q(structures__in=Structure.objects.for_user(actor))
        )
    ).order_by("name")


def delegation_list():
    return Delegation.objects.prefetch_related("regions").annotate(
        structure_count=Count("structures", distinct=True)
    )


def delegation_detail(*, actor, pk: int) -> Delegation:
    """Delegates see their own delegations; federation staff see all."""
    delegations = Delegation.objects.prefetch_related("regions", "memberships__user")
    scope = scope_of(actor)
    if not scope.is_federation:
        delegations = delegations.filter(pk__in=scope.delegation_ids)
    return delegations.get(pk=pk)


@dataclass(frozen=True)
class DelegationStructure:
    structure: Structure
    dues: DuesRecord | None  # the dues of the year asked for, None when not recorded
    late_years: tuple[int, ...]  # earlier years whose dues are late


@dataclass(frozen=True)
class DelegationOverview:
    rows: list[DelegationStructure]
    year: int
    # (label, count) in the order of the choices; only the non-zero ones
    by_kind: list[tuple[str, int]]
    by_membership: list[tuple[str, int]]
    by_dues: list[tuple[str, int]]

    @property
    def markers(self) -> list[Structure]:
        return [
            row.structure
            for row in self.rows
            if row.structure.latitude is not None and row.structure.longitude is not None
        ]


def _tally(values, choices, missing_label=None) -> list[tuple[str, int]]:
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    tally = [(label, counts[code]) for code, label in choices if counts.get(code)]
    if missing_label and counts.get(None):
        tally.append((missing_label, counts[None]))
    return tally


def delegation_overview(*, actor, delegation: Delegation, year: int) -> DelegationOverview:
    """The structures of a delegation the actor may see, with their membership and the
    dues of `year` (two queries, whatever the number of structures)."""
    structures = (
        Structure.objects.for_user(actor)
        .filter(delegation=delegation)
        .select_related("commune")
        .prefetch_related(
            Prefetch(
                "dues",
                queryset=DuesRecord.objects.for_user(actor).order_by("-year"),
                to_attr="dues_by_year",
            )
        )
        .order_by("name")
    )
    rows = []
    for structure in structures:
        this_year = next((d for d in structure.dues_by_year if d.year == year), None)
        late = tuple(
            d.year for d in structure.dues_by_year if d.year < year and d.status == DuesStatus.LATE
        )
        rows.append(DelegationStructure(structure, this_year, late))
    return DelegationOverview(
        rows=rows,
        year=year,
        by_kind=_tally((r.structure.kind for r in rows), StructureKind.choices),
        by_membership=_tally(
            (r.structure.membership_status for r in rows), MembershipStatus.choices
        ),
        by_dues=_tally(
            (r.dues.status if r.dues else None for r in rows),
            DuesStatus.choices,
            missing_label=_("Not recorded"),
        ),
    )
