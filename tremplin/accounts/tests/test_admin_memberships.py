"""Memberships changed in the Django admin follow the services' role rules.

Observed on main: a superuser gave a federation user a director membership in the admin,
after which that user read the structure's people."""

import html

import pytest
from django.urls import reverse

from tremplin.accounts import services
from tremplin.accounts.models import StructureMembership, UserKind
from tremplin.accounts.tenancy import scope_of

pytestmark = pytest.mark.django_db
REFUSED = "Ce type d'utilisateur ne peut pas occuper ce rôle dans une structure."


@pytest.fixture
def superuser(federation_user):
    federation_user.is_superuser = True
    federation_user.save()
    return federation_user


def change(client, user, *, kind, memberships=(), delegations=()):
    """Post the admin's change form of `user` as a browser would."""
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "kind": kind,
        "is_active": "on",
        "api_tokens-TOTAL_FORMS": "0",
        "api_tokens-INITIAL_FORMS": "0",
    }
    existing = list(user.structure_memberships.all())
    rows = [(m.pk, m.structure_id, m.role) for m in existing] + [
        (None, s.pk, role) for s, role in memberships
    ]
    data.update(
        {
            "structure_memberships-TOTAL_FORMS": str(len(rows)),
            "structure_memberships-INITIAL_FORMS": str(len(existing)),
        }
    )
    for index, (pk, structure_id, role) in enumerate(rows):
        prefix = f"structure_memberships-{index}"
        data.update(
            {
                f"{prefix}-id": pk or "",
                f"{prefix}-user": user.pk,
                f"{prefix}-structure": structure_id,
                f"{prefix}-role": role,
            }
        )
    data.update(
        {
            "delegation_memberships-TOTAL_FORMS": str(len(delegations)),
            "delegation_memberships-INITIAL_FORMS": "0",
        }
    )
    for index, delegation in enumerate(delegations):
        data[f"delegation_memberships-{index}-delegation"] = delegation.pk
        data[f"delegation_memberships-{index}-user"] = user.pk
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)


def test_a_federation_user_cannot_be_made_director_in_the_admin(client, superuser, structure):
    target = services.user_create(email="fede2@tremplin.test", kind=UserKind.FEDERATION)
    client.force_login(superuser)
    response = change(
        client, target, kind=UserKind.FEDERATION, memberships=[(structure, "director")]
    )
    assert response.status_code == 200
    assert REFUSED in html.unescape(response.content.decode())
    assert not StructureMembership.objects.filter(user=target).exists()
    # And so the structure's people stay out of the federation user's reach.
    target.refresh_from_db()
    assert structure.pk not in scope_of(target).staff_structure_ids


def test_changing_the_kind_cannot_keep_a_role_it_forbids(client, superuser, director, structure):
    client.force_login(superuser)
    response = change(client, director, kind=UserKind.FEDERATION)
    assert response.status_code == 200
    assert REFUSED in html.unescape(response.content.decode())
    director.refresh_from_db()
    assert director.kind == UserKind.STRUCTURE_STAFF  # nothing half-saved


def test_only_delegates_join_a_delegation(client, superuser, employee, structure):
    client.force_login(superuser)
    response = change(client, employee, kind=UserKind.EMPLOYEE, delegations=[structure.delegation])
    assert response.status_code == 200
    assert "Seuls les délégués régionaux" in html.unescape(response.content.decode())
    assert not employee.delegation_memberships.exists()


def test_a_role_the_rules_allow_is_saved(client, superuser, structure):
    target = services.user_create(email="cip2@tremplin.test", kind=UserKind.STRUCTURE_STAFF)
    client.force_login(superuser)
    response = change(
        client, target, kind=UserKind.STRUCTURE_STAFF, memberships=[(structure, "director")]
    )
    assert response.status_code == 302
    assert StructureMembership.objects.get(user=target).role == "director"
