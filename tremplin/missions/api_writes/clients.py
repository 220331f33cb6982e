"""API of clients, requests and assignments: a client created or changed, a request created
with its first slot, slots added, a request closed, an assignment taken off the planning."""

from __future__ import annotations

from decimal import Decimal

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import MAX_ID, PlausibleDateField, Serializer
from tremplin.common.api_actions import object_action
from tremplin.common.idempotency import Idempotent
from tremplin.network.models import Activity, Commune

from .. import api
from ..forms import WEEKDAYS
from ..models import (
    Assignment,
    Client,
    ClientKind,
    MissionRequest,
    PaymentTerms,
    RequestState,
)
from ..services import clients, invoices, requests
from ..services.assignments import assignment_remove
from .common import _member_structure

REQUEST_CLOSING_CHOICES = [
    (RequestState.DONE, RequestState.DONE.label),
    (RequestState.CANCELLED, RequestState.CANCELLED.label),
]


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


class ClientUpdate(ClientInput):
    """What a PATCH may change: the fields of the creation but the structure."""

    structure = None  # a client stays with its structure


class ClientDetail(Idempotent, APIView):
    """One client; PATCH changes its identity or contact details (planners, directors)."""

    def _row(self, request, pk):
        return get_object_or_404(Client.objects.for_user(request.user), pk=pk)

    @extend_schema(responses=api.ClientSerializer)
    def get(self, request, pk):
        return Response(api.ClientSerializer(self._row(request, pk)).data)

    @extend_schema(request=ClientUpdate, responses=api.ClientSerializer)
    def patch(self, request, pk):
        client = self._row(request, pk)
        data = ClientUpdate(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        updated = clients.client_update(actor=request.user, client=client, **data.validated_data)
        return Response(api.ClientSerializer(updated).data)


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
    address = serializers.CharField(
        max_length=250,
        required=False,
        default="",
        allow_blank=True,
        help_text="Address of the mission, when not the client's.",
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
