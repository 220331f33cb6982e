"""Clients and their mission requests, created and edited by the pages and the API alike:
the rules here, so that no API client can record what a page would refuse."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.accounts.models import StructureMembership, StructureRole, UserKind
from tremplin.network.validators import validate_siret

from .. import rules
from ..models import Client, ClientKind, MissionRequest, RequestSlot

# What the pages and the API may change on a client (its payment terms have their own
# service, invoices.client_payment_terms_set).
EDITABLE_FIELDS = ("kind", "name", "siret", "address", "commune", "email", "phone")


def _checked_siret(kind: str, siret: str) -> str:
    """A legal person is identified by its SIRET (a household by nobody's)."""
    siret = (siret or "").strip()
    if kind != ClientKind.HOUSEHOLD and not siret:
        raise ValidationError({"siret": _("A legal person is identified by its SIRET.")})
    if siret:
        try:
            siret = validate_siret(siret)
        except ValidationError as exc:
            raise ValidationError({"siret": exc.messages}) from exc
    return siret


@transaction.atomic
def client_create(*, actor, structure, kind: str, siret: str = "", **fields) -> Client:
    """A client of `structure`."""
    rules.require(rules.can_plan(actor, structure.pk))
    client = Client(structure=structure, kind=kind, siret=_checked_siret(kind, siret), **fields)
    client.full_clean()
    client.save()
    return client


@transaction.atomic
def client_update(*, actor, client: Client, **changes) -> Client:
    """Change a client's identity or contact details, checked as at creation."""
    rules.require(rules.can_plan(actor, client.structure_id))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown client field: {', '.join(sorted(unknown))}")
    client = Client.objects.select_for_update().get(pk=client.pk)
    for name, value in changes.items():
        setattr(client, name, value)
    client.siret = _checked_siret(client.kind, client.siret)
    client.full_clean()
    stored = Client.objects.filter(pk=client.pk).values(*EDITABLE_FIELDS).get()
    changed = [name for name in EDITABLE_FIELDS if _stored(client, name) != stored[name]]
    if changed:  # saved unchanged, a form writes nothing (not even its date of change)
        client.save(update_fields=[*changed, "updated_at"])
    return client


def _stored(client: Client, name: str):
    return client.commune_id if name == "commune" else getattr(client, name)


@transaction.atomic
def request_create(
    *,
    actor,
    client: Client,
    activity,
    commune,
    start_date: datetime.date,
    end_date: datetime.date,
    hours: Decimal,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
    address: str = "",
    skills: str = "",
    notes: str = "",
) -> MissionRequest:
    """A mission request of `client` with its first weekly slot, at `address` in `commune`
    (the pages start them from the client's)."""
    rules.require(rules.can_plan(actor, client.structure_id))
    errors = {}
    if end_date < start_date:
        errors["end_date"] = _("The end comes before the start.")
    if end_time <= start_time:
        errors["end_time"] = _("The end comes before the start.")
    if hours <= 0:
        errors["hours"] = _("Give a number of hours above zero.")
    if errors:
        raise ValidationError(errors)
    mission = MissionRequest(
        structure_id=client.structure_id,
        client=client,
        activity=activity,
        commune=commune,
        address=address,
        start_date=start_date,
        end_date=end_date,
        hours=hours,
        skills=skills,
        notes=notes,
    )
    mission.full_clean()
    mission.save()
    RequestSlot.objects.create(
        request=mission, weekday=weekday, start_time=start_time, end_time=end_time
    )
    return mission


@transaction.atomic
def client_account_link(*, actor, client: Client, user) -> Client:
    """Give a household client its account: the household's own space then shows them their
    interventions and invoices (a household user, member of the client's structure)."""
    rules.require(rules.can_plan(actor, client.structure_id))
    if client.kind != ClientKind.HOUSEHOLD:
        raise ValidationError({"user": _("Only a household client has an account of its own.")})
    member = StructureMembership.objects.filter(
        user=user, structure_id=client.structure_id, role=StructureRole.CLIENT
    ).exists()
    if user.kind != UserKind.HOUSEHOLD or not member:
        raise ValidationError(
            {"user": _("The account must be a household's, client of this structure.")}
        )
    client.user = user
    client.save(update_fields=["user", "updated_at"])
    return client
