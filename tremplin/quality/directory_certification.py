"""The certification section of a structure's public directory page (network's page,
through `network.directory_sections`): its certifications in force and their validity,
its own or as a site of the group certification. Public facts only."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from tremplin.network.directory_sections import Section

from .models import Certification, CertificationStatus


def certification_section(structure) -> Section | None:
    today = timezone.localdate()
    certifications = list(
        Certification.objects.filter(
            Q(structure=structure) | Q(sites__structure=structure, sites__left_on__isnull=True),
            status=CertificationStatus.CERTIFIED,
            expires_on__gte=today,
        )
        .select_related("referential")
        .distinct()
        .order_by("referential__title", "pk")
    )
    if not certifications:
        return None
    return Section(
        "quality/certification/_directory_section.html",
        {"structure": structure, "certifications": certifications},
    )
