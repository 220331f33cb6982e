"""Builders of the money part's tests: a household client with its Household, an issued
invoice of theirs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tremplin.homecare.models import Household
from tremplin.missions.models import Client, Invoice, InvoiceLine
from tremplin.missions.services import invoices
from tremplin.network.models import Commune

D = datetime.date
SEPTEMBER = D(2026, 9, 1)
ISSUED_ON = D(2026, 10, 3)


def make_household(world, name="Mme Durand", structure=None) -> Household:
    structure = structure or world.own
    client = Client.objects.create(
        structure=structure,
        kind="household",
        name=name,
        address="3 rue des Lilas",
        commune=Commune.objects.get(pk="69123"),
    )
    return Household.objects.create(client=client, structure=structure)


def issued_invoice(
    world,
    household: Household,
    *,
    hours="10",
    rate="25.00",
    month=SEPTEMBER,
    issued_on=ISSUED_ON,
    label="Heures de travail — Ménage",
) -> Invoice:
    end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    invoice = Invoice.objects.create(
        structure=household.structure,
        client=household.client,
        period_start=month,
        period_end=end,
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        label=label,
        quantity=Decimal(hours),
        unit_price=Decimal(rate),
        amount=(Decimal(hours) * Decimal(rate)).quantize(Decimal("0.01")),
    )
    invoices._totals(invoice)
    invoice.save()
    return invoices.invoice_issue(
        actor=world.user("accountant"), invoice=invoice, issued_on=issued_on
    )
