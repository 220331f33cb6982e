"""Pages of the recurring interventions: the planner's list, a new pattern, its dates with
their one-off changes and replacements, absences, hours planned against done; and the
household's own coming interventions, to cancel in time. access → form → one service."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.common.forms import add_service_error
from tremplin.missions import rules as mission_rules
from tremplin.people.models import Person

from . import selectors_recurring as selectors
from .forms_recurring import (
    AbsenceForm,
    ChangeAskForm,
    ExtendForm,
    MoveForm,
    PatternForm,
    StopForm,
)
from .models import (
    Absence,
    CancelledBy,
    Household,
    Occurrence,
    OccurrenceStatus,
    RecurringPattern,
    Service,
)
from .services import messages as message_services
from .services import recurring, replacements
from .services import recurring_changes as changes
from .sub_caps import sub_cap_overruns
from .views_common import staff_structure


def _get(queryset, pk):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


def _people(request, structure):
    return (
        Person.objects.for_user(request.user)
        .filter(structure=structure)
        .order_by("last_name", "first_names", "pk")
    )


def _month(request, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("mois", "") + "-01")
    except ValueError:
        return default.replace(day=1)


def _planned_message(done) -> str:
    return _(
        "%(planned)s interventions planned, %(holidays)s public holidays skipped, "
        "%(to_place)s to place."
    ) % {"planned": done.planned, "holidays": done.holidays, "to_place": done.to_place}


@login_required
def recurring_list(request):
    structure = staff_structure(request)
    today = timezone.localdate()
    return render(
        request,
        "homecare/recurring/list.html",
        {
            "patterns": selectors.pattern_list(actor=request.user, structure_id=structure.pk),
            "to_place": selectors.to_place(
                actor=request.user, structure_id=structure.pk, from_day=today
            )[:50],
            "can_plan": mission_rules.can_plan(request.user, structure.pk),
        },
    )


@login_required
def recurring_create(request):
    structure = staff_structure(request)
    mission_rules.require(mission_rules.can_plan(request.user, structure.pk))
    form = PatternForm(
        request.POST or None,
        households=Household.objects.for_user(request.user)
        .filter(structure=structure)
        .select_related("client")
        .order_by("client__name"),
        services=Service.objects.for_user(request.user).filter(structure=structure, is_active=True),
        people=_people(request, structure),
        initial={"household": request.GET.get("foyer")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            pattern, done = recurring.recurring_pattern_create(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _planned_message(done))
            years = range(pattern.starts_on.year, pattern.ends_on.year + 1)
            for overrun in sub_cap_overruns(household=pattern.household, years=years):
                messages.warning(request, overrun.message)
            return redirect("homecare:recurring_detail", pk=pattern.pk)
    return render(request, "homecare/recurring/form.html", {"form": form})


@login_required
def recurring_detail(request, pk):
    """The pattern and its dates; the planner carries it on or stops it."""
    structure = staff_structure(request)
    pattern = _get(
        RecurringPattern.objects.for_user(request.user)
        .filter(structure=structure)
        .select_related("household__client__commune", "service", "person"),
        pk,
    )
    can_plan = mission_rules.can_plan(request.user, structure.pk)
    posted = request.POST if request.method == "POST" else None
    extend_form = ExtendForm(posted if "extend" in request.POST else None, prefix="extend")
    stop_form = StopForm(posted if "stop" in request.POST else None, prefix="stop")
    if request.method == "POST":
        mission_rules.require(can_plan)
        try:
            if "extend" in request.POST and extend_form.is_valid():
                done = recurring.recurring_pattern_extend(
                    actor=request.user, pattern=pattern, **extend_form.cleaned_data
                )
                messages.success(request, _planned_message(done))
                return redirect("homecare:recurring_detail", pk=pattern.pk)
            if "stop" in request.POST and stop_form.is_valid():
                count = recurring.recurring_pattern_stop(
                    actor=request.user, pattern=pattern, **stop_form.cleaned_data
                )
                messages.success(
                    request,
                    _("Recurring intervention stopped: %(n)s dates cancelled.") % {"n": count},
                )
                return redirect("homecare:recurring_detail", pk=pattern.pk)
        except ValidationError as exc:
            add_service_error(extend_form if "extend" in request.POST else stop_form, exc)
    return render(
        request,
        "homecare/recurring/detail.html",
        {
            "pattern": pattern,
            "rule": recurring.rrule_text(pattern),
            "occurrences": selectors.pattern_occurrences(actor=request.user, pattern=pattern),
            "can_plan": can_plan,
            "extend_form": extend_form,
            "stop_form": stop_form,
            "today": timezone.localdate(),
        },
    )


@login_required
def occurrence_detail(request, pk):
    """One date: move it, give it to someone else (the proposals), or cancel it."""
    structure = staff_structure(request)
    occurrence = _get(
        Occurrence.objects.for_user(request.user)
        .filter(pattern__structure=structure)
        .select_related("pattern__household__client", "pattern__service", "assignment__person"),
        pk,
    )
    can_plan = mission_rules.can_plan(request.user, structure.pk)
    pattern = occurrence.pattern
    current = occurrence.assignment
    move_form = MoveForm(
        request.POST if "move" in request.POST else None,
        initial={
            "day": current.date if current else occurrence.date,
            "start": current.start_time if current else pattern.start_time,
            "end": current.end_time if current else pattern.end_time,
        },
    )
    if request.method == "POST":
        mission_rules.require(can_plan)
        try:
            if "cancel" in request.POST:
                changes.occurrence_cancel(
                    actor=request.user, occurrence=occurrence, by=CancelledBy.STRUCTURE
                )
                messages.success(request, _("Intervention cancelled."))
                return redirect("homecare:recurring_detail", pk=pattern.pk)
            if "replace" in request.POST:
                person = _get(_people(request, structure), request.POST.get("replace"))
                replacements.occurrence_replace(
                    actor=request.user, occurrence=occurrence, person=person
                )
                messages.success(request, _("Replacement planned."))
                return redirect("homecare:recurring_detail", pk=pattern.pk)
            if "move" in request.POST and move_form.is_valid():
                changes.occurrence_move(
                    actor=request.user, occurrence=occurrence, **move_form.cleaned_data
                )
                messages.success(request, _("Intervention moved."))
                return redirect("homecare:recurring_detail", pk=pattern.pk)
        except ValidationError as exc:
            if "move" in request.POST:
                add_service_error(move_form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("homecare:occurrence_detail", pk=occurrence.pk)
    open_ = occurrence.status in (OccurrenceStatus.PLANNED, OccurrenceStatus.TO_PLACE)
    proposals = (
        replacements.replacement_proposals(actor=request.user, occurrence=occurrence)
        if can_plan and occurrence.status == OccurrenceStatus.TO_PLACE
        else []
    )
    return render(
        request,
        "homecare/recurring/occurrence.html",
        {
            "occurrence": occurrence,
            "pattern": pattern,
            "move_form": move_form,
            "proposals": proposals,
            "can_change": can_plan and open_ and occurrence.date >= timezone.localdate(),
        },
    )


@login_required
def absence_list(request):
    structure = staff_structure(request)
    can_plan = mission_rules.can_plan(request.user, structure.pk)
    form = AbsenceForm(request.POST or None, people=_people(request, structure))
    if request.method == "POST":
        mission_rules.require(can_plan)
        if form.is_valid():
            try:
                _absence, freed = replacements.absence_record(
                    actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Absence recorded: %(n)s interventions to place.") % {"n": len(freed)},
                )
                return redirect("homecare:recurring_list")
    absences = (
        Absence.objects.for_user(request.user)
        .filter(structure=structure)
        .select_related("person")
        .order_by("-starts_on")[:50]
    )
    return render(
        request,
        "homecare/recurring/absences.html",
        {"form": form, "absences": absences, "can_plan": can_plan},
    )


@login_required
def recurring_hours(request, pk):
    """Planned against clocked or entered, date by date, before the month is validated."""
    structure = staff_structure(request)
    pattern = _get(
        RecurringPattern.objects.for_user(request.user)
        .filter(structure=structure)
        .select_related("household__client"),
        pk,
    )
    can_plan = mission_rules.can_plan(request.user, structure.pk)
    today = timezone.localdate()
    month = _month(request, min(today, pattern.ends_on))
    if request.method == "POST":
        mission_rules.require(can_plan)
        occurrence = _get(
            Occurrence.objects.for_user(request.user).filter(pattern=pattern),
            request.POST.get("confirm"),
        )
        try:
            changes.planned_hours_confirm(actor=request.user, occurrence=occurrence)
            messages.success(request, _("Planned hours confirmed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?mois={month:%Y-%m}")
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "homecare/recurring/hours.html",
        {
            "pattern": pattern,
            "month": month,
            "previous": previous,
            "following": following,
            "rows": selectors.pattern_month_hours(actor=request.user, pattern=pattern, month=month),
            "can_plan": can_plan,
            "today": today,
        },
    )


# --- The household's own ------------------------------------------------------------------


def _own_occurrences(request):
    return Occurrence.objects.for_user(request.user).filter(
        pattern__household__client__user=request.user
    )


@login_required
def my_interventions(request):
    """The household's coming dates of their recurring interventions (first names only)."""
    today = timezone.localdate()
    household = Household.objects.for_user(request.user).filter(client__user=request.user).first()
    rows = (
        _own_occurrences(request)
        .filter(date__gte=today)
        .exclude(status=OccurrenceStatus.HOLIDAY)
        .select_related("pattern__service", "assignment__person")
        .order_by("date", "pk")[:60]
    )
    return render(
        request,
        "homecare/recurring/my_interventions.html",
        {
            "occurrences": rows,
            # The notice of the household's contract in force, the one a cancellation obeys.
            "notice_hours": changes.change_notice(household, today).total_seconds() // 3600,
        },
    )


@login_required
@require_POST
def my_occurrence_cancel(request, pk):
    occurrence = _get(_own_occurrences(request), pk)
    try:
        changes.occurrence_cancel(
            actor=request.user, occurrence=occurrence, by=CancelledBy.HOUSEHOLD
        )
        messages.success(request, _("Intervention cancelled."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("homecare:my_coming")


@login_required
def my_occurrence_change_ask(request, pk):
    """« Ask for another time »: a request the planners find in the household's file."""
    occurrence = _get(
        _own_occurrences(request).select_related("pattern__service", "assignment"), pk
    )
    form = ChangeAskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message_services.occurrence_change_ask(
                actor=request.user, occurrence=occurrence, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Request sent: the structure will answer you."))
            return redirect("homecare:my_coming")
    return render(
        request,
        "homecare/recurring/my_change_ask.html",
        {"occurrence": occurrence, "form": form},
    )
