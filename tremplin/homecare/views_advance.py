"""Pages of the immediate advance: the accountant's (requests, invoices to send, households
to enrol, one request with its history) and the household's (their requests, to validate
or contest). access → form → one service → redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.models import UserKind
from tremplin.common.forms import add_service_error
from tremplin.missions import rules as mission_rules
from tremplin.missions.models import Invoice

from . import selectors_advance as selectors
from .forms_advance import ContestForm, EnrolmentForm, RequestFilterForm
from .models import Household, PaymentRequest
from .services import advance, advance_sync
from .urssaf import get_gateway
from .views_common import staff_structure

PER_PAGE = 50


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def advance_list(request):
    """The structure's payment requests, the invoices ready to send, the households to
    enrol. Every staff member reads; the director and the accountant act."""
    structure = staff_structure(request)
    filters = RequestFilterForm(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    page = Paginator(
        selectors.payment_request_list(
            actor=request.user, structure_id=structure.pk, status=status
        ),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "homecare/advance/list.html",
        {
            "structure": structure,
            "filters": filters,
            "page": page,
            "query": urlencode({"status": status}) if status else "",
            "to_send": list(
                selectors.invoices_to_send(actor=request.user, structure_id=structure.pk)[:PER_PAGE]
            ),
            "to_enrol": list(
                selectors.households_to_enrol(actor=request.user, structure_id=structure.pk)[
                    :PER_PAGE
                ]
            ),
            "can_act": mission_rules.can_invoice(request.user, structure.pk),
        },
    )


@login_required
def advance_detail(request, pk):
    payment_request = _get(
        PaymentRequest.objects.for_user(request.user).select_related(
            "invoice", "household__client"
        ),
        pk,
    )
    if request.user.kind == UserKind.HOUSEHOLD:
        raise Http404
    can_act = mission_rules.can_invoice(request.user, payment_request.structure_id)
    if request.method == "POST":
        mission_rules.require(can_act)
        try:
            changed = advance_sync.payment_request_refresh(
                actor=request.user, payment_request=payment_request
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(
                request,
                _("URSSAF reported a new status.") if changed else _("No change at URSSAF."),
            )
        return redirect("homecare:advance_detail", pk=pk)
    return render(
        request,
        "homecare/advance/detail.html",
        {
            "payment_request": payment_request,
            "events": list(payment_request.events.select_related("actor")),
            "deadline": advance.validation_deadline(payment_request),
            "can_act": can_act,
        },
    )


@login_required
@require_POST
def advance_send(request, pk):
    """Send one issued invoice to URSSAF (after commit, on the queue)."""
    invoice = _get(Invoice.objects.for_user(request.user), pk)
    try:
        advance.payment_request_create(actor=request.user, invoice=invoice)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("Invoice %(ref)s sent to URSSAF: its status follows here.")
            % {"ref": invoice.reference},
        )
    return redirect("homecare:advance_list")


@login_required
def advance_enrol(request, pk):
    household = _get(
        Household.objects.for_user(request.user).select_related("client", "client__commune"), pk
    )
    mission_rules.require(mission_rules.can_invoice(request.user, household.structure_id))
    enrolment = getattr(household, "advance_enrolment", None)
    initial = {"commune": household.client.commune, "email": household.client.email}
    form = EnrolmentForm(request.POST or None, instance=enrolment, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            advance.advance_enrol(actor=request.user, household=household, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Enrolment sent to URSSAF."))
            return redirect("homecare:advance_list")
    return render(
        request,
        "homecare/advance/enrol.html",
        {"form": form, "household": household, "enrolment": enrolment},
    )


# The household's space ----------------------------------------------------------------------


def _household_user(request):
    if request.user.kind != UserKind.HOUSEHOLD:
        raise Http404
    return request.user


@login_required
def my_advance(request):
    user = _household_user(request)
    requests = list(selectors.own_payment_requests(user=user)[:PER_PAGE])
    return render(
        request,
        "homecare/advance/my_list.html",
        {
            "to_answer": [(r, advance.validation_deadline(r)) for r in requests if r.is_answerable],
            "others": [r for r in requests if not r.is_answerable],
        },
    )


@login_required
def my_advance_detail(request, pk):
    user = _household_user(request)
    payment_request = _get(selectors.own_payment_requests(user=user), pk)
    contest = ContestForm(request.POST if request.POST.get("answer") == "contest" else None)
    errors: list[str] = []
    if request.method == "POST":
        accept = request.POST.get("answer") == "validate"
        if accept or contest.is_valid():
            try:
                advance.payment_request_answer(
                    actor=user,
                    payment_request=payment_request,
                    accept=accept,
                    reason="" if accept else contest.cleaned_data["reason"],
                )
            except ValidationError as exc:
                if contest.is_bound:
                    add_service_error(contest, exc)
                else:
                    errors = exc.messages
            else:
                messages.success(
                    request,
                    _("Thank you: the request is validated.")
                    if accept
                    else _("Your contest is sent: the structure will correct the invoice."),
                )
                return redirect("homecare:my_advance")
    return render(
        request,
        "homecare/advance/my_detail.html",
        {
            "payment_request": payment_request,
            "deadline": advance.validation_deadline(payment_request),
            "shares": advance.shares(payment_request),
            "contest": contest,
            "errors": errors,
            "answers_here": get_gateway().takes_household_answers,
        },
    )
