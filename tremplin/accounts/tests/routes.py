from tremplin.common.routes import ALL_ROLES, Access, Route

STRUCTURE_MEMBERS = ALL_ROLES - {"delegate", "federation", "auditor"}

ROUTES = {
    # A logged-in user is sent on to their home page.
    "accounts:login": Route(Access.PUBLIC, ok_status=(200, 302)),
    "accounts:logout": Route(Access.PUBLIC, method="post", ok_status=(302,)),
    # Switching to a structure one does not belong to is refused for everybody.
    "accounts:switch_structure": Route(
        Access.SCOPED,
        method="post",
        allowed=frozenset(),
        data=lambda w: {"structure": w.other.pk},
        own_allowed=STRUCTURE_MEMBERS,
        ok_status=(302,),
    ),
    "set_language": Route(
        Access.PUBLIC, method="post", data=lambda w: {"language": "en"}, ok_status=(302,)
    ),
}


def _accountant_membership(world):
    from tremplin.accounts import services
    from tremplin.accounts.models import UserKind

    key = f"_accountant_membership_{world.other.pk}"
    if key not in world.__dict__:
        user = services.user_create(
            email=f"compta-{world.other.pk}@tremplin.test", kind=UserKind.STRUCTURE_STAFF
        )
        world.__dict__[key] = services.structure_membership_add(
            user=user, structure=world.other, role="accountant"
        )
    return world.__dict__[key]


# Only a director of the accountant's structure gives the payroll file the NIRs.
ROUTES["accounts:membership_payroll_nir"] = Route(
    Access.SCOPED,
    method="post",
    kwargs=lambda w: {"pk": _accountant_membership(w).pk},
    allowed=frozenset(),
    own_allowed=frozenset({"director"}),
    data=lambda w: {"allowed": "1"},
    ok_status=(302,),
)
