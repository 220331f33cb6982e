"""The household's own space (/mon-foyer/), phone first: coming and past interventions
with the intervenant's first name, quotes to accept, invoices and payments, a message to
the structure. And, in the employee's space, the access instructions of the day."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.models import StructureRole
from tremplin.accounts.selectors import current_membership
from tremplin.common.forms import add_service_error
from tremplin.missions.models import Invoice

from . import forms_households as forms
from . import rules_households as rules
from . import selectors_households as selectors
from .models import QuoteStatus
from .services import messages as message_services
from .services import quotes as quote_services
from .views_households import contract_pdf_response, quote_pdf_response


def first_name(person) -> str:
    """What a household knows of the intervenant: the first of their first names."""
    return (person.first_names or "").split(" ")[0]


def _membership(request, role):
    membership = current_membership(request)
    if membership is None or membership.role != role:
        raise Http404
    return membership


def _household(request):
    membership = _membership(request, StructureRole.CLIENT)
    return selectors.own_household(actor=request.user, structure_id=membership.structure_id)


def _own_household(request):
    household = _household(request)
    if household is None:
        raise Http404
    return household


def _rows(assignments):
    return [
        {
            "date": a.date,
            "start": a.start_time,
            "end": a.end_time,
            "hours": a.hours,
            "activity": a.request.activity.name,
            "intervenant": first_name(a.person),
        }
        for a in assignments
    ]


@login_required
def my_home(request):
    household = _household(request)
    if household is None:
        return render(request, "homecare/households/my_unlinked.html")
    today = timezone.localdate()
    quotes = [
        (q, quote_services.quote_monthly_total(q))
        for q in selectors.own_quotes(actor=request.user, household=household).filter(
            status=QuoteStatus.SENT
        )
    ]
    invoices = list(selectors.household_invoices(household=household)[:3])
    return render(
        request,
        "homecare/households/my_home.html",
        {
            "household": household,
            "coming": _rows(selectors.household_coming(household=household, today=today)),
            "past": _rows(selectors.household_past(household=household, today=today)[:5]),
            "quotes": quotes,
            "invoices": [(i, _paid(i)) for i in invoices],
            "tab": "home",
        },
    )


@login_required
def my_past(request):
    household = _own_household(request)
    today = timezone.localdate()
    return render(
        request,
        "homecare/households/my_past.html",
        {
            "household": household,
            "past": _rows(selectors.household_past(household=household, today=today)),
            "tab": "past",
        },
    )


def _paid(invoice):
    return sum((p.amount for p in invoice.payments.all()), 0)


@login_required
def my_invoices(request):
    household = _own_household(request)
    invoices = list(selectors.household_invoices(household=household)[:36])
    return render(
        request,
        "homecare/households/my_invoices.html",
        {
            "household": household,
            "invoices": [(i, _paid(i), i.total - _paid(i)) for i in invoices],
            "tab": "invoices",
        },
    )


@login_required
def my_invoice_pdf(request, pk):
    household = _own_household(request)
    try:
        invoice = selectors.household_invoice(household=household, pk=pk)
    except (Invoice.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    from tremplin.missions import documents  # WeasyPrint: only when a PDF is asked for

    response = HttpResponse(documents.invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="facture-{invoice.reference}.pdf"'
    return response


@login_required
def my_quotes(request):
    household = _own_household(request)
    quotes = selectors.own_quotes(actor=request.user, household=household)
    return render(
        request,
        "homecare/households/my_quotes.html",
        {
            "household": household,
            "quotes": [(q, quote_services.quote_monthly_total(q)) for q in quotes],
            "contracts": selectors.household_contracts(actor=request.user, household=household),
            "tab": "quotes",
        },
    )


@login_required
def my_quote_ask(request):
    """The household asks for a free quote; the staff find it among the household's quotes."""
    household = _own_household(request)
    form = forms.QuoteAskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quote_services.quote_ask(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Request sent: the structure prepares your quote."))
            return redirect("homecare:my_quotes")
    return render(
        request,
        "homecare/households/my_quote_ask.html",
        {"household": household, "form": form, "tab": "quotes"},
    )


@login_required
def my_quote(request, pk):
    household = _own_household(request)
    quote = rules.access_own_quote(request.user, household, pk)
    return render(
        request,
        "homecare/households/my_quote.html",
        {
            "household": household,
            "quote": quote,
            "lines": list(quote.lines.all()),
            "total": quote_services.quote_monthly_total(quote),
            "today": timezone.localdate(),
            "tab": "quotes",
        },
    )


def _decide(request, pk, service, done):
    household = _own_household(request)
    quote = rules.access_own_quote(request.user, household, pk)
    try:
        service(actor=request.user, quote=quote)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("homecare:my_quote", pk=quote.pk)


@login_required
@require_POST
def my_quote_accept(request, pk):
    return _decide(
        request,
        pk,
        quote_services.quote_accept_online,
        _("Quote accepted. The structure will send you the contract."),
    )


@login_required
@require_POST
def my_quote_decline(request, pk):
    return _decide(
        request,
        pk,
        quote_services.quote_decline_online,
        _("Quote declined: the structure is told."),
    )


@login_required
def my_quote_pdf(request, pk):
    household = _own_household(request)
    return quote_pdf_response(rules.access_own_quote(request.user, household, pk))


@login_required
def my_contract_pdf(request, pk):
    household = _own_household(request)
    return contract_pdf_response(rules.access_own_contract(request.user, household, pk))


@login_required
def my_message(request):
    household = _own_household(request)
    form = forms.MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message_services.household_message_send(
                actor=request.user, household=household, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Message sent to the structure."))
            return redirect("homecare:my_message")
    sent = selectors.household_messages(actor=request.user, household=household)[:10]
    return render(
        request,
        "homecare/households/my_message.html",
        {"household": household, "form": form, "sent": sent, "tab": "message"},
    )


# --- The employee's space: where they work today ------------------------------------------


@login_required
def my_access_today(request):
    """The access instructions of the households the employee works at today, and of no
    other day: an intervenant gets the door code on the day they come."""
    _membership(request, StructureRole.EMPLOYEE)
    today = timezone.localdate()
    rows = [
        {
            "assignment": assignment,
            "household": assignment.request.client.name,
            "address": f"{assignment.request.client.address}, {assignment.request.commune.name}",
            "instructions": household.access_instructions or "",
        }
        for assignment, household in selectors.access_of_the_day(actor=request.user, today=today)
    ]
    return render(
        request, "homecare/households/my_access_today.html", {"rows": rows, "today": today}
    )
