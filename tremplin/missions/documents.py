"""Invoice documents: the printed invoice (PDF/A-3b rendered by WeasyPrint from a Django
template) and, for company clients, the Factur-X invoice: the same PDF with the CII XML of
the EN 16931 profile embedded, as French e-invoicing requires between businesses.

A credit note is a document of its own (type 381): its amounts are shown positive, the
document type saying they are owed to the client, while the database keeps them negative."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import facturx
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from tremplin.rules import rule

from . import payment_terms
from .einvoicing import is_einvoice
from .invoice_mentions import extra_mentions
from .models import ClientKind, Invoice, InvoiceLine, InvoiceStatus
from .models.invoices import UNIT_HOUR

CENT = Decimal("0.01")
GUIDELINE_EN16931 = "urn:cen.eu:en16931:2017"
# The French "cadre de facturation" (BT-23): S1, an invoice for services.
BUSINESS_PROCESS = "S1"
TYPE_INVOICE, TYPE_CREDIT_NOTE = "380", "381"
SCHEME_SIREN, SCHEME_SIRET = "0002", "0009"  # ISO 6523 ICD: SIRENE (9 digits), SIRET
# The electronic address (BT-34, BT-49) as the French directory of the e-invoicing reform
# knows it: scheme 0225 ("FRCTC electronic address"), the company's SIREN.
SCHEME_FRENCH_ADDRESS = "0225"

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

# The legal mentions between professionals (Code de commerce, L441-9, L441-10 and D441-5).
# Without a rate agreed in the contract, the late-payment rate is the ECB's plus 10 points.
MENTION_DISCOUNT = "Pas d'escompte pour paiement anticipé."
MENTION_PENALTIES = (
    "En cas de retard de paiement, des pénalités de retard sont exigibles de plein droit au "
    "taux d'intérêt appliqué par la Banque centrale européenne à son opération de "
    "refinancement la plus récente, majoré de 10 points de pourcentage (article L441-10 du "
    "Code de commerce)."
)


def mention_recovery(on: datetime.date) -> str:
    amount = rule("invoice.recovery_indemnity", on)
    return (
        "Tout retard de paiement entraîne en outre l'exigibilité d'une indemnité forfaitaire "
        f"pour frais de recouvrement de {amount} € (articles L441-10 et D441-5 du Code de "
        "commerce)."
    )


DEFAULT_EXEMPTION = "Exonération de TVA"


# Figures -------------------------------------------------------------------------------------


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class VatGroup:
    rate: Decimal
    basis: Decimal
    tax: Decimal

    @property
    def exempt(self) -> bool:
        return self.rate == 0


@dataclass(frozen=True)
class Figures:
    """The document's amounts as printed and exchanged: signed for an invoice, turned
    positive for a credit note."""

    lines: list[tuple[InvoiceLine, Decimal, Decimal]]  # line, quantity, amount
    vat_groups: list[VatGroup]
    total_excl_vat: Decimal
    vat: Decimal
    total: Decimal


def _figures(invoice: Invoice) -> Figures:
    sign = -1 if invoice.is_credit_note else 1
    lines = [(line, sign * line.quantity, sign * line.amount) for line in invoice.lines.all()]
    bases: dict[Decimal, Decimal] = {}
    for line, _quantity, amount in lines:
        rate = line.vat_rate.normalize()
        bases[rate] = bases.get(rate, Decimal(0)) + amount
    # EN 16931 (BR-CO-17, BR-CO-14): the VAT of each rate is rounded, then summed.
    groups = [
        VatGroup(rate=rate, basis=_money(basis), tax=_money(basis * rate / 100))
        for rate, basis in sorted(bases.items())
    ]
    figures = Figures(
        lines=lines,
        vat_groups=groups,
        total_excl_vat=_money(sum((g.basis for g in groups), Decimal(0))),
        vat=sum((g.tax for g in groups), Decimal(0)),
        total=_money(sum((g.basis + g.tax for g in groups), Decimal(0))),
    )
    stored = (sign * invoice.total_excl_vat, sign * invoice.vat, sign * invoice.total)
    computed = (figures.total_excl_vat, figures.vat, figures.total)
    if invoice.status != InvoiceStatus.DRAFT and computed != stored:
        # An issued document is never printed with totals other than those recorded.
        raise ValueError(
            f"Invoice {invoice.pk}: its totals {stored} differ from its lines {computed}."
        )
    return figures


# Printed invoice -----------------------------------------------------------------------------


def _fr_number(value: Decimal, places: int = 2) -> str:
    text = f"{abs(value):,.{places}f}".replace(",", "\u202f").replace(".", ",")
    return f"-{text}" if value < 0 else text


def _eur(value: Decimal) -> str:
    return f"{_fr_number(value)}\u00a0€"


def _rate(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text}\u00a0%"


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _siret(value: str) -> str:
    return f"{value[:3]} {value[3:6]} {value[6:9]} {value[9:]}" if len(value) == 14 else value


def _postcode(commune) -> str:
    """The commune's postcode when it has only one (a city has several, the address then
    says nothing about which)."""
    codes = commune.postcodes.split()
    return codes[0] if len(codes) == 1 else ""


def _vat_number(siret: str) -> str:
    """The French intra-community VAT number, derived from the SIREN."""
    siren = siret[:9]
    return f"FR{int(siren + '12') % 97:02d}{siren}"


def _party(name: str, address: str, commune, siret: str) -> dict:
    postcode = _postcode(commune)
    return {
        "name": name,
        "address": address,
        "city": f"{postcode} {commune.name}".strip(),
        "siret": _siret(siret) if siret else "",
    }


def _is_professional(invoice: Invoice) -> bool:
    return invoice.client.kind != ClientKind.HOUSEHOLD


def _heading(invoice: Invoice) -> str:
    if invoice.status == InvoiceStatus.DRAFT:
        return "Avoir (brouillon)" if invoice.is_credit_note else "Facture (brouillon)"
    if invoice.is_credit_note:
        return f"Avoir n° {invoice.reference} sur la facture n° {invoice.corrects.reference}"
    return f"Facture n° {invoice.reference}"


def _terms_of(invoice: Invoice) -> tuple[str, int | None]:
    """The payment terms the due date followed: those copied at issue, the client's own on a
    draft (and on an invoice issued before they were copied)."""
    if invoice.payment_terms:
        return invoice.payment_terms, invoice.payment_days
    return invoice.client.payment_terms, invoice.client.payment_days


def _agreed_terms(invoice: Invoice) -> str:
    """The payment terms in words (Code de commerce, L441-9 and L441-10)."""
    terms, days = _terms_of(invoice)
    if terms == payment_terms.DAYS and days:
        return (
            f"{days} jours à compter de la date d'émission de la facture, convenus avec le client"
        )
    if terms == payment_terms.END_OF_MONTH and days:
        return (
            f"{days} jours fin de mois à compter de la date d'émission de la facture, "
            "convenus avec le client"
        )
    default = rule("invoice.payment_default_days", invoice.issued_on or datetime.date.today())
    return f"{default} jours après l'exécution de la prestation (délai légal, rien n'étant convenu)"


def _payment_terms(invoice: Invoice) -> str:
    if invoice.is_credit_note:
        return (
            f"Avoir à déduire du règlement de la facture n° {invoice.corrects.reference} "
            "ou remboursé au client."
        )
    if invoice.client.kind == ClientKind.HOUSEHOLD:
        # A consumer: the terms between professionals (L441-10) are not theirs.
        if invoice.due_on:
            return f"Paiement à réception de la facture, au plus tard le {_date(invoice.due_on)}."
        return "Paiement à réception de la facture."
    text = f"Délai de paiement : {_agreed_terms(invoice)} (article L441-10 du Code de commerce)."
    if invoice.due_on and invoice.issued_on:
        terms, days = _terms_of(invoice)
        uncapped = payment_terms.due_date(
            terms=terms,
            days=days,
            issued_on=invoice.issued_on,
            service_end=invoice.period_end,
            periodic=False,
        )
        if invoice.due_on < uncapped and invoice.due_on > invoice.issued_on:
            limit = rule("invoice.payment_max_days_periodic", invoice.issued_on)
            text += f" Facture périodique : au plus {limit} jours après son émission."
    if invoice.due_on and invoice.due_on == invoice.issued_on:
        return f"{text} Paiement à réception de la facture."
    if invoice.due_on:
        return f"{text} Paiement au plus tard le {_date(invoice.due_on)}."
    return text


def _context(invoice: Invoice, figures: Figures) -> dict:
    structure, client = invoice.structure, invoice.client
    seller = _party(structure.name, structure.address, structure.commune, structure.siret)
    seller["email"], seller["phone"] = structure.email, structure.phone
    if any(not group.exempt for group in figures.vat_groups):
        seller["vat_number"] = _vat_number(structure.siret)
    professional = _is_professional(invoice)
    return {
        "invoice": invoice,
        "title": _heading(invoice),
        "is_draft": invoice.status == InvoiceStatus.DRAFT,
        "is_credit_note": invoice.is_credit_note,
        "seller": seller,
        "buyer": _party(client.name, client.address, client.commune, client.siret),
        "issued_on": _date(invoice.issued_on),
        "due_on": "" if invoice.is_credit_note else _date(invoice.due_on),
        "period": f"du {_date(invoice.period_start)} au {_date(invoice.period_end)}",
        "lines": [
            {
                "label": line.label,
                "quantity": _fr_number(quantity) + (" h" if line.unit == UNIT_HOUR else ""),
                "unit_price": _eur(line.unit_price),
                "vat_rate": _rate(line.vat_rate),
                "amount": _eur(amount),
            }
            for line, quantity, amount in figures.lines
        ],
        "vat_groups": [
            {"rate": _rate(g.rate), "basis": _eur(g.basis), "tax": _eur(g.tax)}
            for g in figures.vat_groups
        ],
        "total_excl_vat": _eur(figures.total_excl_vat),
        "vat": _eur(figures.vat),
        "total": _eur(figures.total),
        "vat_reference": invoice.vat_reference,
        "payment_terms": _payment_terms(invoice),
        "professional_mentions": (
            [
                MENTION_DISCOUNT,
                MENTION_PENALTIES,
                mention_recovery(invoice.issued_on or datetime.date.today()),
            ]
            if professional
            else []
        ),
        # Registered by the apps above missions (homecare: the SAP mentions of households).
        "extra_mentions": extra_mentions(invoice),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    """The printed invoice or credit note, as PDF/A-3b (an archival format, also the base
    of the Factur-X invoice). A draft is printed as such, marked "brouillon"."""
    figures = _figures(invoice)
    with translation.override("fr"):
        html = render_to_string("missions/invoice_pdf.html", _context(invoice, figures))
    return HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")


# Factur-X ------------------------------------------------------------------------------------


def has_facturx(invoice: Invoice) -> bool:
    """An issued document for a company identified by its SIRET."""
    return is_einvoice(invoice)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    prefix, name = tag.split(":")
    element = ET.SubElement(parent, f"{{{NS[prefix]}}}{name}", attrs)
    if text is not None:
        element.text = text
    return element


def _amount(value: Decimal) -> str:
    return f"{_money(value):f}"


def _xml_date(parent: ET.Element, tag: str, value: datetime.date, qualified=False) -> None:
    prefix = "qdt" if qualified else "udt"
    _el(_el(parent, tag), f"{prefix}:DateTimeString", value.strftime("%Y%m%d"), format="102")


def _xml_party(parent: ET.Element, tag: str, name, address, commune, siret: str, vat=""):
    party = _el(parent, tag)
    _el(party, "ram:GlobalID", siret, schemeID=SCHEME_SIRET)
    _el(party, "ram:Name", name)
    _el(_el(party, "ram:SpecifiedLegalOrganization"), "ram:ID", siret[:9], schemeID=SCHEME_SIREN)
    postal = _el(party, "ram:PostalTradeAddress")
    if postcode := _postcode(commune):
        _el(postal, "ram:PostcodeCode", postcode)
    _el(postal, "ram:LineOne", address)
    _el(postal, "ram:CityName", commune.name)
    _el(postal, "ram:CountryID", "FR")
    address = _el(party, "ram:URIUniversalCommunication")
    _el(address, "ram:URIID", siret[:9], schemeID=SCHEME_FRENCH_ADDRESS)
    if vat:
        _el(_el(party, "ram:SpecifiedTaxRegistration"), "ram:ID", vat, schemeID="VA")


def _xml_tax(parent: ET.Element, group: VatGroup, reason: str, *, header: bool) -> None:
    tax = _el(parent, "ram:ApplicableTradeTax")
    if header:
        _el(tax, "ram:CalculatedAmount", _amount(group.tax))
    _el(tax, "ram:TypeCode", "VAT")
    if header and group.exempt:
        _el(tax, "ram:ExemptionReason", reason)
    if header:
        _el(tax, "ram:BasisAmount", _amount(group.basis))
    _el(tax, "ram:CategoryCode", "E" if group.exempt else "S")
    _el(tax, "ram:RateApplicablePercent", f"{group.rate:f}")


def invoice_cii_xml(invoice: Invoice) -> bytes:
    """The invoice as a UN/CEFACT Cross Industry Invoice of the EN 16931 profile."""
    if not has_facturx(invoice):
        raise ValueError("Factur-X is made for issued invoices of companies with a SIRET.")
    figures = _figures(invoice)
    structure, client = invoice.structure, invoice.client
    exemption = invoice.vat_reference or DEFAULT_EXEMPTION

    root = ET.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice")
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(
        _el(context, "ram:BusinessProcessSpecifiedDocumentContextParameter"),
        "ram:ID",
        BUSINESS_PROCESS,
    )
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINE_EN16931)

    document = _el(root, "rsm:ExchangedDocument")
    _el(document, "ram:ID", invoice.reference)
    _el(document, "ram:TypeCode", TYPE_CREDIT_NOTE if invoice.is_credit_note else TYPE_INVOICE)
    _xml_date(document, "ram:IssueDateTime", invoice.issued_on)
    notes = [
        ("AAB", MENTION_DISCOUNT),
        ("PMD", MENTION_PENALTIES),
        ("PMT", mention_recovery(invoice.issued_on)),
    ]
    if invoice.vat_reference:
        notes.append(("TXD", invoice.vat_reference))
    for code, content in notes:
        note = _el(document, "ram:IncludedNote")
        _el(note, "ram:Content", content)
        _el(note, "ram:SubjectCode", code)

    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    for index, (line, quantity, amount) in enumerate(figures.lines, start=1):
        item = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
        _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(index))
        _el(_el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.label)
        price = _el(_el(item, "ram:SpecifiedLineTradeAgreement"), "ram:NetPriceProductTradePrice")
        _el(price, "ram:ChargeAmount", f"{line.unit_price:f}")
        delivery = _el(item, "ram:SpecifiedLineTradeDelivery")
        _el(delivery, "ram:BilledQuantity", f"{quantity:f}", unitCode=line.unit)
        settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
        rate = line.vat_rate.normalize()
        _xml_tax(settlement, VatGroup(rate, Decimal(0), Decimal(0)), exemption, header=False)
        summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        _el(summation, "ram:LineTotalAmount", _amount(amount))

    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    seller_vat = _vat_number(structure.siret)
    _xml_party(
        agreement,
        "ram:SellerTradeParty",
        structure.name,
        structure.address,
        structure.commune,
        structure.siret,
        vat=seller_vat,
    )
    _xml_party(
        agreement, "ram:BuyerTradeParty", client.name, client.address, client.commune, client.siret
    )
    # The services were completed at the end of the period (BT-72); an empty delivery
    # element would be refused (PEPPOL-EN16931-R008).
    delivery = _el(transaction, "ram:ApplicableHeaderTradeDelivery")
    event = _el(delivery, "ram:ActualDeliverySupplyChainEvent")
    _xml_date(event, "ram:OccurrenceDateTime", invoice.period_end)

    settlement = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:InvoiceCurrencyCode", "EUR")
    for group in figures.vat_groups:
        _xml_tax(settlement, group, exemption, header=True)
    period = _el(settlement, "ram:BillingSpecifiedPeriod")
    _xml_date(period, "ram:StartDateTime", invoice.period_start)
    _xml_date(period, "ram:EndDateTime", invoice.period_end)
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    _el(terms, "ram:Description", _payment_terms(invoice))
    if invoice.due_on and not invoice.is_credit_note:
        _xml_date(terms, "ram:DueDateDateTime", invoice.due_on)
    totals = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(totals, "ram:LineTotalAmount", _amount(figures.total_excl_vat))
    _el(totals, "ram:TaxBasisTotalAmount", _amount(figures.total_excl_vat))
    _el(totals, "ram:TaxTotalAmount", _amount(figures.vat), currencyID="EUR")
    _el(totals, "ram:GrandTotalAmount", _amount(figures.total))
    _el(totals, "ram:DuePayableAmount", _amount(figures.total))
    if invoice.is_credit_note:
        corrected = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(corrected, "ram:IssuerAssignedID", invoice.corrects.reference)
        _xml_date(corrected, "ram:FormattedIssueDateTime", invoice.corrects.issued_on, True)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def invoice_facturx(invoice: Invoice) -> bytes:
    """The Factur-X invoice (PDF/A-3 with the CII XML, EN 16931) for a company with a
    SIRET; the printed PDF for any other client and for a draft."""
    pdf = invoice_pdf(invoice)
    if not has_facturx(invoice):
        return pdf
    kind = "Avoir" if invoice.is_credit_note else "Facture"
    return facturx.generate_from_binary(
        pdf,
        invoice_cii_xml(invoice),
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        lang="fr-FR",
        pdf_metadata={
            "author": invoice.structure.name,
            "keywords": "Factur-X, facture",
            "title": f"{invoice.structure.name} : {kind} {invoice.reference}",
            "subject": (
                f"{kind} {invoice.reference} du {_date(invoice.issued_on)} "
                f"émise par {invoice.structure.name} pour {invoice.client.name}"
            ),
        },
    )
