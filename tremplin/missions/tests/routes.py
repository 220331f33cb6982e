"""Tenancy classification of the missions routes (see common/tests/test_tenancy.py)."""

import datetime
from decimal import Decimal

from tremplin.common.routes import STAFF, Access, Route
from tremplin.conftest import pinned_today
from tremplin.missions.models import (
    Assignment,
    CancelledAssignment,
    Client,
    Invoice,
    InvoiceLine,
    MissionRequest,
)
from tremplin.network.models import Activity
from tremplin.people.models import Person

PLANNERS = frozenset({"director", "planner", "conseiller"})
ACCOUNTANTS = frozenset({"director", "accountant"})
NOBODY = frozenset()


class MissionObjects:
    """A client with a request and an invoice in `world.other` (made once per world)."""

    def __init__(self, structure):
        self.client = Client.objects.create(
            structure=structure,
            kind="company",
            name="Zorglub Industries",
            address="1 rue",
            commune=structure.commune,
        )
        self.request = MissionRequest.objects.create(
            structure=structure,
            client=self.client,
            activity=Activity.objects.order_by("pk").first(),
            commune=structure.commune,
            start_date=datetime.date(2025, 1, 6),
            end_date=datetime.date(2025, 12, 31),
            hours=Decimal(10),
        )
        self.invoice = Invoice.objects.create(
            structure=structure,
            client=self.client,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 1, 31),
        )
        InvoiceLine.objects.create(
            invoice=self.invoice, label="x", quantity=1, unit_price=1, amount=1
        )
        person = Person.objects.create(
            structure=structure,
            last_name="Zorglubienne",
            first_names="Employée",
            sex="F",
            birth_date=datetime.date(1980, 1, 1),
        )
        self.assignment = Assignment.objects.create(
            request=self.request,
            person=person,
            date=datetime.date(2025, 1, 6),
            start_time=datetime.time(8),
            end_time=datetime.time(10),
            hours=Decimal(2),
        )
        # A slot an exit left empty, coming (the list shows only those).
        self.cancelled = CancelledAssignment.objects.create(
            request=self.request,
            person=person,
            date=pinned_today() + datetime.timedelta(days=1),
            start_time=datetime.time(8),
            end_time=datetime.time(10),
            reason="exit",
        )


def objects(world) -> MissionObjects:
    if "_mission_objects" not in world.__dict__:
        world.__dict__["_mission_objects"] = MissionObjects(world.other)
    return world.__dict__["_mission_objects"]


def listing(allowed=STAFF):
    return Route(
        Access.AUTHENTICATED,
        allowed=allowed,
        setup=objects,
        secret=lambda w: "Zorglub Industries",
        secret_allowed=NOBODY,
    )


def on(attribute, own_allowed, **extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(objects(w), attribute).pk},
        allowed=NOBODY,
        own_allowed=own_allowed,
        **extra,
    )


API_LISTS = (
    "api:client-list",
    "api:request-list",
    "api:assignment-list",
    "api:time-entry-list",
    "api:invoice-list",
)


def api_on(attribute, own_allowed, method="get", data=None, ok_status=(200,)):
    return Route(
        Access.SCOPED,
        method=method,
        kwargs=lambda w: {"pk": getattr(objects(w), attribute).pk},
        allowed=NOBODY,
        own_allowed=own_allowed,
        data=data,
        ok_status=ok_status,
    )


def api_on_structure(own_allowed, data):
    """A POST naming a structure: another structure's is a 404 for everybody."""
    return Route(
        Access.SCOPED,
        method="post",
        allowed=NOBODY,
        own_allowed=own_allowed,
        setup=objects,
        data=lambda w: {"structure": w.other.pk, **data(w)},
    )


def _entry_of(world):
    from tremplin.missions.models import TimeEntry

    mission = objects(world)
    entry = TimeEntry.objects.filter(
        structure=world.other, person=mission.assignment.person
    ).first()
    return entry or TimeEntry.objects.create(
        structure=world.other,
        person=mission.assignment.person,
        client=mission.client,
        assignment=mission.assignment,
        date=mission.assignment.date,
        hours=Decimal(2),
    )


VALIDATORS = frozenset({"director", "planner"})


def api_routes():
    month = {"month": "2025-01-01"}
    return {
        "api:request-slot-add": api_on(
            "request",
            PLANNERS,
            method="post",
            data=lambda w: {"weekday": 1, "start_time": "08:00", "end_time": "10:00"},
        ),
        "api:request-close": api_on(
            "request", PLANNERS, method="post", data=lambda w: {"state": "cancelled"}
        ),
        "api:assignment-detail": api_on("assignment", STAFF),
        "api:client-detail": api_on("client", STAFF),
        "api:invoice-detail": api_on("invoice", STAFF),
        "api:invoice-pdf": api_on("invoice", STAFF),
        "api:invoice-issue": api_on("invoice", ACCOUNTANTS, method="post"),
        # The draft invoice of the objects is neither corrected nor paid nor reminded (a
        # French 400 for who may invoice); the tenancy is what is tested here.
        "api:invoice-credit-note": api_on(
            "invoice",
            ACCOUNTANTS,
            method="post",
            data=lambda w: {"reason": "Erreur"},
            ok_status=(400,),
        ),
        "api:invoice-payment": api_on(
            "invoice",
            ACCOUNTANTS,
            method="post",
            data=lambda w: {"paid_on": "2025-02-01", "amount": "1.00", "method": "virement"},
            ok_status=(400,),
        ),
        "api:invoice-reminder": api_on("invoice", ACCOUNTANTS, method="post", ok_status=(400,)),
        # A draft is no e-invoice to send: a French 400 for who may invoice.
        "api:invoice-transmit": api_on("invoice", ACCOUNTANTS, method="post", ok_status=(400,)),
        # The objects' employee has no contract: each day is refused, with its reason.
        "api:request-assignments": api_on(
            "request",
            PLANNERS,
            method="post",
            data=lambda w: {
                "person": objects(w).assignment.person_id,
                "first_day": "2025-01-07",
                "last_day": "2025-01-08",
                "start_time": "08:00",
                "end_time": "10:00",
            },
            ok_status=(200, 201),
        ),
        # « To reassign » by the API: another structure's list or slot is a 404 for all.
        "api:to-reassign-list": Route(
            Access.SCOPED,
            allowed=NOBODY,
            own_allowed=PLANNERS,
            setup=objects,
            data=lambda w: {"structure": w.other.pk},
        ),
        "api:to-reassign-dismiss": api_on("cancelled", PLANNERS, method="post", ok_status=(204,)),
        # The price list, read by every staff member of its structure (as its page).
        "api:price-list": Route(
            Access.SCOPED,
            kwargs=lambda w: {"pk": w.other.pk},
            allowed=NOBODY,
            own_allowed=STAFF,
            setup=objects,
        ),
        "api:invoice-drafts": api_on_structure(ACCOUNTANTS, lambda w: month),
        "api:invoices-issue-month": api_on_structure(ACCOUNTANTS, lambda w: month),
        "api:client-payment-terms": api_on(
            "client", ACCOUNTANTS, method="post", data=lambda w: {"payment_terms": "legal"}
        ),
        "api:month-close": api_on_structure(VALIDATORS, lambda w: {"month": "2024-06-01"}),
        "api:time-entry-validate": Route(
            Access.SCOPED,
            method="post",
            allowed=NOBODY,
            own_allowed=VALIDATORS,
            data=lambda w: {"entries": [_entry_of(w).pk]},
        ),
    }


ROUTES = {
    **{
        name: Route(
            Access.AUTHENTICATED,
            allowed=frozenset(
                STAFF | {"delegate", "federation", "auditor", "employee", "household"}
            ),
            setup=objects,
            secret=lambda w: f'"id":{objects(w).client.pk},',
            secret_allowed=NOBODY,
        )
        for name in API_LISTS
    },
    # Planning another structure's week is refused (the POST names the structure).
    "api:planner-run": Route(
        Access.SCOPED,
        method="post",
        allowed=NOBODY,
        own_allowed=PLANNERS,
        data=lambda w: {"structure": w.other.pk, "week": "2025-01-06"},
    ),
    **api_routes(),
    "missions:client_list": listing(),
    "missions:client_create": Route(Access.AUTHENTICATED, allowed=PLANNERS),
    "missions:week": listing(),
    "missions:week_proposal": Route(
        Access.AUTHENTICATED,
        allowed=PLANNERS,
        setup=objects,
        secret=lambda w: "Zorglub Industries",
        secret_allowed=NOBODY,
    ),
    # The slots to reassign after an exit: for who plans; the list shows the client's name.
    "missions:reassign_list": listing(PLANNERS),
    "missions:reassign_dismiss": on("cancelled", PLANNERS, method="post", ok_status=(302,)),
    "missions:hours": listing(),
    "missions:invoice_list": listing(),
    "missions:price_list": listing(),
    # The employee's own space: its home answers every employee (an account linked to no
    # file is told so); its other pages are 404 for whoever has no file of their own, and
    # another person's mission is 404 to everybody, its own structure's staff included.
    "missions:my_week": Route(Access.AUTHENTICATED, allowed=frozenset({"employee"})),
    "missions:my_past": Route(Access.AUTHENTICATED, allowed=NOBODY),
    "missions:my_documents": Route(Access.AUTHENTICATED, allowed=NOBODY),
    "missions:my_data": Route(Access.AUTHENTICATED, allowed=NOBODY),
    "missions:my_hours": on("assignment", NOBODY),
    "missions:my_clock_in": on("assignment", NOBODY, method="post"),
    "missions:my_clock_out": on("assignment", NOBODY, method="post"),
    "api:assignment-clock-in": on("assignment", NOBODY, method="post"),
    "api:assignment-clock-out": on("assignment", NOBODY, method="post"),
    "api:assignment-own-hours": on("assignment", NOBODY, method="post"),
    "missions:payroll_export": Route(Access.AUTHENTICATED, allowed=ACCOUNTANTS),
    "missions:client_detail": on("client", STAFF),
    "missions:client_edit": on("client", PLANNERS),
    "missions:client_payment_terms": on("client", ACCOUNTANTS),
    "missions:request_create": on("client", PLANNERS),
    "missions:request_detail": on("request", STAFF),
    "missions:assignment_delete": on("assignment", PLANNERS, method="post", ok_status=(302,)),
    "missions:invoice_detail": on("invoice", STAFF),
    "missions:invoice_issue": on("invoice", ACCOUNTANTS, method="post", ok_status=(302,)),
    "missions:invoice_pdf": on("invoice", STAFF),
}


# --- Field-level walk (accounts/tests/test_privacy_walk.py) ----------------------------------

MISSION_NIR = "280017512345610"


def mark(world) -> dict[str, list[str]]:
    """The employee of the missions has a NIR, this month's validated hours (the payroll
    file) and is the employee user's own file (their personal space)."""
    from tremplin.missions.models import TimeEntry

    mission = objects(world)
    person = mission.assignment.person
    person.nir, person.user = MISSION_NIR, world.user("employee")
    person.save()
    TimeEntry.objects.create(
        structure=world.other,
        person=person,
        client=mission.client,
        date=pinned_today().replace(day=1),
        hours=Decimal(3),
        status="validated",
    )
    return {"nir": [MISSION_NIR]}
