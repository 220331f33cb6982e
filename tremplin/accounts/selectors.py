"""Reads of accounts."""

from .models import STAFF_ROLES

SESSION_STRUCTURE_KEY = "current_structure_id"


def user_memberships(*, user):
    """The user's memberships with their structure, for the switcher (one query)."""
    if not user.is_authenticated:
        return []
    return list(user.structure_memberships.select_related("structure").order_by("structure__name"))


def current_membership(request):
    """The membership the user works in now: the one chosen with the switcher, or the first.

    Cached on the request: the navigation and the page ask for it alike."""
    if hasattr(request, "_current_membership"):
        return request._current_membership
    memberships = user_memberships(user=request.user)
    chosen = request.session.get(SESSION_STRUCTURE_KEY) if memberships else None
    current = next((m for m in memberships if m.structure_id == chosen), None)
    if current is None and memberships:
        staff = [m for m in memberships if m.role in STAFF_ROLES]
        current = (staff or memberships)[0]
    request._current_membership = current
    request._memberships = memberships
    return current
