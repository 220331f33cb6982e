"""The month's hours (entered, validated, closed) and the payroll export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.accounts.privacy import payroll_carries_nir
from tremplin.common import spreadsheets
from tremplin.common.forms import add_service_error
from tremplin.people.models import Person

from .. import forms, rules, selectors
from ..models import (
    Client,
)
from ..services import hours
from .common import _month, _structure


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
