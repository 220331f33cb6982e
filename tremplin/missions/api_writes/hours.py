"""API of hours: entries validated, a month closed."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import MAX_ID, Serializer
from tremplin.common.idempotency import Idempotent

from ..models import (
    TimeEntry,
)
from ..services import hours
from .common import MonthInput, _member_structure, _month_start


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
