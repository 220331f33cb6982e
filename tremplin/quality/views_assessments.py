"""Pages of a structure's quality: its home (self-assessments; the audits and certification
parts add their cards to the same template), a self-assessment sheet, one requirement with
its answer, evidence files and computed indicators, and the action plan."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from tremplin.accounts.selectors import current_membership
from tremplin.common.uploads import limit_uploads
from tremplin.network.rules import access_structure

from . import rules_referentials as rules
from . import selectors_referentials as selectors
from .forms_referentials import AnswerForm, AssessmentCreateForm, EvidenceForm, PlannedActionForm
from .models import AssessmentStatus, Referential
from .selectors_certification import structure_quality_summary
from .services import assessments as services

# The shipped Qualiopi référentiel (referentials/qualiopi-2019.toml).
QUALIOPI_CODE = "qualiopi"


def _quality_home(request, structure, *, create_form=None):
    can_edit = rules.can_edit_assessments(request.user, structure.pk)
    return render(
        request,
        "quality/assessments/structure_home.html",
        {
            "structure": structure,
            "assessments": list(
                selectors.assessments_of(actor=request.user, structure_id=structure.pk)
            ),
            "can_edit": can_edit,
            **structure_quality_summary(actor=request.user, structure_id=structure.pk),
            "create_form": create_form
            or (
                AssessmentCreateForm(initial={"assessed_on": timezone.localdate()})
                if can_edit
                else None
            ),
        },
    )


@login_required
def structure_home(request):
    """The quality home of the structure the user works in."""
    membership = current_membership(request)
    if membership is None or not rules.can_read_quality_of(request.user, membership.structure):
        raise Http404
    return _quality_home(request, membership.structure)


@login_required
def structure_quality(request, pk):
    """A structure's quality page, for its delegates and federation staff."""
    structure = access_structure(request.user, pk)
    if not rules.can_read_quality_of(request.user, structure):
        raise Http404
    return _quality_home(request, structure)


def _training_service_home(request, *, create_form=None):
    qualiopi = (
        Referential.objects.filter(code=QUALIOPI_CODE, is_current=True).order_by("pk").first()
    )
    return render(
        request,
        "quality/assessments/training_service_home.html",
        {
            "assessments": list(selectors.assessments_of(actor=request.user, structure_id=None)),
            "create_form": create_form
            or AssessmentCreateForm(
                initial={"assessed_on": timezone.localdate(), "referential": qualiopi}
            ),
            "create_url": "quality:training_service_assessment_create",
        },
    )


@login_required
def training_service_quality(request):
    """The federation's training service prepares its own Qualiopi audit: its
    self-assessments, each indicator beside the evidence the training app holds."""
    if not rules.can_read_training_service_quality(request.user):
        raise Http404
    return _training_service_home(request)


@login_required
@require_POST
def training_service_assessment_create(request):
    if not rules.can_edit_assessments(request.user, None):
        raise Http404
    form = AssessmentCreateForm(request.POST)
    if form.is_valid():
        try:
            assessment = services.self_assessment_create(
                actor=request.user, structure=None, **form.cleaned_data
            )
        except ValidationError as exc:
            _add(form, exc)
        else:
            return redirect("quality:assessment_detail", pk=assessment.pk)
    return _training_service_home(request, create_form=form)


@login_required
@require_POST
def assessment_create(request):
    membership = current_membership(request)
    if membership is None or not rules.can_edit_assessments(request.user, membership.structure_id):
        raise PermissionDenied
    form = AssessmentCreateForm(request.POST)
    if form.is_valid():
        try:
            assessment = services.self_assessment_create(
                actor=request.user, structure=membership.structure, **form.cleaned_data
            )
        except ValidationError as exc:
            _add(form, exc)
        else:
            return redirect("quality:assessment_detail", pk=assessment.pk)
    return _quality_home(request, membership.structure, create_form=form)


def _add(form, exc):
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _editable(request, assessment) -> bool:
    return assessment.status == AssessmentStatus.IN_PROGRESS and rules.can_edit_assessments(
        request.user, assessment.structure_id
    )


@login_required
def assessment_detail(request, pk):
    assessment = rules.access_assessment(request.user, pk)
    editable = _editable(request, assessment)
    return render(
        request,
        "quality/assessments/detail.html",
        {
            "assessment": assessment,
            "sheet": selectors.assessment_sheet(assessment),
            "actions": selectors.planned_actions(assessment),
            "editable": editable,
            "action_form": PlannedActionForm(assessment=assessment) if editable else None,
        },
    )


@login_required
def assessment_requirement(request, pk, requirement_pk):
    assessment = rules.access_assessment(request.user, pk)
    requirement = rules.access_requirement_of(assessment, requirement_pk)
    editable = _editable(request, assessment)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_answer_save(
                actor=request.user,
                assessment=assessment,
                requirement=requirement,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The answer is saved."))
            return redirect("quality:assessment_detail", pk=assessment.pk)
    return _requirement_page(request, assessment, requirement, editable, answer_form=form)


def _requirement_page(
    request, assessment, requirement, editable, *, answer_form=None, evidence_form=None, status=200
):
    (chapter,) = selectors.assessment_sheet(assessment, only=requirement)
    row = chapter.rows[0]
    if answer_form is None or not answer_form.is_bound:
        initial = {"level": row.answer.level, "comment": row.answer.comment} if row.answer else {}
        answer_form = AnswerForm(initial=initial)
    return render(
        request,
        "quality/assessments/requirement.html",
        {
            "assessment": assessment,
            "chapter": chapter.chapter,
            "row": row,
            "editable": editable,
            "answer_form": answer_form,
            "evidence_form": evidence_form or EvidenceForm(),
            "actions": selectors.planned_actions(assessment, requirement=requirement),
        },
        status=status,
    )


@csrf_exempt  # the upload handler goes in before the body is read; CSRF checked below
@login_required
@require_POST
def evidence_upload(request, pk, requirement_pk):
    assessment = rules.access_assessment(request.user, pk)
    requirement = rules.access_requirement_of(assessment, requirement_pk)
    if not _editable(request, assessment):
        raise PermissionDenied
    if not limit_uploads(request, settings.QUALITY_EVIDENCE_MAX_BYTES):
        form = EvidenceForm({}, {}, too_large=True)
        return _requirement_page(request, assessment, requirement, True, evidence_form=form)
    return csrf_protect(_evidence_upload)(request, assessment, requirement)


def _evidence_upload(request, assessment, requirement):
    form = EvidenceForm(
        request.POST, request.FILES, too_large=getattr(request, "upload_too_large", False)
    )
    if form.is_valid():
        try:
            services.evidence_file_add(
                actor=request.user,
                assessment=assessment,
                requirement=requirement,
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The evidence file is attached."))
            return redirect(
                "quality:assessment_requirement", pk=assessment.pk, requirement_pk=requirement.pk
            )
    return _requirement_page(request, assessment, requirement, True, evidence_form=form)


@login_required
def evidence_download(request, pk):
    item = rules.access_evidence(request.user, pk)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
@require_POST
def evidence_delete(request, pk):
    item = rules.access_evidence(request.user, pk)
    assessment = item.assessment
    try:
        services.evidence_file_delete(actor=request.user, evidence=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(
        "quality:assessment_requirement", pk=assessment.pk, requirement_pk=item.requirement_id
    )


@login_required
@require_POST
def action_add(request, pk):
    assessment = rules.access_assessment(request.user, pk)
    if not _editable(request, assessment):
        raise PermissionDenied
    form = PlannedActionForm(request.POST, assessment=assessment)
    if form.is_valid():
        services.planned_action_save(actor=request.user, assessment=assessment, **form.cleaned_data)
        messages.success(request, _("The action is added to the plan."))
        return redirect("quality:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "quality/assessments/detail.html",
        {
            "assessment": assessment,
            "sheet": selectors.assessment_sheet(assessment),
            "actions": selectors.planned_actions(assessment),
            "editable": True,
            "action_form": form,
        },
    )


@login_required
def action_edit(request, pk):
    planned = rules.access_planned_action(request.user, pk)
    assessment = planned.assessment
    if not _editable(request, assessment):
        raise PermissionDenied
    form = PlannedActionForm(request.POST or None, instance=planned, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        services.planned_action_save(
            actor=request.user, assessment=assessment, planned=planned, **form.cleaned_data
        )
        messages.success(request, _("The action is saved."))
        return redirect("quality:assessment_detail", pk=assessment.pk)
    return render(
        request,
        "quality/assessments/action_form.html",
        {"assessment": assessment, "planned": planned, "form": form},
    )


@login_required
@require_POST
def assessment_complete(request, pk):
    assessment = rules.access_assessment(request.user, pk)
    if not _editable(request, assessment):
        raise PermissionDenied
    try:
        services.self_assessment_complete(actor=request.user, assessment=assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The self-assessment is completed."))
    return redirect("quality:assessment_detail", pk=assessment.pk)
