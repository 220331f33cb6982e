"""Households with issued invoices, hours and payments, for the attestation tests and the
route classification (the invoices are written as `missions` leaves them once issued)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from itertools import count

from tremplin.missions.models import (
    Client,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    TimeEntry,
)
from tremplin.network.models import Commune
from tremplin.people.models import Person

from ..models import Household, SapDeclaration

D = datetime.date
RATE = Decimal("25.00")  # € TTC an hour (no VAT: an AI of general interest)
_numbers = count(1)


def make_declaration(structure, number="SAP732829320") -> SapDeclaration:
    return SapDeclaration.objects.get_or_create(
        structure=structure, defaults={"number": number, "declared_on": D(2015, 3, 2)}
    )[0]


def make_household(structure, name="Mme Juliette Dupont", user=None, email="") -> Household:
    client = Client.objects.create(
        structure=structure,
        kind="household",
        name=name,
        address="12 rue des Lilas",
        commune=Commune.objects.get(pk=structure.commune_id),
        email=email,
        user=user,
    )
    return Household.objects.create(client=client, structure=structure)


def make_intervenant(structure, last_name="Benali", first_names="Samia") -> Person:
    return Person.objects.create(
        structure=structure,
        last_name=last_name,
        first_names=first_names,
        sex="F",
        birth_date=D(1985, 4, 2),
        search_name=f"{last_name} {first_names}".lower(),
    )


def make_invoice(household, *, month: datetime.date, visits, person=None) -> Invoice:
    """An issued invoice of the month's visits (days, or (day, hours)), 2 hours each by
    default, at RATE an hour, its hours tied to it."""
    structure = household.structure
    person = person or make_intervenant(structure)
    visits = [(v, Decimal(2)) if isinstance(v, datetime.date) else v for v in visits]
    hours = sum((h for _day, h in visits), Decimal(0))
    total = hours * RATE
    end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    issued_on = end  # the first day of the next month
    invoice = Invoice.objects.create(
        structure=structure,
        client=household.client,
        period_start=month,
        period_end=end - datetime.timedelta(days=1),
        status=InvoiceStatus.ISSUED,
        year=issued_on.year,
        number=next(_numbers),
        issued_on=issued_on,
        due_on=issued_on + datetime.timedelta(days=30),
        total_excl_vat=total,
        total=total,
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        label="Entretien de la maison",
        quantity=hours,
        unit_price=RATE,
        amount=total,
    )
    TimeEntry.objects.bulk_create(
        TimeEntry(
            structure=structure,
            person=person,
            client=household.client,
            date=day,
            hours=h,
            status="validated",
            invoice=invoice,
        )
        for day, h in visits
    )
    return invoice


def pay(invoice, day, amount, method="virement", issuer="") -> Payment:
    return Payment.objects.create(
        invoice=invoice, paid_on=day, amount=Decimal(amount), method=method, issuer=issuer
    )
