"""API of invoices: a month's drafts prepared and issued, an invoice detailed, issued,
corrected by a credit note, paid, reminded, downloaded as PDF."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import ModelSerializer, PlausibleDateField, Serializer
from tremplin.common.api_actions import object_action
from tremplin.common.idempotency import Idempotent

from .. import api
from ..models import (
    Invoice,
    InvoiceLine,
    InvoiceTransmission,
    Payment,
    PaymentMethod,
    Reminder,
    TransmissionStatus,
)
from ..services import invoices, transmissions
from .common import Empty, MonthInput, _member_structure, _month_start

# The payment methods the invoice page offers (missions.forms.PaymentForm).
PAYMENT_METHOD_CHOICES = PaymentMethod.choices


class InvoiceLineSerializer(ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = ["label", "quantity", "unit", "unit_price", "vat_rate", "amount"]


class PaymentSerializer(ModelSerializer):
    method = serializers.ChoiceField(choices=PAYMENT_METHOD_CHOICES, read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "invoice", "paid_on", "amount", "method", "issuer"]


class ReminderSerializer(ModelSerializer):
    class Meta:
        model = Reminder
        fields = ["id", "invoice", "sent_on", "level", "sent_to", "balance"]


class InvoiceDetailSerializer(api.InvoiceSerializer):
    lines = InvoiceLineSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta(api.InvoiceSerializer.Meta):
        fields = [*api.InvoiceSerializer.Meta.fields, "lines", "payments"]


class InvoiceDetail(APIView):
    """One invoice with its lines and payments."""

    @extend_schema(responses=InvoiceDetailSerializer)
    def get(self, request, pk):
        invoice = get_object_or_404(
            Invoice.objects.for_user(request.user).prefetch_related("lines", "payments"), pk=pk
        )
        return Response(InvoiceDetailSerializer(invoice).data)


class DraftError(Serializer):
    client = serializers.IntegerField(read_only=True)
    detail = serializers.CharField(read_only=True)


class DraftsSerializer(Serializer):
    drafts = api.InvoiceSerializer(many=True, read_only=True)
    errors = DraftError(many=True, read_only=True, help_text="Clients left out, and why.")


class InvoiceDrafts(Idempotent, APIView):
    """Prepare the draft invoices of a month of a structure (validated hours not invoiced yet,
    one invoice per client); clients left out (a missing price…) are listed with why."""

    @extend_schema(request=MonthInput, responses=DraftsSerializer)
    def post(self, request):
        data = MonthInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["structure"] = _member_structure(request, values["structure"])
        drafts, errors = invoices.invoice_drafts_for_month(
            actor=request.user,
            structure_id=values["structure"].pk,
            month=_month_start(values["month"]),
        )
        return Response(
            {
                "drafts": api.InvoiceSerializer(drafts, many=True).data,
                "errors": [
                    {"client": client_id, "detail": str(error)}
                    for client_id, error in sorted(errors.items())
                ],
            }
        )


class InvoicesIssueMonth(Idempotent, APIView):
    """Issue every draft invoice of a finished month of a structure at once, numbered with no
    gap in the order of the clients' names: all or none."""

    @extend_schema(request=MonthInput, responses=api.InvoiceSerializer(many=True))
    def post(self, request):
        data = MonthInput(data=request.data)
        data.is_valid(raise_exception=True)
        structure = _member_structure(request, data.validated_data["structure"])
        issued = invoices.invoices_issue_month(
            actor=request.user,
            structure_id=structure.pk,
            month=_month_start(data.validated_data["month"]),
        )
        return Response(api.InvoiceSerializer(issued, many=True).data)


class CreditNoteInput(Serializer):
    reason = serializers.CharField(max_length=150, help_text="Reason of the correction.")


class PaymentInput(Serializer):
    paid_on = PlausibleDateField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    method = serializers.ChoiceField(choices=PAYMENT_METHOD_CHOICES)
    issuer = serializers.CharField(
        max_length=150,
        required=False,
        default="",
        help_text="Issuer of a prepaid CESU, or the funder paying directly (APA, PCH).",
    )


InvoiceIssue = object_action(
    "InvoiceIssue",
    model=Invoice,
    input_serializer=Empty,
    output_serializer=api.InvoiceSerializer,
    run=lambda actor, row: invoices.invoice_issue(actor=actor, invoice=row),
    doc="Issue a draft invoice: it gets the next number of the year (no gap).",
)
InvoiceCreditNote = object_action(
    "InvoiceCreditNote",
    model=Invoice,
    input_serializer=CreditNoteInput,
    output_serializer=api.InvoiceSerializer,
    status_code=201,
    run=lambda actor, row, **d: invoices.credit_note_create(actor=actor, invoice=row, **d),
    doc="Correct an issued invoice with a credit note (issued at once); answers the note.",
)
InvoicePayment = object_action(
    "InvoicePayment",
    model=Invoice,
    input_serializer=PaymentInput,
    output_serializer=PaymentSerializer,
    status_code=201,
    run=lambda actor, row, **d: invoices.payment_record(actor=actor, invoice=row, **d),
    doc="Record a payment of an issued invoice.",
)
InvoiceReminder = object_action(
    "InvoiceReminder",
    model=Invoice,
    input_serializer=Empty,
    output_serializer=ReminderSerializer,
    status_code=201,
    run=lambda actor, row: invoices.invoice_remind(actor=actor, invoice=row),
    doc="Remind the client of an overdue invoice (by e-mail when the client has one).",
)


class InvoicePdf(APIView):
    """The invoice as a Factur-X PDF (the PDF carries its XML), as the page gives it."""

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The Factur-X PDF."
            )
        }
    )
    def get(self, request, pk):
        invoice = get_object_or_404(
            Invoice.objects.for_user(request.user).select_related("client", "structure"), pk=pk
        )
        from .. import documents  # WeasyPrint loads system libraries: only when asked for

        response = HttpResponse(documents.invoice_facturx(invoice), content_type="application/pdf")
        name = invoice.reference or f"brouillon-{invoice.pk}"
        response["Content-Disposition"] = f'attachment; filename="facture-{name}.pdf"'
        return response


class TransmissionSerializer(ModelSerializer):
    status = serializers.ChoiceField(choices=TransmissionStatus.choices, read_only=True)

    class Meta:
        model = InvoiceTransmission
        fields = ["invoice", "status", "transmitter", "reference", "sent_at", "error"]


InvoiceTransmit = object_action(
    "InvoiceTransmit",
    model=Invoice,
    input_serializer=Empty,
    output_serializer=TransmissionSerializer,
    status_code=202,
    run=lambda actor, row: transmissions.invoice_transmit(actor=actor, invoice=row),
    doc="Send an issued e-invoice (again, after a failure) to the client's platform: queued, "
    "sent after the answer; its status reads `pending` until then.",
)
