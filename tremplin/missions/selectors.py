"""Reads of missions: every function takes the actor and starts from `for_user`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from .models import Assignment, Client, Invoice, MissionRequest, TimeEntry


def client_list(*, actor, structure_id: int):
    return (
        Client.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("commune")
        .annotate(
            open_requests=Count("requests", filter=~Q(requests__state__in=["done", "cancelled"]))
        )
        .order_by("name")
    )


def client_detail(*, actor, pk: int) -> Client:
    return Client.objects.for_user(actor).select_related("commune", "structure").get(pk=pk)


def client_hours(client: Client) -> Decimal:
    return client.time_entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def request_detail(*, actor, pk: int) -> MissionRequest:
    return (
        MissionRequest.objects.for_user(actor)
        .select_related("client", "activity", "commune", "structure")
        .prefetch_related("slots")
        .get(pk=pk)
    )


def week_assignments(*, actor, structure_id: int, monday: datetime.date):
    return (
        Assignment.objects.for_user(actor)
        .filter(
            request__structure_id=structure_id,
            date__range=(monday, monday + datetime.timedelta(days=6)),
        )
        .select_related("person", "request__client")
        .order_by("person__last_name", "date", "start_time")
    )


def month_entries(*, actor, structure_id: int, month: datetime.date):
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return (
        TimeEntry.objects.for_user(actor)
        .filter(structure_id=structure_id, date__gte=start, date__lt=end)
        .select_related("person", "client")
        .order_by("date", "person__last_name")
    )


def invoice_list(*, actor, structure_id: int):
    return (
        Invoice.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("client", "corrects")
        .annotate(paid=Sum("payments__amount"))
        .order_by("-year", "-number", "-pk")
    )


def payroll_rows(*, actor, structure_id: int, month: datetime.date):
    """Hours per employee and contract for a month, for the payroll software."""
    from tremplin.people.models import Contract

    entries = month_entries(actor=actor, structure_id=structure_id, month=month).filter(
        status="validated"
    )
    totals: dict[int, Decimal] = {}
    people = {}
    for entry in entries:
        totals[entry.person_id] = totals.get(entry.person_id, Decimal(0)) + entry.hours
        people[entry.person_id] = entry.person
    contracts = {
        c.person_id: c
        for c in Contract.objects.filter(
            person_id__in=totals, start_date__lte=month.replace(day=28)
        ).order_by("start_date")
    }
    for person_id, hours in sorted(totals.items(), key=lambda item: people[item[0]].last_name):
        contract = contracts.get(person_id)
        yield people[person_id], contract, hours
