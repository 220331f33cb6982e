"""Payments that reach the structure from a system rather than from a person at a desk
(URSSAF's transfers of the immediate advance): no actor, the calling integration having
applied its own rules; the same invoice rules as `invoices.payment_record`."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Invoice, InvoiceStatus, Payment


@transaction.atomic
def payment_receive(
    *, invoice: Invoice, paid_on: datetime.date, amount: Decimal, method: str, issuer: str = ""
) -> Payment:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == InvoiceStatus.DRAFT:
        raise ValidationError(_("Issue the invoice before recording a payment."))
    payment = Payment(invoice=invoice, paid_on=paid_on, amount=amount, method=method, issuer=issuer)
    payment.full_clean()
    payment.save()
    paid = sum(invoice.payments.values_list("amount", flat=True), Decimal(0))
    if paid >= invoice.total and invoice.status != InvoiceStatus.PAID:
        invoice.status = InvoiceStatus.PAID
        invoice.save(update_fields=["status", "updated_at"])
    return payment
