"""Pages of a person's file: list, creation, edit, the file, its history, the ASP record."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.accounts.models import StructureRole, User
from tremplin.accounts.privacy import policy_for
from tremplin.accounts.selectors import current_membership
from tremplin.common.forms import add_service_error

from .. import employee_records, forms, rules, selectors
from ..services import approvals, persons


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
        # A deactivated member is no longer offered as a referent.
        structure_memberships__is_active=True,
    ).order_by("last_name")


@login_required
def person_list(request):
    structure_id = _current_structure_id(request)
    conseillers = list(_conseillers(structure_id))
    policy = policy_for(request.user, structure_id)
    form = forms.PersonFilterForm(request.GET or None, conseillers=conseillers, policy=policy)
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
            "policy": policy,
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
        try:
            person = persons.person_create(
                actor=request.user,
                structure=current_membership(request).structure,
                allow_duplicate=form.allow_duplicate_confirmed(),
                **form.person_fields(),
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
        request.POST or None,
        instance=person,
        conseillers=_conseillers(person.structure_id),
        policy=policy_for(request.user, person.structure_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            persons.person_update(actor=request.user, person=person, **form.person_fields())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
def person_detail(request, pk):
    person = rules.access_person(request.user, pk)
    policy = policy_for(request.user, person.structure_id)
    file = selectors.person_file(person, policy)
    today = datetime.date.today()
    for approval in file.approvals:
        approval.state = approvals.approval_state(approval, today)
    for contract in file.contracts:  # the services' own rules (no « Renew » once ended)
        contract.can_renew = contract.renewable_on(today)
        contract.can_end_early = contract.endable_early()
    return render(
        request,
        "people/person_detail.html",
        {
            "file": file,
            "person": person,
            "today": today,
            "can_write": rules.can_write_paths(request.user, person.structure_id),
            "policy": policy,
            "can_read_log": rules.can_read_access_log(request.user, person.structure_id),
            "can_export_data": rules.can_export_person_data(request.user, person.structure_id),
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


@login_required
def employee_record(request, pk):
    """The ASP fiche salarié as JSON, or the list of what to complete first."""
    person = rules.access_person(request.user, pk, log="asp_record")
    if not rules.can_write_paths(request.user, person.structure_id):
        raise PermissionDenied
    record, problems = employee_records.employee_record(
        person, policy=policy_for(request.user, person.structure_id)
    )
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
