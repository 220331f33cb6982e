"""Who needs a second factor and a short session, and what a session records at login.

The answers are computed once, when the session starts, and kept in the session: the
middlewares then read the session only (no query per request)."""

from __future__ import annotations

import time

from django.conf import settings
from django.utils.translation import ngettext

from .models import StructureRole, UserKind

# Session keys.
TWO_FACTOR_KEY = "tremplin_2fa"  # one of the states below
STARTED_KEY = "tremplin_started_at"  # epoch seconds of the login
SEEN_KEY = "tremplin_seen_at"  # epoch seconds of the last request (to the minute)
SHORT_KEY = "tremplin_short_session"  # True: the staff's lifetime and idle timeout
PENDING_KEY = "tremplin_pending_login"  # password checked, code not yet: {user, backend, at}

VERIFIED = "verified"  # the code was checked in this session
SETUP_REQUIRED = "setup_required"  # must have a second factor and has none yet
NOT_REQUIRED = "not_required"  # optional and not enabled

# Kinds whose sessions are short: they read other people's files or the network's.
LONG_SESSION_KINDS = frozenset({UserKind.EMPLOYEE, UserKind.HOUSEHOLD})


def two_factor_required(user) -> bool:
    """Federation staff, delegates, directors and the admin must have a second factor."""
    if user.is_staff or user.kind in (UserKind.FEDERATION, UserKind.DELEGATE):
        return True
    return user.structure_memberships.filter(role=StructureRole.DIRECTOR).exists()


def two_factor_enabled(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def short_session(user) -> bool:
    return user.is_staff or user.kind not in LONG_SESSION_KINDS


def session_start(request, user, *, verified: bool) -> None:
    """Record, right after `login()`, what this session's checks need."""
    session_record(request.session, user, verified=verified)


def session_record(session, user, *, verified: bool) -> None:
    now = int(time.time())
    if verified:
        state = VERIFIED
    elif two_factor_required(user):
        state = SETUP_REQUIRED
    else:
        state = NOT_REQUIRED
    session[TWO_FACTOR_KEY] = state
    session[STARTED_KEY] = now
    session[SEEN_KEY] = now
    session[SHORT_KEY] = short_session(user)
    if session[SHORT_KEY]:
        session.set_expiry(settings.SESSION_STAFF_MAX_AGE)


def session_expired(session, now: int) -> bool:
    """Past the staff's absolute lifetime or idle timeout (others: the cookie's age)."""
    if not session.get(SHORT_KEY):
        return False
    started = session.get(STARTED_KEY, now)
    seen = session.get(SEEN_KEY, now)
    return (
        now - started > settings.SESSION_STAFF_MAX_AGE
        or now - seen > settings.SESSION_STAFF_IDLE_TIMEOUT
    )


def two_factor_satisfied(request) -> bool:
    return request.session.get(TWO_FACTOR_KEY) in (VERIFIED, NOT_REQUIRED)


def too_many_attempts_message(minutes: int) -> str:
    return ngettext(
        "Too many login attempts. Try again in %(minutes)s minute.",
        "Too many login attempts. Try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
