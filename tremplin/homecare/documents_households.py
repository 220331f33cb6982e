"""The printed quote (WeasyPrint, as the invoices): the mentions of the arrêté du 17 mars
2015 — the organisation and its declaration, the household, each service with its activity,
mode, hourly or flat price excl. and incl. VAT and extra fees, the monthly total, the
mode's warning, and the tax advantage detached from the price in a smaller type."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML

from . import mentions
from .models import Quote
from .services.quotes import quote_monthly_total, quote_required


def quote_context(quote: Quote) -> dict:
    household = quote.household
    structure = household.structure
    on = quote.sent_on or timezone.localdate()
    lines = list(quote.lines.select_related("service"))
    total = quote_monthly_total(quote)
    printed = mentions.mentions_for(
        structure=structure,
        services=[line.service for line in lines],
        on=on,
        document=mentions.QUOTE,
    )
    return {
        "quote": quote,
        "structure": structure,
        "client": household.client,
        "lines": lines,
        "total": total,
        "required": quote_required(monthly_incl_vat=total, on=on),
        "declaration": printed.declaration,
        "mode_mentions": [
            f"{mode.name}. {mode.warning}" if mode.warning else mode.name for mode in printed.modes
        ],
        # The tax advantage, once per distinct text (a service's own or its activity's).
        "tax_mention": " ".join(printed.tax),
        "service_mentions": [],
        "free_mention": printed.quote_notice,
    }


def quote_pdf(quote: Quote) -> bytes:
    # A legal document in France: French whatever the reader's language.
    with translation.override("fr"):
        html = render_to_string("homecare/households/quote_pdf.html", quote_context(quote))
    css = CSS(string=render_to_string("homecare/households/quote_pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[css])
