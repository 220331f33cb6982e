"""API of the recurring interventions: list and plan patterns, read one with its dates,
cancel a date (by the structure's planner, or by the household in time). The same services
as the pages; rows through `for_user` (a French 404 for another structure's)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.accounts.privacy import PolicySerializerMixin
from tremplin.common.api import MAX_ID, ModelSerializer, PlausibleDateField, Serializer
from tremplin.common.api_actions import object_action
from tremplin.common.idempotency import Idempotent
from tremplin.people.models import Person

from .models import (
    CancelledBy,
    Frequency,
    Household,
    Occurrence,
    RecurringPattern,
    Service,
)
from .services import recurring, replacements
from .services import recurring_changes as changes
from .sub_caps import FAMILY_NAMES, sub_cap_overruns


class OccurrenceSerializer(PolicySerializerMixin, ModelSerializer):
    """A date; who comes and when (the assignment's) added where the assignment shows."""

    class Meta:
        model = Occurrence
        fields = [
            "id",
            "pattern",
            "date",
            "status",
            "assignment",
            "holiday_name",
            "is_replacement",
            "cancelled_by",
            "within_notice",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if "assignment" in data:
            a = instance.assignment
            data["person"] = a.person_id if a else None
            data["start_time"] = a.start_time.isoformat("minutes") if a else None
            data["end_time"] = a.end_time.isoformat("minutes") if a else None
        return data


class PatternSerializer(PolicySerializerMixin, ModelSerializer):
    weekdays = serializers.SerializerMethodField()

    class Meta:
        model = RecurringPattern
        fields = [
            "id",
            "household",
            "service",
            "person",
            "request",
            "frequency",
            "weekdays",
            "start_time",
            "end_time",
            "starts_on",
            "ends_on",
            "skip_holidays",
        ]

    def get_weekdays(self, obj) -> list[int]:
        return obj.weekday_list

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if "weekdays" in data:  # the RFC 5545 rule says what the work fields say
            data["rule"] = recurring.rrule_text(instance)
        return data


class PatternDetailSerializer(PatternSerializer):
    """The pattern with each of its dates (each filtered by the policy), and the yearly
    sub-caps of D7233-5 its years pass, as the planning page warns of them."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["occurrences"] = OccurrenceSerializer(
            instance.occurrences.select_related("assignment").order_by("date", "pk"),
            many=True,
            context=self.context,
        ).data
        years = range(instance.starts_on.year, instance.ends_on.year + 1)
        data["sub_cap_warnings"] = [
            {
                "family": overrun.family,
                "family_label": str(FAMILY_NAMES[overrun.family]),
                "year": overrun.year,
                "total": f"{overrun.total:.2f}",
                "cap": f"{overrun.cap:.2f}",
                "message": overrun.message,
            }
            for overrun in sub_cap_overruns(household=instance.household, years=years)
        ]
        return data


class PatternInput(Serializer):
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.none())
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True, default=None
    )
    frequency = serializers.ChoiceField(choices=Frequency.choices, default=Frequency.WEEKLY)
    # 0 = Monday … 6 = Sunday (RFC 5545's BYDAY in Python's order).
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), min_length=1, max_length=7
    )
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    starts_on = PlausibleDateField()
    ends_on = PlausibleDateField()
    skip_holidays = serializers.BooleanField(default=True)


class PatternListCreate(Idempotent, generics.ListAPIView):
    """Recurring interventions of the user's structures; POST plans one, every date booked
    through the missions checks (the answer says how many were planned, skipped, to place)."""

    serializer_class = PatternSerializer

    def get_queryset(self):
        return (
            RecurringPattern.objects.for_user(self.request.user)
            .select_related("structure")
            .order_by("-pk")
        )

    @extend_schema(request=PatternInput, responses={201: PatternDetailSerializer})
    def post(self, request):
        data = PatternInput(data=request.data)
        data.fields["household"].queryset = Household.objects.for_user(request.user).select_related(
            "client__commune"
        )
        data.fields["service"].queryset = Service.objects.for_user(request.user)
        data.fields["person"].queryset = Person.objects.for_user(request.user)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["weekdays"] = [int(day) for day in values["weekdays"]]
        pattern, _done = recurring.recurring_pattern_create(actor=request.user, **values)
        return Response(
            PatternDetailSerializer(pattern, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PatternDetail(APIView):
    """One recurring intervention with each of its dates."""

    @extend_schema(responses=PatternDetailSerializer)
    def get(self, request, pk):
        pattern = get_object_or_404(RecurringPattern.objects.for_user(request.user), pk=pk)
        return Response(PatternDetailSerializer(pattern, context={"request": request}).data)


class CancelInput(Serializer):
    by = serializers.ChoiceField(choices=CancelledBy.choices)


OccurrenceCancel = object_action(
    "OccurrenceCancel",
    model=Occurrence,
    input_serializer=CancelInput,
    output_serializer=OccurrenceSerializer,
    run=lambda actor, row, **d: changes.occurrence_cancel(actor=actor, occurrence=row, **d),
    doc=(
        "Cancel one date: by the household up to the notice before it (a French 400 later), "
        "or by the structure's planner, flagged when within the notice."
    ),
    related=("pattern__structure",),
)


class ExtendInput(Serializer):
    ends_on = PlausibleDateField()


class StopInput(Serializer):
    last_day = PlausibleDateField()


def _extend(actor, pattern, **data):
    recurring.recurring_pattern_extend(actor=actor, pattern=pattern, **data)
    pattern.refresh_from_db()
    return pattern


def _stop(actor, pattern, **data):
    recurring.recurring_pattern_stop(actor=actor, pattern=pattern, **data)
    pattern.refresh_from_db()
    return pattern


PatternExtend = object_action(
    "PatternExtend",
    model=RecurringPattern,
    input_serializer=ExtendInput,
    output_serializer=PatternDetailSerializer,
    run=_extend,
    doc="Carry a recurring intervention on to a later last day; answers it with its dates.",
)
PatternStop = object_action(
    "PatternStop",
    model=RecurringPattern,
    input_serializer=StopInput,
    output_serializer=PatternDetailSerializer,
    run=_stop,
    doc="Stop a recurring intervention after a day: its later dates are cancelled.",
)


class MoveInput(Serializer):
    day = PlausibleDateField()
    start = serializers.TimeField()
    end = serializers.TimeField()
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)


def _person(actor, pk):
    return get_object_or_404(Person.objects.for_user(actor), pk=pk)


def _move(actor, occurrence, person=None, **data):
    person = _person(actor, person) if person else None
    return changes.occurrence_move(actor=actor, occurrence=occurrence, person=person, **data)


OccurrenceMove = object_action(
    "OccurrenceMove",
    model=Occurrence,
    input_serializer=MoveInput,
    output_serializer=OccurrenceSerializer,
    run=_move,
    doc="Move one date (day, times, or who comes) through the missions checks.",
    related=("pattern__structure",),
)


class ReplaceInput(Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)


OccurrenceReplace = object_action(
    "OccurrenceReplace",
    model=Occurrence,
    input_serializer=ReplaceInput,
    output_serializer=OccurrenceSerializer,
    run=lambda actor, row, person: replacements.occurrence_replace(
        actor=actor, occurrence=row, person=_person(actor, person)
    ),
    doc="Give a date, at its usual times, to another intervenant (a replacement).",
    related=("pattern__structure",),
)


class ProposalSerializer(Serializer):
    person = serializers.IntegerField(source="person.pk")
    usual = serializers.BooleanField()
    visits = serializers.IntegerField()
    km = serializers.IntegerField(allow_null=True)


class OccurrenceProposals(APIView):
    """Who could come instead, every check passed, best first (continuity, then km)."""

    @extend_schema(responses=ProposalSerializer(many=True))
    def get(self, request, pk):
        occurrence = get_object_or_404(Occurrence.objects.for_user(request.user), pk=pk)
        proposals = replacements.replacement_proposals(actor=request.user, occurrence=occurrence)
        return Response(ProposalSerializer(proposals, many=True).data)


class AbsenceInput(Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    starts_on = PlausibleDateField()
    ends_on = PlausibleDateField()


class AbsenceOutput(Serializer):
    absence = serializers.IntegerField()
    to_place = serializers.ListField(child=serializers.IntegerField())


class AbsenceCreate(Idempotent, APIView):
    """Record an intervenant's absence; answers the dates it leaves to place."""

    @extend_schema(request=AbsenceInput, responses={201: AbsenceOutput})
    def post(self, request):
        data = AbsenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = _person(request.user, values.pop("person"))
        absence, freed = replacements.absence_record(actor=request.user, person=person, **values)
        return Response(
            {"absence": absence.pk, "to_place": [o.pk for o in freed]},
            status=status.HTTP_201_CREATED,
        )
