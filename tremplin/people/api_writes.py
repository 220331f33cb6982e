"""API of the actions the people pages offer on an existing row: a person's update, a PASS
IAE's and a contract's detail, a contract's renewal and early end, a barrier's new status,
a commitment's review, an exit's reason. The same services as the pages, called by keyword;
their French errors come back as 400 keyed by field, a role that may not write as 403."""

from __future__ import annotations

import datetime

from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.accounts.models import StructureRole, User
from tremplin.accounts.privacy import policy_for
from tremplin.common.api import ModelSerializer, PlausibleDateField, Serializer
from tremplin.common.api_actions import object_action

from . import api, api_choices, rules
from .asp_codes import education_level_choices
from .models import (
    Approval,
    Barrier,
    CommitmentContract,
    Contract,
    EarlyEndReason,
    Exit,
    Person,
)
from .models.person import PERSON_FIELDS
from .services import accompaniment, approvals, contracts, exits, persons

# --- A person's update ---------------------------------------------------------------------


class PersonUpdate(ModelSerializer):
    """The fields of a person's file (PATCH: those sent only). The fields the editor may not
    see (accounts.privacy) are refused, as the page does not offer them."""

    serializer_field_mapping = {
        **ModelSerializer.serializer_field_mapping,
        models.DateField: PlausibleDateField,
    }
    nir = serializers.CharField(max_length=21, required=False, allow_blank=True, allow_null=True)
    education_level = serializers.ChoiceField(
        choices=education_level_choices(), required=False, allow_blank=True
    )
    rqth = serializers.BooleanField(required=False, allow_null=True)
    refugee = serializers.BooleanField(required=False, allow_null=True)
    leaving_detention = serializers.BooleanField(required=False, allow_null=True)

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)

    def get_fields(self):
        fields = super().get_fields()
        person = self.context.get("person")
        fields["conseiller"].queryset = (
            User.objects.filter(
                structure_memberships__structure_id=person.structure_id,
                structure_memberships__role__in=[
                    StructureRole.CONSEILLER,
                    StructureRole.DIRECTOR,
                ],
            ).distinct()
            if person is not None
            else User.objects.none()
        )
        return fields

    def validate(self, attrs):
        person = self.context.get("person")
        if person is not None:
            policy = policy_for(self.context["request"].user, person.structure_id)
            hidden = sorted(name for name in attrs if not policy.shows(Person, name))
            if hidden:
                raise serializers.ValidationError(
                    {name: [_("You may not change this field.")] for name in hidden}
                )
        return attrs


class PersonDetail(api.PersonDetail):
    """One person's file (the opening is logged like on the page); PATCH changes it."""

    @extend_schema(request=PersonUpdate, responses=api.PersonSerializer)
    def patch(self, request, pk):
        person = rules.access_person(request.user, pk, log="api")
        data = PersonUpdate(
            data=request.data, partial=True, context={"request": request, "person": person}
        )
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "nir" in values and values["nir"] is None:
            values["nir"] = ""
        updated = persons.person_update(actor=request.user, person=person, **values)
        return Response(api.PersonSerializer(updated, context={"request": request}).data)


# --- Details -------------------------------------------------------------------------------


class ApprovalDetailSerializer(api.ApprovalSerializer):
    state = serializers.SerializerMethodField()

    class Meta(api.ApprovalSerializer.Meta):
        fields = [*api.ApprovalSerializer.Meta.fields, "state"]

    @extend_schema_field(serializers.ChoiceField(choices=api_choices.APPROVAL_STATE_CHOICES))
    def get_state(self, approval) -> str:
        return approvals.approval_state(approval, datetime.date.today())

    def to_representation(self, instance):
        # The state follows from the dates: shown to whoever sees them (accounts.privacy).
        data = super().to_representation(instance)
        if "end_date" in data:
            data["state"] = self.get_state(instance)
        return data


class _Detail(APIView):
    model = serializer = None
    related = ()

    def get(self, request, pk):
        rows = self.model.objects.for_user(request.user)
        if self.related:  # select_related() with no name would join every relation
            rows = rows.select_related(*self.related)
        row = get_object_or_404(rows, pk=pk)
        return Response(self.serializer(row, context={"request": request}).data)


@extend_schema(responses=ApprovalDetailSerializer)
class ApprovalDetail(_Detail):
    """One PASS IAE, with its state today (valid, suspended, expired, not started)."""

    model, serializer, related = Approval, ApprovalDetailSerializer, ("person",)


@extend_schema(responses=api.ContractSerializer)
class ContractDetail(_Detail):
    """One contract."""

    model, serializer, related = Contract, api.ContractSerializer, ("person",)


# --- Actions on a row ----------------------------------------------------------------------


class RenewalInput(Serializer):
    new_end_date = PlausibleDateField()
    signed_on = PlausibleDateField()


class EarlyEndInput(Serializer):
    end_date = PlausibleDateField(help_text="Last day of the contract.")
    reason = serializers.ChoiceField(choices=EarlyEndReason.choices)


class BarrierStatusInput(Serializer):
    status = serializers.ChoiceField(choices=api_choices.BARRIER_NEXT_STATUS_CHOICES)
    date = PlausibleDateField()
    note = serializers.CharField(max_length=250, required=False, default="")


class ReviewInput(Serializer):
    date = PlausibleDateField()
    notes = serializers.CharField()


class ExitReasonInput(Serializer):
    reason = serializers.ChoiceField(choices=api_choices.EXIT_REASON_CHOICES)

    def validate_reason(self, code):
        return api.exit_reason_row(code)


def _review(actor, commitment, **data):
    accompaniment.commitment_review_add(actor=actor, commitment=commitment, **data)
    return commitment


ContractRenewal = object_action(
    "ContractRenewal",
    model=Contract,
    input_serializer=RenewalInput,
    output_serializer=api.ContractSerializer,
    related=("person",),
    run=lambda actor, row, **d: contracts.contract_renew(actor=actor, contract=row, **d),
    doc="Renew a contract (a new planned end; the legal limits apply).",
)
ContractEarlyEnd = object_action(
    "ContractEarlyEnd",
    model=Contract,
    input_serializer=EarlyEndInput,
    output_serializer=api.ContractSerializer,
    related=("person",),
    run=lambda actor, row, **d: contracts.contract_end_early(actor=actor, contract=row, **d),
    doc="End a contract before its planned end, with the legal reason.",
)
BarrierStatusChange = object_action(
    "BarrierStatusChange",
    model=Barrier,
    input_serializer=BarrierStatusInput,
    output_serializer=api.BarrierSerializer,
    related=("person",),
    run=lambda actor, row, **d: accompaniment.barrier_status_change(actor=actor, barrier=row, **d),
    doc="Move a barrier to its next status (identified → in progress → lifted).",
)
CommitmentReviewAdd = object_action(
    "CommitmentReviewAdd",
    model=CommitmentContract,
    input_serializer=ReviewInput,
    output_serializer=api.CommitmentSerializer,
    related=("person",),
    run=lambda actor, row, **d: _review(actor, row, **d),
    doc="Record a review of a commitment contract; answers the contract.",
)
ExitReasonSet = object_action(
    "ExitReasonSet",
    model=Exit,
    input_serializer=ExitReasonInput,
    output_serializer=api.ExitSerializer,
    related=("person", "reason"),
    run=lambda actor, row, **d: exits.exit_set_reason(actor=actor, exit_=row, **d),
    doc="Give (or correct) the ASP reason of an exit; its category follows.",
)
