"""The step forms of a path (diagnosis, PASS, contract…), each run through `_step`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from tremplin.common.forms import add_service_error

from .. import forms, rules
from ..models import Approval, Barrier, CommitmentContract, Contract, Exit, ProlongationRequest
from ..services import accompaniment, approvals, contracts, eligibility, exits

# --- Steps ---------------------------------------------------------------------------------


def _step(request, *, person, form, title, run, success, later=None):
    """Render a step form; on a valid POST run the service and go back to the file.

    `later(data)` gives (the day it depends on, the work planned after it that the step
    cancels): shown first, the step runs once the same day is posted again as confirmed."""
    if not rules.can_write_paths(request.user, person.structure_id):
        raise PermissionDenied
    planned, confirm = [], ""
    if request.method == "POST" and form.is_valid() and later is not None:
        day, planned = later(form.cleaned_data)
        confirm = day.isoformat()
        if request.POST.get("confirm_later") == confirm:
            planned = []
    if request.method == "POST" and form.is_valid() and not planned:
        try:
            run(form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, success)
            target = reverse("people:person_detail", args=[person.pk])
            return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    template = "people/_step_form.html" if request.htmx else "people/step_form.html"
    return render(
        request,
        template,
        {
            "form": form,
            "person": person,
            "title": title,
            "action": request.get_full_path(),
            "later": planned,
            "confirm_later": confirm,
        },
    )


def _person(request, pk):
    return rules.access_person(request.user, pk, log="step")


def _part(request, model, pk, path="person"):
    """An object hanging off a person, through the tenancy mechanism."""
    obj = get_object_or_404(model.objects.for_user(request.user).select_related(path), pk=pk)
    person = obj
    for name in path.split("__"):
        person = getattr(person, name)
    return obj, person


@login_required
def diagnosis_create(request, pk):
    person = _person(request, pk)
    form = forms.DiagnosisForm(request.POST or None, request.FILES or None)

    def run(data):
        proofs = {data["proof_criterion"]: data["proof"]} if data.get("proof") else {}
        eligibility.diagnosis_create(
            actor=request.user,
            person=person,
            author_kind=data["author_kind"],
            author_name=data["author_name"],
            author_organisation=data["author_organisation"],
            made_on=data["made_on"],
            criteria=data["criteria"],
            proofs=proofs,
        )

    return _step(
        request,
        person=person,
        form=form,
        title=_("Eligibility diagnosis"),
        run=run,
        success=_("Diagnosis recorded."),
    )


@login_required
def approval_create(request, pk):
    person = _person(request, pk)
    form = forms.ApprovalForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("PASS IAE"),
        success=_("PASS IAE recorded."),
        run=lambda d: approvals.approval_issue(actor=request.user, person=person, **d),
    )


@login_required
def suspension_create(request, pk):
    approval, person = _part(request, Approval, pk)
    form = forms.SuspensionForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Suspend the PASS IAE %(n)s") % {"n": approval.number},
        success=_("PASS IAE suspended."),
        run=lambda d: approvals.suspension_create(actor=request.user, approval=approval, **d),
    )


@login_required
def prolongation_create(request, pk):
    approval, person = _part(request, Approval, pk)
    form = forms.ProlongationForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Prolong the PASS IAE %(n)s") % {"n": approval.number},
        success=_("PASS IAE prolonged."),
        run=lambda d: approvals.prolongation_create(actor=request.user, approval=approval, **d),
    )


@login_required
def prolongation_request_create(request, pk):
    approval, person = _part(request, Approval, pk)
    form = forms.ProlongationRequestForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Ask a prescriber to prolong the PASS IAE %(n)s") % {"n": approval.number},
        success=_("Request recorded."),
        run=lambda d: approvals.prolongation_request_create(
            actor=request.user, approval=approval, **d
        ),
    )


@login_required
def prolongation_request_decide(request, pk):
    request_obj, person = _part(request, ProlongationRequest, pk, path="approval__person")
    form = forms.ProlongationDecisionForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("The prescriber's decision"),
        success=_("Decision recorded."),
        run=lambda d: approvals.prolongation_request_decide(
            actor=request.user, request=request_obj, **d
        ),
    )


@login_required
def contract_create(request, pk):
    person = _person(request, pk)
    form = forms.ContractForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Sign a contract"),
        success=_("Contract recorded."),
        run=lambda d: contracts.contract_sign(actor=request.user, person=person, **d),
    )


@login_required
def contract_renew(request, pk):
    contract, person = _part(request, Contract, pk)
    form = forms.RenewalForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Renew the contract"),
        success=_("Contract renewed."),
        run=lambda d: contracts.contract_renew(actor=request.user, contract=contract, **d),
    )


@login_required
def contract_end(request, pk):
    contract, person = _part(request, Contract, pk)
    form = forms.EarlyEndForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("End the contract early"),
        success=_("Contract ended."),
        run=lambda d: contracts.contract_end_early(actor=request.user, contract=contract, **d),
        later=lambda d: (d["end_date"], contracts.contract_later_work(contract, d["end_date"])),
    )


@login_required
def interview_create(request, pk):
    person = _person(request, pk)
    form = forms.InterviewForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Interview"),
        success=_("Interview recorded."),
        run=lambda d: accompaniment.interview_create(actor=request.user, person=person, **d),
    )


@login_required
def barrier_create(request, pk):
    person = _person(request, pk)
    form = forms.BarrierForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Barrier to employment"),
        success=_("Barrier recorded."),
        run=lambda d: accompaniment.barrier_create(actor=request.user, person=person, **d),
    )


@login_required
def barrier_status(request, pk):
    barrier, person = _part(request, Barrier, pk)
    form = forms.BarrierStatusForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Barrier: %(category)s") % {"category": barrier.get_category_display()},
        success=_("Barrier updated."),
        run=lambda d: accompaniment.barrier_status_change(actor=request.user, barrier=barrier, **d),
    )


@login_required
def action_create(request, pk):
    person = _person(request, pk)
    form = forms.ActionForm(request.POST or None, barriers=person.barriers.exclude(status="lifted"))
    return _step(
        request,
        person=person,
        form=form,
        title=_("Action"),
        success=_("Action recorded."),
        run=lambda d: accompaniment.action_create(actor=request.user, person=person, **d),
    )


@login_required
def commitment_create(request, pk):
    person = _person(request, pk)
    form = forms.CommitmentForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Reciprocal commitment contract"),
        success=_("Commitment contract recorded."),
        run=lambda d: accompaniment.commitment_create(actor=request.user, person=person, **d),
    )


@login_required
def commitment_review(request, pk):
    commitment, person = _part(request, CommitmentContract, pk)
    form = forms.ReviewForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Review of the commitment contract"),
        success=_("Review recorded."),
        run=lambda d: accompaniment.commitment_review_add(
            actor=request.user, commitment=commitment, **d
        ),
    )


@login_required
def exit_create(request, pk):
    person = _person(request, pk)
    form = forms.ExitForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Exit"),
        success=_("Exit recorded."),
        run=lambda d: exits.exit_record(actor=request.user, person=person, **d),
        later=lambda d: (d["exit_date"], exits.exit_later_work(person, d["exit_date"])),
    )


@login_required
def exit_reason(request, pk):
    exit_, person = _part(request, Exit, pk)
    form = forms.ExitReasonForm(request.POST or None)
    return _step(
        request,
        person=person,
        form=form,
        title=_("Reason of the exit"),
        success=_("Exit updated."),
        run=lambda d: exits.exit_set_reason(actor=request.user, exit_=exit_, **d),
    )
