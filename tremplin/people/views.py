"""Pages of insertion paths. Each view: access → form → one service → redirect or render.

Step forms (diagnosis, PASS, contract…) are full pages that also load into the person's
file through htmx (`#panel`), so they work with and without JavaScript."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from tremplin.accounts.models import StructureRole, User
from tremplin.accounts.selectors import current_membership
from tremplin.common.forms import add_service_error
from tremplin.rules import rules_in_force

from . import employee_records, exports, forms, imports, rules, selectors
from .models import (
    Approval,
    Barrier,
    CommitmentContract,
    Contract,
    Exit,
    ImportJob,
    ProlongationRequest,
)
from .services import (
    accompaniment,
    approvals,
    contracts,
    eligibility,
    exits,
    import_jobs,
    persons,
)


def _current_structure_id(request) -> int:
    """The structure the staff member works in now (the switcher); 404 for others."""
    membership = current_membership(request)
    if membership is None or not membership.is_staff_role:
        raise Http404
    return membership.structure_id


def _conseillers(structure_id):
    return User.objects.filter(
        structure_memberships__structure_id=structure_id,
        structure_memberships__role__in=[StructureRole.CONSEILLER, StructureRole.DIRECTOR],
    ).order_by("last_name")


@login_required
def person_list(request):
    structure_id = _current_structure_id(request)
    conseillers = list(_conseillers(structure_id))
    form = forms.PersonFilterForm(request.GET or None, conseillers=conseillers)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.person_list(
        actor=request.user,
        structure_id=structure_id,
        query=filters.get("q", ""),
        state=filters.get("state", ""),
        contract_kind=filters.get("contract_kind", ""),
        barrier=filters.get("barrier", ""),
        pass_end_before=filters.get("pass_end_before"),
        conseiller_id=int(filters["conseiller"]) if filters.get("conseiller") else None,
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": datetime.date.today(),
            "can_write": rules.can_write_paths(request.user, structure_id),
            "can_export": rules.can_export(request.user, structure_id),
        },
    )


@login_required
def person_create(request):
    structure_id = _current_structure_id(request)
    if not rules.can_write_paths(request.user, structure_id):
        raise PermissionDenied
    duplicates = None
    form = forms.PersonForm(request.POST or None, conseillers=_conseillers(structure_id))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        allow_duplicate = data.pop("allow_duplicate", False)
        try:
            person = persons.person_create(
                actor=request.user,
                structure=current_membership(request).structure,
                allow_duplicate=allow_duplicate,
                **data,
            )
        except persons.DuplicatePerson as exc:
            duplicates = exc.candidates
            form = forms.PersonForm(
                request.POST, conseillers=_conseillers(structure_id), duplicates=duplicates
            )
            form.is_valid()
            form.add_error(None, exc)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("File of %(name)s created.") % {"name": person.full_name})
            return redirect("people:person_detail", pk=person.pk)
    return render(
        request, "people/person_form.html", {"form": form, "person": None, "duplicates": duplicates}
    )


@login_required
def person_edit(request, pk):
    person = rules.access_person(request.user, pk, log="edit")
    if not rules.can_write_paths(request.user, person.structure_id):
        raise PermissionDenied
    form = forms.PersonForm(
        request.POST or None, instance=person, conseillers=_conseillers(person.structure_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            persons.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
def person_detail(request, pk):
    person = rules.access_person(request.user, pk)
    file = selectors.person_file(person)
    today = datetime.date.today()
    for approval in file.approvals:
        approval.state = approvals.approval_state(approval, today)
    return render(
        request,
        "people/person_detail.html",
        {
            "file": file,
            "person": person,
            "today": today,
            "can_write": rules.can_write_paths(request.user, person.structure_id),
            "show_sensitive": rules.can_see_sensitive(request.user, person.structure_id),
        },
    )


@login_required
def person_history(request, pk):
    person = rules.access_person(request.user, pk, log="history")
    if not rules.can_write_paths(request.user, person.structure_id):
        raise PermissionDenied
    return render(
        request,
        "people/person_history.html",
        {
            "person": person,
            "changes": selectors.person_history(person),
        },
    )


# --- Steps ---------------------------------------------------------------------------------


def _step(request, *, person, form, title, run, success):
    """Render a step form; on a valid POST run the service and go back to the file."""
    if not rules.can_write_paths(request.user, person.structure_id):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
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
        {"form": form, "person": person, "title": title, "action": request.get_full_path()},
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


@login_required
def employee_record(request, pk):
    """The ASP fiche salarié as JSON, or the list of what to complete first."""
    person = rules.access_person(request.user, pk, log="asp_record")
    if not rules.can_write_paths(request.user, person.structure_id):
        raise PermissionDenied
    record, problems = employee_records.employee_record(person)
    if problems:
        return render(
            request,
            "people/employee_record_problems.html",
            {"person": person, "problems": problems},
            status=200,
        )
    response = JsonResponse(record, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="fiche-salarie-{person.pk}.json"'
    return response


# --- Import and export ---------------------------------------------------------------------


@login_required
def person_export(request):
    """The structure's people and paths as CSV (streamed) or XLSX."""
    structure_id = _current_structure_id(request)
    if not rules.can_export(request.user, structure_id):
        raise PermissionDenied
    stamp = datetime.date.today().isoformat()
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        exports.write_xlsx(buffer, actor=request.user, structure_ids=[structure_id])
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="personnes-{stamp}.xlsx"'
        return response
    response = StreamingHttpResponse(
        exports.export_csv(actor=request.user, structure_ids=[structure_id]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="personnes-{stamp}.csv"'
    return response


@login_required
def person_import(request):
    structure_id = _current_structure_id(request)
    if not rules.can_write_paths(request.user, structure_id):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_jobs.import_job_start(
            actor=request.user,
            structure=current_membership(request).structure,
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("people:import_job", pk=job.pk)
    return render(
        request,
        "people/import.html",
        {
            "form": form,
            "columns": imports.COLUMN_NAMES,
            "jobs": ImportJob.objects.for_user(request.user).filter(structure_id=structure_id)[:10],
        },
    )


@login_required
def import_job(request, pk):
    job = import_jobs.import_job_progress(
        get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk)
    )
    template = "people/_import_job.html" if request.htmx else "people/import_job.html"
    return render(request, template, {"job": job})


# --- Work list and rules ---------------------------------------------------------------------


@login_required
def work_list(request):
    structure_id = _current_structure_id(request)
    return render(
        request,
        "people/_work_list.html" if request.htmx else "people/work_list.html",
        {
            "work": selectors.work_list(actor=request.user, structure_id=structure_id),
        },
    )


@login_required
def rules_table(request):
    """The legal figures in force, with their sources: what the software applies."""
    return render(request, "people/rules.html", {"rules": rules_in_force()})
