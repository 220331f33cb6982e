"""The certificate: a PDF rendered by WeasyPrint from a template and its style sheet, as the
invoices are. French: the document the structure shows its funders and partners."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML

from .models import GroupSite, Scheme


def certificate_context(certification, number: str) -> dict:
    sites = []
    if certification.scheme == Scheme.GROUP:
        sites = list(
            GroupSite.objects.filter(certification=certification, left_on__isnull=True)
            .select_related("structure__commune")
            .order_by("structure__name")
        )
    return {
        "certification": certification,
        "referential": certification.referential,
        "number": number,
        "sites": sites,
        "holder": certification.structure.name
        if certification.structure_id
        else certification.name,
    }


def certificate_pdf(certification, number: str) -> bytes:
    with translation.override("fr"):
        html = render_to_string(
            "quality/certification/certificate_pdf.html", certificate_context(certification, number)
        )
    css = CSS(string=render_to_string("quality/certification/certificate_pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[css])
