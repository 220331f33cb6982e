"""The week grid, an assignment taken off it, the planner's proposal for a week."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.people.models import Person

from .. import planner, planning, rules, selectors
from ..models import (
    Assignment,
)
from ..services.assignments import assignment_create, assignment_remove
from .common import _get, _structure

WEEK_ROWS = 50  # employees a page of the week grid


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
