"""The printed quote (WeasyPrint, as the invoices): the mentions of the arrêté du 17 mars
2015 — the organisation and its declaration, the household, each service with its activity,
mode, hourly or flat price excl. and incl. VAT and extra fees, the monthly total, the
mode's warning, and the tax advantage detached from the price in a smaller type."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML

from . import mentions
from .models import HouseholdContract, Quote, RecurringPattern, Service
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


def contract_services(contract: HouseholdContract) -> list:
    """The services the contract is for: its quote's lines, else those of the household's
    recurring interventions, else the structure's whole offer (as an invoice without hours)."""
    if contract.quote_id:
        lines = contract.quote.lines.select_related("service").order_by("pk")
        return list(dict.fromkeys(line.service for line in lines))
    planned = Service.objects.filter(
        pk__in=RecurringPattern.objects.filter(household_id=contract.household_id).values(
            "service_id"
        )
    )
    offered = Service.objects.filter(structure_id=contract.household.structure_id, is_active=True)
    return list((planned if planned.exists() else offered).order_by("pk"))


def contract_context(contract: HouseholdContract) -> dict:
    """The printed contract: the parties and the declaration, each service with its activity
    and its intervention mode by its common name, the mode's warning on the first page
    (arrêté du 17 mars 2015, art. 2 and 3), the dates, monthly amount and notice, and the
    tax advantage apart from the price in a smaller type (art. 5)."""
    household = contract.household
    structure = household.structure
    services = contract_services(contract)
    printed = mentions.mentions_for(
        structure=structure, services=services, on=contract.signed_on, document=mentions.CONTRACT
    )
    return {
        "contract": contract,
        "structure": structure,
        "client": household.client,
        "services": services,
        "lines": list(contract.quote.lines.select_related("service")) if contract.quote_id else [],
        "declaration": printed.declaration,
        "mode_mentions": [
            f"{mode.name}. {mode.warning}" if mode.warning else mode.name for mode in printed.modes
        ],
        "tax_mention": " ".join(printed.tax),
    }


def contract_pdf(contract: HouseholdContract) -> bytes:
    with translation.override("fr"):
        html = render_to_string("homecare/households/contract_pdf.html", contract_context(contract))
    css = CSS(string=render_to_string("homecare/households/quote_pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[css])
