"""Pages of households' money: the month's payments, SEPA direct debits (creditor, mandates,
batches and their pain.008 file) and the NOVA statistics.
access → form → one service or selector → redirect or render."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.common import spreadsheets
from tremplin.common.forms import add_service_error
from tremplin.missions import rules as missions_rules

from . import forms_money as forms
from . import nova, selectors_money
from .models import BatchStatus, DirectDebitBatch, DirectDebitMandate, SepaCreditor
from .services import money, sepa
from .views_common import staff_structure


def _accounting_structure(request):
    """The structure of a director or an accountant: the others get a 404, as for a page
    that does not exist for them."""
    structure = staff_structure(request)
    if not missions_rules.can_invoice(request.user, structure.pk):
        raise Http404
    return structure


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def _month(request, today: datetime.date) -> datetime.date:
    form = forms.MonthForm(request.GET)
    if form.is_valid() and form.cleaned_data["month"]:
        return form.cleaned_data["month"].replace(day=1)
    return today.replace(day=1)


@login_required
def payments(request):
    """The households' payments received in a month, by method, with how each stands on
    the tax attestation."""
    structure = staff_structure(request)
    today = datetime.date.today()
    month = _month(request, today)
    rows = list(
        selectors_money.household_payments(
            actor=request.user, structure_id=structure.pk, month=month
        )
    )
    for payment in rows:
        payment.standing = selectors_money.attestation_standing(payment.method)
    return render(
        request,
        "homecare/money/payments.html",
        {
            "structure": structure,
            "month": month,
            "previous_month": (month - datetime.timedelta(days=1)).replace(day=1),
            "next_month": (month + datetime.timedelta(days=32)).replace(day=1),
            "payments": rows,
            "totals": selectors_money.totals_by_method(rows),
            "total": sum((p.amount for p in rows), 0),
        },
    )


@login_required
def debits(request):
    """Direct debits: the creditor's details, the mandates, the batches, and a new batch."""
    structure = _accounting_structure(request)
    form = forms.BatchForm(
        request.POST or None,
        initial={"collection_date": datetime.date.today() + datetime.timedelta(days=2)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch, left_out = sepa.direct_debit_batch_create(
                actor=request.user,
                structure=structure,
                collection_date=form.cleaned_data["collection_date"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Batch of %(n)s direct debits made: download its file for the bank.")
                % {"n": batch.orders.count()},
            )
            for reason in left_out.values():
                messages.warning(request, reason)
            return redirect("homecare:money_batch_detail", pk=batch.pk)
    return render(
        request,
        "homecare/money/debits.html",
        {
            "structure": structure,
            "creditor": SepaCreditor.objects.for_user(request.user)
            .filter(structure=structure)
            .first(),
            "mandates": selectors_money.mandates(actor=request.user, structure_id=structure.pk),
            "batches": selectors_money.batches(actor=request.user, structure_id=structure.pk)[:24],
            "form": form,
        },
    )


@login_required
def creditor(request):
    structure = _accounting_structure(request)
    current = SepaCreditor.objects.for_user(request.user).filter(structure=structure).first()
    initial = (
        {
            "name": current.name,
            "creditor_id": current.creditor_id,
            "iban": current.iban,
            "bic": current.bic,
        }
        if current
        else {"name": structure.name}
    )
    form = forms.CreditorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            money.sepa_creditor_set(actor=request.user, structure=structure, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("SEPA creditor details recorded."))
            return redirect("homecare:money_debits")
    return render(
        request,
        "homecare/money/form.html",
        {"form": form, "title": _("SEPA creditor of %(name)s") % {"name": structure.name}},
    )


@login_required
def mandate_create(request):
    structure = _accounting_structure(request)
    households = selectors_money.households(actor=request.user, structure_id=structure.pk)
    form = forms.MandateForm(
        request.POST or None, households=households, initial={"household": request.GET.get("foyer")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            mandate = money.mandate_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Mandate %(rum)s recorded.") % {"rum": mandate.rum})
            return redirect("homecare:money_debits")
    return render(
        request,
        "homecare/money/form.html",
        {"form": form, "title": _("A household's direct debit mandate")},
    )


@login_required
@require_POST
def mandate_revoke(request, pk):
    mandate = _get(DirectDebitMandate.objects.for_user(request.user), pk)
    missions_rules.require(missions_rules.can_invoice(request.user, mandate.structure_id))
    money.mandate_revoke(actor=request.user, mandate=mandate)
    messages.success(request, _("Mandate %(rum)s revoked.") % {"rum": mandate.rum})
    return redirect("homecare:money_debits")


def _batch(request, pk) -> DirectDebitBatch:
    batch = _get(DirectDebitBatch.objects.for_user(request.user), pk)
    if not missions_rules.can_invoice(request.user, batch.structure_id):
        raise Http404
    return batch


@login_required
def batch_detail(request, pk):
    """A batch's orders; once the bank has collected it, the accountant records it (the
    orders the bank rejected ticked) and the payments are recorded on the invoices."""
    batch = _batch(request, pk)
    orders = list(batch.orders.select_related("invoice__client", "mandate"))
    form = forms.CollectedForm(request.POST if request.method == "POST" else None, orders=orders)
    if request.method == "POST" and form.is_valid():
        try:
            sepa.direct_debit_batch_collected(
                actor=request.user, batch=batch, rejected=form.cleaned_data["rejected"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Batch recorded as collected: payments recorded."))
        return redirect("homecare:money_batch_detail", pk=batch.pk)
    return render(
        request,
        "homecare/money/batch_detail.html",
        {"batch": batch, "orders": orders, "can_collect": batch.status == BatchStatus.GENERATED},
    )


@login_required
def batch_file(request, pk):
    batch = _batch(request, pk)
    response = HttpResponse(batch.xml.encode(), content_type="application/xml; charset=utf-8")
    name = f"prelevements-{batch.collection_date:%Y-%m-%d}-{batch.pk}.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def nova_statistics(request):
    """The NOVA tables of a year, by month, quarter or year; as CSV or XLSX to file."""
    structure = _accounting_structure(request)
    today = datetime.date.today()
    form = forms.NovaForm(request.GET)
    year = form.year_or(today)
    data = form.cleaned_data if form.is_valid() else {}
    granularity = data.get("period") or nova.Granularity.MONTH
    table = nova.nova_table(
        actor=request.user, structure_id=structure.pk, year=year, granularity=granularity
    )
    export = data.get("format")
    if export:
        return _export(table, export, structure)
    return render(
        request,
        "homecare/money/nova.html",
        {
            "structure": structure,
            "table": table,
            "header": table.header(),
            "rows": table.rows(),
            "year": year,
            "years": nova.nova_years(today),
            "granularity": granularity,
            "granularities": nova.Granularity.CHOICES,
        },
    )


def _export(table: nova.NovaTable, export: str, structure) -> HttpResponse:
    name = f"nova-{structure.pk}-{table.year}-{table.granularity}"
    rows = [table.header(), *table.rows()]
    if export == "xlsx":
        book = spreadsheets.XlsxBook()
        sheet = book.sheet(f"NOVA {table.year}")
        sheet.append([_("NOVA statistics of %(name)s") % {"name": structure.name}], bold=True)
        for index, row in enumerate(rows):
            sheet.append(row, bold=index == 0)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(spreadsheets.csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
