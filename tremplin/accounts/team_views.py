"""A director's team: the memberships of their structure, invitations, roles,
deactivation, and the history of these changes. Every write goes through the membership
services, which check the director and the role rules again."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.common.forms import add_service_error

from . import selectors, services
from .forms import FrenchSetPasswordForm, TeamInviteForm, TeamRoleForm
from .invitations import invitation_token_generator
from .models import StructureMembership, StructureRole
from .selectors import current_membership
from .tenancy import scope_of


def _director_membership(request) -> StructureMembership:
    """The director's membership the page is about: the structure they work in now."""
    membership = current_membership(request)
    if membership is None or membership.role != StructureRole.DIRECTOR:
        raise PermissionDenied
    return membership


def _render_team(request, membership, form, status=200):
    structure_id = membership.structure_id
    return render(
        request,
        "accounts/team.html",
        {
            "structure": membership.structure,
            "me": membership,
            "members": selectors.team_memberships(structure_id=structure_id),
            "changes": selectors.team_changes(structure_id=structure_id),
            "form": form,
            "role_choices": TeamRoleForm.base_fields["role"].choices,
        },
        status=status,
    )


@login_required
def team(request):
    membership = _director_membership(request)
    return _render_team(request, membership, TeamInviteForm())


@login_required
@require_POST
def team_invite(request):
    membership = _director_membership(request)
    form = TeamInviteForm(request.POST)
    if form.is_valid():
        try:
            invited = services.membership_invite(
                actor=request.user, structure=membership.structure, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(email)s is invited: an e-mail is on its way.") % {"email": invited.user.email},
            )
            return redirect("accounts:team")
    return _render_team(request, membership, form)


def _team_member(request, pk) -> StructureMembership:
    """A membership of a structure the user works in (404 for any other); the service
    then refuses anybody but its director (403)."""
    membership = (
        StructureMembership.all_objects.filter(
            pk=pk, structure_id__in=scope_of(request.user).staff_structure_ids
        )
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def _act(request, pk, action, done_message):
    membership = _team_member(request, pk)
    try:
        action(membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done_message % {"name": membership.user})
    return redirect("accounts:team")


@login_required
@require_POST
def membership_role(request, pk):
    form = TeamRoleForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else request.POST.get("role", "")
    return _act(
        request,
        pk,
        lambda m: services.membership_change_role(actor=request.user, membership=m, role=role),
        _("The role of %(name)s is changed."),
    )


@login_required
@require_POST
def membership_deactivate(request, pk):
    return _act(
        request,
        pk,
        lambda m: services.membership_deactivate(actor=request.user, membership=m),
        _("%(name)s is deactivated."),
    )


@login_required
@require_POST
def membership_reactivate(request, pk):
    return _act(
        request,
        pk,
        lambda m: services.membership_reactivate(actor=request.user, membership=m),
        _("%(name)s is reactivated."),
    )


@login_required
@require_POST
def membership_invitation_resend(request, pk):
    return _act(
        request,
        pk,
        lambda m: services.membership_invitation_resend(actor=request.user, membership=m),
        _("The invitation is sent again to %(name)s."),
    )


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invitation's link: the invitee chooses their password (once)."""

    form_class = FrenchSetPasswordForm
    token_generator = invitation_token_generator
    template_name = "accounts/invitation_accept.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
