"""Pages of the audit part: planning (federation staff), the auditor's space (my audits,
the audit, the checklist per site, findings, pseudonymised evidence, the report), and the
structure's answers (corrective actions, documents). Each view: access → one service or
selector → render."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from tremplin.accounts.models import UserKind
from tremplin.accounts.tenancy import scope_of
from tremplin.common.forms import add_service_error
from tremplin.common.uploads import limit_uploads

from . import evidence_audits, rules_audits, selectors_audits
from .forms_audits import (
    ActionForm,
    AuditEditForm,
    AuditFilterForm,
    AuditPlanForm,
    CheckForm,
    ChecklistForm,
    DocumentForm,
    DoneForm,
    FindingForm,
    ReportForm,
)
from .models import AuditStatus, FindingStatus
from .services import audits as services

DOCUMENT_MAX_BYTES = 10_000_000


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _audited_ids(audit) -> list[int]:
    ids = [site.structure_id for site in audit.sites.all() if site.structure_id]
    return ids or ([audit.certification.structure_id] if audit.certification.structure_id else [])


@login_required
def audit_list(request):
    user = request.user
    is_federation = scope_of(user).is_federation
    if not (is_federation or user.kind == UserKind.AUDITOR or scope_of(user).staff_structure_ids):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    audits = list(selectors_audits.audits_for(actor=user, status=status))
    return render(
        request,
        "quality/audits/audit_list.html",
        {
            "audits": audits,
            "form": form,
            "is_federation": is_federation,
            "can_plan": rules_audits.can_plan(user),
        },
    )


@login_required
def audit_create(request):
    _require(rules_audits.can_plan(request.user))
    form = AuditPlanForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = services.audit_plan(actor=request.user, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Audit planned: its sites and checklist are ready."))
            return redirect("quality:audit_detail", pk=audit.pk)
    return render(request, "quality/audits/audit_form.html", {"form": form, "audit": None})


@login_required
def audit_edit(request, pk):
    audit = rules_audits.access_audit(request.user, pk)
    _require(rules_audits.can_plan(request.user))
    initial = {
        "auditor": audit.auditor,
        "starts_on": audit.starts_on,
        "ends_on": audit.ends_on,
        "due_by": audit.due_by,
        "plan": audit.plan,
    }
    form = AuditEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_update(actor=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Audit saved."))
            return redirect("quality:audit_detail", pk=audit.pk)
    return render(request, "quality/audits/audit_form.html", {"form": form, "audit": audit})


@login_required
def audit_detail(request, pk):
    audit = rules_audits.access_audit(request.user, pk)
    user = request.user
    return render(
        request,
        "quality/audits/audit_detail.html",
        {
            "audit": audit,
            "sites": selectors_audits.site_progress(audit),
            "findings": selectors_audits.findings_of(audit),
            "can_plan": rules_audits.can_plan(user),
            "can_audit": rules_audits.can_audit(user, audit),
            "can_answer": rules_audits.can_answer(user, audit),
            "is_open": audit.status in services.OPEN_AUDIT,
            "has_report": audit.status in (AuditStatus.REPORTED, AuditStatus.DECIDED),
            "closed": FindingStatus.CLOSED,
            "open_status": FindingStatus.OPEN,
        },
    )


def _auditing(request, pk):
    audit = rules_audits.access_audit(request.user, pk)
    _require(rules_audits.can_audit(request.user, audit))
    return audit


@login_required
def audit_checklist(request, pk, site_pk):
    audit = _auditing(request, pk)
    site = next((s for s in audit.sites.all() if s.pk == site_pk), None)
    if site is None:
        raise Http404
    items = selectors_audits.checklist_of(audit, site)
    form = ChecklistForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_save(
                actor=request.user, audit=audit, site=site, entries=form.entries()
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Checklist saved."))
            return redirect("quality:audit_checklist", pk=audit.pk, site_pk=site.pk)
    return render(
        request,
        "quality/audits/checklist.html",
        {
            "audit": audit,
            "site": site,
            "form": form,
            "is_open": audit.status in services.OPEN_AUDIT,
        },
    )


@login_required
def finding_create(request, pk):
    audit = _auditing(request, pk)
    initial = {}
    if request.GET.get("requirement", "").isdigit():
        initial["requirement"] = int(request.GET["requirement"])
    if request.GET.get("site", "").isdigit():
        initial["site"] = int(request.GET["site"])
    form = FindingForm(request.POST or None, audit=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_record(actor=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Finding recorded."))
            return redirect("quality:audit_detail", pk=audit.pk)
    return render(request, "quality/audits/finding_form.html", {"audit": audit, "form": form})


@login_required
def audit_evidence(request, pk):
    audit = _auditing(request, pk)
    ids = _audited_ids(audit)
    today = timezone.localdate()
    return render(
        request,
        "quality/audits/evidence.html",
        {
            "audit": audit,
            "figures": evidence_audits.figures(audit=audit, structure_ids=ids, today=today),
            "sample": evidence_audits.sample(audit=audit, structure_ids=ids, today=today)
            if request.GET.get("sample")
            else None,
        },
    )


@login_required
def audit_report(request, pk):
    audit = _auditing(request, pk)
    form = ReportForm(request.POST or None, initial={"conclusion": audit.conclusion})
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_report(
                actor=request.user, audit=audit, conclusion=form.cleaned_data["conclusion"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Report sent to the certification committee."))
            return redirect("quality:audit_detail", pk=audit.pk)
    return render(
        request,
        "quality/audits/report_form.html",
        {"audit": audit, "form": form, "summary": selectors_audits.checklist_summary(audit)},
    )


@login_required
def audit_pdf(request, pk):
    audit = rules_audits.access_audit(request.user, pk)
    if audit.status not in (AuditStatus.REPORTED, AuditStatus.DECIDED):
        raise Http404
    from .documents_audits import report_pdf  # WeasyPrint: only when a PDF is asked for

    response = HttpResponse(report_pdf(audit), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rapport-audit-{audit.pk}.pdf"'
    return response


# --- The structure's answers and the auditor's checks ---------------------------------------


@login_required
def action_create(request, pk):
    finding, audit = rules_audits.access_finding(request.user, pk)
    _require(rules_audits.can_answer(request.user, audit))
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.corrective_action_record(
                actor=request.user, finding=finding, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Corrective action recorded."))
            return redirect("quality:audit_detail", pk=audit.pk)
    return render(
        request,
        "quality/audits/action_form.html",
        {"audit": audit, "finding": finding, "form": form, "title": _("Corrective action")},
    )


@login_required
@require_POST
def action_done(request, pk):
    action, audit = rules_audits.access_action(request.user, pk)
    _require(rules_audits.can_answer(request.user, audit))
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day the action was done."))
    else:
        try:
            services.corrective_action_done(
                actor=request.user, action=action, done_on=form.cleaned_data["done_on"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Action marked done: the auditor will check it."))
    return redirect("quality:audit_detail", pk=audit.pk)


@login_required
def action_check(request, pk):
    action, audit = rules_audits.access_action(request.user, pk)
    _require(rules_audits.can_audit(request.user, audit))
    form = CheckForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.corrective_action_check(
                actor=request.user,
                action=action,
                checked_on=data["checked_on"],
                is_effective=data["is_effective"],
                notes=data["check_notes"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Effectiveness check recorded."))
            return redirect("quality:audit_detail", pk=audit.pk)
    return render(
        request,
        "quality/audits/action_form.html",
        {
            "audit": audit,
            "finding": action.finding,
            "action": action,
            "form": form,
            "title": _("Effectiveness check"),
        },
    )


@login_required
@require_POST
def finding_close(request, pk):
    finding, audit = rules_audits.access_finding(request.user, pk)
    _require(rules_audits.can_audit(request.user, audit))
    try:
        services.finding_close(actor=request.user, finding=finding)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Finding closed."))
    return redirect("quality:audit_detail", pk=audit.pk)


@csrf_exempt  # the upload handler goes in before the body is read; CSRF checked below
@login_required
def document_attach(request, pk):
    finding, audit = rules_audits.access_finding(request.user, pk)
    _require(rules_audits.can_answer(request.user, audit))
    if request.method == "POST" and not limit_uploads(request, DOCUMENT_MAX_BYTES):
        form = DocumentForm({})
        form.add_error(None, _("The document is too large: 10 MB at most."))
        return render(
            request,
            "quality/audits/action_form.html",
            {"audit": audit, "finding": finding, "form": form, "upload": True},
        )
    return csrf_protect(_document_attach)(request, finding, audit)


def _document_attach(request, finding, audit):
    posted = request.method == "POST"
    form = DocumentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and getattr(request, "upload_too_large", False):
        form.add_error(None, _("The document is too large: 10 MB at most."))
    elif posted and form.is_valid():
        services.finding_document_attach(
            actor=request.user,
            finding=finding,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
        messages.success(request, _("Document attached: the auditor can read it."))
        return redirect("quality:audit_detail", pk=audit.pk)
    return render(
        request,
        "quality/audits/action_form.html",
        {
            "audit": audit,
            "finding": finding,
            "form": form,
            "upload": True,
            "title": _("Attach a document"),
        },
    )


@login_required
def document_download(request, pk):
    document, _audit = rules_audits.access_document(request.user, pk)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=os.path.basename(document.file.name)
    )
