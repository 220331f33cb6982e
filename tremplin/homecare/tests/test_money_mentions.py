"""The SAP mentions on households' invoices, printed by missions' invoice PDF."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tremplin.homecare.mentions import invoice_sap_mentions
from tremplin.homecare.models import DeclaredActivity, SapDeclaration, Service
from tremplin.missions import documents
from tremplin.missions.models import Assignment, Client, Invoice, MissionRequest, TimeEntry
from tremplin.network.models import Activity
from tremplin.people.models import Person

from .money_helpers import issued_invoice, make_household

D = datetime.date
PRESTATAIRE = "Mode d'intervention « prestataire »"
MISE_A_DISPOSITION = "Mode d'intervention « mise à disposition »"


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def declared(world):
    declaration = SapDeclaration.objects.create(
        structure=world.own, number="SAP732829320", declared_on=D(2019, 4, 2)
    )
    DeclaredActivity.objects.create(
        declaration=declaration, activity="menage", mode="mise_a_disposition"
    )
    return declaration


def _service(world, name, sap_activity, mode, work_activity="proprete", **extra):
    return Service.objects.create(
        structure=world.own,
        name=name,
        activity=sap_activity,
        mode=mode,
        work_activity=Activity.objects.get(code=work_activity),
        price_excl_vat=Decimal("24.00"),
        **extra,
    )


def test_a_household_invoice_states_declaration_mode_and_tax_advantage(world, declared):
    _service(world, "Ménage", "menage", "mise_a_disposition")
    invoice = issued_invoice(world, make_household(world))
    text = pdf_text(documents.invoice_pdf(invoice))
    assert "déclaré sous le n° SAP732829320 le 2 avril 2019" in text
    assert "Mode d'intervention « mise à disposition »" in text
    assert "crédit d'impôt de 50 %" in text and "199 sexdecies" in text
    assert "espèces n'y ouvrent pas droit" in text
    assert "bricolage" not in text


def test_the_services_worked_give_the_modes_and_sub_caps(world, declared):
    other_activity = Activity.objects.exclude(code="proprete").order_by("pk").first()
    _service(world, "Ménage", "menage", "mise_a_disposition")
    _service(
        world,
        "Petit bricolage",
        "bricolage",
        "prestataire",
        work_activity=other_activity.code,
        tax_mention="Crédit d'impôt de 50 % (bricolage plafonné).",
    )
    household = make_household(world)
    invoice = issued_invoice(world, household)
    # Without hours, every offered service is named.
    mentions = invoice_sap_mentions(invoice)
    assert PRESTATAIRE in mentions and MISE_A_DISPOSITION in mentions
    # The structure's own tax mention, and the sub-cap the law sets all the same.
    assert "Crédit d'impôt de 50 % (bricolage plafonné)." in mentions
    assert any("500 € par an et par foyer, 2 heures au plus" in m for m in mentions)
    # With hours worked under the DIY service only, only its mode and sub-cap.
    person = Person.objects.create(
        structure=world.own,
        last_name="Martin",
        first_names="Paul",
        sex="M",
        birth_date=D(1990, 1, 1),
    )
    request = MissionRequest.objects.create(
        structure=world.own,
        client=household.client,
        activity=other_activity,
        commune=household.client.commune,
        start_date=D(2026, 9, 1),
        end_date=D(2026, 9, 30),
        hours=Decimal(10),
    )
    assignment = Assignment.objects.create(
        request=request,
        person=person,
        date=D(2026, 9, 7),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        hours=Decimal(2),
    )
    TimeEntry.objects.create(
        structure=world.own,
        person=person,
        client=household.client,
        assignment=assignment,
        date=assignment.date,
        hours=Decimal(2),
        status="validated",
        invoice=invoice,
    )
    mentions = invoice_sap_mentions(invoice)
    assert MISE_A_DISPOSITION not in mentions
    assert PRESTATAIRE in mentions
    assert any("bricolage" in m for m in mentions)


def test_no_sap_mention_for_a_company_nor_without_a_declaration(world):
    household_invoice = issued_invoice(world, make_household(world))
    assert invoice_sap_mentions(household_invoice) == []
    SapDeclaration.objects.create(
        structure=world.own, number="SAP732829320", declared_on=D(2019, 4, 2)
    )
    company = Client.objects.create(
        structure=world.own,
        kind="company",
        name="Société Martin",
        address="1 rue",
        commune=household_invoice.client.commune,
        siret="35600000000048",
    )
    company_invoice = Invoice.objects.get(pk=household_invoice.pk)
    company_invoice.client = company
    assert invoice_sap_mentions(company_invoice) == []
    # Declared, without any service or activity: the declaration, the tax credit and what
    # counts for it.
    declaration, credit, notice = invoice_sap_mentions(household_invoice)
    assert declaration.startswith("Organisme de services à la personne déclaré sous le n°")
    assert credit.startswith("Les services à la personne ouvrent droit à un crédit d'impôt")
    assert notice.startswith("Seul ce que vous payez vous-même compte")
