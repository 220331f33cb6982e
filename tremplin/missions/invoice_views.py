"""Pages of invoices: the accountant's month (list, prepare, issue), an invoice (payments,
reminders, credit notes, e-invoicing), its PDF, a client's payment terms.
access → form → one service → redirect or render."""

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

from tremplin.common.forms import add_service_error

from . import forms, rules, selectors
from .einvoicing import is_einvoice
from .models import Client, Invoice, InvoiceTransmission
from .services import invoices, transmissions
from .views.common import _get, _structure


@login_required
def client_payment_terms(request, pk):
    """The payment terms agreed with a client, which its due dates follow."""
    client = _get(Client.objects.for_user(request.user), pk)
    rules.require(rules.can_invoice(request.user, client.structure_id))
    form = forms.PaymentTermsForm(
        request.POST or None,
        initial={"payment_terms": client.payment_terms, "payment_days": client.payment_days},
    )
    if request.method == "POST" and form.is_valid():
        try:
            invoices.client_payment_terms_set(
                actor=request.user, client=client, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Payment terms recorded."))
            return redirect("missions:client_detail", pk=client.pk)
    return render(
        request,
        "missions/form.html",
        {"form": form, "title": _("Payment terms of %(client)s") % {"client": client.name}},
    )


# --- Invoices ---------------------------------------------------------------------------------


INVOICES_PER_PAGE = 50


def _previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@login_required
def invoice_list(request):
    """The invoices of a month (by default the last one, which the accountant invoices),
    filtered and paginated; the accountant prepares the month's drafts from the validated
    hours, then issues them all at once."""
    structure = _structure(request)
    today = datetime.date.today()
    filters = forms.InvoiceFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    month = (data.get("month") or _previous_month(today)).replace(day=1)
    can_invoice = rules.can_invoice(request.user, structure.pk)
    if request.method == "POST":
        rules.require(can_invoice)
        try:
            if request.POST.get("action") == "issue":
                issued = invoices.invoices_issue_month(
                    actor=request.user, structure_id=structure.pk, month=month
                )
                if issued:
                    messages.success(
                        request,
                        _("%(n)s invoices issued, from %(first)s to %(last)s.")
                        % {
                            "n": len(issued),
                            "first": issued[0].reference,
                            "last": issued[-1].reference,
                        },
                    )
                else:
                    messages.info(request, _("No draft invoice to issue for this month."))
            else:
                drafts, errors = invoices.invoice_drafts_for_month(
                    actor=request.user, structure_id=structure.pk, month=month
                )
                names = Client.objects.for_user(request.user).in_bulk(list(errors))
                for client_id, error in errors.items():
                    messages.error(request, f"{names[client_id].name} : {error}")
                messages.success(request, _("%(n)s draft invoices prepared.") % {"n": len(drafts)})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?month={month:%Y-%m}")
    listed = selectors.invoice_list(
        actor=request.user,
        structure_id=structure.pk,
        month=month,
        state=data.get("state", ""),
        client_kind=data.get("kind", ""),
        overdue_on=today if data.get("overdue") else None,
    )
    page = Paginator(listed, INVOICES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["month"] = f"{month:%Y-%m}"
    return render(
        request,
        "missions/invoice_list.html",
        {
            "page": page,
            "invoices": page.object_list,
            "query": query.urlencode(),
            "filters": filters,
            "summary": selectors.invoice_month_summary(
                actor=request.user, structure_id=structure.pk, month=month
            ),
            "overdue": selectors.overdue_invoices(
                actor=request.user, structure_id=structure.pk, on=today
            )[:20],
            "month": month,
            "previous_month": _previous_month(month),
            "next_month": (month + datetime.timedelta(days=32)).replace(day=1),
            "is_current_month": month == today.replace(day=1),
            "can_prepare": month <= today,
            "can_invoice": can_invoice,
        },
    )


@login_required
def invoice_detail(request, pk):
    """An invoice with its lines, payments and reminders; the accountant records a payment,
    sends a reminder or cancels it with a credit note."""
    invoice = _get(
        Invoice.objects.for_user(request.user).select_related("client", "structure", "corrects"),
        pk,
    )
    can_invoice = rules.can_invoice(request.user, invoice.structure_id)
    payment_form = forms.PaymentForm(
        request.POST if "payment" in request.POST else None,
        initial={"paid_on": datetime.date.today()},
        prefix="payment",
    )
    # Both forms have an amount: their prefixes keep the page's ids (and the labels that
    # point at them) apart, or the credit note's label would fill the payment's field.
    credit_form = forms.CreditNoteForm(
        request.POST if "credit_note" in request.POST else None, prefix="credit"
    )
    if request.method == "POST":
        rules.require(can_invoice)
        try:
            if "transmit" in request.POST:
                transmissions.invoice_transmit(actor=request.user, invoice=invoice)
                messages.success(request, _("The invoice will be sent to the client's platform."))
                return redirect("missions:invoice_detail", pk=invoice.pk)
            if "remind" in request.POST:
                reminder = invoices.invoice_remind(actor=request.user, invoice=invoice)
                messages.success(
                    request,
                    _("Reminder sent to %(email)s.") % {"email": reminder.sent_to}
                    if reminder.sent_to
                    else _("Reminder recorded: the client has no email, send it by post."),
                )
                return redirect("missions:invoice_detail", pk=invoice.pk)
            if "payment" in request.POST and payment_form.is_valid():
                invoices.payment_record(
                    actor=request.user, invoice=invoice, **payment_form.cleaned_data
                )
                messages.success(request, _("Payment recorded."))
                return redirect("missions:invoice_detail", pk=invoice.pk)
            if "credit_note" in request.POST and credit_form.is_valid():
                credit = invoices.credit_note_create(
                    actor=request.user,
                    invoice=invoice,
                    reason=credit_form.cleaned_data["reason"],
                    amount=credit_form.cleaned_data["amount"],
                )
                messages.success(
                    request, _("Credit note %(ref)s issued.") % {"ref": credit.reference}
                )
                return redirect("missions:invoice_detail", pk=credit.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    today = datetime.date.today()
    return render(
        request,
        "missions/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "payments": invoice.payments.all(),
            "reminders": invoice.reminders.all(),
            "credit_notes": invoice.credit_notes.all(),
            "to_credit": invoice.total - invoices.invoice_credited(invoice),
            "transmission": InvoiceTransmission.objects.filter(invoice=invoice).first(),
            "is_einvoice": is_einvoice(invoice),
            "balance": invoices.invoice_balance(invoice),
            "overdue": invoices.is_overdue(invoice, today),
            "can_invoice": can_invoice,
            "payment_form": payment_form,
            "credit_form": credit_form,
        },
    )


@login_required
def invoice_issue(request, pk):
    invoice = _get(Invoice.objects.for_user(request.user), pk)
    if request.method != "POST":
        raise Http404
    try:
        invoices.invoice_issue(actor=request.user, invoice=invoice)
        messages.success(request, _("Invoice issued."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    # Back to the invoice's month, where the accountant was.
    return redirect(f"{reverse('missions:invoice_list')}?month={invoice.period_start:%Y-%m}")


@login_required
def invoice_pdf(request, pk):
    invoice = _get(Invoice.objects.for_user(request.user).select_related("client", "structure"), pk)
    from . import documents  # WeasyPrint loads system libraries: only when a PDF is asked for

    data = documents.invoice_facturx(invoice)
    response = HttpResponse(data, content_type="application/pdf")
    name = invoice.reference or f"brouillon-{invoice.pk}"
    response["Content-Disposition"] = f'attachment; filename="facture-{name}.pdf"'
    return response
