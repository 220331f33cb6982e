"""Tenancy classification of the training routes (see common/tests/test_tenancy.py): each part
classifies its own routes in tests/routes_<part>.py."""

from . import (
    routes_attendance,
    routes_catalogue,
    routes_money,
)

ROUTES: dict = {}
for _part in (
    routes_catalogue,
    routes_attendance,
    routes_money,
):
    _overlap = ROUTES.keys() & _part.ROUTES.keys()
    assert not _overlap, f"training routes classified twice: {_overlap}"
    ROUTES.update(_part.ROUTES)
