"""A request's page: its assignments, one employee over a period or every week of a slot
(each day checked, the refused ones listed), a slot added, the request closed."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.common.forms import add_service_error

from .. import forms, rules, selectors
from ..models import (
    MissionRequest,
    RequestState,
)
from ..services import assignments, requests
from ..services.assignments import assignment_create_many
from .common import _get


@login_required
def request_detail(request, pk):
    mission = _get(MissionRequest.objects.for_user(request.user), pk)
    mission = selectors.request_detail(actor=request.user, pk=mission.pk)
    today = datetime.date.today()
    people = selectors.people_to_plan(actor=request.user, mission=mission, today=today)
    posted = request.POST if request.method == "POST" else None
    other_form = any(name in request.POST for name in ("slot", "close", "weekly"))
    form = forms.AssignmentForm(
        None if other_form else posted, people=people, initial=_slot_to_reassign(request)
    )
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
            "to_reassign": selectors.to_reassign(
                actor=request.user,
                structure_id=mission.structure_id,
                today=today,
                request_id=mission.pk,
            )
            if rules.can_plan(request.user, mission.structure_id)
            else [],
        },
    )


def _slot_to_reassign(request) -> dict:
    """The day and times of a slot to reassign (the link of « To reassign »), prefilled."""
    initial = {}
    # As the inputs show them (a time with seconds reads « 08:00:00 » in the browser).
    for name, key, parse, shown in (
        ("day", "jour", datetime.date.fromisoformat, "%Y-%m-%d"),
        ("start", "de", datetime.time.fromisoformat, "%H:%M"),
        ("end", "a", datetime.time.fromisoformat, "%H:%M"),
    ):
        try:
            initial[name] = parse(request.GET.get(key, "")).strftime(shown)
        except ValueError:
            continue
    return initial
