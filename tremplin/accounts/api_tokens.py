"""API tokens: named, shown once, stored hashed, revocable, with an end date.

They replace HTTP Basic, which sent the password with every call and cost a full password
hash each time. A token is 256 random bits: a SHA-256 is enough to store it, and a wrong one
costs one indexed lookup. Addresses that send many wrong tokens are refused for a while."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .models import ApiToken, User
from .security import too_many_attempts_message

TOKEN_PREFIX = "trp_"
KEYWORD = "Bearer"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token and its key, which is never shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, to recognise it later.")})
    if not 1 <= days <= settings.API_TOKEN_MAX_AGE_DAYS:
        raise ValidationError(
            {
                "days": _("Choose a validity between 1 and %(max)s days.")
                % {"max": settings.API_TOKEN_MAX_AGE_DAYS}
            }
        )
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[: len(TOKEN_PREFIX) + 6],
        key_hash=_hash(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _failures_key(request) -> str:
    return f"api-token-failures:{request.META.get('REMOTE_ADDR', '')}"


def too_many_failures(request) -> bool:
    return cache.get(_failures_key(request), 0) >= settings.API_TOKEN_FAILURE_LIMIT


def record_failure(request) -> None:
    key = _failures_key(request)
    window = settings.THROTTLE_WINDOW_MINUTES * 60
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)


class TooManyAttempts(exceptions.Throttled):
    """429 with the login page's French message, and `Retry-After`."""

    def __init__(self, minutes: int):
        super().__init__(detail=too_many_attempts_message(minutes))
        self.wait = minutes * 60


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer trp_…`."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if too_many_failures(request):
            raise TooManyAttempts(settings.THROTTLE_WINDOW_MINUTES)
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Malformed Authorization header: expected « Bearer » and the token.")
            )
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("This API token is not valid.")) from exc
        now = timezone.now()
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=_hash(key), revoked_at__isnull=True, expires_at__gt=now)
            .first()
        )
        if token is None or not token.user.is_active:
            record_failure(request)
            raise exceptions.AuthenticationFailed(
                _("This API token is unknown, expired or revoked. Create one in your account.")
            )
        # Written at most once an hour: not a write on every call.
        if token.last_used_at is None or now - token.last_used_at > timedelta(hours=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'
