"""Pages of clients and their requests: the list, a client's page, its creation and edit,
a new request. access → form → one service → redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.common.forms import add_service_error

from .. import forms, rules, selectors
from ..models import Client
from ..services import clients
from .common import _get, _structure


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
        try:
            client = clients.client_create(
                actor=request.user, structure=structure, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Client recorded."))
            return redirect("missions:client_detail", pk=client.pk)
    return render(request, "missions/form.html", {"form": form, "title": _("New client")})


@login_required
def client_edit(request, pk):
    client = _get(Client.objects.for_user(request.user), pk)
    rules.require(rules.can_plan(request.user, client.structure_id))
    initial = {name: getattr(client, name) for name in clients.EDITABLE_FIELDS}
    form = forms.ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            clients.client_update(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Client updated."))
            return redirect("missions:client_detail", pk=client.pk)
    return render(
        request,
        "missions/form.html",
        {"form": form, "title": _("Edit %(client)s") % {"client": client.name}},
    )


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
        try:
            mission = clients.request_create(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Request recorded."))
            return redirect("missions:request_detail", pk=mission.pk)
    return render(
        request,
        "missions/form.html",
        {"form": form, "title": _("New request for %(client)s") % {"client": client.name}},
    )
