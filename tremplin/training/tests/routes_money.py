"""Tenancy classification of the routes of the training part « money »."""

import datetime
from decimal import Decimal

from tremplin.common.routes import Access, Route

FEDERATION = frozenset({"federation"})
INVOICE_READERS = frozenset({"federation", "director", "accountant"})


class MoneyObjects:
    """A registration of one structure with a funding, an issued invoice and a draft."""

    def __init__(self, world, structure):
        from tremplin.training.models import (
            Course,
            Funding,
            HalfDay,
            Registration,
            TrainingInvoice,
            TrainingInvoiceLine,
            TrainingSession,
        )

        course = Course.objects.create(
            code=f"money-{structure.pk}",
            title="Cours de routes",
            audience="staff",
            objectives="-",
            duration_hours=Decimal(3),
            methods="-",
            assessment="-",
            access_conditions="-",
            access_delay="-",
            accessibility="-",
            price_per_trainee_excl_vat=Decimal(300),
        )
        day = datetime.date(2026, 2, 2)
        session = TrainingSession.objects.create(
            course=course, capacity=5, starts_on=day, ends_on=day, status="done"
        )
        HalfDay.objects.create(
            session=session,
            date=day,
            part="am",
            starts_at=datetime.time(9),
            ends_at=datetime.time(12),
        )
        self.registration = Registration.objects.create(
            session=session,
            structure=structure,
            category="staff",
            first_name="Zoé",
            last_name="Routes",
        )
        self.funding = Funding.objects.create(
            registration=self.registration, funder="opco", funder_name="Akto", amount=Decimal(100)
        )
        self.invoice = TrainingInvoice.objects.create(
            structure=structure,
            status="issued",
            year=2026,
            number=90000 + structure.pk,
            issued_on=day,
            total_excl_vat=Decimal(300),
            total=Decimal(300),
        )
        self.draft = TrainingInvoice.objects.create(structure=structure)
        for invoice in (self.invoice, self.draft):
            TrainingInvoiceLine.objects.create(
                invoice=invoice,
                registration=self.registration,
                course_title=course.title,
                trainee_name="Zoé Routes",
                hours=Decimal(3),
                unit_price=Decimal(300),
                amount=Decimal(300),
            )


def money_objects(world) -> MoneyObjects:
    cache = world.__dict__.setdefault("_training_money_objects", {})
    if world.other.pk not in cache:
        cache[world.other.pk] = MoneyObjects(world, world.other)
    return cache[world.other.pk]


def _on(attribute, *, own_allowed=FEDERATION, **extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(money_objects(w), attribute).pk},
        allowed=FEDERATION,
        own_allowed=own_allowed,
        **extra,
    )


def _federation_page(**extra):
    return Route(Access.AUTHENTICATED, allowed=FEDERATION, **extra)


ROUTES: dict = {
    "training:registration_funding": _on("registration"),
    "training:funding_delete": _on("funding", method="post", ok_status=(302,)),
    "training:invoice_list": Route(
        Access.AUTHENTICATED,
        allowed=INVOICE_READERS,
        setup=money_objects,
        # The other structure's invoice number never reaches a structure's list.
        secret=lambda w: money_objects(w).invoice.reference,
    ),
    "training:invoice_draft": _federation_page(
        method="post", data=lambda w: {"structure": w.other.pk}, ok_status=(302,)
    ),
    "training:invoice_detail": _on("invoice", own_allowed=INVOICE_READERS),
    "training:invoice_pdf": _on("invoice", own_allowed=INVOICE_READERS),
    "training:invoice_issue": _on("draft", method="post", ok_status=(302,)),
    "training:invoice_discard": _on("draft", method="post", ok_status=(302,)),
    "training:invoice_credit": _on(
        "invoice", method="post", data=lambda w: {"reason": "Erreur"}, ok_status=(302,)
    ),
    "training:bpf": _federation_page(),
    "training:qualiopi": _federation_page(),
    "training:complaint_list": _federation_page(),
}
