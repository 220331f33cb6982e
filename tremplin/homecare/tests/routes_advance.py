"""Tenancy classification of the routes of the homecare part « advance »: the accountant's
pages on another structure's request, invoice and household, and the household's own
requests (on the users' structure, the household account is the client's)."""

import datetime
from decimal import Decimal

from tremplin.common.routes import STAFF, Access, Route

ACCOUNTANTS = frozenset({"director", "accountant"})
NOBODY = frozenset()
SECRET_AMOUNT = "987,65"


class AdvanceObjects:
    def __init__(self, world, structure):
        from tremplin.homecare.models import Household, PaymentRequest, RequestStatus
        from tremplin.missions.models import Client, Invoice

        own = structure.pk == world.own.pk
        client = Client.objects.create(
            structure=structure,
            kind="household",
            name="Foyer Zorglubette",
            address="2 rue",
            commune=structure.commune,
            user=world.user("household") if own else None,
        )
        self.household = Household.objects.create(client=client, structure=structure)
        self.invoice = Invoice.objects.create(
            structure=structure,
            client=client,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 1, 31),
            year=2025,
            number=9001,
            issued_on=datetime.date(2025, 2, 3),
            status="issued",
            total=Decimal("987.65"),
        )
        self.request = PaymentRequest.objects.create(
            structure=structure,
            household=self.household,
            invoice=self.invoice,
            status=RequestStatus.WAITING,
            urssaf_id=f"D-routes-{structure.pk}",
            amount=Decimal("987.65"),
        )


def objects(world, structure=None) -> AdvanceObjects:
    structure = structure or world.other
    key = f"_advance_objects_{structure.pk}"
    if key not in world.__dict__:
        world.__dict__[key] = AdvanceObjects(world, structure)
    return world.__dict__[key]


def on(attribute, own_allowed, **extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(objects(w), attribute).pk},
        allowed=NOBODY,
        own_allowed=own_allowed,
        **extra,
    )


ROUTES: dict = {
    "homecare:advance_list": Route(
        Access.AUTHENTICATED,
        allowed=STAFF,
        setup=objects,
        secret=lambda w: "Foyer Zorglubette",
        secret_allowed=NOBODY,
    ),
    "homecare:advance_detail": on("request", STAFF),
    "homecare:advance_send": on("invoice", ACCOUNTANTS, method="post", ok_status=(302,)),
    "homecare:advance_enrol": on("household", ACCOUNTANTS),
    "homecare:my_advance": Route(
        Access.AUTHENTICATED,
        allowed=frozenset({"household"}),
        setup=objects,
        secret=lambda w: SECRET_AMOUNT,
        secret_allowed=NOBODY,
    ),
    "homecare:my_advance_detail": on("request", frozenset({"household"})),
}
