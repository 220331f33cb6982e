"""The structure's price list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import forms, rules
from ..models import (
    ClientKind,
    PriceItem,
    VatRule,
)
from ..services import prices
from .common import _structure


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
