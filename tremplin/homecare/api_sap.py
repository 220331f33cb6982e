"""API of the service catalogue: read by whoever sees the structure (its staff, its
delegates, federation staff), written by its director through the pages' services."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from tremplin.common.api import ModelSerializer, query_id
from tremplin.common.idempotency import Idempotent
from tremplin.network.models import Activity, Structure

from . import mentions
from .activities import ACTIVITY_CHOICES, InterventionMode, activity
from .models import PricingKind, Service
from .services import sap as services


class ServiceSerializer(ModelSerializer):
    price_incl_vat = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    sub_cap = serializers.SerializerMethodField(help_text="Sub-cap family (D7233-5), or empty.")
    regime = serializers.SerializerMethodField(help_text="agrement, autorisation or declaration.")
    tax_mention_printed = serializers.SerializerMethodField(
        help_text="The mention printed on quotes and invoices (the default one when empty)."
    )
    work_activity = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "structure",
            "name",
            "activity",
            "regime",
            "mode",
            "work_activity",
            "pricing",
            "price_excl_vat",
            "vat_rate",
            "price_incl_vat",
            "extra_fees",
            "extra_fees_label",
            "tax_mention",
            "tax_mention_printed",
            "urssaf_nature_code",
            "sub_cap",
            "is_active",
        ]
        read_only_fields = fields

    def get_sub_cap(self, service) -> str:
        return service.sub_cap

    def get_regime(self, service) -> str:
        return activity(service.activity).regime

    def get_tax_mention_printed(self, service) -> str:
        return mentions.service_tax_mention(service, on=timezone.localdate())


class ServiceInput(ModelSerializer):
    activity = serializers.ChoiceField(choices=ACTIVITY_CHOICES)
    mode = serializers.ChoiceField(choices=InterventionMode.choices)
    pricing = serializers.ChoiceField(choices=PricingKind.choices, required=False)
    work_activity = serializers.SlugRelatedField(slug_field="code", queryset=Activity.objects.all())

    class Meta:
        model = Service
        fields = [
            "name",
            "activity",
            "mode",
            "work_activity",
            "pricing",
            "price_excl_vat",
            "vat_rate",
            "extra_fees",
            "extra_fees_label",
            "tax_mention",
            "urssaf_nature_code",
            "is_active",
        ]
        validators = []


class ServiceCreateInput(ServiceInput):
    structure = serializers.PrimaryKeyRelatedField(queryset=Structure.objects.none())

    class Meta(ServiceInput.Meta):
        fields = ["structure", *ServiceInput.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # none when the schema is drawn
        if request is not None:
            self.fields["structure"].queryset = Structure.objects.for_user(request.user)


class ServiceListCreate(Idempotent, generics.ListAPIView):
    """The catalogue of the structures the user sees (`?structure=` narrows it); POST adds
    a service (the structure's director)."""

    serializer_class = ServiceSerializer

    def get_queryset(self):
        services_ = (
            Service.objects.for_user(self.request.user)
            .select_related("work_activity")
            .order_by("structure_id", "name")
        )
        structure_id = query_id(self.request, "structure")
        if structure_id is not None:
            services_ = services_.filter(structure_id=structure_id)
        return services_

    @extend_schema(request=ServiceCreateInput, responses={201: ServiceSerializer})
    def post(self, request):
        data = ServiceCreateInput(data=request.data, context={"request": request})
        try:
            data.is_valid(raise_exception=True)
        except serializers.ValidationError:
            # Another structure's id is a 404, as everywhere (not a hint that it exists).
            if "structure" in data.errors and request.data.get("structure"):
                raise Http404 from None
            raise
        values = dict(data.validated_data)
        structure = values.pop("structure")
        service = services.service_create(actor=request.user, structure=structure, **values)
        return Response(ServiceSerializer(service).data, status=status.HTTP_201_CREATED)


class ServiceDetail(Idempotent, generics.GenericAPIView):
    """One service of a catalogue; PATCH changes it (the structure's director)."""

    serializer_class = ServiceSerializer

    def _service(self, pk):
        try:
            return (
                Service.objects.for_user(self.request.user)
                .select_related("structure", "work_activity")
                .get(pk=pk)
            )
        except (Service.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc

    def get(self, request, pk):
        return Response(ServiceSerializer(self._service(pk)).data)

    @extend_schema(request=ServiceInput, responses=ServiceSerializer)
    def patch(self, request, pk):
        service = self._service(pk)
        data = ServiceInput(instance=service, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        updated = services.service_update(
            actor=request.user, service=service, **data.validated_data
        )
        return Response(ServiceSerializer(updated).data)
