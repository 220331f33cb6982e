"""Reads of the money part, through the tenancy querysets."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet

from tremplin.missions.models import ClientKind, Invoice, Payment, PaymentMethod

from .models import DirectDebitBatch, DirectDebitMandate, Household
from .services.money import DEDUCTED, NEVER_ELIGIBLE


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = month.replace(day=1)
    return start, (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def household_payments(*, actor, structure_id: int, month: datetime.date) -> QuerySet[Payment]:
    """The payments of the structure's households received in the month."""
    start, end = month_bounds(month)
    invoices = Invoice.objects.for_user(actor).filter(
        structure_id=structure_id, client__kind=ClientKind.HOUSEHOLD
    )
    return (
        Payment.objects.filter(invoice__in=invoices, paid_on__range=(start, end))
        .select_related("invoice__client")
        .order_by("paid_on", "pk")
    )


def attestation_standing(method: str) -> str:
    """How the payment shows on the tax attestation: « counts », « deducted », « never »."""
    if method in NEVER_ELIGIBLE:
        return "never"
    if method in DEDUCTED:
        return "deducted"
    return "counts"


def totals_by_method(payments) -> list[tuple[str, Decimal, int]]:
    """(label, total, count) of each method used, in the order of the choices."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for payment in payments:
        totals[payment.method] += payment.amount
        counts[payment.method] += 1
    labels = dict(PaymentMethod.choices)
    return [
        (str(labels.get(method, method or "—")), totals[method], counts[method])
        for method in [*labels, ""]
        if method in totals
    ]


def mandates(*, actor, structure_id: int) -> QuerySet[DirectDebitMandate]:
    return (
        DirectDebitMandate.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("household__client")
        .order_by("status", "household__client__name", "-signed_on")
    )


def batches(*, actor, structure_id: int) -> QuerySet[DirectDebitBatch]:
    return DirectDebitBatch.objects.for_user(actor).filter(structure_id=structure_id)


def households(*, actor, structure_id: int) -> QuerySet[Household]:
    return (
        Household.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("client")
        .order_by("client__name")
    )
