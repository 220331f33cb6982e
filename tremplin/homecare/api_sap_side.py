"""API of the SAP declaration, its activities and the brand's licences: the pages'
services called by keyword (the director keeps the declaration, the federation grants
licences); whoever sees the structure reads them."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import ModelSerializer, PlausibleDateField, Serializer
from tremplin.common.idempotency import Idempotent
from tremplin.network.models import Departement, Structure
from tremplin.network.rules import access_structure

from . import rules_sap
from .activities import ACTIVITY_CHOICES, InterventionMode
from .models import BrandLicence, DeclaredActivity, LicenceStatus, SapDeclaration
from .services import sap as services


class DeclaredActivitySerializer(ModelSerializer):
    class Meta:
        model = DeclaredActivity
        fields = ["id", "activity", "mode", "regime"]

    regime = serializers.CharField(read_only=True)


class DeclarationSerializer(ModelSerializer):
    activities = DeclaredActivitySerializer(many=True, read_only=True)

    class Meta:
        model = SapDeclaration
        fields = [
            "id",
            "structure",
            "number",
            "declared_on",
            "agrement_number",
            "agrement_on",
            "agrement_until",
            "autorisation_number",
            "autorisation_on",
            "activities",
        ]
        read_only_fields = fields


class DeclarationInput(Serializer):
    number = serializers.CharField(max_length=20)
    declared_on = PlausibleDateField()
    agrement_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    agrement_on = PlausibleDateField(required=False, allow_null=True)
    agrement_until = PlausibleDateField(required=False, allow_null=True)
    autorisation_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    autorisation_on = PlausibleDateField(required=False, allow_null=True)


class DeclaredActivityInput(Serializer):
    activity = serializers.ChoiceField(choices=ACTIVITY_CHOICES)
    mode = serializers.ChoiceField(choices=InterventionMode.choices)


def _declaration(structure):
    declaration = SapDeclaration.objects.filter(structure=structure).first()
    if declaration is None:
        raise Http404
    return declaration


class DeclarationDetail(Idempotent, APIView):
    """A structure's SAP declaration with its activities; PUT records or replaces it (its
    director)."""

    @extend_schema(responses=DeclarationSerializer)
    def get(self, request, pk):
        return Response(
            DeclarationSerializer(_declaration(access_structure(request.user, pk))).data
        )

    @extend_schema(request=DeclarationInput, responses=DeclarationSerializer)
    def put(self, request, pk):
        structure = access_structure(request.user, pk)
        data = DeclarationInput(data=request.data)
        data.is_valid(raise_exception=True)
        declaration = services.sap_declaration_save(
            actor=request.user, structure=structure, **data.validated_data
        )
        return Response(DeclarationSerializer(declaration).data)


class DeclaredActivityCreate(Idempotent, APIView):
    """Declare an activity in a mode (the structure's director)."""

    @extend_schema(request=DeclaredActivityInput, responses={201: DeclaredActivitySerializer})
    def post(self, request, pk):
        structure = access_structure(request.user, pk)
        data = DeclaredActivityInput(data=request.data)
        data.is_valid(raise_exception=True)
        declared = services.declared_activity_add(
            actor=request.user,
            structure=structure,
            activity_code=data.validated_data["activity"],
            mode=data.validated_data["mode"],
        )
        return Response(DeclaredActivitySerializer(declared).data, status=status.HTTP_201_CREATED)


class DeclaredActivityDetail(Idempotent, APIView):
    """DELETE withdraws an activity from the declaration (the structure's director)."""

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        try:
            declared = DeclaredActivity.objects.select_related("declaration").get(
                pk=pk,
                declaration__structure__in=Structure.objects.for_user(request.user),
            )
        except DeclaredActivity.DoesNotExist as exc:
            raise Http404 from exc
        services.declared_activity_remove(actor=request.user, declared=declared)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LicenceSerializer(ModelSerializer):
    territory = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = BrandLicence
        fields = [
            "id",
            "structure",
            "started_on",
            "ends_on",
            "status",
            "charter_version",
            "charter_signed_on",
            "territory",
        ]
        read_only_fields = fields


class LicenceInput(Serializer):
    started_on = PlausibleDateField()
    ends_on = PlausibleDateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=LicenceStatus.choices)
    charter_version = serializers.CharField(max_length=20)
    charter_signed_on = PlausibleDateField()
    territory = serializers.SlugRelatedField(
        slug_field="code", queryset=Departement.objects.all(), many=True, required=False
    )


class LicenceCreateInput(LicenceInput):
    structure = serializers.PrimaryKeyRelatedField(queryset=Structure.objects.all())


def _require_brand(request) -> None:
    if not rules_sap.can_manage_brand(request.user):
        raise Http404


class LicenceListCreate(Idempotent, generics.ListAPIView):
    """The brand's licences the user sees (federation all, a delegate its delegation's,
    a structure's staff their own); POST grants one (federation)."""

    serializer_class = LicenceSerializer

    def get_queryset(self):
        return (
            BrandLicence.objects.for_user(self.request.user)
            .prefetch_related("territory")
            .order_by("structure_id", "-started_on")
        )

    @extend_schema(request=LicenceCreateInput, responses={201: LicenceSerializer})
    def post(self, request):
        _require_brand(request)
        data = LicenceCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        licence = services.brand_licence_save(
            actor=request.user, structure=values.pop("structure"), **values
        )
        return Response(LicenceSerializer(licence).data, status=status.HTTP_201_CREATED)


class LicenceDetail(Idempotent, APIView):
    """One licence; PUT changes it (federation)."""

    def _licence(self, request, pk):
        try:
            return (
                BrandLicence.objects.for_user(request.user).select_related("structure").get(pk=pk)
            )
        except BrandLicence.DoesNotExist as exc:
            raise Http404 from exc

    @extend_schema(responses=LicenceSerializer)
    def get(self, request, pk):
        return Response(LicenceSerializer(self._licence(request, pk)).data)

    @extend_schema(request=LicenceInput, responses=LicenceSerializer)
    def put(self, request, pk):
        licence = self._licence(request, pk)
        _require_brand(request)
        data = LicenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("territory", None)
        updated = services.brand_licence_save(
            actor=request.user, structure=licence.structure, licence=licence, **values
        )
        return Response(LicenceSerializer(updated).data)
