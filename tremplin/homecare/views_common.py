"""What the staff's home-services pages start from."""

from __future__ import annotations

from django.http import Http404

from tremplin.accounts.selectors import current_membership


def staff_structure(request):
    """The structure the user works in, for its staff; a 404 for anybody else (a household,
    an employee), as for a page that does not exist for them."""
    membership = current_membership(request)
    if membership is None or not membership.is_staff_role:
        raise Http404
    return membership.structure
