"""API of the employee's own clocking: the same services as the personal space's buttons, for
a phone application. Another person's assignment is a 404, as on the page."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.accounts.privacy import PolicySerializerMixin
from tremplin.common.api import ModelSerializer, Serializer
from tremplin.common.idempotency import Idempotent

from .api import TimeEntrySerializer
from .models import Assignment, Clocking
from .services import clocking


class ClockingSerializer(PolicySerializerMixin, ModelSerializer):
    class Meta:
        model = Clocking
        fields = ["id", "assignment", "clocked_in_at", "clocked_out_at", "time_entry"]


class _Clock(Idempotent, APIView):
    """201 when this call recorded it, 200 when it was already recorded (a second tap)."""

    def _clock(self, request, pk, service):
        try:
            result, made = service(actor=request.user, assignment_id=pk)
        except Assignment.DoesNotExist as exc:
            raise NotFound from exc
        return Response(
            ClockingSerializer(result, context={"request": request}).data,
            status=status.HTTP_201_CREATED if made else status.HTTP_200_OK,
        )


class AssignmentClockIn(_Clock):
    """Clock in on one of my assignments of today."""

    @extend_schema(request=None, responses={200: ClockingSerializer, 201: ClockingSerializer})
    def post(self, request, pk):
        return self._clock(request, pk, clocking.assignment_clock_in)


class AssignmentClockOut(_Clock):
    """Clock out: the time since the clock-in becomes my time entry, to be validated."""

    @extend_schema(request=None, responses={200: ClockingSerializer, 201: ClockingSerializer})
    def post(self, request, pk):
        return self._clock(request, pk, clocking.assignment_clock_out)


class AssignmentOwnHours(Idempotent, APIView):
    """Enter the hours of one of my past (or today's) assignments, once; staff validate them."""

    class OwnHoursInput(Serializer):
        hours = serializers.DecimalField(
            max_digits=4, decimal_places=2, min_value=Decimal("0.25"), max_value=Decimal(24)
        )

    @extend_schema(request=OwnHoursInput, responses={201: TimeEntrySerializer})
    def post(self, request, pk):
        # Another person's assignment is a 404 whatever the body, as on the page.
        if not Assignment.objects.filter(pk=pk, person__user=request.user).exists():
            raise NotFound
        data = self.OwnHoursInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            created = clocking.own_hours_enter(
                actor=request.user, assignment_id=pk, worked=data.validated_data["hours"]
            )
        except Assignment.DoesNotExist as exc:
            raise NotFound from exc
        return Response(
            TimeEntrySerializer(created, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
