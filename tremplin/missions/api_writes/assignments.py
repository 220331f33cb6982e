"""API of assignments made several at a time, as the request's page makes them: one
employee over a period (some weekdays only), or on a weekly slot of the request every week
from today to its end. Each day is checked by the rules of a single assignment
(`assignment_create_many`); the days kept are saved together, the refused ones answered with
their reasons in French."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import PlausibleDateField, Serializer
from tremplin.common.idempotency import Idempotent
from tremplin.people.models import Person
from tremplin.people.services.later_work import CancelReason

from .. import api, rules, selectors
from ..forms import MAX_PERIOD_DAYS, WEEKDAYS
from ..models import CancelledAssignment, MissionRequest, RequestSlot
from ..services import assignments
from ..services.reassignments import cancelled_assignment_dismiss
from .common import _member_structure


class AssignmentBatchInput(Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    first_day = PlausibleDateField(
        required=False, help_text="A period: its first day (with `last_day`, `start_time`…)."
    )
    last_day = PlausibleDateField(
        required=False, help_text="The period's last day (none: the first day alone)."
    )
    weekdays = serializers.ListField(
        child=serializers.ChoiceField(choices=WEEKDAYS),
        required=False,
        default=list,
        max_length=7,
        help_text="Only these days of the period (0 Monday … 6 Sunday); none: every day.",
    )
    start_time = serializers.TimeField(required=False)
    end_time = serializers.TimeField(required=False)
    slot = serializers.PrimaryKeyRelatedField(
        queryset=RequestSlot.objects.none(),
        required=False,
        help_text="Instead of a period: a weekly slot of the request, every week from "
        "today to the request's end, at the slot's times.",
    )

    def validate(self, data):
        slot, first = data.get("slot"), data.get("first_day")
        if (slot is None) == (first is None):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Give either a period (first_day) or a weekly slot.")]}
            )
        if slot is not None:
            return data
        errors = {}
        for name in ("start_time", "end_time"):
            if data.get(name) is None:
                errors[name] = [_("Give the times of a period.")]
        last = data.get("last_day") or first
        if last < first:
            errors["last_day"] = [_("The last day comes before the first.")]
        elif (last - first).days >= MAX_PERIOD_DAYS:
            errors["last_day"] = [
                _("A period assigned at once is at most %(n)s days: split it.")
                % {"n": MAX_PERIOD_DAYS}
            ]
        if errors:
            raise serializers.ValidationError(errors)
        return data


class RefusedDaySerializer(Serializer):
    date = serializers.DateField(read_only=True)
    reasons = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Why, in French."
    )


class AssignmentBatchSerializer(Serializer):
    created = api.AssignmentSerializer(many=True, read_only=True)
    refused = RefusedDaySerializer(many=True, read_only=True)


def period_days(first: datetime.date, last: datetime.date | None, weekdays) -> list[datetime.date]:
    """Every day from `first` to `last` on the weekdays given (every day: none given), as
    the page's AssignmentForm.days."""
    last = last or first
    wanted = set(weekdays or range(7))
    count = (last - first).days + 1
    days = [first + datetime.timedelta(days=i) for i in range(count)]
    return [day for day in days if day.weekday() in wanted]


class AssignmentBatch(Idempotent, APIView):
    """Assign one employee to the request on several days at once: a period, or every week
    of one of its slots. Each day is checked by the rules of one assignment (contract, PASS, rest, weekly
    hours, double booking); the kept days are saved, the refused ones listed with why."""

    @extend_schema(
        request=AssignmentBatchInput,
        responses={
            201: AssignmentBatchSerializer,
            200: AssignmentBatchSerializer,
        },
        description="201 when at least one day was kept, 200 when every day was refused.",
    )
    def post(self, request, pk):
        mission = get_object_or_404(MissionRequest.objects.for_user(request.user), pk=pk)
        rules.require(rules.can_plan(request.user, mission.structure_id))
        data = AssignmentBatchInput(data=request.data)
        data.fields["person"].queryset = Person.objects.for_user(request.user)
        # The request's own slots only.
        data.fields["slot"].queryset = RequestSlot.objects.filter(request=mission)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        slot = values.get("slot")
        if slot is not None:
            days = assignments.weekly_days(mission, slot.weekday, from_day=timezone.localdate())
            start, end = slot.start_time, slot.end_time
            empty = {"slot": [_("The request has no such day left.")]}
        else:
            days = period_days(values["first_day"], values.get("last_day"), values["weekdays"])
            start, end = values["start_time"], values["end_time"]
            empty = {"weekdays": [_("No day of the period falls on the days checked.")]}
        if not days:
            raise serializers.ValidationError(empty)
        batch = assignments.assignment_create_many(
            actor=request.user,
            request=mission,
            person=values["person"],
            days=days,
            start=start,
            end=end,
        )
        body = {
            "created": api.AssignmentSerializer(
                batch.created, many=True, context={"request": request}
            ).data,
            "refused": RefusedDaySerializer(
                [{"date": day, "reasons": reasons} for day, reasons in batch.refused], many=True
            ).data,
        }
        return Response(body, status=status.HTTP_201_CREATED if batch.created else 200)


# --- « To reassign »: the slots an exit or an early end left empty ------------------------


class CancelledSlotSerializer(Serializer):
    id = serializers.IntegerField()
    request = serializers.IntegerField(source="request_id")
    person = serializers.IntegerField(source="person_id")
    date = serializers.DateField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    reason = serializers.ChoiceField(choices=CancelReason.choices)


class ToReassignList(APIView):
    """The structure's slots still to give to someone else, from today on, as the planners'
    page lists them (`?structure=` one the user plans for)."""

    @extend_schema(
        parameters=[OpenApiParameter("structure", int, required=True)],
        responses=CancelledSlotSerializer(many=True),
    )
    def get(self, request):
        structure = _member_structure(request, _structure_param(request))
        rules.require(rules.can_plan(request.user, structure.pk))
        rows = selectors.to_reassign(
            actor=request.user, structure_id=structure.pk, today=timezone.localdate()
        )
        return Response(CancelledSlotSerializer(rows, many=True).data)


class ToReassignDismiss(Idempotent, APIView):
    """Let a slot go (the client no longer needs it): it leaves the list, as on the page."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk):
        record = get_object_or_404(CancelledAssignment.objects.for_user(request.user), pk=pk)
        cancelled_assignment_dismiss(actor=request.user, record=record)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _structure_param(request) -> int:
    try:
        return int(request.query_params.get("structure", ""))
    except ValueError:
        raise serializers.ValidationError(
            {"structure": [_("Give the structure's number.")]}
        ) from None
