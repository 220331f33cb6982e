"""SEPA direct debits of households' invoices: a batch of collection orders written as a
pain.008.001.02 file by `sepaxml` and validated against the ISO 20022 schema it ships, then,
once the bank has collected, the payments recorded on the invoices."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from sepaxml import SepaDD
from sepaxml.validation import ValidationError as SepaValidationError

from tremplin.common.dates import short_date
from tremplin.missions import rules as missions_rules
from tremplin.missions.models import ClientKind, Invoice, InvoiceStatus, PaymentMethod
from tremplin.missions.services import invoices as invoice_services
from tremplin.rules import rule

from ..models import (
    BatchStatus,
    DirectDebitBatch,
    DirectDebitMandate,
    DirectDebitOrder,
    MandateStatus,
    OrderStatus,
    SepaCreditor,
    SequenceType,
)

SCHEMA = "pain.008.001.02"


@dataclass(frozen=True)
class Debitable:
    invoice: Invoice
    mandate: DirectDebitMandate
    balance: Decimal


def debitable_invoices(
    *, structure_id: int, collection_date: datetime.date
) -> tuple[list[Debitable], dict[int, str]]:
    """The households' issued invoices with a balance, an active mandate and no order under
    way; and, for the invoices left out though their household has a mandate, why."""
    mandates = {
        m.household.client_id: m
        for m in DirectDebitMandate.objects.filter(
            structure_id=structure_id, status=MandateStatus.ACTIVE
        ).select_related("household")
    }
    ordered = set(
        DirectDebitOrder.objects.filter(batch__structure_id=structure_id)
        .exclude(status=OrderStatus.REJECTED)
        .values_list("invoice_id", flat=True)
    )
    candidates = (
        Invoice.objects.filter(
            structure_id=structure_id,
            status=InvoiceStatus.ISSUED,
            corrects__isnull=True,
            client__kind=ClientKind.HOUSEHOLD,
            client_id__in=list(mandates),
        )
        .exclude(pk__in=ordered)
        .annotate(paid=Sum("payments__amount"))
        .select_related("client")
        .order_by("client__name", "pk")
    )
    notice = rule("sepa.pre_notification_days", collection_date)
    lapse = rule("sepa.mandate_expiry_months", collection_date)
    found, left_out = [], {}
    for invoice in candidates:
        mandate = mandates[invoice.client_id]
        balance = invoice.total - (invoice.paid or Decimal(0))
        if balance <= 0:
            continue
        last_use = mandate.last_collected_on or mandate.signed_on
        if last_use + relativedelta(months=lapse) < collection_date:
            left_out[invoice.pk] = _(
                "The mandate %(rum)s was not used for %(months)s months: it has lapsed, "
                "the household signs a new one."
            ) % {"rum": mandate.rum, "months": lapse}
            continue
        if invoice.issued_on + datetime.timedelta(days=notice) > collection_date:
            left_out[invoice.pk] = _(
                "Invoice %(ref)s was issued on %(day)s: the household is told %(days)s days "
                "before the debit, so collect it from %(first)s."
            ) % {
                "ref": invoice.reference,
                "day": short_date(invoice.issued_on),
                "days": notice,
                "first": short_date(invoice.issued_on + datetime.timedelta(days=notice)),
            }
            continue
        found.append(Debitable(invoice=invoice, mandate=mandate, balance=balance))
    return found, left_out


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def pain008(
    *, creditor: SepaCreditor, collection_date: datetime.date, debits: list[Debitable]
) -> tuple[bytes, str, list[str]]:
    """The pain.008 file, its message id and each debit's end-to-end id; validated against
    the XSD (sepaxml's `export(validate=True)`): an invalid file is never kept."""
    document = SepaDD(
        {
            "name": creditor.name,
            "IBAN": creditor.iban,
            "BIC": creditor.bic,
            "batch": True,
            "creditor_id": creditor.creditor_id,
            "currency": "EUR",
        },
        schema=SCHEMA,
    )
    end_to_end = []
    for debit in debits:
        reference = f"{debit.invoice.structure_id}-{debit.invoice.reference}"[:35]
        payment = {
            "name": debit.mandate.debtor_name,
            "IBAN": debit.mandate.iban,
            "amount": _cents(debit.balance),
            "type": debit.mandate.next_sequence,
            "collection_date": collection_date,
            "mandate_id": debit.mandate.rum,
            "mandate_date": debit.mandate.signed_on,
            "description": f"Facture {debit.invoice.reference}",
            "endtoend_id": reference.replace("/", "-"),
        }
        if debit.mandate.bic:
            payment["BIC"] = debit.mandate.bic
        document.add_payment(payment)
        end_to_end.append(payment["endtoend_id"])
    try:
        xml = document.export(validate=True)
    except SepaValidationError as exc:
        raise ValidationError(
            _("The direct debit file does not pass the SEPA schema: %(error)s")
            % {"error": exc.__cause__ or exc}
        ) from exc
    return xml, document.msg_id, end_to_end


@transaction.atomic
def direct_debit_batch_create(
    *,
    actor,
    structure,
    collection_date: datetime.date,
    today: datetime.date | None = None,
) -> tuple[DirectDebitBatch, dict[int, str]]:
    """One batch of every debitable invoice of the structure's households, collected on
    `collection_date`: the orders, the pain.008 file, all or nothing."""
    missions_rules.require(missions_rules.can_invoice(actor, structure.pk))
    today = today or datetime.date.today()
    creditor = SepaCreditor.objects.filter(structure=structure).first()
    if creditor is None:
        raise ValidationError(
            _("Record the structure's SEPA creditor identifier and account first.")
        )
    if collection_date <= today:
        raise ValidationError(
            {"collection_date": _("A debit is collected at the earliest the next day.")}
        )
    # Locked: two accountants making a batch at once would debit an invoice twice.
    list(
        DirectDebitMandate.objects.select_for_update()
        .filter(structure=structure, status=MandateStatus.ACTIVE)
        .values_list("pk", flat=True)
    )
    debits, left_out = debitable_invoices(
        structure_id=structure.pk, collection_date=collection_date
    )
    if not debits:
        raise ValidationError(
            _("No invoice to debit on this date: %(why)s") % {"why": " ".join(left_out.values())}
            if left_out
            else _("No invoice to debit: no household with a mandate has a balance to pay.")
        )
    xml, message_id, end_to_end = pain008(
        creditor=creditor, collection_date=collection_date, debits=debits
    )
    batch = DirectDebitBatch.objects.create(
        structure=structure,
        collection_date=collection_date,
        message_id=message_id[:35],
        xml=xml.decode(),
        total=sum((d.balance for d in debits), Decimal(0)),
        created_by=actor,
    )
    DirectDebitOrder.objects.bulk_create(
        [
            DirectDebitOrder(
                batch=batch,
                invoice=debit.invoice,
                mandate=debit.mandate,
                amount=debit.balance,
                sequence_type=debit.mandate.next_sequence,
                end_to_end_id=reference,
            )
            for debit, reference in zip(debits, end_to_end, strict=True)
        ]
    )
    first_uses = [d.mandate.pk for d in debits if d.mandate.next_sequence == SequenceType.FIRST]
    DirectDebitMandate.objects.filter(pk__in=first_uses).update(first_collected_on=collection_date)
    DirectDebitMandate.objects.filter(pk__in=[d.mandate.pk for d in debits]).update(
        last_collected_on=collection_date
    )
    return batch, left_out


@transaction.atomic
def direct_debit_batch_collected(
    *, actor, batch: DirectDebitBatch, rejected: list[int] = ()
) -> DirectDebitBatch:
    """The bank collected the batch: each order not rejected becomes a direct-debit
    payment of its invoice, on the collection date. A rejected order leaves its invoice
    unpaid, to be debited again or paid otherwise. Done once."""
    missions_rules.require(missions_rules.can_invoice(actor, batch.structure_id))
    batch = DirectDebitBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == BatchStatus.COLLECTED:
        raise ValidationError(_("This batch was recorded as collected already."))
    orders = list(batch.orders.select_related("invoice"))
    unknown = set(rejected) - {order.pk for order in orders}
    if unknown:
        raise ValidationError(_("These rejected orders are not of this batch."))
    for order in orders:
        if order.pk in rejected:
            order.status = OrderStatus.REJECTED
        else:
            order.status = OrderStatus.COLLECTED
            invoice_services.payment_record(
                actor=actor,
                invoice=order.invoice,
                paid_on=batch.collection_date,
                amount=order.amount,
                method=PaymentMethod.DIRECT_DEBIT,
            )
    DirectDebitOrder.objects.bulk_update(orders, ["status"])
    batch.status = BatchStatus.COLLECTED
    batch.collected_on = batch.collection_date
    batch.save(update_fields=["status", "collected_on", "updated_at"])
    return batch
