"""Session lifetime per kind of user, and the second factor's enforcement."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .security import (
    SEEN_KEY,
    SETUP_REQUIRED,
    TWO_FACTOR_KEY,
    session_expired,
    session_start,
    two_factor_enabled,
)

# Pages a user who must set up a second factor may still open.
SETUP_ALLOWED_VIEWS = frozenset(
    {
        "accounts:two_factor_setup",
        "accounts:two_factor_recovery_codes",
        "accounts:logout",
        "set_language",
    }
)
# The idle clock is written to the session at most once a minute, not on every request.
SEEN_GRANULARITY = 60


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            if TWO_FACTOR_KEY not in session:
                # A session opened before these checks (or without our login view): a user
                # with a second factor logs in again; others get the checks from now on.
                if two_factor_enabled(request.user):
                    logout(request)
                    return redirect_to_login(request.get_full_path())
                session_start(request, request.user, verified=False)
            elif session_expired(session, now):
                logout(request)
                messages.info(request, _("Your session has expired. Log in again."))
                return redirect_to_login(request.get_full_path())
            elif now - session.get(SEEN_KEY, 0) >= SEEN_GRANULARITY:
                session[SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A user who must have a second factor and has none reaches only its setup page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        if request.session.get(TWO_FACTOR_KEY) != SETUP_REQUIRED:
            return None
        if request.resolver_match.view_name in SETUP_ALLOWED_VIEWS:
            return None
        message = _("Your role requires a second factor: set it up to continue.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        messages.warning(request, message)
        return redirect("accounts:two_factor_setup")
