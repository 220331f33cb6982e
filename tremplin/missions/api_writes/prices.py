"""API of a structure's price list, as its page: every staff member reads it, the director
and the accountant change it through the page's service (an activity's rate, or none to
take it off; a VAT rate per kind of client with its legal ground)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.accounts.models import STAFF_ROLES
from tremplin.accounts.tenancy import scope_of
from tremplin.common.api import MAX_ID, Serializer
from tremplin.common.idempotency import Idempotent
from tremplin.network.models import Structure

from .. import rules
from ..models import ClientKind, PriceItem, VatRule
from ..services import prices


class RateSerializer(Serializer):
    activity = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    activity_label = serializers.CharField(read_only=True)
    hourly_rate = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=0,
        allow_null=True,
        help_text="Excl. VAT; null takes the activity's price off the list.",
    )
    travel_fee = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=0, required=False, default=0
    )


class VatSerializer(Serializer):
    client_kind = serializers.ChoiceField(choices=ClientKind.choices)
    client_kind_label = serializers.CharField(read_only=True)
    rate = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=100,
        allow_null=True,
        help_text="Per cent; null takes the rule off.",
    )
    legal_reference = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        allow_blank=True,
        help_text="Printed on invoices: the exemption article or the normal rate.",
    )


class PriceListSerializer(Serializer):
    rates = RateSerializer(many=True, required=False, default=list)
    vat = VatSerializer(many=True, required=False, default=list)


def _structure(request, pk: int) -> Structure:
    """A structure the user is staff of (as the page's current structure); any other is a
    French 404."""
    scope = scope_of(request.user)
    structure = get_object_or_404(
        Structure.objects.filter(pk__in=scope.member_structure_ids), pk=pk
    )
    if scope.role_in(structure.pk) not in STAFF_ROLES:
        raise Http404
    return structure


def _price_list(structure: Structure) -> dict:
    activities = {a.pk: a.name for a in structure.activities.all()}
    rates = {p.activity_id: p for p in PriceItem.objects.filter(structure=structure)}
    vat_rules = {v.client_kind: v for v in VatRule.objects.filter(structure=structure)}
    return {
        "rates": [
            {
                "activity": pk,
                "activity_label": name,
                "hourly_rate": rates[pk].hourly_rate if pk in rates else None,
                "travel_fee": rates[pk].travel_fee if pk in rates else 0,
            }
            for pk, name in sorted(activities.items(), key=lambda item: item[1])
        ],
        "vat": [
            {
                "client_kind": kind,
                "client_kind_label": label,
                "rate": vat_rules[kind].rate if kind in vat_rules else None,
                "legal_reference": vat_rules[kind].legal_reference if kind in vat_rules else "",
            }
            for kind, label in ClientKind.choices
        ],
    }


class PriceList(Idempotent, APIView):
    """GET: each activity of the structure with its hourly rate and travel fee (null: no
    price yet), and the VAT per kind of client. POST: change the activities and kinds
    listed, the others are kept (directors and accountants); invoices already issued keep
    their own copies of the figures."""

    @extend_schema(responses=PriceListSerializer)
    def get(self, request, pk):
        return Response(PriceListSerializer(_price_list(_structure(request, pk))).data)

    @extend_schema(request=PriceListSerializer, responses=PriceListSerializer)
    def post(self, request, pk):
        structure = _structure(request, pk)
        rules.require(rules.can_invoice(request.user, structure.pk))  # a reader: 403 first
        data = PriceListSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activities = set(structure.activities.values_list("pk", flat=True))
        unknown = sorted({r["activity"] for r in data.validated_data["rates"]} - activities)
        if unknown:
            raise serializers.ValidationError(
                {
                    "rates": [
                        _(
                            "Activities %(ids)s are not the structure's: add them to its activities first."
                        )
                        % {"ids": ", ".join(map(str, unknown))}
                    ]
                }
            )
        prices.price_list_save(
            actor=request.user,
            structure=structure,
            rates={
                r["activity"]: (r["hourly_rate"], r["travel_fee"])
                for r in data.validated_data["rates"]
            },
            vat={
                v["client_kind"]: (v["rate"], v["legal_reference"].strip())
                for v in data.validated_data["vat"]
            },
        )
        return Response(PriceListSerializer(_price_list(structure)).data)
