"""Demo data of the homecare part « money » (called by homecare/demo.py in order).

For the first two active structures: their SEPA creditor details, mandates of a few
households, a batch collected last week and one to send, and the households' invoices still
unpaid settled by every other method (bank card, cash, prepaid CESU with its issuer, APA
paid directly by the département with the rest by transfer). Some stay unpaid: the immediate
advance's demo sends those to URSSAF, reminders find them. Everything goes through the
services, as the accountant would have done it."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from stdnum import iban as stdnum_iban
from stdnum.eu import at_02

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.missions.models import ClientKind, Invoice, InvoiceStatus
from tremplin.missions.services import invoices as invoice_services
from tremplin.network.models import MembershipStatus

from ..models import Household, SepaCreditor
from ..services import money, sepa

MANDATES = 3  # households paying by direct debit, per structure
SETTLE_KINDS = 4  # APA + card, prepaid CESU + cash, card, transfer
CESU_ISSUERS = ("Edenred", "Up (Chèque Déjeuner)", "Sodexo Pass")


def _accountant(structure):
    membership = (
        StructureMembership.objects.filter(
            structure=structure, role__in=[StructureRole.ACCOUNTANT, StructureRole.DIRECTOR]
        )
        .select_related("user")
        .order_by("role")  # « accountant » before « director »
        .first()
    )
    return membership.user if membership else None


def _creditor_id(structure) -> str:
    body = f"ZZZ{structure.pk:06d}"
    return f"FR{at_02.calc_check_digits('FR00' + body)}{body}"


def _iban(serial: int) -> str:
    """A valid French IBAN of a demo account (bank 30006, branch 00001)."""
    bban = f"3000600001{serial:011d}"
    key = 97 - (int(bban + "00") % 97)  # the French RIB key over bank, branch and account
    bban += f"{key:02d}"
    return f"FR{stdnum_iban.calc_check_digits('FR00' + bban)}{bban}"


def seed(*, structures, seed: int, today) -> dict[str, int]:
    rng = random.Random(seed + 11)
    counts = {"mandates": 0, "direct_debits": 0, "household_payments": 0, "settled_invoices": 0}
    active = [s for s in structures if s.membership_status == MembershipStatus.ACTIVE][:2]
    for structure in active:
        accountant = _accountant(structure)
        if accountant is None:
            continue
        _structure_seed(structure, accountant, rng, today, counts)
    return counts


def _structure_seed(structure, accountant, rng, today, counts) -> None:
    if not SepaCreditor.objects.filter(structure=structure).exists():
        money.sepa_creditor_set(
            actor=accountant,
            structure=structure,
            name=structure.name[:70],
            creditor_id=_creditor_id(structure),
            iban=_iban(structure.pk),
            bic="BNPAFRPPXXX",
        )
    unpaid = list(
        Invoice.objects.filter(
            structure=structure,
            client__kind=ClientKind.HOUSEHOLD,
            status=InvoiceStatus.ISSUED,
            corrects__isnull=True,
        )
        .select_related("client")
        .order_by("issued_on", "pk")
    )
    clients = sorted({invoice.client for invoice in unpaid}, key=lambda c: c.name)
    # A third of the households, at most MANDATES: the others show the other methods. The
    # first one's invoices were collected yesterday; the others' go in the batch to send.
    size = min(MANDATES, max(2, len(clients) // 3)) if len(clients) >= 3 else 1
    debited = clients[:size]
    for group, (as_of, collection) in (
        (debited[:1], (today - datetime.timedelta(days=2), today - datetime.timedelta(days=1))),
        (debited[1:], (today, today + datetime.timedelta(days=5))),
    ):
        for client in group:
            counts["mandates"] += _mandate(structure, accountant, client, rng, today)
        counts["direct_debits"] += _batch(structure, accountant, as_of, collection, today)
    # The other households' unpaid invoices, settled by the methods a household uses
    # besides transfers, cheques and CESU (the missions demo's); after the first round of
    # methods, one in four stays unpaid.
    others = [
        i for i in unpaid if i.client not in debited and invoice_services.invoice_balance(i) > 0
    ]
    for index, invoice in enumerate(others):
        if index >= SETTLE_KINDS and index % 4 == 3:
            continue
        paid_on = min(today, invoice.issued_on + datetime.timedelta(days=rng.randint(2, 20)))
        # Counted over both structures: each method shows even where few invoices are due.
        counts["household_payments"] += _settle(
            accountant, invoice, paid_on, counts["settled_invoices"]
        )
        counts["settled_invoices"] += 1


def _mandate(structure, accountant, client, rng, today) -> int:
    household, _created = Household.objects.get_or_create(
        client=client, defaults={"structure": structure}
    )
    if household.mandates.filter(status="active").exists():
        return 0
    money.mandate_create(
        actor=accountant,
        household=household,
        debtor_name=client.name[:70],
        iban=_iban(10_000 + client.pk),
        signed_on=today - datetime.timedelta(days=rng.randint(200, 400)),
        today=today,
    )
    return 1


def _batch(structure, accountant, as_of, collection, today) -> int:
    """A batch made on `as_of` for `collection`; recorded as collected once that day is
    past."""
    try:
        batch, _left_out = sepa.direct_debit_batch_create(
            actor=accountant, structure=structure, collection_date=collection, today=as_of
        )
    except ValidationError:  # nothing to debit on that date in this demo
        return 0
    orders = list(batch.orders.order_by("pk").values_list("pk", flat=True))
    if collection < today:
        # The bank rejected one (insufficient funds): the next batch presents it again.
        rejected = orders[-1:] if len(orders) > 1 else []
        sepa.direct_debit_batch_collected(actor=accountant, batch=batch, rejected=rejected)
    return len(orders)


def _settle(accountant, invoice, paid_on, index) -> int:
    """Settle the invoice's balance: the first two invoices between them show every method
    (a département's APA paid directly with the rest by card; a prepaid CESU with the rest
    in cash), the next ones one method each."""
    balance = invoice_services.invoice_balance(invoice)
    kind = index % SETTLE_KINDS
    if kind == 0:
        funded = (balance * Decimal("0.6")).quantize(Decimal("0.01"))
        departement = invoice.client.commune.departement.name
        plan = [
            ("tiers_financeur", funded, f"Département : {departement} (APA)"),
            ("carte", balance - funded, ""),
        ]
    elif kind == 1:
        prepaid = min(balance, Decimal(20) * (1 + index % 3))
        plan = [("cesu_prefinance", prepaid, CESU_ISSUERS[index % 3])]
        plan.append(("especes", balance - prepaid, ""))
    elif kind == 2:
        plan = [("carte", balance, "")]
    else:
        plan = [("virement", balance, "")]
    made = 0
    for method, amount, issuer in plan:
        if amount > 0:
            invoice_services.payment_record(
                actor=accountant,
                invoice=invoice,
                paid_on=paid_on,
                amount=amount,
                method=method,
                issuer=issuer,
            )
            made += 1
    return made
