"""The legal mentions of quotes and contracts (arrêté du 17 mars 2015, art. 3 and 4),
as the households part needs them.

A stand-in: the `sap` part owns `homecare/mentions.py`, which was not on main when this part
was written. The same three functions, to be replaced by calls to it when both are merged."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from tremplin.rules import rule

from .activities import InterventionMode


def mode_mention(mode: str) -> str:
    """The warning of art. 3: in the « mandataire » mode the household is the employer; in
    the « mise à disposition » mode the structure stays the employer. None for « prestataire »."""
    if mode == InterventionMode.MANDATAIRE:
        return _(
            "Warning: under a placement contract (« mandataire » mode), the consumer is the "
            "employer of the worker and bears the obligations of an employer."
        )
    if mode == InterventionMode.MISE_A_DISPOSITION:
        return _(
            "Under a placement of workers (« mise à disposition » mode), the organisation is "
            "the employer of the worker; the consumer pays the organisation."
        )
    return ""


def declaration_mention(declaration) -> str:
    if declaration is None:
        return ""
    return _("Services à la personne organisation, declaration no. %(number)s.") % {
        "number": declaration.number
    }


def tax_advantage_mention(on: datetime.date) -> str:
    """Detached from the price, in a smaller type (art. 3): the tax credit of CGI art. 199
    sexdecies, its rate read from the rules table."""
    return _(
        "These services may give a right to a tax credit of %(rate)s %% of the amounts "
        "actually paid, within the limits of article 199 sexdecies of the CGI."
    ) % {"rate": rule("sap.tax_credit.rate", on)}


def free_quote_mention(on: datetime.date) -> str:
    return _(
        "This quote is free. The organisation gives a free personalised quote for any service "
        "of %(threshold)s € incl. VAT a month or more, or on request."
    ) % {"threshold": rule("sap.quote_threshold_ttc_per_month", on)}
