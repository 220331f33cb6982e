"""The e-mail inviting someone to a team, with a link to choose their password.

The link is Django's password-reset token (tied to the account's password and last login,
so it works once) with its own salt and a longer life: an invitation is read later than a
reset asked for a minute ago (settings.TEAM_INVITATION_DAYS)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from .models import TeamChange


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "tremplin.accounts.invitations.InvitationTokenGenerator"

    @property
    def timeout_seconds(self) -> int:
        return settings.TEAM_INVITATION_DAYS * 24 * 3600

    def check_token(self, user, token):
        # The parent checks PASSWORD_RESET_TIMEOUT (an hour); the same checks, our timeout.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if self._num_seconds(self._now()) - ts > self.timeout_seconds:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_token_generator = InvitationTokenGenerator()


def invitation_link(user) -> str:
    path = reverse(
        "accounts:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def team_invitation_send(*, change_id: int) -> bool:
    """Send the invitation of one TeamChange (INVITED); False when there is nobody to tell.

    An account that already has a password is told it joined the team (no link: its
    password stays as it is)."""
    change = (
        TeamChange.objects.select_related("member", "structure", "actor")
        .filter(pk=change_id)
        .first()
    )
    if change is None or not change.member.is_active:
        return False
    user = change.member
    with translation.override("fr"):
        context = {
            "structure": change.structure.name,
            "actor": change.actor.get_full_name() if change.actor else "",
            "role": change.after_label,
            "link": None if user.has_usable_password() else invitation_link(user),
            "login_url": settings.SITE_URL.rstrip("/") + reverse("accounts:login"),
            "days": settings.TEAM_INVITATION_DAYS,
        }
        subject = render_to_string("accounts/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
