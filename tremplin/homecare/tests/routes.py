"""Tenancy classification of the homecare routes (see common/tests/test_tenancy.py): each
part classifies its own routes in tests/routes_<part>.py."""

from . import (
    routes_advance,
    routes_attestations,
    routes_households,
    routes_money,
    routes_recurring,
    routes_sap,
)

ROUTES: dict = {}
for _part in (
    routes_sap,
    routes_households,
    routes_recurring,
    routes_advance,
    routes_money,
    routes_attestations,
):
    _overlap = ROUTES.keys() & _part.ROUTES.keys()
    assert not _overlap, f"homecare routes classified twice: {_overlap}"
    ROUTES.update(_part.ROUTES)
