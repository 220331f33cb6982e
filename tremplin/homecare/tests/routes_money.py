"""Tenancy classification of the routes of the homecare part « money »."""

import datetime
from decimal import Decimal

from tremplin.common.routes import STAFF, Access, Route
from tremplin.conftest import pinned_today

ACCOUNTANTS = frozenset({"director", "accountant"})
NOBODY = frozenset()
SECRET_HOUSEHOLD = "Foyer Zorglub-Paiement"


class MoneyObjects:
    """A household of `structure` with an invoice paid by card, a mandate and a batch."""

    def __init__(self, structure):
        from tremplin.homecare.models import DirectDebitBatch, DirectDebitMandate, Household
        from tremplin.missions.models import Client, Invoice, Payment

        client = Client.objects.create(
            structure=structure,
            kind="household",
            name=SECRET_HOUSEHOLD,
            address="1 rue",
            commune=structure.commune,
        )
        self.household = Household.objects.create(client=client, structure=structure)
        invoice = Invoice.objects.create(
            structure=structure,
            client=client,
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 10, 31),
            status="issued",
            year=2026,
            number=90000 + structure.pk,
            issued_on=datetime.date(2026, 11, 2),
            total=Decimal(10),
        )
        today = pinned_today()
        Payment.objects.create(invoice=invoice, paid_on=today, amount=Decimal(10), method="carte")
        self.mandate = DirectDebitMandate.objects.create(
            structure=structure,
            household=self.household,
            rum=f"TRP-ROUTES-{structure.pk}",
            debtor_name=SECRET_HOUSEHOLD,
            iban="FR1420041010050500013M02606",
            signed_on=datetime.date(2026, 1, 2),
        )
        self.batch = DirectDebitBatch.objects.create(
            structure=structure,
            collection_date=datetime.date(2026, 11, 20),
            message_id=f"ROUTES-{structure.pk}",
            xml="<Document/>",
            total=Decimal(0),
        )


def objects(world) -> MoneyObjects:
    made = world.__dict__.setdefault("_money_objects", {})
    if world.other.pk not in made:
        made[world.other.pk] = MoneyObjects(world.other)
    return made[world.other.pk]


def listing(allowed):
    return Route(
        Access.AUTHENTICATED,
        allowed=allowed,
        setup=objects,
        secret=lambda w: SECRET_HOUSEHOLD,
        secret_allowed=NOBODY,
    )


def on(attribute, own_allowed=ACCOUNTANTS, **extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(objects(w), attribute).pk},
        allowed=NOBODY,
        own_allowed=own_allowed,
        **extra,
    )


ROUTES: dict = {
    "homecare:money_payments": listing(STAFF),
    "homecare:money_debits": listing(ACCOUNTANTS),
    "homecare:money_creditor": Route(Access.AUTHENTICATED, allowed=ACCOUNTANTS),
    "homecare:money_mandate_create": listing(ACCOUNTANTS),
    "homecare:money_nova": listing(ACCOUNTANTS),
    "homecare:money_mandate_revoke": on("mandate", method="post", ok_status=(302,)),
    "homecare:money_batch_detail": on("batch"),
    "homecare:money_batch_file": on("batch"),
}
