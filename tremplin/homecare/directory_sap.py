"""The Proxim'Services section of a licensee's public directory page (network's page,
through `network.directory_sections`): the brand, the licence's territory, the services."""

from __future__ import annotations

from django.utils import timezone

from tremplin.network.directory_sections import Section

from .models import BrandLicence, Service
from .selectors_sap import in_force


def brand_section(structure) -> Section | None:
    licence = (
        BrandLicence.objects.filter(in_force(timezone.localdate()), structure=structure)
        .prefetch_related("territory")
        .first()
    )
    if licence is None:
        return None
    services = Service.objects.filter(structure=structure, is_active=True).order_by("name")
    return Section(
        "homecare/sap/_directory_section.html",
        {"structure": structure, "licence": licence, "services": list(services)},
    )
