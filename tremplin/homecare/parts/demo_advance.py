"""Demo data of the homecare part « advance » (called by homecare/demo.py in order): on the
demo structures, a few households enrolled with the file-based URSSAF and their invoices
of the year sent as payment requests, in every status — the demo household's latest one
waiting for its validation. Quick: rows and JSON files written directly, the transitions
logged as URSSAF would have reported them."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from tremplin.missions.models import Invoice, InvoiceStatus
from tremplin.network.models import Commune

from ..models import (
    AdvanceEnrolment,
    AdvanceStatus,
    EventSource,
    Household,
    PaymentRequest,
    PaymentRequestEvent,
    RequestStatus,
)
from ..urssaf import payloads
from ..urssaf.files import FileUrssaf

ENROLLED_PER_STRUCTURE = 6
DEMO_NATURE_CODE = "10"  # used only when the catalogue gives no nature code

# The path each final status took, as URSSAF reports it.
PATHS = {
    RequestStatus.NOT_ACCEPTED: [RequestStatus.NOT_ACCEPTED],
    RequestStatus.INTEGRATED: [RequestStatus.INTEGRATED],
    RequestStatus.WAITING: [RequestStatus.INTEGRATED, RequestStatus.WAITING],
    RequestStatus.VALIDATED: [RequestStatus.INTEGRATED, RequestStatus.VALIDATED],
    RequestStatus.REFUSED: [RequestStatus.INTEGRATED, RequestStatus.REFUSED],
    RequestStatus.DEBITED: [
        RequestStatus.INTEGRATED,
        RequestStatus.VALIDATED,
        RequestStatus.DEBITED,
    ],
    RequestStatus.DEBIT_REFUSED: [
        RequestStatus.INTEGRATED,
        RequestStatus.VALIDATED,
        RequestStatus.DEBIT_REFUSED,
    ],
    RequestStatus.PAID: [
        RequestStatus.INTEGRATED,
        RequestStatus.VALIDATED,
        RequestStatus.DEBITED,
        RequestStatus.PAID,
    ],
    RequestStatus.CANCELLED: [RequestStatus.INTEGRATED, RequestStatus.CANCELLED],
    RequestStatus.RECOVERED: [
        RequestStatus.INTEGRATED,
        RequestStatus.VALIDATED,
        RequestStatus.DEBIT_REFUSED,
        RequestStatus.RECOVERED,
    ],
}
# Old requests are settled; the latest ones are still on their way.
SETTLED = [RequestStatus.PAID] * 6 + [
    RequestStatus.RECOVERED,
    RequestStatus.CANCELLED,
    RequestStatus.REFUSED,
    RequestStatus.NOT_ACCEPTED,
]
IN_FLIGHT = [
    RequestStatus.INTEGRATED,
    RequestStatus.WAITING,
    RequestStatus.VALIDATED,
    RequestStatus.DEBITED,
    RequestStatus.DEBIT_REFUSED,
]
FIRST_NAMES = ["Hélène", "Marcel", "Josiane", "André", "Simone", "Lucien", "Odette", "Roger"]


def _households(structure) -> list[Household]:
    """The structure's households, a Household made for household clients that have none
    (when the households part has not made them)."""
    from tremplin.missions.models import Client, ClientKind

    known = set(Household.objects.filter(structure=structure).values_list("client_id", flat=True))
    missing = Client.objects.filter(structure=structure, kind=ClientKind.HOUSEHOLD).exclude(
        pk__in=known
    )
    Household.objects.bulk_create(
        [Household(client=client, structure=structure) for client in missing]
    )
    return list(
        Household.objects.filter(structure=structure)
        .select_related("client__commune")
        # The demo household's first (PostgreSQL sorts NULLs first when descending).
        .order_by(F("client__user_id").desc(nulls_last=True), "client__name")
    )


def _enrol(household, gateway, rng) -> AdvanceEnrolment:
    first_name = (
        household.client.user.first_name if household.client.user else rng.choice(FIRST_NAMES)
    )
    last_name = household.client.name.split()[-1]
    birth = datetime.date(rng.randint(1938, 1975), rng.randint(1, 12), rng.randint(1, 28))
    commune = household.client.commune
    values = {
        "civility": rng.choice("12"),
        "birth_name": last_name,
        "first_names": first_name,
        "birth_date": birth,
        "birth_country": payloads.FRANCE,
        "birth_commune": commune,
        "mobile_phone": f"06{rng.randint(10_000_000, 99_999_999)}",
        "email": household.client.email or f"foyer{household.pk}@example.org",
        "street_number": str(rng.randint(1, 80)),
        "street_name": "rue de la République",
        "postcode": (commune.postcodes.split() or ["69001"])[0][:5],
        "commune": commune,
        "iban": "FR7630006000011234567890189",
        "bic": "AGRIFRPPXXX",
        "account_holder": household.client.name,
    }
    urssaf_id = gateway.enrol(
        {
            "nomNaissance": last_name,
            "prenoms": first_name,
            "dateNaissance": payloads.api_datetime(birth),
        }
    )
    enrolment, _created = AdvanceEnrolment.objects.update_or_create(
        household=household,
        defaults={
            **values,
            "structure_id": household.structure_id,
            "status": AdvanceStatus.ENROLLED,
            "urssaf_id": urssaf_id,
            "sent_at": timezone.now(),
        },
    )
    household.advance_status = AdvanceStatus.ENROLLED
    household.save(update_fields=["advance_status", "updated_at"])
    return enrolment


def _lines(invoice: Invoice) -> list[dict]:
    from ..services.advance import line_services

    lines = []
    rows = list(invoice.lines.all())
    services = line_services(invoice.structure_id, rows)
    for line in rows:
        service = services[line.pk]
        code = (service.urssaf_nature_code if service else "") or DEMO_NATURE_CODE
        vat = (line.amount * line.vat_rate / 100).quantize(Decimal("0.01"))
        lines.append(
            payloads.Prestation(
                nature_code=code,
                quantity=line.quantity,
                per_hour=line.unit == "HUR",
                unit_price_incl_vat=(line.unit_price * (1 + line.vat_rate / 100)).quantize(
                    Decimal("0.01")
                ),
                amount_excl_vat=line.amount,
                vat=vat,
                starts_on=invoice.period_start,
                ends_on=invoice.period_end,
                label=line.label,
            ).as_json()
        )
    return lines


def _deposit(invoice: Invoice, at: datetime.datetime) -> tuple[Decimal, datetime.date | None]:
    """What the invoice had received when sent (its « acompte »); nothing when it was
    settled already (the demo sends it all the same, its transfer shown, not counted)."""
    paid = [p for p in invoice.payments.all() if p.paid_on <= timezone.localdate(at)]
    total = sum((p.amount for p in paid), Decimal(0))
    if not paid or total >= invoice.total:
        return Decimal(0), None
    return total, max(p.paid_on for p in paid)


def _request(invoice, household, enrolment, status, gateway, at) -> PaymentRequest:
    from ..services.advance_sync import _record_transfer, balance_due

    lines = _lines(invoice)
    deposit, deposit_on = _deposit(invoice, at)
    demande = payloads.demande_paiement(
        billing_id=invoice.structure.siret,
        client_id=enrolment.urssaf_id,
        birth_date=enrolment.birth_date,
        invoice_number=invoice.reference,
        invoice_date=invoice.issued_on,
        starts_on=invoice.period_start,
        ends_on=invoice.period_end,
        total_incl_vat=invoice.total,
        total_excl_vat=invoice.total_excl_vat,
        lines=lines,
        deposit=deposit,
        deposit_on=deposit_on,
    )
    path = PATHS[status]
    payment_request = PaymentRequest.objects.create(
        structure_id=invoice.structure_id,
        household=household,
        invoice=invoice,
        status=status,
        amount=invoice.total,
        deposit=deposit,
        deposit_on=deposit_on,
        lines=lines,
        sent_at=at,
    )
    previous = RequestStatus.TO_SEND
    events = [
        PaymentRequestEvent(
            request=payment_request,
            at=at,
            from_status=RequestStatus.TO_SEND,
            to_status=RequestStatus.TO_SEND,
            source=EventSource.STAFF,
        )
    ]
    for step, target in enumerate(path):
        events.append(
            PaymentRequestEvent(
                request=payment_request,
                at=at + datetime.timedelta(days=step),
                from_status=previous,
                to_status=target,
                source=EventSource.URSSAF,
            )
        )
        previous = target
    PaymentRequestEvent.objects.bulk_create(events)
    if status == RequestStatus.NOT_ACCEPTED:
        payment_request.error = (
            "ERR_MNT_FACTURE_TTC — Le montant TTC de la facture n'est pas la somme des prestations"
        )
        payment_request.save()
        return payment_request
    urssaf_id = gateway.seed_request(demande, status, integrated_at=at)
    payment_request.urssaf_id = urssaf_id
    payment_request.urssaf_code = status
    payment_request.integrated_at = at
    # The open ones are asked about at the first poll.
    if not payment_request.is_open:
        payment_request.last_polled_at = at + datetime.timedelta(days=len(path))
    if status in (RequestStatus.REFUSED, RequestStatus.DEBIT_REFUSED):
        payment_request.refusal_code = "CONTESTATION" if status == "40" else "MS03"
        payment_request.refusal_comment = (
            "Une intervention annulée a été facturée"
            if status == "40"
            else "Provision insuffisante"
        )
    if status in (RequestStatus.PAID, RequestStatus.RECOVERED):
        payment_request.transfer_amount = payment_request.remaining
        payment_request.transfer_on = timezone.localdate(at) + datetime.timedelta(days=len(path))
        if invoice.status == InvoiceStatus.ISSUED and balance_due(invoice) > 0:
            _record_transfer(payment_request)
        else:
            # Already settled another way by the missions demo: the transfer is shown,
            # not counted twice.
            payment_request.transfer_recorded = True
    payment_request.save()
    return payment_request


def seed(*, structures, seed: int, today) -> dict[str, int]:
    rng = random.Random(seed + 11)
    gateway = FileUrssaf()
    counts = {"advance_enrolments": 0, "advance_requests": 0}
    active = [s for s in structures if getattr(s, "membership_status", "active") == "active"][:2]
    if not Commune.objects.exists():
        return counts
    for structure in active:
        households = _households(structure)[:ENROLLED_PER_STRUCTURE]
        for index, household in enumerate(households):
            enrolment = _enrol(household, gateway, rng)
            counts["advance_enrolments"] += 1
            invoices = list(
                Invoice.objects.filter(
                    client=household.client, corrects__isnull=True, advance_request__isnull=True
                )
                .exclude(status=InvoiceStatus.DRAFT)
                .select_related("structure")
                .order_by("issued_on", "year", "number")
            )
            for position, invoice in enumerate(invoices):
                latest = position == len(invoices) - 1
                if latest and index == 0:
                    status = RequestStatus.INTEGRATED  # the demo household answers it
                elif position >= len(invoices) - 2:
                    status = IN_FLIGHT[(index + position) % len(IN_FLIGHT)]
                else:
                    status = SETTLED[(index * 3 + position) % len(SETTLED)]
                at = timezone.make_aware(
                    datetime.datetime.combine(
                        invoice.issued_on + datetime.timedelta(days=1), datetime.time(9)
                    )
                )
                if status in (RequestStatus.INTEGRATED, RequestStatus.WAITING):
                    at = timezone.now() - datetime.timedelta(hours=rng.randint(1, 20))
                _request(invoice, household, enrolment, status, gateway, at)
                counts["advance_requests"] += 1
    return counts
