"""The home-services (SAP) part of a slice: a structure's households served, its hours of
intervention by activity of the Code du travail (D7231-1), its households under the
immediate advance and its intervenants in an insertion path, per period of the year, in
six queries whatever its size (definitions.py says what each figure means).

Stored as parts that add up, so that disclosure control sees the differences a reader
could work out (served − under the advance):
- ``sap_households`` / ``advance`` and ``other``: the households served, counted once a
  period, split by the immediate advance;
- ``sap_intervenants`` / ``insertion`` and ``other``: the employees who worked at a
  household in the period, split by their insertion path on the days of those hours;
- ``sap_hours`` / activity code (``other``: an activity outside the catalogue): validated
  hours at households, counting the fewer of their households and their intervenants.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth

from tremplin.homecare.models import (
    AdvanceStatus,
    Household,
    PaymentRequest,
    RequestStatus,
    Service,
)
from tremplin.missions.models import ClientKind, Invoice, InvoiceStatus, TimeEntry
from tremplin.people.models import Approval, Contract
from tremplin.people.models.contracts import ContractKind

OFF_CATALOGUE = "other"
# Contracts of an insertion path (the ASP's); « other » is a structure's own staff.
INSERTION_CONTRACTS = (
    ContractKind.CDDI,
    ContractKind.CDD_USAGE,
    ContractKind.MISSION,
    ContractKind.CDI_INCLUSION,
)
# A payment request URSSAF never took (not sent, or not accepted) put nobody under it.
NOT_TAKEN = (RequestStatus.TO_SEND, RequestStatus.NOT_ACCEPTED)


def _in_path():
    """On the day of the hours: a valid PASS IAE and a running insertion contract with the
    structure (the same checks as an assignment's)."""
    day, person = OuterRef("date"), OuterRef("person_id")
    running = Q(early_end_date__gte=day) | Q(early_end_date__isnull=True, planned_end_date__gte=day)
    running |= Q(early_end_date__isnull=True, planned_end_date__isnull=True)
    pass_valid = Approval.objects.filter(person_id=person, start_date__lte=day, end_date__gte=day)
    contract = Contract.objects.filter(
        running,
        person_id=person,
        structure_id=OuterRef("structure_id"),
        kind__in=INSERTION_CONTRACTS,
        start_date__lte=day,
    )
    return Exists(pass_valid) & Exists(contract)


def homecare_figures(s) -> None:
    """Adds the SAP figures of the slice `s` (compute._Slice)."""
    if not Household.objects.filter(structure=s.structure).exists():
        return  # no home services: the other four queries would find nothing
    activity_of: dict[int, str] = {}
    for work_activity_id, code in (
        Service.objects.filter(structure=s.structure)
        .order_by("pk")
        .values_list("work_activity_id", "activity")
    ):
        activity_of.setdefault(work_activity_id, code)  # as NOVA: the first service's
    served: dict[int, set] = defaultdict(set)  # month → household clients
    workers: dict[int, set] = defaultdict(set)  # month → intervenants
    in_path: dict[int, set] = defaultdict(set)  # month → intervenants in an insertion path
    hours = (
        TimeEntry.objects.filter(
            structure=s.structure,
            client__kind=ClientKind.HOUSEHOLD,
            status="validated",
            date__range=(s.first, s.last),
        )
        .annotate(m=ExtractMonth("date"), path=_in_path())
        .values_list("m", "client_id", "person_id", "assignment__request__activity_id", "path")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    by_activity: dict[tuple[int, str], list] = defaultdict(lambda: [0, set(), set()])
    for month, client_id, person_id, work_activity_id, path, total in hours:
        served[month].add(client_id)
        workers[month].add(person_id)
        if path:
            in_path[month].add(person_id)
        cell = by_activity[month, activity_of.get(work_activity_id, OFF_CATALOGUE)]
        cell[0] += total
        cell[1].add(client_id)
        cell[2].add(person_id)
    invoiced = (
        Invoice.objects.filter(
            structure=s.structure,
            client__kind=ClientKind.HOUSEHOLD,
            period_start__range=(s.first, s.last),
        )
        .exclude(status=InvoiceStatus.DRAFT)
        .annotate(m=ExtractMonth("period_start"))
        .values_list("m", "client_id")
        .distinct()
    )
    for month, client_id in invoiced:
        served[month].add(client_id)
    requested: dict[int, set] = defaultdict(set)
    for month, client_id in (
        PaymentRequest.objects.filter(
            structure=s.structure, invoice__period_start__range=(s.first, s.last)
        )
        .exclude(status__in=NOT_TAKEN)
        .annotate(m=ExtractMonth("invoice__period_start"))
        .values_list("m", "household__client_id")
        .distinct()
    ):
        requested[month].add(client_id)
    enrolled = {
        client_id: sent_at.date() if sent_at else None
        for client_id, sent_at in Household.objects.filter(
            structure=s.structure, advance_status=AdvanceStatus.ENROLLED
        ).values_list("client_id", "advance_enrolment__sent_at")
    }
    for period in s.periods:
        months = range(period.first.month, period.last.month + 1)
        households = set().union(*(served[m] for m in months))
        advance = set().union(*(requested[m] for m in months)) & households
        advance |= {
            h for h in households if h in enrolled and (enrolled[h] or period.last) <= period.last
        }
        codes = (period.code,)
        s.add("sap_households", "advance", len(advance), advance, codes)
        s.add("sap_households", "other", len(households - advance), households - advance, codes)
        people = set().union(*(workers[m] for m in months))
        insertion = set().union(*(in_path[m] for m in months))
        s.add("sap_intervenants", "insertion", len(insertion), insertion, codes)
        s.add("sap_intervenants", "other", len(people - insertion), people - insertion, codes)
        for (month, code), (total, clients, persons) in by_activity.items():
            if month in months:
                s.add("sap_hours", code, total, clients, codes, also=persons)
