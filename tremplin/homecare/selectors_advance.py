"""Reads of the immediate advance, taking the actor (tenancy through `for_user`)."""

from django.db.models import Q

from tremplin.missions.models import ClientKind, Invoice, InvoiceStatus

from .models import AdvanceStatus, Household, PaymentRequest


def payment_request_list(*, actor, structure_id: int, status: str = ""):
    requests = (
        PaymentRequest.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .select_related("invoice", "household__client")
    )
    return requests.filter(status=status) if status else requests


def invoices_to_send(*, actor, structure_id: int):
    """Issued, unpaid invoices of enrolled households not yet sent (or not accepted)."""
    return (
        Invoice.objects.for_user(actor)
        .filter(
            structure_id=structure_id,
            status=InvoiceStatus.ISSUED,
            corrects__isnull=True,
            client__kind=ClientKind.HOUSEHOLD,
            client__household__advance_enrolment__status=AdvanceStatus.ENROLLED,
        )
        .filter(Q(advance_request__isnull=True) | Q(advance_request__status="not_accepted"))
        .select_related("client")
        .order_by("-issued_on", "-number")
    )


def households_to_enrol(*, actor, structure_id: int):
    return (
        Household.objects.for_user(actor)
        .filter(structure_id=structure_id)
        .exclude(advance_status=AdvanceStatus.ENROLLED)
        .select_related("client", "advance_enrolment")
        .order_by("client__name")
    )


def own_payment_requests(*, user):
    """The household's own requests: their account is the client's."""
    return (
        PaymentRequest.objects.for_user(user)
        .filter(household__client__user=user)
        .select_related("invoice")
    )
