from .navigation import draw
from .selectors import current_membership


def navigation(request):
    """The role's navigation and the structure switcher's data, for the base layout."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    if not user.is_authenticated:
        return {"nav_entries": draw(user, None, request.path)}
    current = current_membership(request)
    return {
        "current_membership": current,
        "memberships": request._memberships,
        "nav_entries": draw(user, current, request.path),
    }
