"""API of the network: thin views sharing the selectors of the pages."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import ModelSerializer, Serializer

from . import rules, selectors
from .models import Commune, Delegation, Structure, StructureGroup, StructureKind


class CommuneSerializer(ModelSerializer):
    class Meta:
        model = Commune
        fields = ["code", "name", "departement", "postcodes", "population", "latitude", "longitude"]


class PublicStructureSerializer(ModelSerializer):
    commune = serializers.CharField(source="commune.name")
    activities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Structure
        fields = [
            "id",
            "name",
            "kind",
            "is_home_services",
            "address",
            "commune",
            "latitude",
            "longitude",
            "activities",
            "email",
            "phone",
            "website",
        ]


class StructureSerializer(PublicStructureSerializer):
    """A structure as its staff, its delegation and the federation see it."""

    commune = serializers.CharField(source="commune_id")

    class Meta(PublicStructureSerializer.Meta):
        fields = [
            *PublicStructureSerializer.Meta.fields,
            "siret",
            "delegation",
            "group",
            "member_since",
            "membership_status",
        ]


class DirectoryHitSerializer(Serializer):
    distance_km = serializers.FloatField()
    structure = PublicStructureSerializer()


class CommuneSearchView(generics.ListAPIView):
    """Communes by the beginning of their name or postcode (public)."""

    permission_classes = [AllowAny]
    serializer_class = CommuneSerializer
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("q", str, description="name or postcode prefix")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.commune_search(self.request.query_params.get("q", ""), limit=20)


class DirectorySearchView(APIView):
    """Published structures around a commune, nearest first (public)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "commune", str, description="INSEE code, postcode or name", required=True
            ),
            OpenApiParameter("radius", int, description="km, 1 to 200 (default 30)"),
            OpenApiParameter("kind", str, enum=StructureKind.values),
            OpenApiParameter("activity", str, description="activity code"),
        ],
        responses=DirectoryHitSerializer(many=True),
    )
    def get(self, request):
        from django.core.exceptions import ValidationError

        params = request.query_params
        try:
            center = selectors.commune_resolve(params.get("commune", ""))
        except ValidationError as exc:
            raise APIValidationError({"commune": exc.messages}) from exc
        try:
            radius = int(params.get("radius", 30))
            if not 1 <= radius <= 200:
                raise ValueError
        except ValueError as exc:
            raise APIValidationError(
                {"radius": ["Le rayon est un nombre de km entre 1 et 200."]}
            ) from exc
        hits = selectors.directory_search(
            center=center,
            radius_km=radius,
            kind=params.get("kind", ""),
            activity=params.get("activity", ""),
        )
        return Response(DirectoryHitSerializer(hits, many=True).data)


class StructureListView(generics.ListAPIView):
    """The structures the user may see the private side of."""

    serializer_class = StructureSerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.structure_list(
            actor=self.request.user,
            query=params.get("q", ""),
            kind=params.get("kind", ""),
            region=params.get("region", ""),
            status=params.get("status", ""),
        ).prefetch_related("activities")


class StructureDetailView(generics.RetrieveAPIView):
    serializer_class = StructureSerializer

    def get_object(self):
        return rules.access_structure(self.request.user, self.kwargs["pk"])


class GroupSerializer(ModelSerializer):
    class Meta:
        model = StructureGroup
        fields = ["id", "name", "siren", "description"]


class GroupListView(generics.ListAPIView):
    serializer_class = GroupSerializer
    queryset = StructureGroup.objects.order_by("name")


class DelegationSerializer(ModelSerializer):
    regions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Delegation
        fields = ["id", "name", "regions", "email", "phone"]


class DelegationListView(generics.ListAPIView):
    serializer_class = DelegationSerializer
    queryset = Delegation.objects.prefetch_related("regions").order_by("name")


class MeView(APIView):
    """Who the user is and where they belong."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        user = request.user
        memberships = user.structure_memberships.select_related("structure")
        if not user.is_authenticated:
            raise Http404
        return Response(
            {
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "kind": user.kind,
                "structures": [
                    {"id": m.structure_id, "name": m.structure.name, "role": m.role}
                    for m in memberships
                ],
                "delegations": list(
                    user.delegation_memberships.values_list("delegation_id", flat=True)
                ),
            }
        )
