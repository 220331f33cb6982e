"""Reads of missions: every function takes the actor and starts from `for_user`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth

from tremplin.people.models import Approval, Contract, Person

from .models import (
    Assignment,
    CancelledAssignment,
    Client,
    Invoice,
    InvoiceStatus,
    MissionRequest,
    Payment,
    Reminder,
    RequestState,
    TimeEntry,
)


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


def client_hours_by_month(client: Client, months: int = 12) -> list[dict]:
    """The client's hours of the last `months` months that have any: entered, validated,
    invoiced — what the client page and a phone call about an invoice need."""
    rows = (
        client.time_entries.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            entered=Sum("hours"),
            validated=Coalesce(
                Sum("hours", filter=Q(status="validated")),
                Value(Decimal(0)),
                output_field=DecimalField(),
            ),
            invoiced=Coalesce(
                Sum("hours", filter=Q(invoice__isnull=False)),
                Value(Decimal(0)),
                output_field=DecimalField(),
            ),
        )
        .order_by("-month")[:months]
    )
    return list(rows)


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
        .select_related("request__client")
        .order_by("date", "start_time")
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


def invoice_list(
    *,
    actor,
    structure_id: int,
    month: datetime.date | None = None,
    state: str = "",
    client_kind: str = "",
    overdue_on: datetime.date | None = None,
):
    """The structure's invoices, newest first; of a month (their period's), in a state
    (or the credit notes), of a kind of client, or overdue on a day."""
    invoices = (
        Invoice.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("client", "corrects")
        .annotate(paid=Sum("payments__amount"))
        .order_by("-year", "-number", "-pk")
    )
    if month is not None:
        invoices = invoices.filter(period_start__year=month.year, period_start__month=month.month)
    if state == "credit_note":
        invoices = invoices.filter(corrects__isnull=False)
    elif state:
        invoices = invoices.filter(status=state, corrects__isnull=True)
    if client_kind:
        invoices = invoices.filter(client__kind=client_kind)
    if overdue_on is not None:
        invoices = invoices.filter(
            status=InvoiceStatus.ISSUED, corrects__isnull=True, due_on__lt=overdue_on
        )
    return invoices


def invoice_month_summary(*, actor, structure_id: int, month: datetime.date) -> dict:
    """The month's drafts (count, total) and what remains to invoice: validated hours not
    yet on an invoice — what the accountant checks before preparing and issuing."""
    invoices = Invoice.objects.for_user(actor).filter(
        structure_id=structure_id,
        period_start__year=month.year,
        period_start__month=month.month,
        status=InvoiceStatus.DRAFT,
        corrects__isnull=True,
    )
    drafts = invoices.aggregate(count=Count("pk"), total=Sum("total"))
    to_invoice = (
        TimeEntry.objects.for_user(actor)
        .filter(
            structure_id=structure_id,
            date__year=month.year,
            date__month=month.month,
            status="validated",
            invoice__isnull=True,
        )
        .aggregate(hours=Sum("hours"))["hours"]
    )
    return {
        "drafts": drafts["count"],
        "drafts_total": drafts["total"] or Decimal(0),
        "hours_to_invoice": to_invoice or Decimal(0),
    }


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


def overdue_invoices(*, actor, structure_id: int, on: datetime.date):
    """Issued invoices past their due date, oldest first, with what was paid and the last
    reminder."""
    return (
        Invoice.objects.for_user(actor)
        .filter(
            structure_id=structure_id,
            status=InvoiceStatus.ISSUED,
            corrects__isnull=True,
            due_on__lt=on,
        )
        .select_related("client")
        # Subqueries, not joins: payments and reminders joined together would multiply.
        .annotate(
            balance=F("total")
            - Coalesce(
                Subquery(
                    Payment.objects.filter(invoice=OuterRef("pk"))
                    .values("invoice")
                    .annotate(s=Sum("amount"))
                    .values("s")
                ),
                Value(Decimal(0)),
                output_field=DecimalField(),
            ),
            last_reminder=Subquery(
                Reminder.objects.filter(invoice=OuterRef("pk"))
                .order_by("-sent_on")
                .values("sent_on")[:1]
            ),
        )
        .order_by("due_on", "pk")
    )


def validated_hours(person, until: datetime.date) -> Decimal | None:
    """The person's validated hours up to a day (None when none were ever entered)."""
    return TimeEntry.objects.filter(person=person, status="validated", date__lte=until).aggregate(
        total=Sum("hours")
    )["total"]


# --- The employee's own space -------------------------------------------------------------


def own_person(*, actor):
    """The actor's own file (an employee's), or None: `for_subject`, never another's."""
    return Person.objects.for_subject(actor).select_related("structure").first()


def _own_assignments(*, actor, person):
    return (
        Assignment.objects.for_user(actor)
        .filter(person=person)
        .select_related("request__client__commune", "request__commune", "clocking")
        .prefetch_related(
            Prefetch(
                "time_entries",
                queryset=TimeEntry.objects.for_user(actor).order_by("date", "pk"),
            )
        )
    )


def own_coming_assignments(*, actor, person, today: datetime.date):
    """Today's and later assignments, soonest first."""
    return (
        _own_assignments(actor=actor, person=person)
        .filter(date__gte=today)
        .order_by("date", "start_time")
    )


def own_past_assignments(*, actor, person, today: datetime.date):
    """Assignments before today, latest first, with their time entries."""
    return (
        _own_assignments(actor=actor, person=person)
        .filter(date__lt=today)
        .order_by("-date", "-start_time")
    )


def own_assignment(*, actor, person, pk: int) -> Assignment:
    return _own_assignments(actor=actor, person=person).get(pk=pk)


def own_contracts(*, actor):
    return Contract.objects.for_subject(actor).order_by("-start_date")


def own_approvals(*, actor):
    return Approval.objects.for_subject(actor).order_by("-start_date")


def people_to_plan(*, actor, mission, today: datetime.date):
    """Who may be assigned to the request: people of its structure with a contract on some
    day of it from today on (of all of it, once it is over) — never those who left."""
    first = mission.start_date if mission.end_date < today else max(mission.start_date, today)
    running = Contract.objects.filter(
        person=OuterRef("pk"), start_date__lte=mission.end_date
    ).filter(
        Q(early_end_date__gte=first)
        | Q(early_end_date__isnull=True, planned_end_date__gte=first)
        | Q(early_end_date__isnull=True, planned_end_date__isnull=True)
    )
    return (
        Person.objects.for_user(actor)
        .filter(structure_id=mission.structure_id)
        .filter(Exists(running))
        .order_by("last_name", "first_names", "pk")
    )


def to_reassign(*, actor, structure_id: int, today: datetime.date, request_id: int | None = None):
    """The slots an exit or an early end left empty, still to give to someone else: from
    today on, on requests still open, in date order (in one query)."""
    rows = (
        CancelledAssignment.objects.for_user(actor)
        .open()
        .filter(request__structure_id=structure_id, date__gte=today)
        .exclude(request__state__in=(RequestState.DONE, RequestState.CANCELLED))
        .select_related("request__client", "request__activity", "person", "cancelled_by")
        .order_by("date", "start_time", "pk")
    )
    return rows.filter(request_id=request_id) if request_id else rows
