"""Tax attestation pages: the staff's page of the year (start the run, follow it, the
attestations made), a live preview of one household's attestation, and the household's own
list in their space. Thin: parse → access → one service or selector → render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.missions import rules as missions_rules

from . import attestation_selectors as selectors
from .forms_attestations import AttestationRunForm, YearForm
from .services import attestations as services
from .views_common import staff_structure


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def attestation_staff(request):
    """The year's attestations of the structure: start the run, follow it, read them."""
    structure = staff_structure(request)
    today = datetime.date.today()
    years = YearForm(request.GET, today=today)
    year = years.cleaned_data["year"] if years.is_valid() else today.year - 1
    can_run = missions_rules.can_invoice(request.user, structure.pk)
    form = AttestationRunForm(initial={"year": year, "send_emails": True}, today=today)
    if request.method == "POST":
        missions_rules.require(can_run)
        form = AttestationRunForm(request.POST, today=today)
        if form.is_valid():
            try:
                services.attestation_run_start(
                    actor=request.user,
                    structure_id=structure.pk,
                    year=form.cleaned_data["year"],
                    send_emails=form.cleaned_data["send_emails"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The attestations are being made."))
                url = reverse("homecare:attestation_staff")
                return redirect(f"{url}?year={form.cleaned_data['year']}")
    attestations = selectors.attestation_list(
        actor=request.user, structure_id=structure.pk, year=year
    )
    page = Paginator(attestations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "homecare/attestations/staff.html",
        {
            "structure": structure,
            "year": year,
            "years": years,
            "deadline": services.attestation_deadline(year),
            "run": selectors.latest_run(actor=request.user, structure_id=structure.pk, year=year),
            "page": page,
            "can_run": can_run,
            "form": form,
        },
    )


@login_required
def attestation_run(request, pk):
    """A run's progress (the staff page polls it), and « start again » when it stopped."""
    run = selectors.access_run(request.user, pk)
    if request.method == "POST" and "restart" in request.POST:
        services.attestation_run_restart(actor=request.user, run=run)
        return redirect(f"{reverse('homecare:attestation_staff')}?year={run.year}")
    run = selectors.run_progress(run)
    return render(request, "homecare/attestations/_run.html", {"run": run})


@login_required
def attestation_pdf(request, pk):
    """An attestation as it was made and sent, for the structure's staff."""
    attestation = selectors.access_attestation(request.user, pk)
    return _pdf(attestation.pdf, attestation.filename)


@login_required
def attestation_preview(request, household_pk, year):
    """One household's attestation of a year, printed now from the payments known today
    (what a run would make): to check it before the run, or for one household alone."""
    household = selectors.access_household_for_staff(request.user, household_pk)
    try:
        data = selectors.attestation_preview_pdf(household=household, year=year)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    return _pdf(data, f"attestation-fiscale-{year}-apercu-{household.pk}.pdf")


@login_required
def my_attestations(request):
    """The household space: their attestations, to download (phone first)."""
    attestations = selectors.own_attestations(actor=request.user)
    return render(request, "homecare/attestations/mine.html", {"attestations": attestations})


@login_required
def my_attestation_pdf(request, pk):
    attestation = selectors.access_own_attestation(request.user, pk)
    return _pdf(attestation.pdf, attestation.filename)
