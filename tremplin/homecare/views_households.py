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
from tremplin.common.forms import add_service_error

from . import forms_households as forms
from . import rules_households as rules
from . import selectors_households as selectors
from .models import Financing, HouseholdMember, HouseholdMessage, QuoteLine, QuoteStatus
from .services import households as services
from .services import messages as message_services
from .services import quotes as quote_services
from .sub_caps import sub_cap_overruns
from .views_common import staff_structure

PAGE_SIZE = 50


def _form_page(request, form, title, back):
    return render(
        request, "homecare/households/form.html", {"form": form, "title": title, "back": back}
    )


@login_required
def household_list(request):
    structure = staff_structure(request)
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
    structure = staff_structure(request)
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
    year = timezone.localdate().year
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
            # The yearly sub-caps of D7233-5 the year's interventions pass (a warning).
            "sub_cap_overruns": sub_cap_overruns(household=household, years=[year]),
            "attestation_year": year - 1,
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


def _add_to_household(request, pk, *, form_class, add, added, title):
    """A form that adds a row to a household file (a person at home, a financing), for
    who plans; back to the file once saved, or the form again with what to fix."""
    household = rules.access_household(request.user, pk)
    rules.require(rules.can_plan(request.user, household.structure_id))
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return _back_to_file(request, household, added)
    return _form_page(request, form, title, "homecare:household_list")


def _back_to_file(request, household, done: str):
    messages.success(request, done)
    return redirect("homecare:household_detail", pk=household.pk)


def _household_row(request, pk, model, row_pk):
    """The household (the user may see it) and one of its rows of `model`, or 404."""
    household = rules.access_household(request.user, pk)
    row = model.objects.for_user(request.user).filter(household=household, pk=row_pk).first()
    if row is None:
        raise Http404
    return household, row


@login_required
def member_add(request, pk):
    return _add_to_household(
        request,
        pk,
        form_class=forms.MemberForm,
        add=services.household_member_add,
        added=_("Person at home added."),
        title=_("A person at home"),
    )


@login_required
@require_POST
def member_remove(request, pk, member_pk):
    household, member = _household_row(request, pk, HouseholdMember, member_pk)
    services.household_member_remove(actor=request.user, member=member)
    return _back_to_file(request, household, _("Person at home removed."))


@login_required
def financing_add(request, pk):
    return _add_to_household(
        request,
        pk,
        form_class=forms.FinancingForm,
        add=services.financing_add,
        added=_("Financing recorded."),
        title=_("A financing"),
    )


@login_required
@require_POST
def financing_remove(request, pk, financing_pk):
    household, financing = _household_row(request, pk, Financing, financing_pk)
    services.financing_remove(actor=request.user, financing=financing)
    return _back_to_file(request, household, _("Financing removed."))


@login_required
@require_POST
def message_read(request, pk, message_pk):
    household, message = _household_row(request, pk, HouseholdMessage, message_pk)
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


def contract_pdf_response(contract) -> HttpResponse:
    from .documents_households import contract_pdf  # WeasyPrint: only when a PDF is asked for

    response = HttpResponse(contract_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="contrat-C{contract.pk}.pdf"'
    return response


@login_required
def contract_pdf(request, pk):
    return contract_pdf_response(rules.access_contract(request.user, pk))


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
