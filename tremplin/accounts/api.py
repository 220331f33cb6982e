"""API of a director's team: the same selectors and membership services as the team page
(`team_views`), so the same rules (the director only, the last director kept, the kinds of
accounts) and the same log of changes (TeamChange)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.common.api import ModelSerializer, Serializer
from tremplin.common.idempotency import Idempotent

from . import selectors, services
from .models import STAFF_ROLES, StructureMembership, StructureRole, TeamChange, TeamChangeAction
from .tenancy import scope_of

# The roles a team member holds (the page's choices), code and label: an enumeration of the
# schema (TeamRoleEnum).
TEAM_ROLE_CHOICES = [(code, label) for code, label in StructureRole.choices if code in STAFF_ROLES]


class TeamMemberSerializer(ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    role = serializers.ChoiceField(choices=TEAM_ROLE_CHOICES, read_only=True)
    invitation_pending = serializers.SerializerMethodField(
        help_text="Invited, no password chosen yet (the invitation may be sent again)."
    )

    class Meta:
        model = StructureMembership
        fields = [
            "id",
            "structure",
            "email",
            "first_name",
            "last_name",
            "role",
            "is_active",
            "invitation_pending",
            "payroll_nir",
        ]
        read_only_fields = ["structure", "is_active", "payroll_nir"]

    def get_invitation_pending(self, membership) -> bool:
        return not membership.user.has_usable_password()


class TeamChangeSerializer(ModelSerializer):
    action = serializers.ChoiceField(choices=TeamChangeAction.choices, read_only=True)
    actor = serializers.EmailField(source="actor.email", read_only=True, allow_null=True)
    member = serializers.EmailField(source="member.email", read_only=True)

    class Meta:
        model = TeamChange
        fields = ["id", "at", "actor", "member", "action", "before", "after"]


class InviteInput(Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=TEAM_ROLE_CHOICES)
    first_name = serializers.CharField(max_length=150, required=False, default="")
    last_name = serializers.CharField(max_length=150, required=False, default="")


class RoleInput(Serializer):
    role = serializers.ChoiceField(choices=TEAM_ROLE_CHOICES)


class PayrollNirInput(Serializer):
    allowed = serializers.BooleanField(
        help_text="Whether the accountant's payroll file carries the NIRs."
    )


class Empty(Serializer):
    pass


def _directed_structure(request, pk: int):
    """A structure the user works in (any other: a French 404), which they direct (else a
    French 403), read through their own membership as the team page does."""
    if pk not in scope_of(request.user).staff_structure_ids:
        raise Http404
    membership = (
        StructureMembership.objects.filter(user=request.user, structure_id=pk)
        .select_related("structure")
        .first()
    )
    if membership is None or membership.role != StructureRole.DIRECTOR:
        raise PermissionDenied
    return membership.structure


def _member(request, pk: int) -> StructureMembership:
    """A membership of a structure the user works in (404 for any other); the service then
    refuses anybody but its director (403) — as the team page's `_team_member`."""
    return get_object_or_404(
        StructureMembership.all_objects.filter(
            structure_id__in=scope_of(request.user).staff_structure_ids
        ).select_related("user"),
        pk=pk,
    )


class TeamListInvite(Idempotent, APIView):
    """A structure's team for its director: every staff membership, deactivated ones last;
    POST invites someone by e-mail with a role (the account is created without a password,
    the invitation e-mail sent after commit)."""

    @extend_schema(responses=TeamMemberSerializer(many=True))
    def get(self, request, pk):
        structure = _directed_structure(request, pk)
        rows = selectors.team_memberships(structure_id=structure.pk)
        return Response(TeamMemberSerializer(rows, many=True).data)

    @extend_schema(request=InviteInput, responses={201: TeamMemberSerializer})
    def post(self, request, pk):
        structure = _directed_structure(request, pk)
        data = InviteInput(data=request.data)
        data.is_valid(raise_exception=True)
        invited = services.membership_invite(
            actor=request.user, structure=structure, **data.validated_data
        )
        return Response(TeamMemberSerializer(invited).data, status=status.HTTP_201_CREATED)


class TeamChanges(APIView):
    """The latest changes of a structure's team (who changed what, before → after), newest
    first: for its director."""

    @extend_schema(responses=TeamChangeSerializer(many=True))
    def get(self, request, pk):
        structure = _directed_structure(request, pk)
        rows = selectors.team_changes(structure_id=structure.pk)
        return Response(TeamChangeSerializer(rows, many=True).data)


def _member_action(name: str, doc: str, run, input_serializer=Empty):
    def post(self, request, pk):
        membership = _member(request, pk)
        data = input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = run(request.user, membership, **data.validated_data)
        return Response(TeamMemberSerializer(result).data)

    post = extend_schema(
        request=input_serializer, responses={200: TeamMemberSerializer}, description=doc
    )(post)
    return type(name, (Idempotent, APIView), {"post": post, "__doc__": doc})


def _resend(actor, membership):
    services.membership_invitation_resend(actor=actor, membership=membership)
    membership.refresh_from_db()
    return membership


MemberRole = _member_action(
    "MemberRole",
    "Change a member's role (the structure keeps a director: the last one is not demoted).",
    lambda actor, m, role: services.membership_change_role(actor=actor, membership=m, role=role),
    input_serializer=RoleInput,
)
MemberDeactivate = _member_action(
    "MemberDeactivate",
    "Deactivate a membership: the member loses access to the structure (an account left "
    "with no active membership is closed).",
    lambda actor, m: services.membership_deactivate(actor=actor, membership=m),
)
MemberReactivate = _member_action(
    "MemberReactivate",
    "Reactivate a membership (and its account when it was closed).",
    lambda actor, m: services.membership_reactivate(actor=actor, membership=m),
)
MemberInvitationResend = _member_action(
    "MemberInvitationResend",
    "Send the invitation again to a member who has not chosen a password yet (a new link).",
    _resend,
)
MemberPayrollNir = _member_action(
    "MemberPayrollNir",
    "Let an accountant's payroll file carry the NIRs (allowed: true), or take it back.",
    lambda actor, m, allowed: services.membership_payroll_nir_set(
        actor=actor, membership=m, allowed=allowed
    ),
    input_serializer=PayrollNirInput,
)
