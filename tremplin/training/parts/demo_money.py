"""The demo's records of the training part « money »: fundings on the registrations the
catalogue and attendance demos made (read as they are: this part seeds after them), the
federation's training invoices issued for the sessions that are over, one credit note, and
a few complaints in the register. Deterministic for a seed."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from tremplin.accounts.models import User, UserKind

from ..models import (
    Complaint,
    Funder,
    Funding,
    Registration,
    RegistrationStatus,
    TraineeCategory,
    TrainingInvoice,
)
from ..services import money

OPCOS = ("Uniformation", "Akto", "OPCO EP")


def seed(*, structures, seed: int, today) -> dict[str, int]:
    actor = User.objects.filter(kind=UserKind.FEDERATION, is_active=True).order_by("pk").first()
    if actor is None or TrainingInvoice.objects.exists():
        return {}  # no training service to act for, or seeded already
    rng = random.Random(seed * 31 + 12)
    counts = {"training_fundings": 0, "training_invoices": 0, "training_credit_notes": 0}
    registrations = list(
        Registration.objects.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("session__course")
        .order_by("pk")
    )
    for registration in registrations:
        price = money.registration_price(registration)
        if price <= 0 or Funding.objects.filter(registration=registration).exists():
            continue
        if registration.category == TraineeCategory.INSERTION:
            # Employees in insertion: the PIC IAE first, the OPCO for the rest.
            shares = [(Funder.PIC_IAE, "", Decimal("0.7")), (Funder.OPCO, None, Decimal("0.3"))]
        else:
            shares = [(Funder.OPCO, None, Decimal("0.5"))]
        for funder, name, share in shares:
            money.funding_add(
                actor=actor,
                registration=registration,
                funder=funder,
                funder_name=rng.choice(OPCOS) if name is None else name,
                amount=(price * share).quantize(Decimal("0.01")),
                agreement_reference=f"CONV-{today.year}-{registration.pk:04d}",
            )
            counts["training_fundings"] += 1
    issued = []
    for structure_id in sorted({r.structure_id for r in registrations}):
        invoice = money.training_invoice_draft(actor=actor, structure_id=structure_id, on=today)
        if invoice is None:
            continue
        # All issued today: numbers follow the issue dates, as the law wants.
        issued.append(money.training_invoice_issue(actor=actor, invoice=invoice, issued_on=today))
        counts["training_invoices"] += 1
    if issued:
        first = issued[0]
        line = first.lines.order_by("pk").first()
        money.training_credit_note_create(
            actor=actor,
            invoice=first,
            reason="Stagiaire absent, remplacé sans frais",
            line_ids=[line.pk],
            issued_on=today,
        )
        counts["training_credit_notes"] += 1
    for days, source, subject, improvement in (
        (
            40,
            "trainee",
            "Salle trop froide le matin",
            "Chauffage vérifié la veille de chaque session",
        ),
        (12, "structure", "Convocation reçue tard", ""),
    ):
        Complaint.objects.create(
            received_on=today - datetime.timedelta(days=days),
            source=source,
            subject=subject,
            description=subject,
            answered_on=today - datetime.timedelta(days=days - 2),
            answer="Réponse écrite envoyée.",
            improvement=improvement,
            recorded_by=actor,
        )
    counts["training_complaints"] = 2
    return counts
