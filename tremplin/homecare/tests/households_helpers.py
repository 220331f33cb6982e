"""Builders shared by the households part's tests: a household made through the services,
a catalogue service, a sent quote, an intervention at the household."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tremplin.homecare.models import Service
from tremplin.homecare.services import households, quotes
from tremplin.missions.models import Assignment, MissionRequest
from tremplin.network.models import Activity, Commune


def make_household(world, *, structure=None, name="Foyer Martin", linked=True, **fields):
    structure = structure or world.own
    actor = world.user("planner") if structure == world.own else world.user("federation")
    if structure != world.own:
        from tremplin.accounts import services as account_services

        actor = account_services.user_create(
            email=f"planner-{structure.pk}@tremplin.test", kind="structure_staff"
        )
        account_services.structure_membership_add(user=actor, structure=structure, role="planner")
    household = households.household_create(
        actor=actor,
        structure=structure,
        name=name,
        address="3 rue des Lilas",
        commune=Commune.objects.get(pk="69123"),
        **fields,
    )
    if linked and structure == world.own:
        from tremplin.missions.services.clients import client_account_link

        client_account_link(actor=actor, client=household.client, user=world.user("household"))
    return household


def make_service(structure, *, price=Decimal(25), vat=Decimal(0), extra=Decimal(0), **fields):
    return Service.objects.create(
        structure=structure,
        name=fields.pop("name", "Ménage"),
        activity=fields.pop("activity", "menage"),
        mode=fields.pop("mode", "prestataire"),
        work_activity=Activity.objects.order_by("pk").first(),
        price_excl_vat=price,
        vat_rate=vat,
        extra_fees=extra,
        **fields,
    )


def make_sent_quote(world, household, *, hours=Decimal(4), price=Decimal(25), today=None):
    actor = world.user("planner")
    service = make_service(household.structure, price=price)
    quote = quotes.quote_create(actor=actor, household=household)
    quotes.quote_line_add(actor=actor, quote=quote, service=service, quantity=hours)
    return quotes.quote_send(actor=actor, quote=quote, today=today)


def make_intervention(household, person, day: datetime.date, start=9, end=11):
    request = MissionRequest.objects.filter(client=household.client).first()
    if request is None:
        request = MissionRequest.objects.create(
            structure=household.structure,
            client=household.client,
            activity=Activity.objects.order_by("pk").first(),
            commune=household.client.commune,
            start_date=day - datetime.timedelta(days=400),
            end_date=day + datetime.timedelta(days=400),
            hours=Decimal(500),
        )
    return Assignment.objects.create(
        request=request,
        person=person,
        date=day,
        start_time=datetime.time(start),
        end_time=datetime.time(end),
        hours=Decimal(end - start),
    )
