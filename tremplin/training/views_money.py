"""Pages of the training part « money »: fundings of a registration, the federation's
training invoices (list, draft, issue, credit note, PDF) — read-only for the invoiced
structure —, the BPF with its exports, the Qualiopi evidence and the complaints register.
access → form → one service or selector → redirect or render."""

from __future__ import annotations

import datetime
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.selectors import current_membership
from tremplin.common import spreadsheets
from tremplin.common.forms import add_service_error
from tremplin.missions import rules as missions_rules
from tremplin.missions.documents import mention_recovery
from tremplin.network.models import Structure

from . import bpf as bpf_module
from . import forms_money as forms
from . import qualiopi as qualiopi_module
from .models import (
    Complaint,
    Funding,
    Registration,
    TrainingInvoice,
    TrainingInvoiceStatus,
)
from .services import money
from .services.money import is_training_service

# Who the federation is on its invoices: a setting (TRAINING_SELLER) with this default, as
# the federation's identity is no structure of the network (ADR 0009).
DEFAULT_SELLER = {
    "name": "Fédération Tremplin — service formation",
    "address": "",
    "siret": "",
    "activity_declaration": "",
}


def seller() -> dict:
    return {**DEFAULT_SELLER, **getattr(settings, "TRAINING_SELLER", {})}


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def _training_service(request) -> None:
    if not is_training_service(request.user):
        raise Http404


def _invoiced_structure(request) -> Structure | None:
    """The structure whose director or accountant reads its training invoices."""
    membership = current_membership(request)
    if membership is None or not missions_rules.can_invoice(request.user, membership.structure_id):
        return None
    return membership.structure


def _readable_invoice(request, pk) -> TrainingInvoice:
    invoice = _get(
        TrainingInvoice.objects.for_user(request.user).select_related("structure", "corrects"),
        pk,
    )
    if not (
        is_training_service(request.user)
        or missions_rules.can_invoice(request.user, invoice.structure_id)
    ):
        raise Http404
    return invoice


def _year(request, today: datetime.date) -> int:
    form = forms.YearForm(request.GET)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return today.year


# --- Fundings ------------------------------------------------------------------------------


@login_required
def registration_funding(request, pk):
    """A registration's fundings, and one more recorded (never past its price)."""
    _training_service(request)
    registration = _get(
        Registration.objects.for_user(request.user).select_related("session__course", "structure"),
        pk,
    )
    form = forms.FundingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            money.funding_add(actor=request.user, registration=registration, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Funding recorded."))
            return redirect("training:registration_funding", pk=registration.pk)
    fundings = list(registration.fundings.all())
    price = money.registration_price(registration)
    funded = sum((f.amount for f in fundings), price * 0)
    return render(
        request,
        "training/money/funding.html",
        {
            "registration": registration,
            "fundings": fundings,
            "price": price,
            "funded": funded,
            "left": price - funded,
            "form": form,
        },
    )


@login_required
@require_POST
def funding_delete(request, pk):
    _training_service(request)
    funding = _get(Funding.objects.for_user(request.user), pk)
    try:
        money.funding_delete(actor=request.user, funding=funding)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Funding deleted."))
    return redirect("training:registration_funding", pk=funding.registration_id)


# --- Invoices ------------------------------------------------------------------------------


@login_required
def invoice_list(request):
    """Federation staff: every training invoice, and a draft prepared for a structure. A
    structure's director or accountant: its own training invoices, read-only."""
    if is_training_service(request.user):
        structure = None
        invoices = TrainingInvoice.objects.for_user(request.user)
    else:
        structure = _invoiced_structure(request)
        if structure is None:
            raise Http404
        invoices = TrainingInvoice.objects.for_user(request.user).filter(
            structure=structure, status=TrainingInvoiceStatus.ISSUED
        )
    invoices = invoices.select_related("structure", "corrects").annotate(line_count=Count("lines"))[
        :200
    ]
    form = None
    if structure is None:
        form = forms.DraftForm(structures=Structure.objects.order_by("name"))
    return render(
        request,
        "training/money/invoice_list.html",
        {"invoices": invoices, "structure": structure, "form": form},
    )


@login_required
@require_POST
def invoice_draft(request):
    _training_service(request)
    form = forms.DraftForm(request.POST, structures=Structure.objects.all())
    if not form.is_valid():
        messages.error(request, _("Choose the structure to invoice."))
        return redirect("training:invoice_list")
    invoice = money.training_invoice_draft(
        actor=request.user, structure_id=form.cleaned_data["structure"].pk
    )
    if invoice is None:
        messages.info(request, _("This structure has no registration to invoice."))
        return redirect("training:invoice_list")
    messages.success(request, _("Draft invoice prepared: check it, then issue it."))
    return redirect("training:invoice_detail", pk=invoice.pk)


@login_required
def invoice_detail(request, pk):
    invoice = _readable_invoice(request, pk)
    if invoice.status == TrainingInvoiceStatus.DRAFT and not is_training_service(request.user):
        raise Http404
    lines = list(invoice.lines.all())
    credit_form = None
    if (
        is_training_service(request.user)
        and invoice.status == TrainingInvoiceStatus.ISSUED
        and not invoice.is_credit_note
    ):
        credit_form = forms.CreditNoteForm(lines=lines)
    return render(
        request,
        "training/money/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": lines,
            "credit_notes": list(invoice.credit_notes.all()),
            "credit_form": credit_form,
            "can_manage": is_training_service(request.user),
        },
    )


@login_required
@require_POST
def invoice_issue(request, pk):
    _training_service(request)
    invoice = _get(TrainingInvoice.objects.for_user(request.user), pk)
    try:
        invoice = money.training_invoice_issue(actor=request.user, invoice=invoice)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Invoice %(ref)s issued.") % {"ref": invoice.reference})
    return redirect("training:invoice_detail", pk=invoice.pk)


@login_required
@require_POST
def invoice_discard(request, pk):
    _training_service(request)
    invoice = _get(TrainingInvoice.objects.for_user(request.user), pk)
    try:
        money.training_invoice_discard(actor=request.user, invoice=invoice)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("training:invoice_detail", pk=invoice.pk)
    messages.success(request, _("Draft deleted."))
    return redirect("training:invoice_list")


@login_required
@require_POST
def invoice_credit(request, pk):
    _training_service(request)
    invoice = _get(TrainingInvoice.objects.for_user(request.user), pk)
    form = forms.CreditNoteForm(request.POST, lines=list(invoice.lines.all()))
    if form.is_valid():
        try:
            credit = money.training_credit_note_create(
                actor=request.user,
                invoice=invoice,
                reason=form.cleaned_data["reason"],
                line_ids=[int(pk) for pk in form.cleaned_data["lines"]] or None,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Credit note %(ref)s issued.") % {"ref": credit.reference})
            return redirect("training:invoice_detail", pk=credit.pk)
    else:
        messages.error(request, _("Say why the invoice is credited."))
    return redirect("training:invoice_detail", pk=invoice.pk)


def invoice_pdf_bytes(invoice: TrainingInvoice) -> bytes:
    from weasyprint import CSS, HTML

    with translation.override("fr"):
        css = render_to_string("training/money/invoice_pdf.css")
        html = render_to_string(
            "training/money/invoice_pdf.html",
            {
                "invoice": invoice,
                "lines": list(invoice.lines.all()),
                "seller": seller(),
                "recovery": mention_recovery(invoice.issued_on or datetime.date.today()),
            },
        )
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=css)], pdf_variant="pdf/a-3b")


@login_required
def invoice_pdf(request, pk):
    invoice = _readable_invoice(request, pk)
    if invoice.status == TrainingInvoiceStatus.DRAFT and not is_training_service(request.user):
        raise Http404
    response = HttpResponse(invoice_pdf_bytes(invoice), content_type="application/pdf")
    name = invoice.reference or f"brouillon-{invoice.pk}"
    response["Content-Disposition"] = f'inline; filename="facture-formation-{name}.pdf"'
    return response


# --- BPF, Qualiopi, complaints -------------------------------------------------------------


@login_required
def bpf(request):
    _training_service(request)
    today = datetime.date.today()
    year = _year(request, today)
    report = bpf_module.bpf_for_year(year)
    rows = report.rows()
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        return _export(rows, year, export)
    return render(
        request,
        "training/money/bpf.html",
        {
            "report": report,
            "rows": rows,
            "money_rows": bpf_module.MONEY_ROWS,
            "year": year,
            "years": range(today.year, 2017, -1),
        },
    )


def _export(rows, year: int, export: str) -> HttpResponse:
    name = f"bpf-{year}"
    if export == "xlsx":
        book = spreadsheets.XlsxBook()
        sheet = book.sheet(f"BPF {year}")
        sheet.append(
            [_("Training report (BPF, cerfa 10443) of %(year)s") % {"year": year}], bold=True
        )
        for row in rows:
            sheet.append(row, bold=row[1] == "" and row[2] == "")
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=spreadsheets.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(spreadsheets.csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
def qualiopi(request):
    _training_service(request)
    today = datetime.date.today()
    year = _year(request, today)
    return render(
        request,
        "training/money/qualiopi.html",
        {
            "indicators": qualiopi_module.all_evidence(year=year),
            "year": year,
            "years": range(today.year, 2019, -1),
        },
    )


@login_required
def complaint_list(request):
    """The training service's complaints register: each complaint, its answer, and what
    was improved (Qualiopi indicators 31 and 32)."""
    _training_service(request)
    form = forms.ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            money.complaint_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Complaint recorded."))
            return redirect("training:complaint_list")
    return render(
        request,
        "training/money/complaints.html",
        {"complaints": Complaint.objects.all()[:200], "form": form},
    )
