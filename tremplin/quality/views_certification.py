"""The certification pages: the federation's quality dashboard, the certifications and
their decisions, the committee's acts, the certificate, a group audit's sample and the
answer about the other sites. Parse → access → one service or selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.common.forms import add_service_error

from . import forms_certification as forms
from . import rules_certification as rules
from . import selectors_certification as selectors
from .models import CertificationStatus, Scheme
from .services import certification as services
from .services import sampling


@login_required
def federation_home(request):
    rules.require_federation(request.user)
    today = timezone.localdate()
    window = forms.ExpiringForm(request.GET or None)
    days = window.window()
    return render(
        request,
        "quality/certification/federation_home.html",
        {
            "regions": selectors.certified_by_region(actor=request.user),
            "expiring": list(selectors.expiring(actor=request.user, on=today, days=days)),
            "window": window,
            "days": days,
            "to_plan": selectors.audits_to_plan(actor=request.user),
            "findings": list(selectors.open_findings(actor=request.user)[:100]),
            "today": today,
        },
    )


@login_required
def certification_list(request):
    status = request.GET.get("status", "")
    if status not in CertificationStatus.values:
        status = ""
    return render(
        request,
        "quality/certification/list.html",
        {
            "certifications": list(selectors.certification_list(actor=request.user, status=status)),
            "status": status,
            "statuses": CertificationStatus.choices,
            "is_federation": rules.is_federation(request.user),
        },
    )


@login_required
def certification_detail(request, pk):
    certification = rules.access_certification(request.user, pk)
    context = selectors.certification_detail(certification=certification, actor=request.user)
    return render(
        request,
        "quality/certification/detail.html",
        {
            "certification": certification,
            "is_federation": rules.is_federation(request.user),
            "reason_form": forms.ReasonForm(initial={"decided_on": timezone.localdate()}),
            "number": services.current_certificate_number(certification),
            "today": timezone.localdate(),
            "is_in_force": certification.status == CertificationStatus.CERTIFIED,
            **context,
        },
    )


@login_required
def certificate_pdf(request, pk):
    from .pdf_certification import certificate_pdf as render_pdf  # WeasyPrint, when asked

    certification = rules.access_certification(request.user, pk)
    number = services.current_certificate_number(certification)
    if not number or certification.status != CertificationStatus.CERTIFIED:
        raise Http404  # no certificate in force to print
    response = HttpResponse(render_pdf(certification, number), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificat-{number}.pdf"'
    return response


@login_required
def certification_decide(request, pk):
    audit = rules.access_decidable_audit(request.user, pk)
    outcomes = services.OUTCOMES_BY_KIND.get(audit.kind, ())
    form = forms.DecisionForm(
        request.POST or None, outcomes=outcomes, initial={"decided_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.certification_decide(actor=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("quality:certification_detail", pk=audit.certification_id)
    return render(
        request,
        "quality/certification/decide.html",
        {
            "audit": audit,
            "form": form,
            "blockers": services.decision_blockers(audit),
        },
    )


def _act(service, success):
    @login_required
    @require_POST
    def view(request, pk):
        rules.require_federation(request.user)
        certification = rules.access_certification(request.user, pk)
        form = forms.ReasonForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                service(
                    actor=request.user,
                    certification=certification,
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["decided_on"],
                )
            except ValidationError as exc:
                for error in exc.messages:
                    messages.error(request, error)
            else:
                messages.success(request, success())
        return redirect("quality:certification_detail", pk=certification.pk)

    return view


certification_suspend = _act(services.certification_suspend, lambda: _("Certification suspended."))
certification_reinstate = _act(services.certification_reinstate, lambda: _("Suspension lifted."))
certification_withdraw = _act(
    services.certification_withdraw, lambda: _("Certification withdrawn.")
)


@login_required
def finding_other_sites(request, pk):
    finding = rules.access_finding_to_answer(request.user, pk)
    if finding.audit.certification.scheme != Scheme.GROUP or not finding.is_nonconformity:
        raise Http404
    initial = {"other_sites_answer": finding.other_sites_answer}
    if finding.other_sites_affected is not None:
        initial["other_sites_affected"] = "yes" if finding.other_sites_affected else "no"
    form = forms.OtherSitesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.finding_other_sites_answer(
            actor=request.user, finding=finding, **form.cleaned_data
        )
        messages.success(request, _("Answer about the other sites recorded."))
        return redirect("quality:audit_sample", pk=finding.audit_id)
    return render(
        request, "quality/certification/other_sites.html", {"finding": finding, "form": form}
    )


@login_required
def audit_sample(request, pk):
    audit = rules.access_audit(request.user, pk)
    can_draw = rules.can_draw_sample(request.user, audit)
    form = forms.SampleForm(request.POST or None)
    if request.method == "POST":
        if not can_draw:
            raise Http404
        if form.is_valid():
            try:
                sampling.sample_sites(audit, seed=form.cleaned_data["seed"])
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Sites drawn again."))
                return redirect("quality:audit_sample", pk=audit.pk)
    sites, nonconformities = selectors.audit_sample(audit=audit)
    return render(
        request,
        "quality/certification/sample.html",
        {
            "audit": audit,
            "sites": sites,
            "form": form,
            "can_draw": can_draw and audit.status == "planned",
            "can_answer": rules.is_federation(request.user) or audit.auditor_id == request.user.pk,
            "nonconformities": nonconformities,
            "is_group": audit.certification.scheme == Scheme.GROUP,
        },
    )
