"""Tenancy classification of the routes of the homecare part « recurring »."""

import datetime
from decimal import Decimal

from tremplin.common.routes import STAFF, Access, Route
from tremplin.conftest import pinned_today

PLANNERS = frozenset({"director", "planner", "conseiller"})
NOBODY = frozenset()
SECRET = "Zorglubette Foyer"


class RecurringObjects:
    """A household of `world.other` (the household user's own when it is theirs) with a
    recurring intervention, one date a week ahead and a planner's absence."""

    def __init__(self, world, structure):
        from tremplin.homecare.models import (
            Absence,
            Household,
            Occurrence,
            Quote,
            RecurringPattern,
            Service,
        )
        from tremplin.missions.models import Client, MissionRequest
        from tremplin.network.models import Activity
        from tremplin.people.models import Person

        own = structure.pk == world.own.pk
        client = Client.objects.create(
            structure=structure,
            kind="household",
            name=SECRET,
            address="2 rue",
            commune=structure.commune,
            user=world.users["household"] if own else None,
        )
        self.household = Household.objects.create(client=client, structure=structure)
        # Its accepted quote: carrying the pattern on passes 100 € a month.
        Quote.objects.create(
            household=self.household, number=1, status="accepted", accepted_via="paper"
        )
        activity = Activity.objects.order_by("pk").first()
        service = Service.objects.create(
            structure=structure,
            name="Ménage Zorglub",
            activity="menage",
            mode="prestataire",
            work_activity=activity,
            price_excl_vat=Decimal(25),
        )
        day = pinned_today() + datetime.timedelta(days=7)
        request = MissionRequest.objects.create(
            structure=structure,
            client=client,
            activity=activity,
            commune=structure.commune,
            start_date=day,
            end_date=day,
            hours=Decimal(2),
        )
        self.person = Person.objects.create(
            structure=structure,
            last_name="Zorglubeuse",
            first_names="Intervenante",
            sex="F",
            birth_date=datetime.date(1985, 1, 1),
        )
        self.pattern = RecurringPattern.objects.create(
            structure=structure,
            household=self.household,
            service=service,
            request=request,
            weekdays=str(day.weekday()),
            start_time=datetime.time(9),
            end_time=datetime.time(11),
            starts_on=day,
            ends_on=day,
        )
        self.occurrence = Occurrence.objects.create(
            pattern=self.pattern, date=day, status="to_place", problem="Personne."
        )
        Absence.objects.create(structure=structure, person=self.person, starts_on=day, ends_on=day)


def objects(world) -> RecurringObjects:
    if "_recurring_objects" not in world.__dict__:
        world.__dict__["_recurring_objects"] = RecurringObjects(world, world.other)
    return world.__dict__["_recurring_objects"]


def on(attribute, own_allowed, **extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(objects(w), attribute).pk},
        allowed=NOBODY,
        own_allowed=own_allowed,
        **extra,
    )


def listing(allowed=STAFF):
    return Route(
        Access.AUTHENTICATED,
        allowed=allowed,
        setup=objects,
        secret=lambda w: SECRET,
        secret_allowed=NOBODY,
    )


ROUTES = {
    "homecare:recurring_list": listing(),
    "homecare:recurring_create": Route(Access.AUTHENTICATED, allowed=PLANNERS),
    "homecare:recurring_detail": on("pattern", STAFF),
    "homecare:recurring_hours": on("pattern", STAFF),
    "homecare:occurrence_detail": on("occurrence", STAFF),
    # The list shows the structure's absences: the person's name must not leak across.
    "homecare:absence_list": Route(
        Access.AUTHENTICATED,
        allowed=STAFF,
        setup=objects,
        secret=lambda w: "Zorglubeuse",
        secret_allowed=NOBODY,
    ),
    "homecare:my_coming": Route(
        Access.AUTHENTICATED,
        setup=objects,
        secret=lambda w: "Ménage Zorglub",
        secret_allowed=NOBODY,
    ),
    # A POST: the household cancels their own date (a redirect with the outcome).
    "homecare:my_occurrence_cancel": on(
        "occurrence", frozenset({"household"}), method="post", ok_status=(302,)
    ),
    # The household asks their own date to be moved (a message to the structure).
    "homecare:my_occurrence_change_ask": on("occurrence", frozenset({"household"})),
    "api:homecare-recurring-list": Route(
        Access.AUTHENTICATED,
        setup=objects,
        secret=lambda w: f'"household":{objects(w).household.pk},',
        secret_allowed=NOBODY,
    ),
    "api:homecare-recurring-detail": on("pattern", frozenset(STAFF | {"household"})),
    "api:homecare-recurring-extend": on(
        "pattern",
        PLANNERS,
        method="post",
        data=lambda w: {"ends_on": str(pinned_today() + datetime.timedelta(days=21))},
    ),
    "api:homecare-recurring-stop": on(
        "pattern", PLANNERS, method="post", data=lambda w: {"last_day": str(pinned_today())}
    ),
    # The person of the objects has no contract: a French 400 for who may plan.
    "api:homecare-occurrence-move": on(
        "occurrence",
        PLANNERS,
        method="post",
        data=lambda w: {
            "day": str(objects(w).occurrence.date),
            "start": "09:00",
            "end": "11:00",
            "person": objects(w).person.pk,
        },
        ok_status=(400,),
    ),
    "api:homecare-occurrence-replace": on(
        "occurrence",
        PLANNERS,
        method="post",
        data=lambda w: {"person": objects(w).person.pk},
        ok_status=(400,),
    ),
    "api:homecare-occurrence-proposals": on("occurrence", PLANNERS),
    # A POST naming another structure's person: a 404 for everybody.
    "api:homecare-absence-create": Route(
        Access.SCOPED,
        method="post",
        allowed=NOBODY,
        own_allowed=PLANNERS,
        data=lambda w: {
            "person": objects(w).person.pk,
            "starts_on": str(pinned_today()),
            "ends_on": str(pinned_today()),
        },
        ok_status=(201,),
    ),
    "api:homecare-occurrence-cancel": on(
        "occurrence",
        PLANNERS,
        method="post",
        data=lambda w: {"by": "structure"},
    ),
}
