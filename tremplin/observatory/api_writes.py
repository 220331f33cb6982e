"""The observatory's write through the API: the federation publishing a year, through the
same service as the network page's « Publier » button."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import ModelSerializer, Serializer
from tremplin.common.idempotency import Idempotent

from . import rules, services
from .models import Publication


class PublicationSerializer(ModelSerializer):
    class Meta:
        model = Publication
        fields = ["year", "published_on"]


class PublicationInput(Serializer):
    year = serializers.IntegerField(
        min_value=1900, max_value=2100, help_text="A year the network has figures for."
    )


class PublicationCreate(Idempotent, APIView):
    """Publish a year of the network's figures (federation staff): the public page and
    `observatoire/publie/` show it from then on. Publishing it again records the new day."""

    @extend_schema(request=PublicationInput, responses={201: PublicationSerializer})
    def post(self, request):
        rules.require(rules.can_publish(request.user))
        data = PublicationInput(data=request.data)
        data.is_valid(raise_exception=True)
        publication = services.publication_create(actor=request.user, **data.validated_data)
        return Response(PublicationSerializer(publication).data, status=status.HTTP_201_CREATED)
