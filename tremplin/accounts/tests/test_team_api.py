"""A director's team through the API: the same services as the team page, so the same
rules (the director only, the last director kept), the same log, French errors, and a retry
with the same Idempotency-Key that invites nobody twice."""

import pytest
from django.urls import reverse

from tremplin.accounts import services
from tremplin.accounts.models import StructureMembership, TeamChange, User, UserKind
from tremplin.accounts.testing import PASSWORD
from tremplin.common.testing import assert_query_count


def _staff(email, structure, role, password=PASSWORD):
    user = services.user_create(email=email, kind=UserKind.STRUCTURE_STAFF, password=password)
    return services.structure_membership_add(user=user, structure=structure, role=role)


def _post(http, name, pk, body=None, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return http.post(
        reverse(name, args=[pk]), body or {}, content_type="application/json", headers=headers
    )


@pytest.fixture
def director_client(world, client):
    client.force_login(world.user("director"))
    return client


def test_the_director_lists_the_team_in_a_constant_number_of_queries(world, director_client):
    url = reverse("api:team-list", args=[world.own.pk])
    director_client.get(url)  # the session's first reads out of the count
    # The session, its user, their scope (2), the director's membership, the team.
    with assert_query_count(6) as counted:
        first = director_client.get(url)
    for i in range(4):
        _staff(f"membre{i}@tremplin.test", world.own, "planner", password=None)
    with assert_query_count(len(counted.captured_queries)):
        response = director_client.get(url)
    assert first.status_code == response.status_code == 200
    rows = {row["email"]: row for row in response.json()}
    assert rows["membre3@tremplin.test"]["role"] == "planner"
    assert rows["membre3@tremplin.test"]["invitation_pending"] is True
    assert rows[world.user("director").email]["invitation_pending"] is False
    # Staff only: the employee's and the household's memberships are not the team's.
    assert world.user("employee").email not in rows


def test_an_invitation_through_the_api_is_logged_and_sent_once_on_a_retry(
    world, director_client, mailoutbox, django_capture_on_commit_callbacks
):
    body = {"email": "Recrue@Tremplin.test", "role": "accountant", "first_name": "Inès"}
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(director_client, "api:team-list", world.own.pk, body, key="inv-1")
        again = _post(director_client, "api:team-list", world.own.pk, body, key="inv-1")
    assert first.status_code == 201 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["email"] == "recrue@tremplin.test"
    assert first.json()["role"] == "accountant" and first.json()["invitation_pending"] is True
    change = TeamChange.objects.get()
    assert (change.action, change.after, change.actor) == (
        "invited",
        "accountant",
        world.user("director"),
    )
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["recrue@tremplin.test"]
    history = director_client.get(reverse("api:team-changes", args=[world.own.pk])).json()
    assert [(h["action"], h["member"]) for h in history] == [("invited", "recrue@tremplin.test")]


def test_refusals_are_french_and_keyed_by_field(world, director_client):
    wrong_role = _post(
        director_client, "api:team-list", world.own.pk, {"email": "x@t.test", "role": "client"}
    )
    assert wrong_role.status_code == 400 and "role" in wrong_role.json()
    assert "valide" in wrong_role.json()["role"][0]  # « … n'est pas un choix valide. »
    taken = _post(
        director_client,
        "api:team-list",
        world.own.pk,
        {"email": world.user("planner").email, "role": "planner"},
    )
    assert taken.status_code == 400
    assert taken.json()["email"] == [
        "Cette personne est déjà dans l'équipe : changez son rôle dans la liste."
    ]
    # The last director cannot demote themselves: the structure keeps one.
    me = StructureMembership.objects.get(user=world.user("director"), structure=world.own)
    demoted = _post(director_client, "api:team-member-role", me.pk, {"role": "planner"})
    assert demoted.status_code == 400
    assert "doit garder une direction" in demoted.json()["non_field_errors"][0]
    me.refresh_from_db()
    assert me.role == "director" and not TeamChange.objects.exists()


def test_role_deactivation_reactivation_and_resending_go_through_the_services(
    world, director_client, mailoutbox, django_capture_on_commit_callbacks
):
    invited = _staff("nouveau@tremplin.test", world.own, "planner", password=None)
    changed = _post(director_client, "api:team-member-role", invited.pk, {"role": "accountant"})
    assert changed.status_code == 200 and changed.json()["role"] == "accountant"
    nir = _post(director_client, "api:team-member-payroll-nir", invited.pk, {"allowed": True})
    assert nir.status_code == 200 and nir.json()["payroll_nir"] is True
    with django_capture_on_commit_callbacks(execute=True):
        resent = _post(director_client, "api:team-member-invitation", invited.pk)
    assert resent.status_code == 200 and len(mailoutbox) == 1
    off = _post(director_client, "api:team-member-deactivate", invited.pk)
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert not User.objects.get(email="nouveau@tremplin.test").is_active  # no other membership
    twice = _post(director_client, "api:team-member-deactivate", invited.pk)
    assert twice.status_code == 400
    assert twice.json()["non_field_errors"] == ["Ce membre est déjà désactivé."]
    on = _post(director_client, "api:team-member-reactivate", invited.pk)
    assert on.status_code == 200 and on.json()["is_active"] is True
    assert [c.action for c in TeamChange.objects.order_by("at", "pk")] == [
        "role_changed",
        "payroll_nir",
        "invitation_resent",
        "deactivated",
        "reactivated",
    ]


def test_only_the_director_manages_the_team(world, client):
    planner = StructureMembership.objects.get(user=world.user("planner"), structure=world.own)
    for role in ("planner", "conseiller", "accountant"):
        client.force_login(world.user(role))
        listed = client.get(reverse("api:team-list", args=[world.own.pk]))
        assert listed.status_code == 403
        assert listed.json()["detail"] == "Vous n'avez pas le droit de faire cela ici."
        role_change = _post(client, "api:team-member-role", planner.pk, {"role": "director"})
        assert role_change.status_code == 403
    planner.refresh_from_db()
    assert planner.role == "planner"
    # Another structure's team is not found, even for a director.
    client.force_login(world.user("director"))
    other = client.get(reverse("api:team-list", args=[world.other.pk]))
    assert other.status_code == 404 and "introuvable" in other.json()["detail"].lower()
