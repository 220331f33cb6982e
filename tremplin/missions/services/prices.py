"""A structure's price list: hourly rates and travel fees per activity, VAT per client kind."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.network.models import Structure

from .. import rules
from ..models import ClientKind, PriceItem, VatRule


@transaction.atomic
def price_list_save(
    *,
    actor,
    structure,
    rates: dict[int, tuple[Decimal | None, Decimal]],
    vat: dict[str, tuple[Decimal | None, str]],
) -> None:
    """`rates`: activity id → (hourly rate, travel fee), no rate removes the activity's
    price; `vat`: client kind → (rate, legal reference), no rate removes the rule. Invoices
    already issued keep their own copies of the figures."""
    rules.require(rules.can_invoice(actor, structure.pk))
    unfounded = [
        kind for kind, (rate, reference) in vat.items() if rate is not None and not reference
    ]
    if unfounded:
        # Printed on every invoice of that kind of client: the rate needs its legal ground.
        raise ValidationError(
            {
                "vat": _(
                    "Give the legal ground of each VAT rate (exemption article or normal "
                    "rate): %(kinds)s."
                )
                % {"kinds": ", ".join(str(ClientKind(kind).label) for kind in unfounded)}
            }
        )
    # Two saves at once would both create the same price: one waits for the other.
    Structure.objects.select_for_update().filter(pk=structure.pk).first()
    for activity_id, (rate, fee) in rates.items():
        if rate is None:
            PriceItem.objects.filter(structure=structure, activity_id=activity_id).delete()
        else:
            PriceItem.objects.update_or_create(
                structure=structure,
                activity_id=activity_id,
                defaults={"hourly_rate": rate, "travel_fee": fee or Decimal(0)},
            )
    for kind, (rate, reference) in vat.items():
        if rate is None:
            VatRule.objects.filter(structure=structure, client_kind=kind).delete()
        else:
            VatRule.objects.update_or_create(
                structure=structure,
                client_kind=kind,
                defaults={"rate": rate, "legal_reference": reference},
            )
