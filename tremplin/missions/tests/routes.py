"""Tenancy classification of the missions routes (see common/tests/test_tenancy.py)."""

import datetime
from decimal import Decimal

from tremplin.common.routes import STAFF, Access, Route
from tremplin.conftest import pinned_today
from tremplin.missions.models import Assignment, Client, Invoice, InvoiceLine, MissionRequest
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
    "missions:hours": listing(),
    "missions:invoice_list": listing(),
    "missions:price_list": listing(),
    # The employee's own space: 404 for whoever has no file of their own.
    "missions:my_week": Route(Access.AUTHENTICATED, allowed=frozenset()),
    "missions:payroll_export": Route(Access.AUTHENTICATED, allowed=ACCOUNTANTS),
    "missions:client_detail": on("client", STAFF),
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
