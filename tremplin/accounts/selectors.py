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


def team_memberships(*, structure_id: int):
    """A structure's team for its director: every staff membership, deactivated ones
    included (last), with whether the member's second factor is on (one query)."""
    from django.db.models import Exists, OuterRef
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import StructureMembership

    return (
        StructureMembership.all_objects.filter(structure_id=structure_id, role__in=STAFF_ROLES)
        .select_related("user")
        .annotate(
            two_factor_on=Exists(
                TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
            )
        )
        .order_by("-is_active", "role", "user__last_name", "user__first_name", "user__email")
    )


def team_changes(*, structure_id: int, limit: int = 100):
    """The latest changes of a structure's team, newest first (one query)."""
    from .models import TeamChange

    return TeamChange.objects.filter(structure_id=structure_id).select_related("actor", "member")[
        :limit
    ]
