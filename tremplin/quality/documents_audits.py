"""The audit report (WeasyPrint, as the invoices and attestations): the audit, its sites,
the checklist's summary, the findings and the conclusion. French only: the committee's
document. Its style sheet is a file of its own (the CSP forbids inline styles)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML

from . import selectors_audits


def report_context(audit) -> dict:
    return {
        "audit": audit,
        "sites": selectors_audits.site_progress(audit),
        "summary": selectors_audits.checklist_summary(audit),
        "findings": selectors_audits.findings_of(audit),
    }


def report_pdf(audit) -> bytes:
    with translation.override("fr"):
        html = render_to_string("quality/audits/report_pdf.html", report_context(audit))
    css = CSS(string=render_to_string("quality/audits/report_pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[css])
