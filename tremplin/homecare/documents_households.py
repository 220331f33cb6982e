"""The printed quote (WeasyPrint, as the invoices): the mentions of the arrêté du 17 mars
2015 — the organisation and its declaration, the household, each service with its activity,
mode, hourly or flat price excl. and incl. VAT and extra fees, the monthly total, the
mode's warning, and the tax advantage detached from the price in a smaller type."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from . import quote_mentions as mentions
from .models import Quote, SapDeclaration
from .services.quotes import quote_monthly_total, quote_required


def quote_context(quote: Quote) -> dict:
    household = quote.household
    structure = household.structure
    on = quote.sent_on or timezone.localdate()
    lines = list(quote.lines.select_related("service"))
    declaration = SapDeclaration.objects.filter(structure=structure).first()
    modes = sorted({line.service.mode for line in lines})
    total = quote_monthly_total(quote)
    return {
        "quote": quote,
        "structure": structure,
        "client": household.client,
        "lines": lines,
        "total": total,
        "required": quote_required(monthly_incl_vat=total, on=on),
        "declaration": mentions.declaration_mention(declaration),
        "mode_mentions": [m for m in (mentions.mode_mention(mode) for mode in modes) if m],
        "tax_mention": mentions.tax_advantage_mention(on),
        # Each service's own mention once, however many lines quote it.
        "service_mentions": list(
            dict.fromkeys(line.service.tax_mention for line in lines if line.service.tax_mention)
        ),
        "free_mention": mentions.free_quote_mention(on),
    }


def quote_pdf(quote: Quote) -> bytes:
    # A legal document in France: French whatever the reader's language.
    with translation.override("fr"):
        html = render_to_string("homecare/households/quote_pdf.html", quote_context(quote))
    return HTML(string=html).write_pdf()
