"""API of missions: lists through `for_user`, writes through the same services as pages."""

from __future__ import annotations

import datetime

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.accounts.privacy import PolicySerializerMixin
from tremplin.accounts.tenancy import scope_of
from tremplin.common.api import ModelSerializer, PlausibleDateField, Serializer
from tremplin.common.idempotency import Idempotent
from tremplin.people.models import Person

from . import planner, planning, rules
from .models import Assignment, Client, Invoice, MissionRequest, TimeEntry
from .services import hours
from .services.assignments import assignment_create


class ClientSerializer(ModelSerializer):
    class Meta:
        model = Client
        fields = [
            "id",
            "structure",
            "kind",
            "name",
            "siret",
            "address",
            "commune",
            "email",
            "phone",
            "payment_terms",
            "payment_days",
        ]
        read_only_fields = ["payment_terms", "payment_days"]


class RequestSerializer(ModelSerializer):
    class Meta:
        model = MissionRequest
        fields = [
            "id",
            "structure",
            "client",
            "activity",
            "commune",
            "start_date",
            "end_date",
            "hours",
            "skills",
            "state",
        ]


class AssignmentSerializer(PolicySerializerMixin, ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "request", "person", "date", "start_time", "end_time", "hours"]


class TimeEntrySerializer(PolicySerializerMixin, ModelSerializer):
    class Meta:
        model = TimeEntry
        fields = ["id", "person", "client", "assignment", "date", "hours", "status", "invoice"]


class InvoiceSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "client",
            "reference",
            "period_start",
            "period_end",
            "issued_on",
            "due_on",
            "status",
            "corrects",
            "total_excl_vat",
            "vat",
            "total",
        ]


class _Scoped(generics.ListAPIView):
    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user).order_by("-pk")


class ClientList(_Scoped):
    """Clients of the user's structures."""

    model, serializer_class = Client, ClientSerializer


class RequestList(_Scoped):
    """Mission requests of the user's structures."""

    model, serializer_class = MissionRequest, RequestSerializer


class InvoiceList(_Scoped):
    """Invoices (read only: they are prepared and issued by the accountants' pages)."""

    model, serializer_class = Invoice, InvoiceSerializer


class AssignmentListCreate(Idempotent, generics.ListCreateAPIView):
    """Assignments: list (scoped); create one — every rule of the pages applies."""

    serializer_class = AssignmentSerializer

    class AssignmentInput(Serializer):
        request = serializers.PrimaryKeyRelatedField(queryset=MissionRequest.objects.none())
        person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
        date = PlausibleDateField()
        start_time = serializers.TimeField()
        end_time = serializers.TimeField()

    def get_queryset(self):
        # The request's structure decides what each row shows (accounts.privacy).
        return (
            Assignment.objects.for_user(self.request.user)
            .select_related("request")
            .order_by("-date", "-pk")
        )

    @extend_schema(request=AssignmentInput, responses=AssignmentSerializer)
    def post(self, request, *args, **kwargs):
        data = self.AssignmentInput(data=request.data)
        data.fields["request"].queryset = MissionRequest.objects.for_user(request.user)
        data.fields["person"].queryset = Person.objects.for_user(request.user)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        created = assignment_create(
            actor=request.user,
            request=values["request"],
            person=values["person"],
            day=values["date"],
            start=values["start_time"],
            end=values["end_time"],
        )
        return Response(
            AssignmentSerializer(created, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class TimeEntryListCreate(Idempotent, generics.ListCreateAPIView):
    """Time entries: staff see their structures', an employee their own; create one."""

    serializer_class = TimeEntrySerializer

    class TimeEntryInput(Serializer):
        person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
        client = serializers.PrimaryKeyRelatedField(queryset=Client.objects.none())
        date = PlausibleDateField()
        hours = serializers.DecimalField(max_digits=5, decimal_places=2)

    def get_queryset(self):
        return TimeEntry.objects.for_user(self.request.user).order_by("-date", "-pk")

    @extend_schema(request=TimeEntryInput, responses=TimeEntrySerializer)
    def post(self, request, *args, **kwargs):
        data = self.TimeEntryInput(data=request.data)
        data.fields["person"].queryset = Person.objects.for_user(
            request.user
        ) | Person.objects.filter(user=request.user)
        data.fields["client"].queryset = Client.objects.filter(
            structure_id__in=scope_of(request.user).member_structure_ids
        )
        data.is_valid(raise_exception=True)
        created = hours.time_entry_create(actor=request.user, **data.validated_data)
        return Response(
            TimeEntrySerializer(created, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PlannerRun(Idempotent, APIView):
    """Run the planner on a week of a structure: the proposal, not assignments."""

    class PlannerRunInput(Serializer):
        structure = serializers.IntegerField()
        week = PlausibleDateField()
        time_limit_s = serializers.FloatField(default=2.0, min_value=0.1, max_value=30)

    @extend_schema(request=PlannerRunInput, responses={200: dict})
    def post(self, request):
        data = self.PlannerRunInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        rules.require(rules.can_plan(request.user, values["structure"]))
        from tremplin.network.models import Structure

        structure = Structure.objects.get(pk=values["structure"])
        monday = values["week"] - datetime.timedelta(days=values["week"].weekday())
        problem, _mapping = planning.build_problem(
            actor=request.user,
            structure=structure,
            monday=monday,
            time_limit_s=values["time_limit_s"],
        )
        if not problem.slots or not problem.employees:
            return Response({"status": "empty", "assignments": [], "unfilled": {}})
        plan = planner.solve(problem, values["time_limit_s"])
        return Response(
            {
                "status": plan.status,
                "objective": plan.objective,
                "assignments": [
                    {"slot": a.slot_id, "person": a.employee_id} for a in plan.assignments
                ],
                "unfilled": planner.explain_unfilled(problem, plan),
            }
        )
