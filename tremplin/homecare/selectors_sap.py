"""Reads of the SAP side: a structure's declaration and catalogue (its staff, through the
tenancy querysets), the brand's licensees (federation and delegates), and the public
directory of the brand (published structures with a licence in force)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q

from tremplin.network.models import Structure

from .models import BrandLicence, LicenceStatus, SapDeclaration, Service


def declaration_of(*, actor, structure_id: int) -> SapDeclaration | None:
    return (
        SapDeclaration.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .prefetch_related("activities")
        .first()
    )


def catalogue(*, actor, structure_id: int):
    return (
        Service.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("work_activity")
        .order_by("-is_active", "name")
    )


def licences_of(*, actor, structure_id: int):
    return (
        BrandLicence.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .prefetch_related("territory")
    )


def in_force(on: datetime.date) -> Q:
    """Licences active on a day (status active, within their dates)."""
    return Q(status=LicenceStatus.ACTIVE, started_on__lte=on) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def licensee_list(*, actor, status: str = "", departement: str = ""):
    """Every licence the actor may see (the federation all, a delegate its delegation's),
    with its structure, its territory and whether the structure has its declaration."""
    licences = (
        BrandLicence.objects.for_user(actor)
        .select_related("structure__commune__departement", "structure__sap_declaration")
        .prefetch_related("territory")
        .order_by("structure__name", "-started_on")
    )
    if status:
        licences = licences.filter(status=status)
    if departement:
        licences = licences.filter(territory__code=departement).distinct()
    return licences


def brand_directory(*, on: datetime.date, departement: str = ""):
    """Published structures with a licence in force, each with that licence (its
    territory) and its offered services: three queries whatever their number."""
    licences = BrandLicence.objects.filter(in_force(on)).prefetch_related("territory")
    structures = (
        Structure.objects.published()
        .filter(brand_licences__in=BrandLicence.objects.filter(in_force(on)))
        .select_related("commune__departement")
        .prefetch_related(
            Prefetch("brand_licences", queryset=licences, to_attr="licences_in_force"),
            Prefetch(
                "sap_services",
                queryset=Service.objects.filter(is_active=True).order_by("name"),
                to_attr="offered_services",
            ),
        )
        .distinct()
        .order_by("name")
    )
    if departement:
        structures = structures.filter(
            Q(brand_licences__territory__code=departement) | Q(commune__departement=departement)
        )
    return structures


def brand_licensee(*, pk: int, on: datetime.date) -> Structure:
    """One licensee's public page (raises Structure.DoesNotExist)."""
    return brand_directory(on=on).get(pk=pk)
