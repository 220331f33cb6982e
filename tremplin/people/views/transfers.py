"""Import and export of people: the CSV/XLSX export, the import form and its job's page."""

from __future__ import annotations

import datetime
import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from tremplin.accounts.selectors import current_membership
from tremplin.common.uploads import limit_uploads

from .. import exports, forms, imports, rules
from ..models import ImportJob
from ..services import import_jobs
from .persons import _current_structure_id

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


@csrf_exempt  # the upload handler goes in before the body is read; CSRF checked below
@login_required
def person_import(request):
    structure_id = _current_structure_id(request)
    if not rules.can_write_paths(request.user, structure_id):
        raise PermissionDenied
    if request.method == "POST" and not limit_uploads(request, settings.IMPORT_MAX_BYTES):
        # Announced past the limit: refused without reading the body.
        return _import_page(request, forms.ImportForm({}, {}, too_large=True), structure_id)
    return csrf_protect(_person_import)(request, structure_id)


def _person_import(request, structure_id):
    posted = request.method == "POST"
    form = forms.ImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        too_large=getattr(request, "upload_too_large", False),
    )
    if request.method == "POST" and form.is_valid():
        job = import_jobs.import_job_start(
            actor=request.user,
            structure=current_membership(request).structure,
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("people:import_job", pk=job.pk)
    return _import_page(request, form, structure_id)


def _import_page(request, form, structure_id):
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
    job = get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk)
    if request.method == "POST" and "restart" in request.POST:
        import_jobs.import_job_restart(actor=request.user, job=job)
        return redirect("people:import_job", pk=job.pk)
    job = import_jobs.import_job_progress(job)
    template = "people/_import_job.html" if request.htmx else "people/import_job.html"
    return render(request, template, {"job": job})
