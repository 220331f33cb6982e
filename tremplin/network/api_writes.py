"""API of the network pages' actions: a structure's creation and update, its membership and
dues, groups of structures. The same services as the pages (the federation manages; a
director keeps their structure's profile), called by keyword."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import MAX_ID, ModelSerializer, PlausibleDateField, Serializer
from tremplin.common.idempotency import Idempotent

from . import api, rules, services
from .models import Activity, DuesRecord, DuesStatus, MembershipStatus, Structure, StructureGroup
from .services import PROFILE_FIELDS


class StructureInput(ModelSerializer):
    """A structure's fields, as the page's form has them (activities by their code)."""

    serializer_field_mapping = {
        **ModelSerializer.serializer_field_mapping,
        models.DateField: PlausibleDateField,
    }
    activities = serializers.SlugRelatedField(
        slug_field="code", queryset=Activity.objects.all(), many=True, required=False
    )

    class Meta:
        model = Structure
        fields = [
            "name",
            "siret",
            "kind",
            "address",
            "commune",
            "activities",
            "description",
            "email",
            "phone",
            "website",
            "delegation",
            "group",
        ]
        # Uniqueness is the database's (a French 409), checked after the service cleans.
        validators = []
        extra_kwargs = {
            "siret": {"validators": [], "max_length": 17},  # spaces allowed, as typed
            "delegation": {"required": False},
        }

    def validate(self, attrs):
        if not rules.can_manage_network(self.context["request"].user):
            hidden = sorted(name for name in attrs if name not in (*PROFILE_FIELDS, "activities"))
            if hidden:
                raise serializers.ValidationError(
                    {name: [_("You may not change this field.")] for name in hidden}
                )
        return attrs


def _require_manager(request) -> None:
    """The federation's writes: refused (a French 403) before the input is even read."""
    if not rules.can_manage_network(request.user):
        raise PermissionDenied


def _save(request, structure=None, partial=False):
    data = StructureInput(data=request.data, partial=partial, context={"request": request})
    data.is_valid(raise_exception=True)
    values = dict(data.validated_data)
    activities = values.pop("activities", None)
    if structure is None:
        return services.structure_create(actor=request.user, activities=activities, **values)
    return services.structure_update(
        actor=request.user, structure=structure, activities=activities, **values
    )


class StructureListCreate(Idempotent, api.StructureListView):
    """The structures the user may see the private side of; POST creates one (federation)."""

    @extend_schema(request=StructureInput, responses={201: api.StructureSerializer})
    def post(self, request):
        _require_manager(request)
        created = _save(request)
        return Response(api.StructureSerializer(created).data, status=status.HTTP_201_CREATED)


class StructureDetail(Idempotent, api.StructureDetailView):
    """A structure; PATCH changes it (the federation all, its director the profile)."""

    @extend_schema(request=StructureInput, responses=api.StructureSerializer)
    def patch(self, request, pk):
        structure = rules.access_structure(request.user, pk)
        updated = _save(request, structure, partial=True)
        return Response(api.StructureSerializer(updated).data)


class MembershipInput(Serializer):
    membership_status = serializers.ChoiceField(choices=MembershipStatus.choices)
    member_since = PlausibleDateField(required=False, allow_null=True, default=None)


class DuesInput(Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    status = serializers.ChoiceField(choices=DuesStatus.choices)


class DuesSerializer(ModelSerializer):
    class Meta:
        model = DuesRecord
        fields = ["id", "structure", "year", "amount", "status"]


class StructureMembership(Idempotent, APIView):
    """Change a structure's membership (status, member since): the federation."""

    @extend_schema(request=MembershipInput, responses=api.StructureSerializer)
    def post(self, request, pk):
        structure = rules.access_structure(request.user, pk)
        data = MembershipInput(data=request.data)
        data.is_valid(raise_exception=True)
        updated = services.membership_update(
            actor=request.user, structure=structure, **data.validated_data
        )
        return Response(api.StructureSerializer(updated).data)


class StructureDues(Idempotent, APIView):
    """Record (or correct) a structure's dues of a year: the federation."""

    @extend_schema(request=DuesInput, responses=DuesSerializer)
    def post(self, request, pk):
        structure = rules.access_structure(request.user, pk)
        data = DuesInput(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.dues_record_set(
            actor=request.user, structure=structure, **data.validated_data
        )
        return Response(DuesSerializer(record).data)


class GroupInput(Serializer):
    name = serializers.CharField(max_length=200)
    siren = serializers.CharField(max_length=11, required=False, default="", allow_blank=True)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    structures = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=1000,
        help_text="Ids of the member structures (replaces the members).",
    )


def _group_save(request, group=None):
    data = GroupInput(data=request.data)
    data.is_valid(raise_exception=True)
    values = dict(data.validated_data)
    if "structures" in values:
        wanted = set(values["structures"])
        values["structures"] = list(Structure.objects.for_user(request.user).filter(pk__in=wanted))
        if len(values["structures"]) != len(wanted):
            raise serializers.ValidationError(
                {"structures": [_("Unknown structure: give the ids of existing structures.")]}
            )
    return services.group_save(actor=request.user, group=group, **values)


class GroupListCreate(Idempotent, api.GroupListView):
    """Groups of structures (GES); POST creates one (federation)."""

    @extend_schema(request=GroupInput, responses={201: api.GroupSerializer})
    def post(self, request):
        _require_manager(request)
        group = _group_save(request)
        return Response(api.GroupSerializer(group).data, status=status.HTTP_201_CREATED)


class GroupDetail(Idempotent, APIView):
    """A group of structures; PUT replaces its name, SIREN, description and members."""

    @extend_schema(responses=api.GroupSerializer)
    def get(self, request, pk):
        return Response(api.GroupSerializer(get_object_or_404(StructureGroup, pk=pk)).data)

    @extend_schema(request=GroupInput, responses=api.GroupSerializer)
    def put(self, request, pk):
        group = get_object_or_404(StructureGroup, pk=pk)
        _require_manager(request)
        return Response(api.GroupSerializer(_group_save(request, group)).data)
