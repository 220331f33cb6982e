"""The SAP mentions of a household's invoice, printed by missions' invoice PDF through its
registry (`missions.invoice_mentions`; registered in `HomecareConfig.ready`).

An invoice of services à la personne states the organisation's declaration number, the
intervention mode of the services (« prestataire », « mandataire », « mise à disposition »)
and the tax advantage they open (arrêté du 17 mars 2015; CGI art. 199 sexdecies; the
sub-caps of D7233-5). The texts are French: a legal document in France.

The « sap » part's `homecare/mentions.py` holds the same mentions for quotes and contracts;
the lead reconciles the two once both are merged (this module then calls that one)."""

from __future__ import annotations

from decimal import Decimal

from tremplin.common.dates import short_date
from tremplin.missions.models import ClientKind, Invoice, TimeEntry
from tremplin.rules import rule

from .activities import InterventionMode, SubCap, activity
from .models import DeclaredActivity, SapDeclaration, Service


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def declaration_mention(declaration: SapDeclaration) -> str:
    text = (
        f"Organisme de services à la personne déclaré sous le n° {declaration.number} "
        f"le {short_date(declaration.declared_on)}"
    )
    if declaration.agrement_number:
        text += f", agréé sous le n° {declaration.agrement_number}"
    if declaration.autorisation_number:
        text += f", autorisé sous le n° {declaration.autorisation_number}"
    return text + "."


def mode_mention(mode: str, structure_name: str) -> str:
    if mode == InterventionMode.MANDATAIRE:
        return (
            "Mode mandataire : vous êtes l'employeur de l'intervenant ; "
            f"{structure_name}, votre mandataire, vous facture ses frais de gestion."
        )
    if mode == InterventionMode.MISE_A_DISPOSITION:
        return (
            f"Mise à disposition : l'intervenant, salarié de {structure_name}, est mis à "
            "votre disposition ; la structure reste son employeur."
        )
    return (
        f"Mode prestataire : l'intervenant est salarié de {structure_name}, "
        "qui vous facture la prestation."
    )


def tax_mention(on) -> str:
    rate = rule("sap.tax_credit.rate", on)
    return (
        "Les sommes que vous versez au titre de ces services ouvrent droit à un crédit "
        f"d'impôt de {_number(rate)} % dans la limite des plafonds de l'article 199 sexdecies "
        "du Code général des impôts. Seul ce que vous payez vous-même compte : les paiements "
        "en espèces n'y ouvrent pas droit ; les CESU préfinancés, l'APA ou la PCH versées "
        "directement et l'avance immédiate en sont déduits. Une attestation fiscale annuelle "
        "vous est remise."
    )


def sub_cap_mention(sub_cap: str, on) -> str:
    if sub_cap == SubCap.DIY:
        return (
            "Petit bricolage : dépenses retenues dans la limite de "
            f"{_number(rule('sap.sub_cap.diy.yearly', on))} € par an et de "
            f"{_number(rule('sap.sub_cap.diy.max_hours_per_intervention', on))} heures par "
            "intervention (article D7233-5 du Code du travail)."
        )
    if sub_cap == SubCap.IT:
        return (
            "Assistance informatique : dépenses retenues dans la limite de "
            f"{_number(rule('sap.sub_cap.it.yearly', on))} € par an "
            "(article D7233-5 du Code du travail)."
        )
    return (
        "Petits travaux de jardinage : dépenses retenues dans la limite de "
        f"{_number(rule('sap.sub_cap.gardening.yearly', on))} € par an "
        "(article D7233-5 du Code du travail)."
    )


def _services_of(invoice: Invoice) -> list[Service]:
    """The catalogue's services the invoice's hours were worked under (by their activity
    of the missions); all the structure's offered services for an invoice without hours."""
    entries = TimeEntry.objects.filter(invoice_id=invoice.corrects_id or invoice.pk)
    activities = set(entries.values_list("assignment__request__activity_id", flat=True))
    services = Service.objects.filter(structure_id=invoice.structure_id, is_active=True)
    if activities:
        services = services.filter(work_activity_id__in=activities)
    return list(services.order_by("pk"))


def invoice_sap_mentions(invoice: Invoice) -> list[str]:
    """The SAP mentions of a household's invoice of a declared structure; nothing for any
    other invoice."""
    if invoice.client.kind != ClientKind.HOUSEHOLD:
        return []
    declaration = SapDeclaration.objects.filter(structure_id=invoice.structure_id).first()
    if declaration is None:
        return []
    on = invoice.issued_on or invoice.period_end
    services = _services_of(invoice)
    modes = list(dict.fromkeys(service.mode for service in services))
    if not modes:
        modes = list(
            dict.fromkeys(
                DeclaredActivity.objects.filter(declaration=declaration).values_list(
                    "mode", flat=True
                )
            )
        )
    mentions = [declaration_mention(declaration)]
    mentions += [mode_mention(mode, invoice.structure.name) for mode in modes]
    custom = list(dict.fromkeys(s.tax_mention.strip() for s in services if s.tax_mention.strip()))
    mentions += custom or [tax_mention(on)]
    sub_caps = dict.fromkeys(activity(s.activity).sub_cap for s in services)
    mentions += [sub_cap_mention(cap, on) for cap in sub_caps if cap]
    return mentions
