"""The legal mentions of quotes, contracts and invoices of home services, for every part
that prints one (quotes and contracts, household invoices, attestations).

Sources: arrêté du 17 mars 2015 relatif à l'information préalable du consommateur sur les
prestations de services à la personne (NOR EINC1324347A):
- art. 2: each service is named with its activity (D7231-1) and its intervention mode,
  by its common name (« mandataire », « mise à disposition », « prestataire »);
- art. 3: the price information, the quote and the first page of the contract carry the
  warning of the « mandataire » or « mise à disposition » mode;
- art. 5: the tax or social advantage is stated apart from the price, in a smaller type
  than the price (the templates print `Mentions.tax` in `small`);
- art. 6: the notice that a free personalised quote is given (quote threshold: rule
  `sap.quote_threshold_ttc_per_month`);
- art. 7, 3°: the quote states the number of the declaration, agrément or autorisation.
The invoice (D7233-1 du code du travail) states the declaration number as well; a
household's invoice adds what counts for the tax advantage (the attestation deducts the
immediate advance, prepaid CESU and APA/PCH paid directly; cash gives none).

Each function returns translated text; nothing here reads the database except through the
objects it is given (`structure.sap_declaration` is read once per call of `mentions_for`)
and `invoice_sap_mentions`, the provider missions' invoice PDF calls for each invoice
(`missions.invoice_mentions`, registered in `HomecareConfig.ready`), which reads the
invoice's services."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.template.defaultfilters import date as date_filter
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tremplin.missions.models import ClientKind, TimeEntry
from tremplin.rules import rule

from .activities import InterventionMode, SubCap, activity
from .models import DeclaredActivity, SapDeclaration, Service

QUOTE = "quote"
CONTRACT = "contract"
INVOICE = "invoice"
DOCUMENTS = (QUOTE, CONTRACT, INVOICE)


# The modes' common names (art. 2, 2°): legal terms, printed as such in every language.
MODE_COMMON_NAMES = {
    InterventionMode.MANDATAIRE: "mandataire",
    InterventionMode.MISE_A_DISPOSITION: "mise à disposition",
    InterventionMode.PRESTATAIRE: "prestataire",
}


def mode_name(mode: str) -> str:
    """« Mode d'intervention « prestataire » » (art. 2, 2°)."""
    return _("Intervention mode « %(mode)s »") % {"mode": MODE_COMMON_NAMES[mode]}


def mode_warning(mode: str) -> str:
    """The warning of art. 3 for the « mandataire » and « mise à disposition » modes (empty
    for « prestataire », which has none). The French catalogue holds the arrêté's words."""
    if mode == InterventionMode.MANDATAIRE:
        return _(
            "Warning: under a contract placing workers, the consumer is the employer of the "
            "person who provides the service at their home. As an employer, the consumer has "
            "various obligations arising in particular from the Code du travail and the Code "
            "de la sécurité sociale."
        )
    if mode == InterventionMode.MISE_A_DISPOSITION:
        return _(
            "Under a contract placing workers at the consumer's disposal, the service "
            "provider remains the employer."
        )
    return ""


def declaration_mention(declaration, *, on: datetime.date | None = None) -> str:
    """« Organisme de services à la personne déclaré sous le n° SAP… le … », with the
    agrément and the autorisation in force on `on` when the declaration has them."""
    if declaration is None:
        return ""
    parts = [
        _("Services à la personne organisation declared under no. %(number)s on %(date)s")
        % {"number": declaration.number, "date": date_filter(declaration.declared_on, "j F Y")}
    ]
    agrement_valid = declaration.agrement_number and (
        on is None or declaration.agrement_until is None or declaration.agrement_until >= on
    )
    if agrement_valid:
        parts.append(
            _("agrément no. %(number)s of %(date)s")
            % {
                "number": declaration.agrement_number,
                "date": date_filter(declaration.agrement_on, "j F Y"),
            }
        )
    if declaration.autorisation_number:
        parts.append(
            _("authorisation no. %(number)s of %(date)s")
            % {
                "number": declaration.autorisation_number,
                "date": date_filter(declaration.autorisation_on, "j F Y"),
            }
        )
    return ", ".join(parts) + "."


def _money(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)


def tax_credit_text(*, on: datetime.date) -> str:
    """The tax credit (CGI art. 199 sexdecies) at its rate on `on`."""
    return _(
        "Services à la personne give right to a tax credit of %(rate)s %% of the sums paid, "
        "under the conditions of article 199 sexdecies of the Code général des impôts."
    ) % {"rate": _money(rule("sap.tax_credit.rate", on=on))}


def sub_cap_text(sub_cap: str, *, on: datetime.date) -> str:
    """The yearly sub-cap that D7233-5 sets for a family of activities ("" for none)."""
    if sub_cap == SubCap.DIY:
        return _(
            "Small DIY work: expenses taken into account up to %(cap)s € a year per household, "
            "%(hours)s hours at most per intervention."
        ) % {
            "cap": _money(rule("sap.sub_cap.diy.yearly", on=on)),
            "hours": _money(rule("sap.sub_cap.diy.max_hours_per_intervention", on=on)),
        }
    if sub_cap == SubCap.IT:
        return _("IT help: expenses taken into account up to %(cap)s € a year per household.") % {
            "cap": _money(rule("sap.sub_cap.it.yearly", on=on))
        }
    if sub_cap == SubCap.GARDENING:
        return _(
            "Small gardening: expenses taken into account up to %(cap)s € a year per household."
        ) % {"cap": _money(rule("sap.sub_cap.gardening.yearly", on=on))}
    return ""


def tax_advantage_text(*, activity_code: str, on: datetime.date) -> str:
    """The default mention of the tax credit, with the yearly sub-cap of the activity where
    D7233-5 sets one."""
    sub_cap = sub_cap_text(activity(activity_code).sub_cap, on=on)
    return f"{tax_credit_text(on=on)} {sub_cap}" if sub_cap else tax_credit_text(on=on)


def invoice_tax_notice() -> str:
    """On a household's invoice: what of it counts for the tax advantage."""
    return _(
        "Only what you pay yourself counts for the tax advantage: cash payments give no right "
        "to it; prepaid CESU, the APA or PCH paid directly and the immediate advance are "
        "deducted from it. An annual tax attestation is given to you."
    )


def service_tax_mention(service, *, on: datetime.date) -> str:
    """The service's own mention, or the default one of its activity."""
    return service.tax_mention.strip() or tax_advantage_text(activity_code=service.activity, on=on)


def free_quote_notice(*, on: datetime.date) -> str:
    """The sentence of art. 6 shown where the services are offered (and on quotes)."""
    return _(
        "The seller gives a free personalised quote to the consumer to whom they offer a "
        "service or a set of services whose total price is %(threshold)s € incl. VAT or more, "
        "or to the consumer who asks for one."
    ) % {"threshold": _money(rule("sap.quote_threshold_ttc_per_month", on=on))}


@dataclass(frozen=True)
class ModeMention:
    mode: str
    name: str
    warning: str


@dataclass(frozen=True)
class Mentions:
    """What a quote, a contract or an invoice prints: `declaration` near the organisation's
    name, `modes` near the services (the warnings on the first page), `tax` apart from the
    prices in a smaller type, `quote_notice` on quotes only, `invoice_notice` on invoices
    only."""

    declaration: str
    modes: tuple[ModeMention, ...]
    tax: tuple[str, ...]
    quote_notice: str = ""
    lines: tuple[str, ...] = field(default=())
    invoice_notice: str = ""


_STRUCTURES = object()  # mentions_for's declaration: the structure's own


def _declaration_of(structure):
    try:
        return structure.sap_declaration
    except ObjectDoesNotExist:
        return None


def mentions_for(
    *,
    structure,
    services: Iterable,
    on: datetime.date,
    document: str = INVOICE,
    modes: Iterable[str] = (),
    declaration=_STRUCTURES,
) -> Mentions:
    """The mentions of a document of `structure` naming `services` (catalogue `Service`
    rows), printed on `on`; `modes` names intervention modes besides the services' (an
    invoice of no service names the declared activities' modes); `declaration` when the
    caller has read it (by default the structure's). Without a declaration,
    no tax advantage is mentioned: only a declared organisation opens the right to it
    (L7233-2). An invoice of a declared organisation always states the tax credit."""
    if document not in DOCUMENTS:
        raise ValueError(document)
    if declaration is _STRUCTURES:
        declaration = _declaration_of(structure)
    services = list(services)
    modes = list(dict.fromkeys(modes))
    taxes: list[str] = []
    for service in services:
        if service.mode not in modes:
            modes.append(service.mode)
        if declaration is not None:
            texts = [service_tax_mention(service, on=on)]
            if service.tax_mention.strip():  # the structure's words; the sub-cap is the law's
                texts.append(sub_cap_text(activity(service.activity).sub_cap, on=on))
            taxes.extend(text for text in texts if text and text not in taxes)
    if declaration is not None and document == INVOICE and not taxes:
        taxes.append(tax_credit_text(on=on))
    mode_mentions = tuple(
        ModeMention(mode=mode, name=mode_name(mode), warning=mode_warning(mode)) for mode in modes
    )
    declaration_text = declaration_mention(declaration, on=on)
    notice = free_quote_notice(on=on) if document == QUOTE else ""
    invoice_notice = invoice_tax_notice() if declaration and document == INVOICE else ""
    lines = [declaration_text] if declaration_text else []
    for mention in mode_mentions:
        lines.append(mention.name)
        if mention.warning and document in (QUOTE, CONTRACT):
            lines.append(mention.warning)
    lines.extend(taxes)
    lines.extend(text for text in (notice, invoice_notice) if text)
    return Mentions(
        declaration=declaration_text,
        modes=mode_mentions,
        tax=tuple(taxes),
        quote_notice=notice,
        lines=tuple(lines),
        invoice_notice=invoice_notice,
    )


def _invoice_services(invoice):
    """The catalogue's services the invoice's hours were worked under (by their activity
    of the missions); all the structure's offered services for an invoice without hours."""
    entries = TimeEntry.objects.filter(invoice_id=invoice.corrects_id or invoice.pk)
    activities = set(entries.values_list("assignment__request__activity_id", flat=True))
    services = Service.objects.filter(structure_id=invoice.structure_id, is_active=True)
    if activities:
        services = services.filter(work_activity_id__in=activities)
    return list(services.order_by("pk"))


def invoice_sap_mentions(invoice) -> list[str]:
    """The SAP mentions of a household's invoice of a declared structure, as lines for
    missions' invoice PDF; nothing for any other invoice."""
    if invoice.client.kind != ClientKind.HOUSEHOLD:
        return []
    # Read afresh: the structure object may have been read before its declaration existed.
    declaration = SapDeclaration.objects.filter(structure_id=invoice.structure_id).first()
    if declaration is None:
        return []
    services = _invoice_services(invoice)
    declared_modes = (
        ()
        if services
        else DeclaredActivity.objects.filter(declaration=declaration)
        .order_by("pk")
        .values_list("mode", flat=True)
    )
    printed = mentions_for(
        structure=invoice.structure,
        declaration=declaration,
        services=services,
        on=invoice.issued_on or invoice.period_end,
        document=INVOICE,
        modes=declared_modes,
    )
    return list(printed.lines)
