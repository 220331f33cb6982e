"""The printed tax attestation: a PDF rendered by WeasyPrint from a Django template, as the
invoices are. French only: a document for the French tax administration.

A batch prints many attestations through `pdf_printing.print_all`: the same HTML and
style sheet, laid out by a few processes at once (the layout is nearly all the time)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from .attestation_figures import Figures
from .pdf_printing import Printer

CESU_NOTICE = (
    "Une partie des prestations a été réglée en CESU préfinancés. Vous avez l'obligation "
    "d'identifier clairement, lors de votre déclaration annuelle de revenus, le montant des "
    "CESU que vous avez personnellement financé : ce montant seul donne lieu à l'avantage "
    "fiscal. L'organisme qui vous a remis ces CESU (employeur, caisse de retraite, "
    "mutuelle…) vous délivre une attestation annuelle de leur nombre, de leur montant et "
    "de leur part préfinancée."
)
TAX_MENTION = (
    "Les sommes effectivement acquittées ci-dessus ouvrent droit, dans les conditions et "
    "limites de l'article 199 sexdecies du Code général des impôts, au crédit ou à la "
    "réduction d'impôt au titre des services à la personne."
)
CASH_MENTION = (
    "Les paiements en espèces ne donnent pas droit à l'avantage fiscal : ils ne sont pas "
    "comptés dans le montant ouvrant droit à l'avantage fiscal."
)
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _number(value: Decimal) -> str:
    text = f"{abs(value):,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"-{text}" if value < 0 else text


def eur(value: Decimal) -> str:
    return f"{_number(value)}\u00a0€"


def _hours(value: Decimal) -> str:
    return f"{_number(value)}\u00a0h"


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _month(value: datetime.date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


def _city(commune) -> str:
    codes = commune.postcodes.split()
    return f"{codes[0] if len(codes) == 1 else ''} {commune.name}".strip()


def context(*, figures: Figures, household, structure, declaration, issued_on) -> dict:
    client = household.client
    deductions = [
        (label, eur(value))
        for label, value in (
            ("Avance immédiate du crédit d'impôt (Urssaf)", figures.advance),
            (
                "Aides versées directement par un financeur (APA, PCH…)"
                + (f" : {', '.join(figures.funders)}" if figures.funders else ""),
                figures.third_party,
            ),
            (
                "CESU préfinancés"
                + (f" ({', '.join(figures.cesu_issuers)})" if figures.cesu_issuers else ""),
                figures.cesu_prepaid,
            ),
            ("Paiements en espèces (sans avantage fiscal)", figures.cash),
        )
        if value
    ]
    return {
        "year": figures.year,
        "organisation": {
            "name": structure.name,
            "address": structure.address,
            "city": _city(structure.commune),
            "siret": structure.siret,
        },
        "declaration": {
            "number": declaration.number,
            "declared_on": _date(declaration.declared_on),
            "agrement": declaration.agrement_number,
            "agrement_on": _date(declaration.agrement_on),
        },
        "household": {
            "name": client.name,
            "address": client.address,
            "city": _city(client.commune),
        },
        "interventions": [
            {
                "intervenant": i.intervenant,
                "identifier": i.identifier,
                "when": _date(i.day) if i.day else f"{_month(i.month)} (regroupement mensuel)",
                "count": i.count,
                "hours": _hours(i.hours),
            }
            for i in figures.interventions
        ],
        "prices": [
            {
                "label": p.label,
                "price": f"{eur(p.unit_price_ttc)}{' de l’heure' if p.hourly else ' (forfait)'}",
            }
            for p in figures.prices
        ],
        "invoices": [
            {
                "reference": i.reference,
                "last_paid_on": _date(i.last_paid_on),
                "paid": eur(i.paid),
                "total": eur(i.total),
            }
            for i in figures.invoices
        ],
        "hours": _hours(figures.hours),
        "paid_total": eur(figures.paid_total),
        "deductions": deductions,
        "amount": eur(figures.amount),
        "cesu_notice": CESU_NOTICE if figures.cesu_prepaid else "",
        "cash_mention": CASH_MENTION if figures.cash else "",
        "tax_mention": TAX_MENTION,
        "issued_on": _date(issued_on),
        "place": structure.commune.name,
    }


def attestation_html(**kwargs) -> str:
    with translation.override("fr"):
        return render_to_string("homecare/attestations/attestation_pdf.html", context(**kwargs))


def attestation_css() -> str:
    with translation.override("fr"):
        return render_to_string("homecare/attestations/attestation_pdf.css")


def attestation_pdf(**kwargs) -> bytes:
    """One attestation, printed on its own (fonts and style sheet loaded for it)."""
    return Printer(attestation_css()).pdf(attestation_html(**kwargs))
