"""What an exit or a contract's early end would cancel, asked before it (GET): the work
planned after the day given that no contract would cover any more — the planner's
assignments (registered by missions, `services.later_work`). The same lists as the exit's
and the early end's pages show before their confirmation; the API's POST then cancels them
in the same transaction as the exit or the end."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import PlausibleDateField, Serializer

from . import rules
from .models import Contract
from .services import contracts, exits


class LaterWorkSerializer(Serializer):
    date = serializers.DateField(read_only=True, source="day")
    label = serializers.CharField(
        read_only=True, help_text="The day, the times and the client, in French."
    )


class DayQuery(Serializer):
    date = PlausibleDateField()


def _day(request):
    query = DayQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data["date"]


EXIT_DAY = OpenApiParameter(
    "date", OpenApiTypes.DATE, required=True, description="The exit's day (its last day)."
)
END_DAY = OpenApiParameter(
    "date", OpenApiTypes.DATE, required=True, description="The contract's last day."
)


class ExitLaterWork(APIView):
    """The assignments recording an exit on `date` would cancel (none: nothing planned)."""

    @extend_schema(parameters=[EXIT_DAY], responses=LaterWorkSerializer(many=True))
    def get(self, request, pk):
        person = rules.access_person(request.user, pk, log="api")
        rules.require_writer(request.user, person.structure_id)
        day = _day(request)
        return Response(LaterWorkSerializer(exits.exit_later_work(person, day), many=True).data)


class ContractLaterWork(APIView):
    """The assignments ending the contract early on `date` would cancel (those no other
    contract of the person covers)."""

    @extend_schema(parameters=[END_DAY], responses=LaterWorkSerializer(many=True))
    def get(self, request, pk):
        contract = get_object_or_404(
            Contract.objects.for_user(request.user).select_related("person"), pk=pk
        )
        rules.require_writer(request.user, contract.person.structure_id)
        day = _day(request)
        planned = contracts.contract_later_work(contract, day)
        return Response(LaterWorkSerializer(planned, many=True).data)
