"""Sending issued invoices to the buyer's platform: queued after commit, once, through the
`InvoiceTransmitter` interface (here the directory one)."""

import datetime
from decimal import Decimal

import facturx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tremplin.missions import tasks
from tremplin.missions.einvoicing import DirectoryTransmitter
from tremplin.missions.models import Invoice, InvoiceLine, InvoiceTransmission
from tremplin.missions.services import invoices, transmissions

from .conftest import make_client
from .test_invoice_pdf import COMPANY_SIRET

D = datetime.date


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EINVOICING_OUTBOX_DIR = str(tmp_path)
    settings.EINVOICING_TRANSMITTER = "tremplin.missions.einvoicing.DirectoryTransmitter"
    return tmp_path


JANUARY = D(2025, 1, 1)


def draft(world, client, month=JANUARY):
    invoice = Invoice.objects.create(
        structure=world.own,
        client=client,
        period_start=month,
        period_end=invoices.month_bounds(month)[1],
        vat_reference="TVA au taux normal",
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        label="Propreté",
        quantity=Decimal(2),
        unit_price=Decimal(20),
        vat_rate=Decimal(20),
        amount=Decimal(40),
    )
    invoices._totals(invoice)
    invoice.save()
    return invoice


def company(world, name="Société Martin", siret=COMPANY_SIRET):
    client = make_client(world, "company", name=name)
    client.siret = siret
    client.save()
    return client


def test_issuing_a_month_sends_its_einvoices_after_commit_once(
    world, outbox, django_capture_on_commit_callbacks
):
    einvoice = draft(world, company(world))
    household = draft(world, make_client(world, "household", name="Mme Durand"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invoices.invoices_issue_month(
            actor=world.user("accountant"),
            structure_id=world.own.pk,
            month=D(2025, 1, 1),
            issued_on=D(2025, 2, 3),
        )
        assert not list(outbox.rglob("*.pdf"))  # nothing leaves before the commit
    assert not InvoiceTransmission.objects.filter(invoice=household).exists()
    assert InvoiceTransmission.objects.get(invoice=einvoice).status == "pending"
    for callback in callbacks:
        callback()
    transmission = InvoiceTransmission.objects.get(invoice=einvoice)
    assert (transmission.status, transmission.transmitter) == ("sent", "directory")
    (pdf,) = outbox.rglob("*.pdf")
    assert pdf.parent.name == world.own.siret[:9]
    einvoice.refresh_from_db()  # numbered after Mme Durand's, in the clients' order
    assert pdf.name == f"{einvoice.reference}-{COMPANY_SIRET[:9]}.pdf" == "2025-00002-356000000.pdf"
    assert transmission.reference == str(pdf)
    _name, xml = facturx.get_xml_from_pdf(pdf.read_bytes(), check_xsd=False)
    assert xml == pdf.with_suffix(".xml").read_bytes()
    before = pdf.stat().st_mtime_ns
    assert tasks.invoice_transmission_task.call(einvoice.pk) is False  # a second run: nothing
    assert pdf.stat().st_mtime_ns == before


class Unreachable:
    name = "unreachable"

    def send(self, *, invoice, pdf, xml):
        raise OSError("platform unreachable")


def test_a_failed_sending_is_recorded_and_sent_again_from_the_page(
    world, outbox, settings, client, django_capture_on_commit_callbacks
):
    invoice = invoices.invoice_issue(
        actor=world.user("accountant"),
        invoice=draft(world, company(world)),
        issued_on=D(2025, 2, 3),
    )
    settings.EINVOICING_TRANSMITTER = f"{__name__}.Unreachable"
    # The queue tries again (five attempts, logged), then leaves the failure recorded.
    with django_capture_on_commit_callbacks(execute=True):
        transmissions.invoice_transmit(actor=world.user("accountant"), invoice=invoice)
    transmission = InvoiceTransmission.objects.get(invoice=invoice)
    assert (transmission.status, transmission.error) == ("failed", "platform unreachable")
    settings.EINVOICING_TRANSMITTER = "tremplin.missions.einvoicing.DirectoryTransmitter"
    client.force_login(world.user("accountant"))
    url = reverse("missions:invoice_detail", args=[invoice.pk])
    assert "Envoyer à la plateforme du client" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"transmit": "1"})
    transmission.refresh_from_db()
    assert transmission.status == "sent" and transmission.error == ""
    with pytest.raises(ValidationError):  # sent: not twice
        transmissions.invoice_transmit(actor=world.user("accountant"), invoice=invoice)
    client.force_login(world.user("planner"))
    assert client.post(url, {"transmit": "1"}).status_code == 403


def test_only_company_invoices_are_einvoices(world, outbox):
    household = invoices.invoice_issue(
        actor=world.user("accountant"),
        invoice=draft(world, make_client(world, "household", name="Mme Durand")),
        issued_on=D(2025, 2, 3),
    )
    with pytest.raises(ValidationError):
        transmissions.invoice_transmit(actor=world.user("accountant"), invoice=household)
    assert not InvoiceTransmission.objects.exists()


def test_the_directory_transmitter_writes_whole_files(world, tmp_path):
    invoice = invoices.invoice_issue(
        actor=world.user("accountant"),
        invoice=draft(world, company(world)),
        issued_on=D(2025, 2, 3),
    )
    path = DirectoryTransmitter(tmp_path).send(invoice=invoice, pdf=b"%PDF", xml=b"<x/>")
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(
        [world.own.siret[:9], "2025-00001-356000000.pdf", "2025-00001-356000000.xml"]
    )
    assert path.endswith(".pdf")


def test_an_invoice_issued_from_its_row_is_sent_once(
    world, outbox, client, django_capture_on_commit_callbacks
):
    invoice = draft(world, company(world))
    client.force_login(world.user("accountant"))
    url = reverse("missions:invoice_issue", args=[invoice.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    invoice.refresh_from_db()
    (pdf,) = outbox.rglob("*.pdf")  # the directory platform holds it
    assert pdf.name == f"{invoice.reference}-{COMPANY_SIRET[:9]}.pdf"
    transmission = InvoiceTransmission.objects.get(invoice=invoice)
    assert (transmission.status, transmission.reference) == ("sent", str(pdf))
    before = pdf.stat().st_mtime_ns
    # Issuing again is refused and sends nothing; the job run again sends nothing either.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url)
    assert not callbacks
    assert tasks.invoice_transmission_task.call(invoice.pk) is False
    assert pdf.stat().st_mtime_ns == before
    assert InvoiceTransmission.objects.filter(invoice=invoice).count() == 1


def test_a_credit_note_is_sent_once_too(world, outbox, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoices.invoice_issue(
            actor=world.user("accountant"),
            invoice=draft(world, company(world)),
            issued_on=D(2025, 2, 3),
        )
    client.force_login(world.user("accountant"))
    url = reverse("missions:invoice_detail", args=[invoice.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, {"credit_note": "1", "credit-reason": "Heures en double"})
        credit = Invoice.objects.get(corrects=invoice)
        assert InvoiceTransmission.objects.get(invoice=credit).status == "pending"
        assert len(list(outbox.rglob("*.pdf"))) == 1  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    credit_pdf = outbox / world.own.siret[:9] / f"{credit.reference}-{COMPANY_SIRET[:9]}.pdf"
    _name, xml = facturx.get_xml_from_pdf(credit_pdf.read_bytes(), check_xsd=False)
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml  # sent as the credit note it is
    assert InvoiceTransmission.objects.get(invoice=credit).status == "sent"
    for callback in callbacks:  # the job delivered twice: the second sends nothing
        callback()
    assert tasks.invoice_transmission_task.call(credit.pk) is False
    assert len(list(outbox.rglob("*.pdf"))) == 2
