"""Writes of accounts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.common import jobs

from .models import (
    ROLES_BY_KIND,
    STAFF_ROLES,
    DelegationMembership,
    StructureMembership,
    StructureRole,
    TeamChange,
    TeamChangeAction,
    User,
    UserKind,
)
from .tenancy import forget_scope, scope_of


@transaction.atomic
def user_create(
    *, email: str, kind: str, first_name: str = "", last_name: str = "", password: str | None = None
) -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": _("An account already uses this email address.")})
    user = User(
        email=email,
        kind=kind,
        first_name=first_name,
        last_name=last_name,
        # Only federation staff reach the Django admin.
        is_staff=kind == UserKind.FEDERATION,
    )
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def structure_membership_check(*, kind: str, role: str) -> None:
    """The role rule of memberships, shared by this service and the admin's forms."""
    if role not in ROLES_BY_KIND.get(kind, frozenset()):
        raise ValidationError(
            {"role": _("This kind of user cannot hold this role in a structure.")}
        )


def delegation_membership_check(*, kind: str) -> None:
    if kind != UserKind.DELEGATE:
        raise ValidationError(_("Only regional delegates belong to a delegation."))


@transaction.atomic
def structure_membership_add(*, user: User, structure, role: str) -> StructureMembership:
    structure_membership_check(kind=user.kind, role=role)
    membership, _created = StructureMembership.all_objects.update_or_create(
        user=user, structure=structure, defaults={"role": role, "is_active": True}
    )
    forget_scope(user)
    return membership


@transaction.atomic
def delegation_membership_add(*, user: User, delegation) -> DelegationMembership:
    delegation_membership_check(kind=user.kind)
    membership, _created = DelegationMembership.objects.get_or_create(
        user=user, delegation=delegation
    )
    forget_scope(user)
    return membership


@transaction.atomic
def membership_payroll_nir_set(
    *, actor: User, membership: StructureMembership, allowed: bool
) -> StructureMembership:
    """A director lets an accountant's payroll file carry the NIRs, or takes it back: the
    most sensitive change of a team, logged like the others (the row locked)."""
    if scope_of(actor).role_in(membership.structure_id) != StructureRole.DIRECTOR:
        raise PermissionDenied
    membership = _team_membership(membership)
    if membership.role != StructureRole.ACCOUNTANT:
        raise ValidationError(_("Only an accountant's payroll file can be given the NIRs."))
    if not membership.is_active:
        raise ValidationError(_("This member is deactivated: reactivate them first."))
    if membership.payroll_nir == allowed:
        return membership
    membership.payroll_nir = allowed
    membership.save(update_fields=["payroll_nir", "updated_at"])
    _log(
        actor=actor,
        membership=membership,
        action=TeamChangeAction.PAYROLL_NIR,
        before="no_nir" if allowed else "nir",
        after="nir" if allowed else "no_nir",
    )
    return membership


@transaction.atomic
def user_anonymise(*, user: User) -> User:
    """An employee's account once their file is anonymised: closed, name and e-mail gone,
    its memberships removed."""
    user.first_name, user.last_name = "", ""
    user.email = f"anonyme-{user.pk}@invalid.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["first_name", "last_name", "email", "is_active", "password"])
    StructureMembership.all_objects.filter(user=user).delete()
    forget_scope(user)
    return user


# --- A director's team -------------------------------------------------------------------
# Every change is made by a director of the membership's structure, to a staff membership,
# and written to TeamChange in the same transaction. A structure always keeps one active
# director: the last one can be neither demoted nor deactivated.

ACTIVE, INACTIVE = "active", "inactive"


def _require_director(actor: User, structure_id: int) -> None:
    if scope_of(actor).role_in(structure_id) != StructureRole.DIRECTOR:
        raise PermissionDenied


def _team_role_check(role: str) -> None:
    if role not in STAFF_ROLES:
        raise ValidationError(
            {
                "role": _(
                    "Choose one of the team's roles: director, counsellor, planner or accountant."
                )
            }
        )


def _team_membership(membership: StructureMembership) -> StructureMembership:
    """The membership read again and locked, whatever its state; only the team's."""
    locked = (
        StructureMembership.all_objects.select_for_update()
        .select_related("user")
        .get(pk=membership.pk)
    )
    if locked.role not in STAFF_ROLES:
        raise ValidationError(_("Only the memberships of the team (staff roles) are managed here."))
    return locked


def _keep_a_director(membership: StructureMembership) -> None:
    """Refuse to take away the structure's last active director (the rows locked, so that
    two directors demoting each other at once cannot both succeed)."""
    directors = list(
        StructureMembership.objects.select_for_update()
        .filter(structure_id=membership.structure_id, role=StructureRole.DIRECTOR)
        .values_list("pk", flat=True)
    )
    if not [pk for pk in directors if pk != membership.pk]:
        raise ValidationError(
            _(
                "The structure must keep a director: give the director role to someone else "
                "of the team first."
            )
        )


def _log(*, actor, membership, action, before="", after="") -> TeamChange:
    return TeamChange.objects.create(
        structure_id=membership.structure_id,
        actor=actor,
        member_id=membership.user_id,
        action=action,
        before=before,
        after=after,
    )


@transaction.atomic
def membership_invite(
    *, actor: User, structure, email: str, role: str, first_name: str = "", last_name: str = ""
) -> StructureMembership:
    """Add someone to the team by e-mail: their account is created when there is none
    (without a password), and an e-mail with a link to choose one is sent after commit."""
    from .tasks import team_invitation_task

    _require_director(actor, structure.pk)
    _team_role_check(role)
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(
            email=email, kind=UserKind.STRUCTURE_STAFF, first_name=first_name, last_name=last_name
        )
    else:
        if role not in ROLES_BY_KIND.get(user.kind, frozenset()):
            raise ValidationError(
                {"email": _("This address belongs to an account that cannot join a team.")}
            )
        if not user.is_active:
            raise ValidationError(
                {"email": _("This account is deactivated: reactivate it in the team's list.")}
            )
        existing = StructureMembership.all_objects.filter(user=user, structure=structure).first()
        if existing is not None:
            raise ValidationError(
                {
                    "email": _("This person is already in the team.")
                    if existing.is_active
                    else _("This person's membership is deactivated: reactivate it in the list.")
                }
            )
    membership = StructureMembership.all_objects.create(user=user, structure=structure, role=role)
    change = _log(actor=actor, membership=membership, action=TeamChangeAction.INVITED, after=role)
    jobs.enqueue(team_invitation_task, change.pk)
    forget_scope(user)
    return membership


@transaction.atomic
def membership_invitation_resend(*, actor: User, membership: StructureMembership) -> TeamChange:
    """Send the invitation again to a member who has not accepted it yet (no password chosen):
    a new link, logged like every team change, the e-mail after commit on the queue."""
    from .tasks import team_invitation_task

    _require_director(actor, membership.structure_id)
    membership = _team_membership(membership)
    user = membership.user
    if not membership.is_active or not user.is_active:
        raise ValidationError(_("Reactivate this membership before sending the invitation again."))
    if user.has_usable_password():
        raise ValidationError(
            _("%(name)s has accepted the invitation already: nothing to send again.")
            % {"name": user}
        )
    change = _log(
        actor=actor,
        membership=membership,
        action=TeamChangeAction.INVITATION_RESENT,
        after=membership.role,
    )
    jobs.enqueue(team_invitation_task, change.pk)
    return change


@transaction.atomic
def membership_change_role(
    *, actor: User, membership: StructureMembership, role: str
) -> StructureMembership:
    _require_director(actor, membership.structure_id)
    membership = _team_membership(membership)
    _team_role_check(role)
    if not membership.is_active:
        raise ValidationError(_("Reactivate this membership before changing its role."))
    if role == membership.role:
        return membership
    if membership.role == StructureRole.DIRECTOR:
        _keep_a_director(membership)
    before = membership.role
    membership.role = role
    # The NIRs in the payroll file are an accountant's permission only.
    membership.payroll_nir = membership.payroll_nir and role == StructureRole.ACCOUNTANT
    membership.save(update_fields=["role", "payroll_nir", "updated_at"])
    _log(
        actor=actor,
        membership=membership,
        action=TeamChangeAction.ROLE_CHANGED,
        before=before,
        after=role,
    )
    forget_scope(membership.user)
    return membership


@transaction.atomic
def membership_deactivate(*, actor: User, membership: StructureMembership) -> StructureMembership:
    """The member loses access to the structure; a staff account left without any active
    membership is closed too (it can no longer log in)."""
    _require_director(actor, membership.structure_id)
    membership = _team_membership(membership)
    if not membership.is_active:
        raise ValidationError(_("This membership is already deactivated."))
    if membership.role == StructureRole.DIRECTOR:
        _keep_a_director(membership)
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    _log(
        actor=actor,
        membership=membership,
        action=TeamChangeAction.DEACTIVATED,
        before=ACTIVE,
        after=INACTIVE,
    )
    user = membership.user
    if (
        user.kind == UserKind.STRUCTURE_STAFF
        and user.is_active
        and not StructureMembership.objects.filter(user=user).exists()
    ):
        user.is_active = False
        user.save(update_fields=["is_active", "updated_at"])
    forget_scope(user)
    return membership


@transaction.atomic
def membership_reactivate(*, actor: User, membership: StructureMembership) -> StructureMembership:
    """The membership back in force, and its account reopened when it was closed."""
    _require_director(actor, membership.structure_id)
    membership = _team_membership(membership)
    if membership.is_active:
        raise ValidationError(_("This membership is already active."))
    user = membership.user
    structure_membership_check(kind=user.kind, role=membership.role)
    membership.is_active = True
    membership.save(update_fields=["is_active", "updated_at"])
    _log(
        actor=actor,
        membership=membership,
        action=TeamChangeAction.REACTIVATED,
        before=INACTIVE,
        after=ACTIVE,
    )
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active", "updated_at"])
    forget_scope(user)
    return membership
