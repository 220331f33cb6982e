from tremplin.common.routes import ALL_ROLES, Access, Route

NETWORK_VIEWERS = frozenset({"federation", "delegate"})
FEDERATION = frozenset({"federation"})
OWN_STRUCTURE_VIEWERS = frozenset(
    {"director", "conseiller", "planner", "accountant", "delegate", "federation"}
)


def group_of(world):
    from tremplin.network.models import StructureGroup

    return StructureGroup.objects.get_or_create(name="GES du Rhône")[0]


ROUTES = {
    # An employee's home leads to their own space (a redirect).
    "home": Route(Access.PUBLIC, ok_status=(200, 302)),
    "network:directory": Route(Access.PUBLIC, data=lambda w: {"q": "Lyon (69001)", "radius": 30}),
    "network:directory_detail": Route(Access.PUBLIC, kwargs=lambda w: {"pk": w.other.pk}),
    "network:commune_suggestions": Route(Access.PUBLIC, data=lambda w: {"q": "ly"}),
    "network:structure_list": Route(Access.AUTHENTICATED, secret=lambda w: w.other.siret),
    "network:structure_create": Route(Access.AUTHENTICATED, allowed=FEDERATION),
    "network:network_counts": Route(Access.AUTHENTICATED, allowed=NETWORK_VIEWERS),
    "network:group_list": Route(Access.AUTHENTICATED, allowed=NETWORK_VIEWERS),
    "network:group_create": Route(Access.AUTHENTICATED, allowed=FEDERATION),
    "network:group_edit": Route(
        Access.AUTHENTICATED, allowed=FEDERATION, kwargs=lambda w: {"pk": w.group.pk}
    ),
    "network:delegation_list": Route(Access.AUTHENTICATED, allowed=NETWORK_VIEWERS),
    "network:delegation_detail": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": w.other_delegation.pk},
        allowed=FEDERATION,
        own_allowed=NETWORK_VIEWERS,
    ),
    "network:structure_detail": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": w.other.pk},
        allowed=FEDERATION,
        own_allowed=OWN_STRUCTURE_VIEWERS,
    ),
    "network:structure_edit": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": w.other.pk},
        allowed=FEDERATION,
        own_allowed=frozenset({"director", "federation"}),
    ),
    "network:structure_membership": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": w.other.pk},
        allowed=FEDERATION,
        own_allowed=FEDERATION,
    ),
    # API
    "api:schema": Route(Access.PUBLIC),
    "api:docs": Route(Access.PUBLIC),
    "api:me": Route(Access.AUTHENTICATED),
    "api:commune-search": Route(Access.PUBLIC),
    "api:directory-search": Route(Access.PUBLIC, data=lambda w: {"commune": "69123", "radius": 50}),
    "api:structure-list": Route(Access.AUTHENTICATED, secret=lambda w: w.other.siret),
    "api:structure-detail": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": w.other.pk},
        allowed=FEDERATION,
        own_allowed=OWN_STRUCTURE_VIEWERS,
    ),
    "api:group-list": Route(Access.AUTHENTICATED),
    "api:group-detail": Route(Access.AUTHENTICATED, kwargs=lambda w: {"pk": group_of(w).pk}),
    "api:structure-membership": Route(
        Access.SCOPED,
        method="post",
        kwargs=lambda w: {"pk": w.other.pk},
        allowed=FEDERATION,
        own_allowed=FEDERATION,
        data=lambda w: {"membership_status": "active", "member_since": "2018-07-01"},
    ),
    "api:structure-dues": Route(
        Access.SCOPED,
        method="post",
        kwargs=lambda w: {"pk": w.other.pk},
        allowed=FEDERATION,
        own_allowed=FEDERATION,
        data=lambda w: {"year": 2025, "amount": "350.00", "status": "paid"},
    ),
    "api:delegation-list": Route(Access.AUTHENTICATED),
}

assert all(r.allowed <= ALL_ROLES for r in ROUTES.values())
