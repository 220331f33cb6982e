"""Tenancy classification of the quality routes (see common/tests/test_tenancy.py): each part
classifies its own routes in tests/routes_<part>.py."""

from . import (
    routes_audits,
    routes_groups,
    routes_referentials,
)

ROUTES: dict = {}
for _part in (
    routes_referentials,
    routes_audits,
    routes_groups,
):
    _overlap = ROUTES.keys() & _part.ROUTES.keys()
    assert not _overlap, f"quality routes classified twice: {_overlap}"
    ROUTES.update(_part.ROUTES)
