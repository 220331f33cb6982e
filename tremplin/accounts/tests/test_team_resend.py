"""« Renvoyer l'invitation »: a director sends the invitation again to a member who has not
accepted it yet — a new link that works, the change logged, the e-mail only once the
transaction commits; refused once accepted or deactivated."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tremplin.accounts import services
from tremplin.accounts.models import StructureMembership, TeamChange, User

EMAIL = "recrue@tremplin.test"


def _invited(world, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_invite(
            actor=world.user("director"), structure=world.own, email=EMAIL, role="planner"
        )
    mailoutbox.clear()
    return membership


def _resend_url(membership):
    return reverse("accounts:membership_invitation_resend", args=[membership.pk])


def _link(body: str) -> str:
    return re.search(r"https?://\S+|/invitation/\S+", body).group(0)


def test_the_director_resends_a_pending_invitation_from_the_team_page(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    membership = _invited(world, django_capture_on_commit_callbacks, mailoutbox)
    client.force_login(world.user("director"))
    page = html.unescape(client.get(reverse("accounts:team")).content.decode())
    assert page.count("Renvoyer l'invitation") == 1  # the pending invitee only
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(_resend_url(membership))
        assert not mailoutbox  # nothing sent before the commit
    assert response.status_code == 302 and response["Location"] == reverse("accounts:team")
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [EMAIL]
    change = TeamChange.objects.latest("pk")
    assert (change.actor, change.member.email, change.action, change.after) == (
        world.user("director"),
        EMAIL,
        "invitation_resent",
        "planner",
    )
    history = html.unescape(client.get(reverse("accounts:team")).content.decode())
    assert "Invitation renvoyée" in history
    # The new link sets the password; after that, nothing is offered or sent again.
    client.logout()
    form_url = client.get(_link(mailoutbox[0].body))["Location"]
    password = "Un mot de passe long 42"
    client.post(form_url, {"new_password1": password, "new_password2": password})
    assert User.objects.get(email=EMAIL).check_password(password)
    client.force_login(world.user("director"))
    page = html.unescape(client.get(reverse("accounts:team")).content.decode())
    assert "Renvoyer l'invitation" not in page
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(_resend_url(membership), follow=True)
    assert "a déjà accepté l'invitation" in html.unescape(refused.content.decode())
    assert len(mailoutbox) == 1
    assert TeamChange.objects.filter(action="invitation_resent").count() == 1


def test_a_deactivated_member_gets_no_invitation_again(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    membership = _invited(world, django_capture_on_commit_callbacks, mailoutbox)
    services.membership_deactivate(actor=world.user("director"), membership=membership)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="Réactivez"),
    ):
        services.membership_invitation_resend(
            actor=world.user("director"),
            membership=StructureMembership.all_objects.get(pk=membership.pk),
        )
    assert not mailoutbox


def test_only_the_director_resends(world, client, mailoutbox, django_capture_on_commit_callbacks):
    membership = _invited(world, django_capture_on_commit_callbacks, mailoutbox)
    client.force_login(world.user("planner"))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_resend_url(membership)).status_code == 403
    assert not mailoutbox and not TeamChange.objects.filter(action="invitation_resent").exists()
