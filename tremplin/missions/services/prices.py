"""A structure's price list: hourly rates and travel fees per activity, VAT per client kind."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from .. import rules
from ..models import PriceItem, VatRule


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
