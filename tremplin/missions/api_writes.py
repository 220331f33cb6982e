"""API of the missions pages' actions: a client's and a request's creation, a request's slots
and closing, an assignment's removal, hours validated and a month closed, invoices drafted
for a month, issued, corrected by a credit note, paid, reminded, downloaded as PDF.

The same services as the pages, called by keyword: the role is checked there (a French 403),
the rows are looked up through `for_user` (a French 404 for another structure's)."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.accounts.tenancy import scope_of
from tremplin.common.api import MAX_ID, ModelSerializer, PlausibleDateField, Serializer
from tremplin.common.api_actions import object_action
from tremplin.common.idempotency import Idempotent
from tremplin.network.models import Activity, Commune, Structure

from . import api
from .forms import WEEKDAYS
from .models import (
    Assignment,
    Client,
    ClientKind,
    Invoice,
    InvoiceLine,
    MissionRequest,
    Payment,
    PaymentMethod,
    PaymentTerms,
    Reminder,
    RequestState,
    TimeEntry,
)
from .services import clients, hours, invoices, requests
from .services.assignments import assignment_remove

# The payment methods the invoice page offers (missions.forms.PaymentForm).
PAYMENT_METHOD_CHOICES = PaymentMethod.choices
REQUEST_CLOSING_CHOICES = [
    (RequestState.DONE, RequestState.DONE.label),
    (RequestState.CANCELLED, RequestState.CANCELLED.label),
]


def _member_structure(request, pk: int) -> Structure:
    """A structure the user works in; any other is a French 404 (as its rows are)."""
    return get_object_or_404(
        Structure.objects.filter(pk__in=scope_of(request.user).member_structure_ids), pk=pk
    )


def _month_start(value):
    return value.replace(day=1)


# --- Clients and requests --------------------------------------------------------------------


class ClientInput(Serializer):
    structure = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=ClientKind.choices)
    name = serializers.CharField(max_length=200)
    siret = serializers.CharField(
        max_length=17,
        required=False,
        default="",
        allow_blank=True,
        help_text="Required for legal persons (every kind but household).",
    )
    address = serializers.CharField(max_length=250)
    commune = serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.all(), help_text="INSEE code."
    )
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)


class ClientListCreate(Idempotent, api.ClientList):
    """Clients of the user's structures; POST creates one (planners, directors)."""

    @extend_schema(request=ClientInput, responses={201: api.ClientSerializer})
    def post(self, request):
        data = ClientInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["structure"] = _member_structure(request, values["structure"])
        created = clients.client_create(actor=request.user, **values)
        return Response(api.ClientSerializer(created).data, status=status.HTTP_201_CREATED)


class PaymentTermsInput(Serializer):
    payment_terms = serializers.ChoiceField(choices=PaymentTerms.choices)
    payment_days = serializers.IntegerField(
        min_value=1,
        max_value=60,
        required=False,
        allow_null=True,
        default=None,
        help_text="Days agreed (not for « legal »); the legal limits are checked.",
    )


ClientPaymentTerms = object_action(
    "ClientPaymentTerms",
    model=Client,
    input_serializer=PaymentTermsInput,
    output_serializer=api.ClientSerializer,
    run=lambda actor, row, **d: invoices.client_payment_terms_set(actor=actor, client=row, **d),
    doc="Record the payment terms agreed with a client; its next invoices' due dates follow.",
)


class RequestInput(Serializer):
    client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.none())
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.all())
    commune = serializers.PrimaryKeyRelatedField(
        queryset=Commune.objects.all(), help_text="Place of the mission (INSEE code)."
    )
    start_date = PlausibleDateField()
    end_date = PlausibleDateField()
    hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=Decimal("0.25"), help_text="Hours requested."
    )
    weekday = serializers.ChoiceField(choices=WEEKDAYS, help_text="Day of the weekly slot.")
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    skills = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    notes = serializers.CharField(required=False, default="", allow_blank=True)


class RequestListCreate(Idempotent, api.RequestList):
    """Mission requests of the user's structures; POST creates one with its weekly slot."""

    @extend_schema(request=RequestInput, responses={201: api.RequestSerializer})
    def post(self, request):
        data = RequestInput(data=request.data)
        data.fields["client"].queryset = Client.objects.for_user(request.user)
        data.is_valid(raise_exception=True)
        created = clients.request_create(actor=request.user, **data.validated_data)
        return Response(api.RequestSerializer(created).data, status=status.HTTP_201_CREATED)


class SlotInput(Serializer):
    weekday = serializers.ChoiceField(choices=WEEKDAYS)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()


class ClosingInput(Serializer):
    state = serializers.ChoiceField(choices=REQUEST_CLOSING_CHOICES)


def _slot_add(actor, mission, **data):
    requests.request_slot_add(actor=actor, request=mission, **data)
    return mission


RequestSlotAdd = object_action(
    "RequestSlotAdd",
    model=MissionRequest,
    input_serializer=SlotInput,
    output_serializer=api.RequestSerializer,
    run=_slot_add,
    doc="Add a weekly slot to an open request; answers the request.",
)
RequestClose = object_action(
    "RequestClose",
    model=MissionRequest,
    input_serializer=ClosingInput,
    output_serializer=api.RequestSerializer,
    run=lambda actor, row, **d: requests.request_close(actor=actor, request=row, **d),
    doc="Close a request as done or cancelled (once no assignment is still to come).",
)


class AssignmentDetail(Idempotent, APIView):
    """One assignment; DELETE takes it off the planning (before any hours are entered)."""

    def _row(self, request, pk):
        return get_object_or_404(
            Assignment.objects.for_user(request.user).select_related("request"), pk=pk
        )

    @extend_schema(responses=api.AssignmentSerializer)
    def get(self, request, pk):
        row = self._row(request, pk)
        return Response(api.AssignmentSerializer(row, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        assignment_remove(actor=request.user, assignment=self._row(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Hours -----------------------------------------------------------------------------------


class ValidationInput(Serializer):
    entries = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=1000,
        help_text="Ids of the time entries to validate.",
    )


class CountSerializer(Serializer):
    validated = serializers.IntegerField(read_only=True)


class TimeEntriesValidate(Idempotent, APIView):
    """Validate time entries (those who validate hours in the entries' structure)."""

    @extend_schema(request=ValidationInput, responses=CountSerializer)
    def post(self, request):
        data = ValidationInput(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = set(data.validated_data["entries"])
        entries = list(TimeEntry.objects.for_user(request.user).filter(pk__in=wanted))
        if len(entries) != len(wanted):  # one is not yours to see: nothing is validated
            raise Http404
        count = hours.time_entries_validate(actor=request.user, entries=entries)
        return Response({"validated": count})


class MonthInput(Serializer):
    structure = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    month = PlausibleDateField(help_text="Any day of the month.")


class MonthClosureSerializer(Serializer):
    structure = serializers.IntegerField(read_only=True)
    month = serializers.DateField(read_only=True)


class MonthClose(Idempotent, APIView):
    """Close a month of a structure's hours, once every entry of it is validated."""

    @extend_schema(request=MonthInput, responses=MonthClosureSerializer)
    def post(self, request):
        data = MonthInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["structure"] = _member_structure(request, values["structure"])
        hours.month_close(actor=request.user, structure=values["structure"], month=values["month"])
        return Response(
            {"structure": values["structure"].pk, "month": _month_start(values["month"])}
        )


# --- Invoices --------------------------------------------------------------------------------


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


class Empty(Serializer):
    pass


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
        from . import documents  # WeasyPrint loads system libraries: only when asked for

        response = HttpResponse(documents.invoice_facturx(invoice), content_type="application/pdf")
        name = invoice.reference or f"brouillon-{invoice.pk}"
        response["Content-Disposition"] = f'attachment; filename="facture-{name}.pdf"'
        return response
