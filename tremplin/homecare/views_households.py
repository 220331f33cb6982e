"""The staff's pages of the household files, quotes and contracts: parse → access → one
service or selector → render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.privacy import policy_for
from tremplin.accounts.selectors import current_membership
from tremplin.common.forms import add_service_error

from . import forms_households as forms
from . import rules_households as rules
from . import selectors_households as selectors
from .models import Financing, HouseholdMember, HouseholdMessage, QuoteLine, QuoteStatus
from .services import households as services
from .services import messages as message_services
from .services import quotes as quote_services

PAGE_SIZE = 50


def _structure(request):
    membership = current_membership(request)
    if membership is None or not membership.is_staff_role:
        raise Http404
    return membership.structure


def _form_page(request, form, title, back):
    return render(
        request, "homecare/households/form.html", {"form": form, "title": title, "back": back}
    )


@login_required
def household_list(request):
    structure = _structure(request)
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(
        selectors.household_list(actor=request.user, structure_id=structure.pk, search=search),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "homecare/households/list.html",
        {
            "page": page,
            "search": search,
            "can_plan": rules.can_plan(request.user, structure.pk),
        },
    )


@login_required
def household_create(request):
    structure = _structure(request)
    rules.require(rules.can_plan(request.user, structure.pk))
    form = forms.HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                actor=request.user, structure=structure, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Household recorded."))
            return redirect("homecare:household_detail", pk=household.pk)
    return _form_page(request, form, _("New household"), "homecare:household_list")


@login_required
def household_detail(request, pk):
    household = rules.access_household(request.user, pk)
    actor = request.user
    quotes = list(selectors.household_quotes(actor=actor, household=household))
    return render(
        request,
        "homecare/households/detail.html",
        {
            "household": household,
            "client": household.client,
            "policy": policy_for(actor, household.structure_id),
            "members": selectors.household_members(actor=actor, household=household),
            "financings": selectors.household_financings(actor=actor, household=household),
            "intervenants": selectors.usual_intervenants(actor=actor, household=household),
            "quotes": [(q, quote_services.quote_monthly_total(q)) for q in quotes],
            "contracts": selectors.household_contracts(actor=actor, household=household),
            "messages_received": selectors.household_messages(actor=actor, household=household)[
                :20
            ],
            "can_plan": rules.can_plan(actor, household.structure_id),
        },
    )


@login_required
def household_edit(request, pk):
    household = rules.access_household(request.user, pk)
    rules.require(rules.can_plan(request.user, household.structure_id))
    intervenants = selectors.intervenant_choices(actor=request.user, household=household)
    show_notes = policy_for(request.user, household.structure_id).shows(type(household), "notes")
    initial = {
        "access_instructions": household.access_instructions or "",
        "notes": (household.notes or "") if show_notes else "",
        "usual_intervenants": list(household.usual_intervenants.values_list("pk", flat=True)),
    }
    form = forms.HouseholdEditForm(
        request.POST or None, initial=initial, intervenants=intervenants, show_notes=show_notes
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Household file saved."))
            return redirect("homecare:household_detail", pk=household.pk)
    return _form_page(request, form, household.client.name, "homecare:household_list")


@login_required
def member_add(request, pk):
    household = rules.access_household(request.user, pk)
    rules.require(rules.can_plan(request.user, household.structure_id))
    form = forms.MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_member_add(
                actor=request.user, household=household, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Person at home added."))
            return redirect("homecare:household_detail", pk=household.pk)
    return _form_page(request, form, _("A person at home"), "homecare:household_list")


@login_required
@require_POST
def member_remove(request, pk, member_pk):
    household = rules.access_household(request.user, pk)
    member = HouseholdMember.objects.for_user(request.user).filter(household=household)
    member = member.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    services.household_member_remove(actor=request.user, member=member)
    messages.success(request, _("Person at home removed."))
    return redirect("homecare:household_detail", pk=household.pk)


@login_required
def financing_add(request, pk):
    household = rules.access_household(request.user, pk)
    rules.require(rules.can_plan(request.user, household.structure_id))
    form = forms.FinancingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.financing_add(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Financing recorded."))
            return redirect("homecare:household_detail", pk=household.pk)
    return _form_page(request, form, _("A financing"), "homecare:household_list")


@login_required
@require_POST
def financing_remove(request, pk, financing_pk):
    household = rules.access_household(request.user, pk)
    financing = (
        Financing.objects.for_user(request.user)
        .filter(household=household, pk=financing_pk)
        .first()
    )
    if financing is None:
        raise Http404
    services.financing_remove(actor=request.user, financing=financing)
    messages.success(request, _("Financing removed."))
    return redirect("homecare:household_detail", pk=household.pk)


@login_required
@require_POST
def message_read(request, pk, message_pk):
    household = rules.access_household(request.user, pk)
    message = (
        HouseholdMessage.objects.for_user(request.user)
        .filter(household=household, pk=message_pk)
        .first()
    )
    if message is None:
        raise Http404
    message_services.household_message_mark_read(actor=request.user, message=message)
    return redirect("homecare:household_detail", pk=household.pk)


# --- Quotes and contracts ------------------------------------------------------------------


@login_required
def quote_create(request, pk):
    household = rules.access_household(request.user, pk)
    rules.require(rules.can_plan(request.user, household.structure_id))
    form = forms.QuoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        quote = quote_services.quote_create(
            actor=request.user, household=household, **form.cleaned_data
        )
        return redirect("homecare:quote_detail", pk=quote.pk)
    return _form_page(request, form, _("New quote"), "homecare:household_list")


def _quote_context(request, quote, **extra):
    total = quote_services.quote_monthly_total(quote)
    on = quote.sent_on or timezone.localdate()
    services_qs = selectors.catalogue(actor=request.user, structure_id=quote.household.structure_id)
    return {
        "quote": quote,
        "household": quote.household,
        "lines": list(quote.lines.select_related("service")),
        "total": total,
        "threshold": quote_services.quote_threshold(on),
        "required": quote_services.quote_required(monthly_incl_vat=total, on=on),
        "can_plan": rules.can_plan(request.user, quote.household.structure_id),
        "line_form": forms.QuoteLineForm(services=services_qs),
        "paper_form": forms.PaperAcceptanceForm(initial={"signed_on": timezone.localdate()}),
        "has_catalogue": services_qs.exists(),
        **extra,
    }


@login_required
def quote_detail(request, pk):
    quote = rules.access_quote(request.user, pk)
    return render(request, "homecare/households/quote_detail.html", _quote_context(request, quote))


@login_required
@require_POST
def quote_line_add(request, pk):
    quote = rules.access_quote(request.user, pk)
    rules.require(rules.can_plan(request.user, quote.household.structure_id))
    services_qs = selectors.catalogue(actor=request.user, structure_id=quote.household.structure_id)
    form = forms.QuoteLineForm(request.POST, services=services_qs)
    if form.is_valid():
        try:
            quote_services.quote_line_add(actor=request.user, quote=quote, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return redirect("homecare:quote_detail", pk=quote.pk)
    context = _quote_context(request, quote, line_form=form)
    return render(request, "homecare/households/quote_detail.html", context, status=400)


@login_required
@require_POST
def quote_line_remove(request, pk, line_pk):
    quote = rules.access_quote(request.user, pk)
    line = QuoteLine.objects.filter(quote=quote, pk=line_pk).first()
    if line is None:
        raise Http404
    try:
        quote_services.quote_line_remove(actor=request.user, line=line)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("homecare:quote_detail", pk=quote.pk)


@login_required
@require_POST
def quote_send(request, pk):
    quote = rules.access_quote(request.user, pk)
    try:
        quote_services.quote_send(actor=request.user, quote=quote)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Quote sent: the household finds it in their space."))
    return redirect("homecare:quote_detail", pk=quote.pk)


@login_required
@require_POST
def quote_accept_paper(request, pk):
    quote = rules.access_quote(request.user, pk)
    rules.require(rules.can_plan(request.user, quote.household.structure_id))
    form = forms.PaperAcceptanceForm(request.POST)
    if form.is_valid():
        try:
            quote_services.quote_accept_paper(actor=request.user, quote=quote, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Quote accepted on paper: record the contract now."))
            return redirect("homecare:quote_detail", pk=quote.pk)
    context = _quote_context(request, quote, paper_form=form)
    return render(request, "homecare/households/quote_detail.html", context, status=400)


def quote_pdf_response(quote) -> HttpResponse:
    from .documents_households import quote_pdf  # WeasyPrint: only when a PDF is asked for

    response = HttpResponse(quote_pdf(quote), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="devis-{quote.reference}.pdf"'
    return response


@login_required
def quote_pdf(request, pk):
    return quote_pdf_response(rules.access_quote(request.user, pk))


@login_required
def contract_sign(request, pk):
    """The contract after an accepted quote (?devis=<pk>), or without one below the
    threshold."""
    household = rules.access_household(request.user, pk)
    rules.require(rules.can_plan(request.user, household.structure_id))
    quote = None
    if request.GET.get("devis"):
        quote = rules.access_quote(request.user, request.GET["devis"])
        if quote.household_id != household.pk or quote.status != QuoteStatus.ACCEPTED:
            raise Http404
    today = timezone.localdate()
    form = forms.ContractForm(
        request.POST or None,
        with_quote=quote is not None,
        initial={
            "signed_on": today,
            "starts_on": today,
            "notice_hours": settings.HOMECARE_CONTRACT_NOTICE_HOURS,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            quote_services.contract_sign(
                actor=request.user, household=household, quote=quote, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Contract recorded."))
            return redirect("homecare:household_detail", pk=household.pk)
    title = _("Contract of %(name)s") % {"name": household.client.name}
    return _form_page(request, form, title, "homecare:household_list")
