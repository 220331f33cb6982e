"""Writes of accounts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    ROLES_BY_KIND,
    DelegationMembership,
    StructureMembership,
    StructureRole,
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
    membership, _created = StructureMembership.objects.update_or_create(
        user=user, structure=structure, defaults={"role": role}
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
    """A director lets an accountant's payroll file carry the NIRs, or takes it back."""
    if scope_of(actor).role_in(membership.structure_id) != StructureRole.DIRECTOR:
        raise PermissionDenied
    if membership.role != StructureRole.ACCOUNTANT:
        raise ValidationError(_("Only an accountant's payroll file can be given the NIRs."))
    membership.payroll_nir = allowed
    membership.save(update_fields=["payroll_nir", "updated_at"])
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
    StructureMembership.objects.filter(user=user).delete()
    forget_scope(user)
    return user
