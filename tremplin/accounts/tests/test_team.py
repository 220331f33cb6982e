"""A director's team: invitations, roles, deactivation, each change logged; the rules at
their edges (the last director, another structure, the kinds of accounts)."""

import datetime
import html
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts import services
from tremplin.accounts.models import StructureMembership, TeamChange, User, UserKind
from tremplin.accounts.tenancy import scope_of
from tremplin.accounts.testing import PASSWORD
from tremplin.common.testing import assert_query_count

from .conftest import is_logged_in, post_login


def _membership(user, structure):
    return StructureMembership.all_objects.get(user=user, structure=structure)


def _staff(email, structure, role):
    user = services.user_create(email=email, kind=UserKind.STRUCTURE_STAFF, password=PASSWORD)
    return services.structure_membership_add(user=user, structure=structure, role=role)


def _invite(client, **data):
    return client.post(reverse("accounts:team_invite"), {"role": "planner", **data})


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _link(body: str) -> str:
    return re.search(r"https?://\S+|/invitation/\S+", body).group(0)


# --- Invitations -------------------------------------------------------------------------


def test_inviting_a_new_address_creates_the_account_and_sends_one_email(
    world, client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://tremplin.example.org"
    client.force_login(world.user("director"))
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, email="Nouvelle.Recrue@Tremplin.test", first_name="Inès")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:team")
    user = User.objects.get(email="nouvelle.recrue@tremplin.test")
    assert user.kind == UserKind.STRUCTURE_STAFF and not user.has_usable_password()
    assert _membership(user, world.own).role == "planner"
    change = TeamChange.objects.get()
    assert (change.actor, change.member, change.action, change.before, change.after) == (
        world.user("director"),
        user,
        "invited",
        "",
        "planner",
    )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["nouvelle.recrue@tremplin.test"]
    assert "AI du Rhône" in mail.subject and "Chargé de planning" in mail.body
    link = _link(mail.body)
    assert link.startswith("https://tremplin.example.org/invitation/")
    # The job run again (a retry) sends nothing more.
    from tremplin.accounts.tasks import team_invitation_task

    team_invitation_task.call(change.pk)
    assert len(mailoutbox) == 1


def test_the_invitation_link_sets_the_password_once(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.user("director"))
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, email="recrue@tremplin.test")
    client.logout()
    link = _link(mailoutbox[0].body)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url,
        {"new_password1": "Un mot de passe long 42", "new_password2": "Un mot de passe long 42"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="recrue@tremplin.test").check_password("Un mot de passe long 42")
    again = client.get(link, follow=True)
    assert "plus valable" in again.content.decode()


@pytest.mark.parametrize(("days", "valid"), [(6, True), (7, True), (8, False)])
def test_the_invitation_link_lives_seven_days(
    world, mailoutbox, days, valid, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_invite(
            actor=world.user("director"),
            structure=world.own,
            email="tard@tremplin.test",
            role="planner",
        )
    link = _link(mailoutbox[0].body)
    with time_machine.travel(
        timezone.now() + datetime.timedelta(days=days, minutes=-1 if days == 7 else 0)
    ):
        response = client.get(link, follow=True)
    assert response.context["validlink"] is valid


def test_inviting_an_existing_staff_account_tells_it_without_a_link(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = _staff("ailleurs@tremplin.test", world.other, "conseiller")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_invite(
            actor=world.user("director"),
            structure=world.own,
            email="AILLEURS@tremplin.test",
            role="accountant",
        )
    assert _membership(elsewhere.user, world.own).role == "accountant"
    assert len(mailoutbox) == 1 and "/invitation/" not in mailoutbox[0].body
    assert "/connexion/" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("employee@tremplin.test", "planner", "ne peut pas rejoindre une équipe"),
        ("planner@tremplin.test", "accountant", "déjà dans l'équipe"),
        ("x@tremplin.test", "employee", "choix valide"),
        ("pas-une-adresse", "planner", "valide"),
    ],
)
def test_a_refused_invitation_says_why_and_creates_nothing(
    world, client, mailoutbox, django_capture_on_commit_callbacks, email, role, message
):
    client.force_login(world.user("director"))
    users, memberships = User.objects.count(), StructureMembership.all_objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, email=email, role=role)
    assert response.status_code == 200
    assert message in _text(response)
    assert (User.objects.count(), StructureMembership.all_objects.count()) == (users, memberships)
    assert not TeamChange.objects.exists() and not mailoutbox


def test_a_deactivated_member_is_reactivated_not_invited_again(world):
    planner = _membership(world.user("planner"), world.own)
    services.membership_deactivate(actor=world.user("director"), membership=planner)
    with pytest.raises(ValidationError, match="désactivé"):
        services.membership_invite(
            actor=world.user("director"),
            structure=world.own,
            email="planner@tremplin.test",
            role="planner",
        )


def test_only_a_team_role_is_given(world):
    with pytest.raises(ValidationError, match="rôles de l'équipe"):
        services.membership_invite(
            actor=world.user("director"),
            structure=world.own,
            email="x@tremplin.test",
            role="client",
        )
    assert not User.objects.filter(email="x@tremplin.test").exists()


# --- Roles and the last director ----------------------------------------------------------


def test_changing_a_role_is_logged_with_before_and_after(world, client):
    client.force_login(world.user("director"))
    planner = _membership(world.user("planner"), world.own)
    response = client.post(
        reverse("accounts:membership_role", args=[planner.pk]), {"role": "accountant"}
    )
    assert response.status_code == 302
    assert _membership(world.user("planner"), world.own).role == "accountant"
    page = _text(client.get(reverse("accounts:team")))
    assert "Historique de l'équipe" in page
    assert "Chargé de planning → Comptable" in page


def test_the_payroll_permission_goes_with_the_accountant_role(world):
    accountant = _membership(world.user("accountant"), world.own)
    director = world.user("director")
    services.membership_payroll_nir_set(actor=director, membership=accountant, allowed=True)
    changed = services.membership_change_role(actor=director, membership=accountant, role="planner")
    assert changed.payroll_nir is False


def test_giving_the_nirs_is_logged_and_refused_to_a_deactivated_accountant(world, client):
    accountant = _membership(world.user("accountant"), world.own)
    director = world.user("director")
    services.membership_payroll_nir_set(actor=director, membership=accountant, allowed=True)
    services.membership_payroll_nir_set(actor=director, membership=accountant, allowed=True)
    services.membership_payroll_nir_set(actor=director, membership=accountant, allowed=False)
    # Twice the same answer is one change; taking it back is another.
    assert [(c.action, c.before, c.after) for c in TeamChange.objects.order_by("pk")] == [
        ("payroll_nir", "no_nir", "nir"),
        ("payroll_nir", "nir", "no_nir"),
    ]
    client.force_login(director)
    page = _text(client.get(reverse("accounts:team")))
    assert "NIR dans le fichier de paie" in page and "sans les NIR → avec les NIR" in page
    services.membership_deactivate(actor=director, membership=accountant)
    with pytest.raises(ValidationError, match="désactivé"):
        services.membership_payroll_nir_set(actor=director, membership=accountant, allowed=True)
    assert StructureMembership.all_objects.get(pk=accountant.pk).payroll_nir is False


def test_the_last_director_can_be_neither_demoted_nor_deactivated(world):
    director = world.user("director")
    own = _membership(director, world.own)
    with pytest.raises(ValidationError, match="doit garder une direction"):
        services.membership_change_role(actor=director, membership=own, role="planner")
    with pytest.raises(ValidationError, match="doit garder"):
        services.membership_deactivate(actor=director, membership=own)
    assert _membership(director, world.own).role == "director" and own.is_active
    assert not TeamChange.objects.exists()


def test_with_a_second_director_the_first_may_step_down(world):
    director = world.user("director")
    second = _staff("codir@tremplin.test", world.own, "planner")
    services.membership_change_role(actor=director, membership=second, role="director")
    services.membership_change_role(
        actor=director, membership=_membership(director, world.own), role="conseiller"
    )
    assert scope_of(User.objects.get(pk=director.pk)).role_in(world.own.pk) == "conseiller"
    # Now the one director left is the second: they cannot leave in turn.
    with pytest.raises(ValidationError):
        services.membership_deactivate(actor=second.user, membership=second)


def test_the_same_role_again_changes_and_logs_nothing(world):
    planner = _membership(world.user("planner"), world.own)
    services.membership_change_role(
        actor=world.user("director"), membership=planner, role="planner"
    )
    assert not TeamChange.objects.exists()


# --- Deactivation ------------------------------------------------------------------------


def test_deactivating_closes_the_access_and_the_account_then_reactivating_reopens(world, client):
    director, planner_user = world.user("director"), world.user("planner")
    planner = _membership(planner_user, world.own)
    services.membership_deactivate(actor=director, membership=planner)
    planner_user.refresh_from_db()
    assert not planner_user.is_active
    assert world.own.pk not in scope_of(User.objects.get(pk=planner_user.pk)).staff_structure_ids
    post_login(client, "planner@tremplin.test")
    assert not is_logged_in(client)
    services.membership_reactivate(actor=director, membership=planner)
    post_login(client, "planner@tremplin.test")
    assert is_logged_in(client)
    assert world.own.pk in scope_of(User.objects.get(pk=planner_user.pk)).staff_structure_ids
    assert list(TeamChange.objects.order_by("pk").values_list("action", "before", "after")) == [
        ("deactivated", "active", "inactive"),
        ("reactivated", "inactive", "active"),
    ]


def test_an_account_with_another_structure_stays_open(world):
    elsewhere = _staff("deux@tremplin.test", world.other, "conseiller")
    here = services.structure_membership_add(
        user=elsewhere.user, structure=world.own, role="planner"
    )
    services.membership_deactivate(actor=world.user("director"), membership=here)
    user = User.objects.get(pk=elsewhere.user_id)
    assert user.is_active
    assert scope_of(user).staff_structure_ids == frozenset({world.other.pk})


def test_deactivating_twice_is_refused(world):
    planner = _membership(world.user("planner"), world.own)
    services.membership_deactivate(actor=world.user("director"), membership=planner)
    with pytest.raises(ValidationError, match="déjà désactivé"):
        services.membership_deactivate(actor=world.user("director"), membership=planner)


def test_only_the_team_memberships_are_managed(world):
    employee = _membership(world.user("employee"), world.own)
    with pytest.raises(ValidationError, match="équipe"):
        services.membership_deactivate(actor=world.user("director"), membership=employee)


# --- Who may act -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["conseiller", "planner", "accountant"])
def test_the_team_page_is_refused_to_other_staff_with_the_french_403(world, client, role):
    client.force_login(world.user(role))
    response = client.get(reverse("accounts:team"))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert "Accès refusé" in response.content.decode()


def test_another_structures_director_cannot_act_on_our_team(world, client):
    other_director = _staff("dir-bzh@tremplin.test", world.other, "director").user
    planner = _membership(world.user("planner"), world.own)
    client.force_login(other_director)
    for name in ("membership_role", "membership_deactivate"):
        response = client.post(
            reverse(f"accounts:{name}", args=[planner.pk]), {"role": "accountant"}
        )
        assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(actor=other_director, membership=planner)
    with pytest.raises(PermissionDenied):
        services.membership_invite(
            actor=other_director, structure=world.own, email="x@tremplin.test", role="planner"
        )
    assert _membership(world.user("planner"), world.own).is_active
    page = client.get(reverse("accounts:team")).content.decode()
    assert "planner@tremplin.test" not in page


def test_a_counsellor_of_the_structure_gets_403_on_a_team_action(world, client):
    planner = _membership(world.user("planner"), world.own)
    client.force_login(world.user("conseiller"))
    response = client.post(reverse("accounts:membership_deactivate", args=[planner.pk]))
    assert response.status_code == 403 and "Accès refusé" in response.content.decode()
    assert _membership(world.user("planner"), world.own).is_active


# --- The page ----------------------------------------------------------------------------


def test_the_team_page_lists_members_with_their_state_in_constant_queries(world, client):
    director = world.user("director")
    client.force_login(director)
    client.get(reverse("accounts:team"))  # the session's first reads out of the count
    with assert_query_count(5) as counted:
        response = client.get(reverse("accounts:team"))
    for i in range(5):
        _staff(f"membre{i}@tremplin.test", world.own, "planner")
    services.membership_deactivate(
        actor=director, membership=_membership(world.user("planner"), world.own)
    )
    with assert_query_count(len(counted.captured_queries)):
        response = client.get(reverse("accounts:team"))
    body = _text(response)
    assert "membre4@tremplin.test" in body and "désactivé" in body and "jamais" in body
    assert "Historique de l'équipe" in body and "Désactivation" in body
