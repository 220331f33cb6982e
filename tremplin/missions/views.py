"""Pages of missions: clients, requests and assignments, the week, hours, payroll export
(the invoices' pages are in invoice_views). access → form → one service → redirect or render."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.accounts.privacy import payroll_carries_nir
from tremplin.accounts.selectors import current_membership
from tremplin.common import spreadsheets
from tremplin.common.forms import add_service_error
from tremplin.people.models import Person

from . import forms, planner, planning, rules, selectors
from .models import (
    Assignment,
    Client,
    ClientKind,
    MissionRequest,
    PriceItem,
    RequestSlot,
    RequestState,
    VatRule,
)
from .services import assignments, hours, prices, requests
from .services.assignments import assignment_create, assignment_create_many, assignment_remove

WEEK_ROWS = 50  # employees a page of the week grid


def _structure(request):
    membership = current_membership(request)
    if membership is None or not membership.is_staff_role:
        raise Http404
    return membership.structure


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def _month(request) -> datetime.date:
    form = forms.MonthForm(request.GET)
    today = datetime.date.today()
    return form.cleaned_data["month"].replace(day=1) if form.is_valid() else today.replace(day=1)


# --- Clients and requests ---------------------------------------------------------------------


@login_required
def client_list(request):
    structure = _structure(request)
    return render(
        request,
        "missions/client_list.html",
        {
            "clients": selectors.client_list(actor=request.user, structure_id=structure.pk),
            "can_plan": rules.can_plan(request.user, structure.pk),
        },
    )


@login_required
def client_create(request):
    structure = _structure(request)
    rules.require(rules.can_plan(request.user, structure.pk))
    form = forms.ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = Client(structure=structure, **form.cleaned_data)
        try:
            client.full_clean()
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            client.save()
            messages.success(request, _("Client recorded."))
            return redirect("missions:client_detail", pk=client.pk)
    return render(request, "missions/form.html", {"form": form, "title": _("New client")})


@login_required
def client_detail(request, pk):
    client = _get(Client.objects.for_user(request.user).select_related("commune"), pk)
    return render(
        request,
        "missions/client_detail.html",
        {
            "client": client,
            "requests": client.requests.select_related("activity").order_by("-start_date"),
            "hours": selectors.client_hours(client),
            "months": selectors.client_hours_by_month(client),
            "invoices": selectors.invoice_list(
                actor=request.user, structure_id=client.structure_id
            ).filter(client=client),
            "can_plan": rules.can_plan(request.user, client.structure_id),
            "can_invoice": rules.can_invoice(request.user, client.structure_id),
        },
    )


@login_required
def request_create(request, pk):
    client = _get(Client.objects.for_user(request.user), pk)
    rules.require(rules.can_plan(request.user, client.structure_id))
    # The place starts from the client's address: typing a commune's name alone may pick
    # another commune of that name, far away.
    form = forms.RequestForm(
        request.POST or None, initial={"commune": client.commune, "address": client.address}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            mission = MissionRequest.objects.create(
                structure_id=client.structure_id,
                client=client,
                activity=data["activity"],
                commune=data["commune"],
                address=data["address"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                hours=data["hours"],
                skills=data["skills"],
                notes=data["notes"],
            )
            RequestSlot.objects.create(
                request=mission,
                weekday=data["weekday"],
                start_time=data["start_time"],
                end_time=data["end_time"],
            )
        messages.success(request, _("Request recorded."))
        return redirect("missions:request_detail", pk=mission.pk)
    return render(
        request,
        "missions/form.html",
        {"form": form, "title": _("New request for %(client)s") % {"client": client.name}},
    )


@login_required
def request_detail(request, pk):
    mission = _get(MissionRequest.objects.for_user(request.user), pk)
    mission = selectors.request_detail(actor=request.user, pk=mission.pk)
    today = datetime.date.today()
    people = selectors.people_to_plan(actor=request.user, mission=mission, today=today)
    posted = request.POST if request.method == "POST" else None
    other_form = any(name in request.POST for name in ("slot", "close", "weekly"))
    form = forms.AssignmentForm(None if other_form else posted, people=people)
    weekly_form = forms.WeeklyAssignmentForm(
        posted if "weekly" in request.POST else None,
        people=people,
        slots=mission.slots.all(),
        prefix="weekly",
    )
    slot_form = forms.SlotForm(request.POST if "slot" in request.POST else None, prefix="slot")
    refused = []
    if request.method == "POST":
        rules.require(rules.can_plan(request.user, mission.structure_id))
        if "close" in request.POST:
            try:
                requests.request_close(
                    actor=request.user, request=mission, state=request.POST["close"]
                )
                messages.success(request, _("Request closed."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("missions:request_detail", pk=mission.pk)
        if "slot" in request.POST and slot_form.is_valid():
            try:
                requests.request_slot_add(
                    actor=request.user, request=mission, **slot_form.cleaned_data
                )
            except ValidationError as exc:
                add_service_error(slot_form, exc)
            else:
                messages.success(request, _("Slot added."))
                return redirect("missions:request_detail", pk=mission.pk)
        batch = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            days = form.days()
            if not days:
                form.add_error("weekdays", _("No day of the period falls on the days checked."))
            else:
                batch = assignment_create_many(
                    actor=request.user,
                    request=mission,
                    person=data["person"],
                    days=days,
                    start=data["start"],
                    end=data["end"],
                )
                if len(days) == 1 and batch.refused:
                    # One day: its reasons on the form, as before.
                    form.add_error(None, " ".join(batch.refused[0][1]))
                    batch = None
        if weekly_form.is_bound and weekly_form.is_valid():
            slot = weekly_form.cleaned_data["slot"]
            days = assignments.weekly_days(mission, slot.weekday, from_day=today)
            if not days:
                weekly_form.add_error("slot", _("The request has no such day left."))
            else:
                batch = assignment_create_many(
                    actor=request.user,
                    request=mission,
                    person=weekly_form.cleaned_data["person"],
                    days=days,
                    start=slot.start_time,
                    end=slot.end_time,
                )
        if batch is not None:
            if batch.created:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s assignment recorded.",
                        "%(n)s assignments recorded.",
                        len(batch.created),
                    )
                    % {"n": len(batch.created)},
                )
            if not batch.refused:
                return redirect("missions:request_detail", pk=mission.pk)
            refused = [(day, " ".join(reasons)) for day, reasons in batch.refused]
    return render(
        request,
        "missions/request_detail.html",
        {
            "mission": mission,
            "form": form,
            "weekly_form": weekly_form,
            "slot_form": slot_form,
            "refused": refused,
            "is_open": mission.state not in (RequestState.DONE, RequestState.CANCELLED),
            "assignments": mission.assignments.select_related("person").order_by(
                "date", "start_time"
            ),
            "can_plan": rules.can_plan(request.user, mission.structure_id),
        },
    )


@login_required
def week(request):
    structure = _structure(request)
    try:
        day = datetime.date.fromisoformat(request.GET.get("semaine", ""))
    except ValueError:
        day = datetime.date.today()
    monday = day - datetime.timedelta(days=day.weekday())
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    # Every employee who may work this week, with their hours against their contract's and,
    # in an AI, what is left under the commercial-sector cap (warned from 80 %).
    page = Paginator(
        planning.people_under_contract(actor=request.user, structure=structure, monday=monday),
        WEEK_ROWS,
    ).get_page(request.GET.get("page"))
    people = list(page.object_list)
    cells: dict[int, dict] = defaultdict(lambda: {d: [] for d in days})
    for assignment in selectors.week_assignments(
        actor=request.user, structure_id=structure.pk, monday=monday
    ).filter(person__in=people):
        cells[assignment.person_id][assignment.date].append(assignment)
    rows = [
        {
            "person": row.person,
            "cells": [(cells[row.person.pk][d], d in row.employee.unavailable_days) for d in days],
            "hours": row.employee.assigned_hours,
            "target": row.employee.target_hours,
            "cap": row.cap,
            "cap_warning": row.cap_warning,
        }
        for row in planning.week_people(
            actor=request.user, structure=structure, monday=monday, people=people
        )
    ]
    return render(
        request,
        "missions/week.html",
        {
            "days": days,
            "rows": rows,
            "page": page,
            "query": f"semaine={monday.isoformat()}",
            "capped": structure.kind == "AI",
            "can_plan": rules.can_plan(request.user, structure.pk),
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
        },
    )


@login_required
def assignment_delete(request, pk):
    """Take an assignment off the week (before any hours are entered for it)."""
    assignment = _get(Assignment.objects.for_user(request.user), pk)
    if request.method != "POST":
        raise Http404
    try:
        assignment_remove(actor=request.user, assignment=assignment)
        messages.success(request, _("Assignment removed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{reverse('missions:week')}?semaine={assignment.date.isoformat()}")


@login_required
def week_proposal(request):
    """Run the planner on the week and show its proposal; nothing is assigned until the
    planner of the structure accepts (each accepted line goes through the usual checks)."""
    structure = _structure(request)
    rules.require(rules.can_plan(request.user, structure.pk))
    try:
        day = datetime.date.fromisoformat(
            request.POST.get("semaine") or request.GET.get("semaine", "")
        )
    except ValueError:
        day = datetime.date.today()
    monday = day - datetime.timedelta(days=day.weekday())
    problem, mapping = planning.build_problem(
        actor=request.user, structure=structure, monday=monday
    )
    if request.method == "POST" and "accept" in request.POST:
        people = {
            p.pk: p for p in Person.objects.for_user(request.user).filter(structure=structure)
        }
        done, refused = 0, []
        for line in request.POST.getlist("line"):
            slot_id, _sep, person_id = line.rpartition("|")
            if slot_id not in mapping or not person_id.isdigit() or int(person_id) not in people:
                continue
            mission, slot_day, start, end = mapping[slot_id]
            try:
                assignment_create(
                    actor=request.user,
                    request=mission,
                    person=people[int(person_id)],
                    day=slot_day,
                    start=start,
                    end=end,
                )
                done += 1
            except ValidationError as exc:
                refused.append(" ".join(exc.messages))
        messages.success(request, _("%(n)s assignments made.") % {"n": done})
        for reason in refused:
            messages.error(request, reason)
        return redirect(f"{reverse('missions:week')}?semaine={monday.isoformat()}")
    plan = planner.solve(problem, 2.0) if problem.slots and problem.employees else None
    chosen = plan.employee_for() if plan else {}
    # Each line offers the proposed employee and others who could take the slot: the staff
    # edits the plan by choosing another, or nobody; acceptance checks every line again.
    options = {
        slot.id: [e.id for e in planner.alternatives(problem, slot)] for slot in problem.slots
    }
    wanted = set(chosen.values()).union(*options.values())
    people = {p.pk: p for p in Person.objects.for_user(request.user).filter(pk__in=wanted)}
    lines = []
    for slot in sorted(problem.slots, key=lambda s: (s.day, s.start)):
        proposed = chosen.get(slot.id)
        ids = [proposed] if proposed else []
        ids += [i for i in options[slot.id] if i != proposed]
        lines.append(
            {
                "slot": slot,
                "request": mapping[slot.id][0],
                "person": people.get(proposed),
                "choices": [(f"{slot.id}|{i}", people[i], i == proposed) for i in ids],
            }
        )
    return render(
        request,
        "missions/proposal.html",
        {
            "monday": monday,
            "lines": lines,
            "plan": plan,
            "unfilled": planner.explain_unfilled(problem, plan) if plan else {},
        },
    )


@login_required
def price_list(request):
    """The structure's prices: who plans reads them, the director and the accountant set
    them (invoices copy them when drafted)."""
    structure = _structure(request)
    can_edit = rules.can_invoice(request.user, structure.pk)
    form = forms.PriceListForm(
        request.POST or None,
        activities=structure.activities.order_by("name"),
        prices={p.activity_id: p for p in PriceItem.objects.filter(structure=structure)},
        vat_rules={v.client_kind: v for v in VatRule.objects.filter(structure=structure)},
    )
    if request.method == "POST":
        rules.require(can_edit)
        if form.is_valid():
            data = form.cleaned_data
            prices.price_list_save(
                actor=request.user,
                structure=structure,
                rates={a.pk: (data[f"rate_{a.pk}"], data[f"fee_{a.pk}"]) for a in form.activities},
                vat={kind: (data[f"vat_{kind}"], data[f"ref_{kind}"]) for kind in ClientKind},
            )
            messages.success(request, _("Price list saved."))
            return redirect("missions:price_list")
    return render(
        request,
        "missions/price_list.html",
        {"form": form, "can_edit": can_edit, "structure": structure},
    )


# --- Hours ------------------------------------------------------------------------------------


@login_required
def hours_month(request):
    structure = _structure(request)
    month = _month(request)
    people = Person.objects.for_user(request.user).filter(structure=structure).order_by("last_name")
    clients = Client.objects.for_user(request.user).filter(structure=structure)
    form = forms.TimeEntryForm(request.POST or None, people=people, clients=clients)
    if request.method == "POST" and "validate" in request.POST:
        entries = selectors.month_entries(
            actor=request.user, structure_id=structure.pk, month=month
        ).filter(pk__in=request.POST.getlist("entry"))
        try:
            count = hours.time_entries_validate(actor=request.user, entries=entries)
            messages.success(request, _("%(n)s entries validated.") % {"n": count})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?month={month:%Y-%m}")
    if request.method == "POST" and "close" in request.POST:
        try:
            hours.month_close(actor=request.user, structure=structure, month=month)
            messages.success(request, _("Month closed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?month={month:%Y-%m}")
    if request.method == "POST" and form.is_valid():
        try:
            hours.time_entry_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Hours recorded."))
            return redirect(f"{request.path}?month={month:%Y-%m}")
    return render(
        request,
        "missions/hours.html",
        {
            "form": form,
            "month": month,
            "entries": selectors.month_entries(
                actor=request.user, structure_id=structure.pk, month=month
            ),
            "closed": hours.month_is_closed(structure.pk, month),
            "can_validate": rules.can_validate_hours(request.user, structure.pk),
        },
    )


@login_required
def payroll_export(request):
    structure = _structure(request)
    rules.require(rules.can_invoice(request.user, structure.pk))
    month = _month(request)
    with_nir = payroll_carries_nir(request.user, structure.pk)
    rows = list(selectors.payroll_rows(actor=request.user, structure_id=structure.pk, month=month))
    # The NIR only with the explicit permission (accounts.privacy), each such file logged.
    identifier = ["nir_ou_ntt"] if with_nir else []
    header = ["mois", "nom", "prenoms", *identifier, "contrat", "debut_contrat", "heures"]
    lines = (
        [
            f"{month:%Y-%m}",
            person.last_name,
            person.first_names,
            *([person.nir or person.ntt] if with_nir else []),
            contract.kind if contract else "",
            contract.start_date.isoformat() if contract else "",
            total,
        ]
        for person, contract, total in rows
    )
    response = HttpResponse(
        spreadsheets.csv_bytes(lines, header=header), content_type="text/csv; charset=utf-8"
    )
    if with_nir:
        hours.payroll_nir_export_log(
            actor=request.user, structure=structure, month=month, people=len(rows)
        )
    response["Content-Disposition"] = f'attachment; filename="paie-{month:%Y-%m}.csv"'
    return response
