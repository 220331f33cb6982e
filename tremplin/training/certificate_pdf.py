"""The completion certificate (certificat de réalisation): a PDF rendered by WeasyPrint
from a Django template and its style sheet, as the invoices are. It states the hours the
trainee actually attended — the sum of the half-days they signed, never the planned
hours — with the course, its dates and the training organisation. French only: a document
for funders (OPCO) and the trainee's file."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .selectors_attendance import registration_hours_attended


def _hours(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}\u00a0h"


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def certificate_context(*, registration, issued_on: datetime.date) -> dict:
    session = registration.session
    course = session.course
    half_days = list(session.half_days.order_by("date", "part"))
    planned = sum((h.hours for h in half_days), Decimal(0))
    return {
        "organisation": {
            "name": settings.TRAINING_ORGANISATION_NAME,
            "address": settings.TRAINING_ORGANISATION_ADDRESS,
            "activity_number": settings.TRAINING_ORGANISATION_ACTIVITY_NUMBER,
        },
        "trainee": f"{registration.first_name} {registration.last_name}",
        "structure": registration.structure.name,
        "course": course.title,
        "certification_codes": course.certification_codes,
        "starts_on": _date(session.starts_on),
        "ends_on": _date(session.ends_on),
        "place": "À distance" if session.is_remote else session.place,
        "planned": _hours(planned),
        "attended": _hours(registration_hours_attended(registration)),
        "issued_on": _date(issued_on),
    }


def certificate_filename(registration) -> str:
    return f"certificat-realisation-{registration.session_id}-{registration.pk}.pdf"


def certificate_pdf(*, registration, issued_on: datetime.date) -> bytes:
    from weasyprint import CSS, HTML  # WeasyPrint loads system libraries: only when printing
    from weasyprint.text.fonts import FontConfiguration

    with translation.override("fr"):
        html = render_to_string(
            "training/attendance/certificate_pdf.html",
            certificate_context(registration=registration, issued_on=issued_on),
        )
        css = render_to_string("training/attendance/certificate_pdf.css")
    fonts = FontConfiguration()
    return HTML(string=html).write_pdf(
        stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts
    )
