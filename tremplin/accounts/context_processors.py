from .selectors import current_membership


def navigation(request):
    """The structure switcher's data, for the base layout."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = current_membership(request)
    return {"current_membership": current, "memberships": request._memberships}
