"""The employee's own space, phone first: today's and coming missions with their address and
a map link, clocking in and out, past missions with their hours and status, entering the
hours of a past mission, contracts, PASS IAE and documents. Only the employee's own rows:
`for_subject` and the assignments' self filter; another person's mission is a 404."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tremplin.accounts.models import StructureRole
from tremplin.accounts.privacy import policy_for
from tremplin.accounts.selectors import current_membership
from tremplin.common import reads
from tremplin.common.forms import add_service_error
from tremplin.people import subject_access

from . import forms, selectors
from .models import Assignment
from .services import clocking

PAST_PAGE_SIZE = 20
COMING_LIMIT = 30  # the next missions shown; the planner plans a few weeks ahead


# The status of a past mission's hours, as the employee reads it (labels, never codes).
STATUS_LABELS = {
    "to_enter": gettext_lazy("Hours to enter"),
    "entered": gettext_lazy("Hours entered, to be validated"),
    "validated": gettext_lazy("Hours validated"),
    "invoiced": gettext_lazy("Hours invoiced"),
}
STATUS_BADGES = {
    "to_enter": "text-bg-warning",
    "entered": "text-bg-info",
    "validated": "text-bg-success",
    "invoiced": "text-bg-secondary",
}


@dataclass
class MissionRow:
    assignment: Assignment
    address: str
    map_url: str
    geo_url: str
    entered: object  # Decimal or None
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES[self.status]

    @property
    def clocking(self):
        return getattr(self.assignment, "clocking", None)


def _address(assignment) -> tuple[str, object]:
    """Where the mission takes place: the request's own address where it has one, else the
    client's when the request is in the client's commune, else the commune alone."""
    request = assignment.request
    client = request.client
    street = getattr(request, "address", "") or (
        client.address if request.commune_id == client.commune_id else ""
    )
    commune = request.commune
    postcode = (commune.postcodes.split() or [""])[0]
    place = " ".join(part for part in (postcode, commune.name) if part)
    return ", ".join(part for part in (street, place) if part), commune


def _row(assignment) -> MissionRow:
    address, commune = _address(assignment)
    map_url = geo_url = ""
    if commune.latitude is not None and commune.longitude is not None:
        lat, lon = f"{commune.latitude:.5f}", f"{commune.longitude:.5f}"
        map_url = (
            "https://www.openstreetmap.org/?"
            + urlencode({"mlat": lat, "mlon": lon})
            + f"#map=15/{lat}/{lon}"
        )
        # geo: opens the phone's maps application, which searches the street address.
        geo_url = f"geo:{lat},{lon}?q={quote(address)}"
    entries = list(assignment.time_entries.all())
    entered = sum((e.hours for e in entries), Decimal(0)) if entries else None
    if not entries:
        status = "to_enter"
    elif any(e.invoice_id for e in entries):
        status = "invoiced"
    elif all(e.status == "validated" for e in entries):
        status = "validated"
    else:
        status = "entered"
    return MissionRow(assignment, address, map_url, geo_url, entered, status)


def _employee(request):
    """The current membership must be an employee's; their file, or None when the account
    is linked to no file yet."""
    membership = current_membership(request)
    if membership is None or membership.role != StructureRole.EMPLOYEE:
        raise Http404
    return selectors.own_person(actor=request.user)


def _person(request):
    person = _employee(request)
    if person is None:
        raise Http404
    return person


@login_required
def my_week(request):
    """Home of the space: today's missions (clock in and out), the coming ones, a summary of
    the contract and PASS IAE."""
    person = _employee(request)
    if person is None:
        return render(request, "missions/my_space_unlinked.html")
    today = timezone.localdate()
    coming = [
        _row(a)
        for a in selectors.own_coming_assignments(actor=request.user, person=person, today=today)[
            :COMING_LIMIT
        ]
    ]
    contracts = list(selectors.own_contracts(actor=request.user)[:1])
    approvals = list(selectors.own_approvals(actor=request.user)[:1])
    to_enter = (
        selectors.own_past_assignments(actor=request.user, person=person, today=today)
        .filter(time_entries__isnull=True)
        .count()
    )
    return render(
        request,
        "missions/my_week.html",
        {
            "person": person,
            "today_rows": [r for r in coming if r.assignment.date == today],
            "coming_rows": [r for r in coming if r.assignment.date > today],
            "contract": contracts[0] if contracts else None,
            "approval": approvals[0] if approvals else None,
            "to_enter": to_enter,
            "today": today,
            "tab": "coming",
        },
    )


@login_required
def my_past(request):
    """Past missions, latest first, with the hours entered and where they stand."""
    person = _person(request)
    today = timezone.localdate()
    page = Paginator(
        selectors.own_past_assignments(actor=request.user, person=person, today=today),
        PAST_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "missions/my_past.html",
        {
            "person": person,
            "page": page,
            "rows": [_row(a) for a in page.object_list],
            "tab": "past",
        },
    )


def _own_assignment(request, person, pk):
    try:
        return selectors.own_assignment(actor=request.user, person=person, pk=pk)
    except Assignment.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def my_hours(request, pk):
    """Enter the hours of one of my missions, up to today."""
    person = _person(request)
    assignment = _own_assignment(request, person, pk)
    if assignment.date > timezone.localdate():
        raise Http404
    row = _row(assignment)
    form = forms.OwnHoursForm(request.POST or None, initial={"hours": assignment.hours})
    if request.method == "POST" and form.is_valid():
        try:
            clocking.own_hours_enter(
                actor=request.user, assignment_id=assignment.pk, worked=form.cleaned_data["hours"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Hours sent to your structure for validation."))
            return redirect("missions:my_past")
    return render(
        request,
        "missions/my_hours.html",
        {"person": person, "row": row, "form": form, "tab": "past"},
    )


def _clock(request, pk, service, done, again):
    _person(request)
    try:
        result, made = service(actor=request.user, assignment_id=pk)
    except Assignment.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("missions:my_week")
    moment = result.clocked_out_at if service is clocking.assignment_clock_out else None
    moment = timezone.localtime(moment or result.clocked_in_at)
    text = done if made else again
    messages.success(request, text % {"time": date_format(moment, "H:i")})
    return redirect("missions:my_week")


@login_required
@require_POST
def my_clock_in(request, pk):
    return _clock(
        request,
        pk,
        clocking.assignment_clock_in,
        _("Clocked in at %(time)s. Good work!"),
        _("You had already clocked in at %(time)s: nothing changed."),
    )


@login_required
@require_POST
def my_clock_out(request, pk):
    return _clock(
        request,
        pk,
        clocking.assignment_clock_out,
        _("Clocked out at %(time)s: your hours are sent to your structure for validation."),
        _("You had already clocked out at %(time)s: nothing changed."),
    )


@login_required
def my_documents(request):
    """My contracts, my PASS IAE and the documents the structure holds about me."""
    person = _person(request)
    return render(
        request,
        "missions/my_documents.html",
        {
            "person": person,
            "contracts": selectors.own_contracts(actor=request.user),
            "approvals": selectors.own_approvals(actor=request.user),
            "tab": "documents",
        },
    )


@login_required
def my_data(request):
    """My own file (right of access, RGPD art. 15), as JSON or PDF: what my role reads of
    it (accounts.privacy), never another person's."""
    person = _person(request)
    reads.set_context("data_export")
    policy = policy_for(request.user, person.structure_id)
    sections = subject_access.person_data(person, policy=policy)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(
            subject_access.person_data_pdf(person, sections), content_type="application/pdf"
        )
        extension = "pdf"
    else:
        response = HttpResponse(
            json.dumps(
                subject_access.person_data_json(person, sections), ensure_ascii=False, indent=2
            ),
            content_type="application/json; charset=utf-8",
        )
        extension = "json"
    response["Content-Disposition"] = f'attachment; filename="mes-donnees.{extension}"'
    return response
