"""Invoices: drafts from validated hours, gap-free numbers given under a lock at issue,
immutability once issued, credit notes, payments."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.common import jobs
from tremplin.common.dates import short_date
from tremplin.rules import rule

from .. import rules
from ..models import (
    Client,
    ClientKind,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    InvoiceStatus,
    Payment,
    PaymentMethod,
    PriceItem,
    Reminder,
    TimeEntry,
    TimeEntryStatus,
    VatRule,
)
from ..models.invoices import UNIT_HOUR, UNIT_ONE
from ..payment_terms import due_date

CENT = Decimal("0.01")


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _totals(invoice: Invoice, lines=None) -> None:
    lines = list(invoice.lines.all()) if lines is None else lines
    invoice.total_excl_vat = _money(sum((line.amount for line in lines), Decimal(0)))
    # EN 16931 rounds the VAT of each rate, then adds them up (BR-CO-14).
    by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        by_rate[line.vat_rate] += line.amount
    invoice.vat = sum((_money(base * rate / 100) for rate, base in by_rate.items()), Decimal(0))
    invoice.total = invoice.total_excl_vat + invoice.vat


@transaction.atomic
def invoice_draft_for_month(*, actor, client: Client, month: datetime.date) -> Invoice | None:
    """A draft invoice of the client's validated, not yet invoiced hours of the month: one
    line per activity, at the structure's hourly rate."""
    drafts, errors = invoice_drafts_for_month(
        actor=actor, structure_id=client.structure_id, month=month, clients=[client.pk]
    )
    if errors:
        raise ValidationError(errors[client.pk])
    return drafts[0] if drafts else None


@transaction.atomic
def invoice_drafts_for_month(
    *, actor, structure_id: int, month: datetime.date, clients: list[int] | None = None
) -> tuple[list[Invoice], dict[int, str]]:
    """Draft invoices of the month for every client of the structure (or `clients`) with
    validated, not yet invoiced hours — in a fixed number of queries plus one per invoice.
    Returns the drafts and, per client left out, why (a missing rate): the others are made."""
    rules.require(rules.can_invoice(actor, structure_id))
    start, end = month_bounds(month)
    today = datetime.date.today()
    if start > today:
        raise ValidationError(_("This month has not begun: there is nothing to invoice yet."))
    entries = (
        TimeEntry.objects.select_for_update(of=("self",))
        .filter(
            structure_id=structure_id,
            date__range=(start, end),
            status=TimeEntryStatus.VALIDATED,
            invoice__isnull=True,
        )
        .values_list(
            "pk",
            "client_id",
            "assignment__request__activity_id",
            "assignment__request_id",
            "client__kind",
            "hours",
        )
    )
    if clients is not None:
        entries = entries.filter(client_id__in=clients)
    # Lines by activity; a household's by request too, each request one service of the
    # household's (homecare reads the line's service through its request).
    hours_of: dict[int, dict[tuple, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    visits_of: dict[int, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    entries_of: dict[int, list[int]] = defaultdict(list)
    for pk, client_id, activity_id, request_id, kind, hours in entries:
        key = (activity_id, request_id if kind == ClientKind.HOUSEHOLD else None)
        hours_of[client_id][key] += hours
        visits_of[client_id][key] += 1  # an entry is a day's intervention
        entries_of[client_id].append(pk)
    if not hours_of:
        return [], {}
    prices = {
        p.activity_id: p
        for p in PriceItem.objects.filter(structure_id=structure_id).select_related("activity")
    }
    vat_of = {v.client_kind: v for v in VatRule.objects.filter(structure_id=structure_id)}
    customers = Client.objects.in_bulk(list(hours_of))
    errors: dict[int, str] = {}
    drafts: list[tuple[Invoice, list[InvoiceLine]]] = []
    for client_id in sorted(hours_of, key=lambda pk: customers[pk].name):
        by_activity = hours_of[client_id]
        if any(activity_id is None for activity_id, _request in by_activity):
            errors[client_id] = _(
                "Some hours are tied to no mission request: tie them to one to know their price."
            )
            continue
        if any(activity_id not in prices for activity_id, _request in by_activity):
            errors[client_id] = _(
                "No hourly rate is set for this activity: add it to the price list."
            )
            continue
        vat = vat_of.get(customers[client_id].kind)
        invoice = Invoice(
            structure_id=structure_id,
            client_id=client_id,
            period_start=start,
            period_end=end,
            # Provisional: reckoned again from the issue date when the draft is issued.
            due_on=_due_on(customers[client_id], start, end, max(today, end)),
            vat_reference=vat.legal_reference if vat else "",
        )
        rate = vat.rate if vat else Decimal(0)
        lines = []
        for key, hours in sorted(
            by_activity.items(), key=lambda item: (item[0][0], item[0][1] or 0)
        ):
            activity_id, request_id = key
            price = prices[activity_id]
            lines.append(
                InvoiceLine(
                    label=_("Work hours — %(activity)s") % {"activity": price.activity.name},
                    quantity=hours,
                    unit=UNIT_HOUR,
                    unit_price=price.hourly_rate,
                    vat_rate=rate,
                    amount=_money(hours * price.hourly_rate),
                    request_id=request_id,
                )
            )
            if price.travel_fee:
                visits = Decimal(visits_of[client_id][key])
                lines.append(
                    InvoiceLine(
                        label=_("Travel fees — %(activity)s") % {"activity": price.activity.name},
                        quantity=visits,
                        unit=UNIT_ONE,
                        unit_price=price.travel_fee,
                        vat_rate=rate,
                        amount=_money(visits * price.travel_fee),
                        request_id=request_id,
                    )
                )
        _totals(invoice, lines)
        drafts.append((invoice, lines))
    invoices = Invoice.objects.bulk_create([invoice for invoice, _lines in drafts])
    for invoice, lines in drafts:
        for line in lines:
            line.invoice = invoice
    InvoiceLine.objects.bulk_create([line for _invoice, lines in drafts for line in lines])
    for invoice in invoices:
        TimeEntry.objects.filter(pk__in=entries_of[invoice.client_id]).update(invoice=invoice)
    return invoices, errors


@transaction.atomic
def client_payment_terms_set(
    *, actor, client: Client, payment_terms: str, payment_days: int | None = None
) -> Client:
    """Record the payment terms agreed with a client, within the legal limits; they apply
    to the invoices issued from now on."""
    rules.require(rules.can_invoice(actor, client.structure_id))
    client = Client.objects.select_for_update().get(pk=client.pk)
    days = payment_days if payment_terms != "legal" else None
    if (client.payment_terms, client.payment_days) == (payment_terms, days):
        return client  # saved unchanged: nothing to record
    client.payment_terms = payment_terms
    client.payment_days = days
    client.full_clean()
    client.save(update_fields=["payment_terms", "payment_days", "updated_at"])
    return client


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = month.replace(day=1)
    return start, (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


# What issuing writes on an invoice (its payment terms too: the PDF names them).
ISSUE_FIELDS = ["year", "number", "issued_on", "due_on", "status", "payment_terms", "payment_days"]


def _due_on(client: Client, start, end, issued_on: datetime.date) -> datetime.date:
    return due_date(
        terms=client.payment_terms,
        days=client.payment_days,
        issued_on=issued_on,
        service_end=end,
        periodic=start != end,
    )


def reserve_numbers(sequence_model, *, count: int = 1, **key) -> int:
    """The first of `count` next numbers of a sequence row (`key` picks it: a structure and
    a year here, the federation's year for its training invoices), under a row lock:
    consecutive and gap-free, even when many invoices are issued at once (the lock holds
    until the issuing transaction ends, so a rollback gives the numbers back). Any seller's
    sequence model with a `last_number` field uses it (ADR 0009)."""
    sequence_model.objects.get_or_create(**key)
    sequence = sequence_model.objects.select_for_update().get(**key)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return first


def _reserve_numbers(structure_id: int, year: int, count: int = 1) -> int:
    return reserve_numbers(InvoiceSequence, count=count, structure_id=structure_id, year=year)


def _next_number(structure_id: int, year: int) -> int:
    return _reserve_numbers(structure_id, year)


@transaction.atomic
def invoice_issue(*, actor, invoice: Invoice, issued_on: datetime.date | None = None) -> Invoice:
    rules.require(rules.can_invoice(actor, invoice.structure_id))
    invoice = (
        Invoice.objects.select_for_update(of=("self",)).select_related("client").get(pk=invoice.pk)
    )
    if invoice.status != InvoiceStatus.DRAFT:
        raise ValidationError(_("This invoice was issued already: correct it with a credit note."))
    if not invoice.lines.exists():
        raise ValidationError(_("An invoice without lines cannot be issued."))
    issued_on = issued_on or datetime.date.today()
    invoice.year, invoice.issued_on = issued_on.year, issued_on
    invoice.number = _next_number(invoice.structure_id, issued_on.year)
    invoice.status = InvoiceStatus.ISSUED
    # A credit note is owed back, not due; an invoice is due from its issue date on.
    invoice.due_on = (
        None
        if invoice.is_credit_note
        else _due_on(invoice.client, invoice.period_start, invoice.period_end, issued_on)
    )
    if not invoice.is_credit_note:
        invoice.payment_terms = invoice.client.payment_terms
        invoice.payment_days = invoice.client.payment_days
    invoice.save(update_fields=[*ISSUE_FIELDS, "updated_at"])
    # Every issued e-invoice and credit note leaves for the buyer's platform after commit,
    # once (one transmission row per document), as a whole month's do.
    from .transmissions import invoices_transmit_queue

    invoices_transmit_queue(actor=actor, invoices=[invoice])
    return invoice


@transaction.atomic
def invoices_issue_month(
    *, actor, structure_id: int, month: datetime.date, issued_on: datetime.date | None = None
) -> list[Invoice]:
    """Issue every draft invoice of the month at once, numbered consecutively in the order
    of the clients' names: all or none (one transaction; the numbers of a failed attempt are
    given back by its rollback). In a fixed number of queries."""
    rules.require(rules.can_invoice(actor, structure_id))
    issued_on = issued_on or datetime.date.today()
    start, end = month_bounds(month)
    # Locked in primary-key order, as two accountants issuing at once would: the second
    # waits, then finds the drafts issued and issues nothing.
    drafts = list(
        Invoice.objects.select_for_update(of=("self",))
        .filter(
            structure_id=structure_id,
            status=InvoiceStatus.DRAFT,
            corrects__isnull=True,
            period_start__gte=start,
            period_start__lte=end,
        )
        .select_related("client")
        .order_by("pk")
    )
    if not drafts:
        return []
    with_lines = set(
        InvoiceLine.objects.filter(invoice__in=drafts).values_list("invoice_id", flat=True)
    )
    empty = [draft for draft in drafts if draft.pk not in with_lines]
    if empty:
        raise ValidationError(
            _("Drafts without lines cannot be issued: %(clients)s. Nothing was issued.")
            % {"clients": ", ".join(sorted(d.client.name for d in empty))}
        )
    if issued_on < end:
        raise ValidationError(
            _("Issue the invoices of a month once it is over (from %(day)s).")
            % {"day": short_date(end + datetime.timedelta(days=1))}
        )
    drafts.sort(key=lambda d: (d.client.name, d.pk))
    first = _reserve_numbers(structure_id, issued_on.year, len(drafts))
    now = timezone.now()  # bulk_update does not touch auto_now fields
    for offset, draft in enumerate(drafts):
        draft.updated_at = now
        draft.year, draft.number, draft.issued_on = issued_on.year, first + offset, issued_on
        draft.status = InvoiceStatus.ISSUED
        draft.due_on = _due_on(draft.client, draft.period_start, draft.period_end, issued_on)
        draft.payment_terms = draft.client.payment_terms
        draft.payment_days = draft.client.payment_days
    Invoice.objects.bulk_update(drafts, [*ISSUE_FIELDS, "updated_at"])
    from .transmissions import invoices_transmit_queue

    invoices_transmit_queue(actor=actor, invoices=drafts)
    return drafts


def invoice_credited(invoice: Invoice) -> Decimal:
    """What the issued credit notes of an invoice gave back, incl. VAT (positive)."""
    total = invoice.credit_notes.aggregate(total=Sum("total"))["total"] or Decimal(0)
    return -total


@transaction.atomic
def credit_note_create(
    *,
    actor,
    invoice: Invoice,
    reason: str,
    amount: Decimal | None = None,
    issued_on: datetime.date | None = None,
) -> Invoice:
    """A credit note of `amount` incl. VAT (by default, all that remains) on an issued
    invoice, issued at once; never more than remains once earlier credit notes are
    deducted. The invoice row is locked, so two requests at once cannot both credit it in
    full. A credit note of the whole invoice repeats its lines and frees its hours to be
    invoiced again; a partial one has a line per VAT rate, pro rata."""
    rules.require(rules.can_invoice(actor, invoice.structure_id))
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == InvoiceStatus.DRAFT or invoice.is_credit_note:
        raise ValidationError(_("Only an issued invoice is corrected by a credit note."))
    credited = invoice_credited(invoice)
    remaining = invoice.total - credited
    if remaining <= 0:
        raise ValidationError(_("This invoice was credited in full already."))
    amount = remaining if amount is None else _money(amount)
    if amount <= 0:
        raise ValidationError(_("A credit note is of more than 0 €."))
    if amount > remaining:
        raise ValidationError(
            _("At most %(remaining)s € remain to credit on this invoice.")
            % {"remaining": f"{remaining:.2f}".replace(".", ",")}
        )
    credit = Invoice.objects.create(
        structure_id=invoice.structure_id,
        client_id=invoice.client_id,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        corrects=invoice,
        vat_reference=invoice.vat_reference,
    )
    whole = credited == 0 and amount == invoice.total
    if whole:
        lines = [
            InvoiceLine(
                invoice=credit,
                label=f"{reason} — {line.label}",
                quantity=-line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                amount=-line.amount,
            )
            for line in invoice.lines.all()
        ]
    else:
        lines = _partial_lines(invoice, credit, reason, amount)
    InvoiceLine.objects.bulk_create(lines)
    _totals(credit, lines)
    while -credit.total > amount:  # rounding per rate gave a cent too much back
        largest = min(lines, key=lambda line: line.amount)
        largest.amount += CENT
        largest.unit_price = -largest.amount
        largest.save(update_fields=["amount", "unit_price"])
        _totals(credit, lines)
    credit.save(update_fields=["total_excl_vat", "vat", "total"])
    if whole:
        TimeEntry.objects.filter(invoice=invoice).update(invoice=None)  # to invoice again
    return invoice_issue(actor=actor, invoice=credit, issued_on=issued_on)


def _partial_lines(invoice: Invoice, credit: Invoice, reason: str, amount: Decimal):
    """One negative line per VAT rate of the invoice, its share of `amount` excl. VAT."""
    bases: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in invoice.lines.all():
        bases[line.vat_rate] += line.amount
    share = amount / invoice.total
    lines = []
    for rate, base in sorted(bases.items()):
        value = _money(base * share)
        lines.append(
            InvoiceLine(
                invoice=credit,
                label=_("%(reason)s — partial credit note") % {"reason": reason},
                quantity=Decimal(-1),
                unit=UNIT_ONE,
                unit_price=value,
                vat_rate=rate,
                amount=-value,
            )
        )
    return lines


# Paid by a third party: the household's tax attestation names who paid and deducts it.
METHODS_WITH_ISSUER = frozenset({PaymentMethod.CESU_PREPAID, PaymentMethod.THIRD_PARTY})


@transaction.atomic
def payment_record(
    *,
    actor,
    invoice: Invoice,
    paid_on: datetime.date,
    amount: Decimal,
    method: str = "",
    issuer: str = "",
) -> Payment:
    rules.require(rules.can_invoice(actor, invoice.structure_id))
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status == InvoiceStatus.DRAFT:
        raise ValidationError(_("Issue the invoice before recording a payment."))
    issuer = issuer.strip()
    if method in METHODS_WITH_ISSUER and not issuer:
        raise ValidationError(
            {
                "issuer": _(
                    "Say who paid: the issuer of the prepaid CESU or the funder (the "
                    "département for an APA or a PCH)."
                )
            }
        )
    payment = Payment(invoice=invoice, paid_on=paid_on, amount=amount, method=method, issuer=issuer)
    payment.full_clean()
    payment.save()
    paid = sum(invoice.payments.values_list("amount", flat=True), Decimal(0))
    if paid >= invoice.total and invoice.status != InvoiceStatus.PAID:
        invoice.status = InvoiceStatus.PAID
        invoice.save(update_fields=["status", "updated_at"])
    return payment


def invoice_balance(invoice: Invoice) -> Decimal:
    return invoice.total - sum(invoice.payments.values_list("amount", flat=True), Decimal(0))


def is_overdue(invoice: Invoice, on: datetime.date) -> bool:
    return (
        invoice.status == InvoiceStatus.ISSUED
        and not invoice.is_credit_note
        and invoice.due_on is not None
        and invoice.due_on < on
    )


@transaction.atomic
def invoice_remind(*, actor, invoice: Invoice, on: datetime.date | None = None) -> Reminder:
    """Remind the client of an overdue invoice, by email when the client has an address
    (otherwise the reminder is recorded for a letter or a call). Professionals owe the
    fixed recovery indemnity on top: the email says so."""
    rules.require(rules.can_invoice(actor, invoice.structure_id))
    on = on or datetime.date.today()
    invoice = (
        Invoice.objects.select_for_update().select_related("client", "structure").get(pk=invoice.pk)
    )
    if not is_overdue(invoice, on):
        raise ValidationError(_("Only an issued invoice past its due date is reminded."))
    last = invoice.reminders.order_by("-level").first()
    interval = rule("invoice.reminder_interval_days", on)
    if last and (on - last.sent_on).days < interval:
        raise ValidationError(
            _("A reminder was sent on %(day)s: wait %(days)s days between two reminders.")
            % {"day": short_date(last.sent_on), "days": interval}
        )
    balance = invoice_balance(invoice)
    reminder = Reminder.objects.create(
        invoice=invoice,
        sent_on=on,
        level=(last.level + 1) if last else 1,
        sent_to=invoice.client.email,
        balance=balance,
        sent_by=actor,
    )
    if invoice.client.email:
        # Sent by the queue once the reminder is saved: a mail server that is slow or down
        # never fails the reminder, and a retry never sends the e-mail twice.
        from ..tasks import reminder_email_task

        jobs.enqueue(reminder_email_task, reminder.pk)
    return reminder


def reminder_email_send(*, reminder_id: int) -> bool:
    """The e-mail of a recorded reminder, to the address it was recorded for."""
    reminder = (
        Reminder.objects.select_related("invoice__client", "invoice__structure")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or not reminder.sent_to:
        return False
    invoice, on = reminder.invoice, reminder.sent_on
    body = _(
        "Hello,\n\nUnless we are mistaken, invoice %(reference)s of %(issued)s, due on "
        "%(due)s, still shows %(balance)s € to pay. Thank you for settling it.\n"
    ) % {
        "reference": invoice.reference,
        "issued": short_date(invoice.issued_on),
        "due": short_date(invoice.due_on),
        "balance": reminder.balance,
    }
    if invoice.client.kind != ClientKind.HOUSEHOLD:
        body += _(
            "A professional paying late owes a fixed indemnity of %(amount)s € for recovery "
            "costs (Code de commerce, L441-10).\n"
        ) % {"amount": rule("invoice.recovery_indemnity", on)}
    body += f"\n{invoice.structure.name}\n"
    send_mail(
        _("Reminder: invoice %(reference)s") % {"reference": invoice.reference},
        body,
        None,
        [reminder.sent_to],
    )
    return True
