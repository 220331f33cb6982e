"""Tenancy classification of the observatory routes (see common/tests/test_tenancy.py)."""

from decimal import Decimal

from tremplin.common.routes import STAFF, Access, Route
from tremplin.conftest import pinned_today
from tremplin.observatory.models import Figure, Publication

NOBODY = frozenset()
FEDERATION = frozenset({"federation"})
YEAR = 2025
SECRET = "987654"  # the other structure's own count: only sums may leave it


def figures(world):
    """A year of figures for both structures (the other's with a recognisable count),
    home services included (its households served)."""
    for structure, count in ((world.own, 40), (world.other, int(SECRET))):
        for key, category in (("accompanied", ""), ("sap_households", "other")):
            Figure.objects.get_or_create(
                structure=structure,
                year=YEAR,
                period="Y",
                key=key,
                category=category,
                defaults={"value": Decimal(count), "people": count},
            )
    Publication.objects.get_or_create(year=YEAR, defaults={"published_on": pinned_today()})


ROUTES = {
    "observatory:home": Route(Access.AUTHENTICATED, ok_status=(302,), setup=figures),
    "observatory:network": Route(Access.AUTHENTICATED, allowed=FEDERATION, setup=figures),
    "observatory:publish": Route(
        Access.AUTHENTICATED,
        allowed=FEDERATION,
        method="post",
        data=lambda w: {"annee": YEAR},
        ok_status=(302,),
        setup=figures,
    ),
    "api:observatory-publication": Route(
        Access.AUTHENTICATED,
        allowed=FEDERATION,
        method="post",
        data=lambda w: {"year": YEAR},
        ok_status=(201,),
        setup=figures,
    ),
    "observatory:delegation": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": w.other_delegation.pk},
        allowed=FEDERATION,
        own_allowed=FEDERATION | {"delegate"},
        setup=figures,
    ),
    # The user's own structure: its figures as they are; another's never appear.
    "observatory:structure": Route(
        Access.AUTHENTICATED,
        allowed=STAFF,
        setup=figures,
        secret=lambda w: SECRET,
        secret_allowed=NOBODY,
    ),
    "observatory:public": Route(Access.PUBLIC, setup=figures),
    "api:observatory-network": Route(Access.AUTHENTICATED, allowed=FEDERATION, setup=figures),
    "api:observatory-delegation": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": w.other_delegation.pk},
        allowed=FEDERATION,
        own_allowed=FEDERATION | {"delegate"},
        setup=figures,
    ),
    "api:observatory-structure": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": w.other.pk},
        allowed=NOBODY,
        own_allowed=STAFF,
        setup=figures,
    ),
    "api:observatory-public": Route(Access.PUBLIC, setup=figures),
}
