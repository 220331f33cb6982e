"""Tenancy classification of the routes of the homecare part « households »."""

import datetime
from decimal import Decimal

from tremplin.common.routes import STAFF, Access, Route
from tremplin.conftest import pinned_today

PLANNERS = frozenset({"director", "planner", "conseiller"})
HOUSEHOLD = frozenset({"household"})
EMPLOYEE = frozenset({"employee"})
NOBODY = frozenset()
SECRET_NAME = "Foyer Zorglubesque"


class HouseholdObjects:
    """A household of `structure` with a member, a financing, a message, a draft quote with
    a line, a sent quote and an issued invoice. In the users' own structure the household
    is the household user's own (their client's account)."""

    def __init__(self, world, structure):
        from tremplin.homecare.models import (
            Financing,
            Household,
            HouseholdContract,
            HouseholdMember,
            HouseholdMessage,
            Quote,
            QuoteLine,
            Service,
        )
        from tremplin.missions.models import Client, Invoice, InvoiceLine
        from tremplin.network.models import Activity

        own = structure.pk == world.own.pk
        self.client = Client.objects.create(
            structure=structure,
            kind="household",
            name=SECRET_NAME if not own else "Foyer Dupont",
            address="3 rue des Lilas",
            commune=structure.commune,
            user=world.user("household") if own else None,
        )
        self.household = Household.objects.create(
            client=self.client, structure=structure, access_instructions="Code 1234B"
        )
        self.member = HouseholdMember.objects.create(
            household=self.household, first_name="Lucie", relation="child"
        )
        self.financing = Financing.objects.create(
            household=self.household,
            kind="cesu_prepaid",
            funder="Edenred",
            starts_on=datetime.date(2025, 1, 1),
        )
        self.message = HouseholdMessage.objects.create(household=self.household, body="Absent")
        self.service = Service.objects.create(
            structure=structure,
            name="Ménage",
            activity="menage",
            mode="prestataire",
            work_activity=Activity.objects.order_by("pk").first(),
            price_excl_vat=Decimal(25),
        )
        self.draft = Quote.objects.create(household=self.household)
        self.line = QuoteLine.objects.create(
            quote=self.draft,
            service=self.service,
            label="Ménage",
            quantity=Decimal(4),
            unit_price_excl_vat=Decimal(25),
        )
        today = pinned_today()
        self.sent = Quote.objects.create(
            household=self.household,
            number=1,
            status="sent",
            sent_on=today,
            valid_until=today + datetime.timedelta(days=30),
        )
        QuoteLine.objects.create(
            quote=self.sent,
            service=self.service,
            label="Ménage",
            quantity=Decimal(4),
            unit_price_excl_vat=Decimal(25),
        )
        self.contract = HouseholdContract.objects.create(
            household=self.household,
            monthly_amount_incl_vat=Decimal(80),
            signed_on=today,
            starts_on=today,
            notice_hours=48,
        )
        self.invoice = Invoice.objects.create(
            structure=structure,
            client=self.client,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 1, 31),
            year=2025,
            # Apart from the numbers other parts' objects take in the same structure.
            number=80000 + structure.pk,
            issued_on=datetime.date(2025, 2, 1),
            status="issued",
            total=Decimal(100),
            total_excl_vat=Decimal(100),
        )
        InvoiceLine.objects.create(
            invoice=self.invoice, label="Ménage", quantity=4, unit_price=25, amount=100
        )


def objects(world) -> HouseholdObjects:
    if "_household_objects" not in world.__dict__:
        world.__dict__["_household_objects"] = HouseholdObjects(world, world.other)
    return world.__dict__["_household_objects"]


def both(world):
    """The other structure's objects (which must not show) and the users' own household."""
    import dataclasses

    objects(world)
    if world.own.pk != world.other.pk:
        objects(dataclasses.replace(world, other=world.own))


def on(attribute, own_allowed, **extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(objects(w), attribute).pk},
        allowed=NOBODY,
        own_allowed=own_allowed,
        **extra,
    )


def on_row(attribute, key, own_allowed):
    """A POST on a row of the household (a member, a financing, a message)."""
    return Route(
        Access.SCOPED,
        method="post",
        kwargs=lambda w: {
            "pk": objects(w).household.pk,
            key: getattr(objects(w), attribute).pk,
        },
        allowed=NOBODY,
        own_allowed=own_allowed,
        ok_status=(302,),
    )


def space(allowed=HOUSEHOLD):
    return Route(
        Access.AUTHENTICATED,
        allowed=allowed,
        setup=both,
        secret=lambda w: SECRET_NAME,
        secret_allowed=NOBODY,
    )


ROUTES: dict = {
    "homecare:household_list": Route(
        Access.AUTHENTICATED,
        allowed=STAFF,
        setup=objects,
        secret=lambda w: SECRET_NAME,
        secret_allowed=NOBODY,
    ),
    "homecare:household_create": Route(Access.AUTHENTICATED, allowed=PLANNERS),
    "homecare:household_detail": on("household", STAFF),
    "homecare:household_edit": on("household", PLANNERS),
    "homecare:household_member_add": on("household", PLANNERS),
    "homecare:household_member_remove": on_row("member", "member_pk", PLANNERS),
    "homecare:household_financing_add": on("household", PLANNERS),
    "homecare:household_financing_remove": on_row("financing", "financing_pk", PLANNERS),
    "homecare:household_message_read": on_row("message", "message_pk", PLANNERS),
    "homecare:quote_create": on("household", PLANNERS),
    "homecare:contract_sign": on("household", PLANNERS),
    "homecare:contract_pdf": on("contract", STAFF),
    "homecare:quote_detail": on("draft", STAFF),
    "homecare:quote_pdf": on("sent", STAFF),
    "homecare:quote_line_add": on(
        "draft",
        PLANNERS,
        method="post",
        data=lambda w: {"service": objects(w).service.pk, "quantity": "2", "interventions": "1"},
        ok_status=(302,),
    ),
    "homecare:quote_line_remove": Route(
        Access.SCOPED,
        method="post",
        kwargs=lambda w: {"pk": objects(w).draft.pk, "line_pk": objects(w).line.pk},
        allowed=NOBODY,
        own_allowed=PLANNERS,
        ok_status=(302,),
    ),
    "homecare:quote_send": on("draft", PLANNERS, method="post", ok_status=(302,)),
    "homecare:quote_accept_paper": on(
        "sent",
        PLANNERS,
        method="post",
        data=lambda w: {"signed_on": pinned_today().isoformat()},
        ok_status=(302,),
    ),
    # The household's own space: its home answers every household account (one linked to
    # no file is told so); another household's quote or invoice is 404 to everybody.
    "homecare:my_home": space(),
    "homecare:my_interventions": space(),
    "homecare:my_invoices": space(),
    "homecare:my_quotes": space(),
    "homecare:my_message": space(),
    "homecare:my_quote_ask": space(),
    "homecare:my_contract_pdf": on("contract", HOUSEHOLD),
    "homecare:my_quote": on("sent", HOUSEHOLD),
    "homecare:my_quote_pdf": on("sent", HOUSEHOLD),
    "homecare:my_quote_accept": on("sent", HOUSEHOLD, method="post", ok_status=(302,)),
    "homecare:my_quote_decline": on("sent", HOUSEHOLD, method="post", ok_status=(302,)),
    "homecare:my_invoice_pdf": on("invoice", HOUSEHOLD),
    "homecare:my_access_today": Route(Access.AUTHENTICATED, allowed=EMPLOYEE),
}
