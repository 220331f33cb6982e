"""Transmissions of issued invoices to the buyer's e-invoicing platform: recorded in the
request's transaction, sent by the queue after commit, once (see `einvoicing`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.common import jobs

from .. import rules
from ..einvoicing import get_transmitter, is_einvoice
from ..models import Invoice, InvoiceTransmission, TransmissionStatus


def invoices_transmit_queue(*, actor, invoices: list[Invoice]) -> list[InvoiceTransmission]:
    """Record a transmission of each e-invoice among `invoices` not yet recorded, and queue
    its sending (after commit). Other invoices (households, no SIRET) are left out."""
    wanted = [invoice for invoice in invoices if is_einvoice(invoice)]
    if not wanted:
        return []
    known = set(
        InvoiceTransmission.objects.filter(invoice__in=wanted).values_list("invoice_id", flat=True)
    )
    created = InvoiceTransmission.objects.bulk_create(
        [
            InvoiceTransmission(invoice=invoice, requested_by=actor)
            for invoice in wanted
            if invoice.pk not in known
        ]
    )
    from ..tasks import invoice_transmission_task

    for transmission in created:
        jobs.enqueue(invoice_transmission_task, transmission.invoice_id)
    return created


@transaction.atomic
def invoice_transmit(*, actor, invoice: Invoice) -> InvoiceTransmission:
    """Send (again, after a failure) an issued e-invoice to the buyer's platform."""
    rules.require(rules.can_invoice(actor, invoice.structure_id))
    invoice = Invoice.objects.select_related("client").get(pk=invoice.pk)
    if not is_einvoice(invoice):
        raise ValidationError(
            _("Only an issued invoice of a company with a SIRET is sent as an e-invoice.")
        )
    transmission, created = InvoiceTransmission.objects.select_for_update().get_or_create(
        invoice=invoice, defaults={"requested_by": actor}
    )
    if not created and transmission.status == TransmissionStatus.SENT:
        raise ValidationError(_("This invoice was sent to the client's platform already."))
    transmission.status, transmission.error = TransmissionStatus.PENDING, ""
    transmission.save(update_fields=["status", "error", "updated_at"])
    from ..tasks import invoice_transmission_task

    jobs.enqueue(invoice_transmission_task, invoice.pk)
    return transmission


def invoice_transmission_send(*, invoice_id: int) -> bool:
    """Send a recorded transmission; False when there is nothing to send (sent already).
    The row stays locked while sending, so two runs never send at once. A failure is
    recorded on the transmission, then raised for the queue to retry."""
    try:
        return _send(invoice_id)
    except Exception as exc:
        InvoiceTransmission.objects.filter(invoice_id=invoice_id).exclude(
            status=TransmissionStatus.SENT
        ).update(
            status=TransmissionStatus.FAILED,
            error=(str(exc) or exc.__class__.__name__)[:2000],
            updated_at=timezone.now(),
        )
        raise


@transaction.atomic
def _send(invoice_id: int) -> bool:
    from .. import documents  # WeasyPrint loads system libraries: only when sending

    transmission = (
        InvoiceTransmission.objects.select_for_update(of=("self",))
        .select_related("invoice__client", "invoice__structure", "invoice__corrects")
        .filter(invoice_id=invoice_id)
        .first()
    )
    if transmission is None or transmission.status == TransmissionStatus.SENT:
        return False
    invoice = transmission.invoice
    transmitter = get_transmitter()
    transmission.reference = transmitter.send(
        invoice=invoice,
        pdf=documents.invoice_facturx(invoice),
        xml=documents.invoice_cii_xml(invoice),
    )
    transmission.status, transmission.error = TransmissionStatus.SENT, ""
    transmission.transmitter, transmission.sent_at = transmitter.name, timezone.now()
    transmission.save(
        update_fields=["status", "error", "transmitter", "reference", "sent_at", "updated_at"]
    )
    return True
