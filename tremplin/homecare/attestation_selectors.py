"""Reads of the tax attestations, each through the tenancy querysets; missing and
forbidden look the same (a 404)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from tremplin.accounts.models import UserKind
from tremplin.accounts.tenancy import scope_of

from .attestation_figures import declaration_of, household_figures
from .attestation_pdf import attestation_pdf
from .models import AttestationRun, Household, TaxAttestation
from .services.attestations import is_interrupted


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def _staff_queryset(queryset, user):
    """The staff's rows only: a household's own rows are read in their space."""
    return queryset.for_user(user).filter(structure_id__in=scope_of(user).staff_structure_ids)


def attestation_list(*, actor, structure_id: int, year: int):
    """The attestations of a structure's year, for its staff (without their PDFs)."""
    return (
        _staff_queryset(TaxAttestation.objects, actor)
        .filter(structure_id=structure_id, year=year)
        .select_related("household__client")
        .defer("pdf")
        .order_by("household__client__name", "pk")
    )


def latest_run(*, actor, structure_id: int, year: int) -> AttestationRun | None:
    run = (
        AttestationRun.objects.for_user(actor)
        .filter(structure_id=structure_id, year=year)
        .order_by("-created_at", "-pk")
        .first()
    )
    return run_progress(run) if run else None


def run_progress(run: AttestationRun) -> AttestationRun:
    run.interrupted = is_interrupted(run)
    return run


def access_run(user, pk) -> AttestationRun:
    return _get(AttestationRun.objects.for_user(user), pk)


def access_attestation(user, pk) -> TaxAttestation:
    return _get(_staff_queryset(TaxAttestation.objects, user), pk)


def access_household_for_staff(user, pk) -> Household:
    return _get(
        _staff_queryset(Household.objects, user).select_related(
            "client__commune", "structure__commune"
        ),
        pk,
    )


def _own(user):
    if user.kind != UserKind.HOUSEHOLD:
        raise Http404
    return TaxAttestation.objects.for_user(user).filter(household__client__user_id=user.pk)


def own_attestations(*, actor):
    """A household's attestations, the latest year first (without their PDFs)."""
    return _own(actor).select_related("structure").defer("pdf").order_by("-year", "pk")


def access_own_attestation(user, pk) -> TaxAttestation:
    return _get(_own(user), pk)


def attestation_preview_pdf(*, household: Household, year: int) -> bytes:
    """The household's attestation of `year` as a run would print it today."""
    declaration = declaration_of(household.structure_id)
    if declaration is None:
        raise ValidationError(_("The structure has no SAP declaration."))
    figures = household_figures(household=household, year=year)
    if figures.is_empty:
        raise ValidationError(_("This household paid nothing in this year."))
    return attestation_pdf(
        figures=figures,
        household=household,
        structure=household.structure,
        declaration=declaration,
        issued_on=datetime.date.today(),
    )
