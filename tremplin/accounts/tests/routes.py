from tremplin.common.routes import ALL_ROLES, Access, Route

STRUCTURE_MEMBERS = ALL_ROLES - {"delegate", "federation", "auditor"}


def _federation_token(world):
    from tremplin.accounts.api_tokens import api_token_create

    token, _key = api_token_create(user=world.user("federation"), name="route test", days=30)
    return {"pk": token.pk}


ROUTES = {
    # A logged-in user is sent on to their home page.
    "accounts:login": Route(Access.PUBLIC, ok_status=(200, 302)),
    # Without a password checked just before, back to the login page.
    "accounts:two_factor_verify": Route(Access.PUBLIC, ok_status=(302,)),
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
    # The account space is each user's own: no other user's object is reachable.
    "accounts:account": Route(Access.AUTHENTICATED),
    "accounts:two_factor_setup": Route(Access.AUTHENTICATED),
    # Without a second factor there are no codes: sent to the setup page.
    "accounts:two_factor_recovery_codes": Route(Access.AUTHENTICATED, ok_status=(302,)),
    "accounts:api_tokens": Route(Access.AUTHENTICATED),
    # The federation user's token: only its owner revokes it.
    "accounts:api_token_revoke": Route(
        Access.SCOPED,
        method="post",
        kwargs=_federation_token,
        allowed=frozenset({"federation"}),
        ok_status=(302,),
    ),
    "accounts:password_reset": Route(Access.PUBLIC),
    "accounts:password_reset_done": Route(Access.PUBLIC),
    # A wrong link answers the page that says so.
    "accounts:password_reset_confirm": Route(
        Access.PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "wrong-token"}
    ),
    "accounts:password_reset_complete": Route(Access.PUBLIC),
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


def _planner_membership(world):
    """A planner of the structure under test (the other one, or the users' own)."""
    from tremplin.accounts import services
    from tremplin.accounts.models import UserKind

    key = f"_planner_membership_{world.other.pk}"
    if key not in world.__dict__:
        user = services.user_create(
            email=f"planif-{world.other.pk}@tremplin.test", kind=UserKind.STRUCTURE_STAFF
        )
        world.__dict__[key] = services.structure_membership_add(
            user=user, structure=world.other, role="planner"
        )
    return world.__dict__[key]


def _inactive_planner_membership(world):
    from tremplin.accounts.models import StructureMembership

    membership = _planner_membership(world)
    StructureMembership.all_objects.filter(pk=membership.pk).update(is_active=False)
    return membership


# The team page is its director's: every other role is refused (French 403).
ROUTES["accounts:team"] = Route(Access.AUTHENTICATED, allowed=frozenset({"director"}))
# A valid invitation of a new address answers the redirection; the director's own
# structure only (the form has no structure field).
ROUTES["accounts:team_invite"] = Route(
    Access.AUTHENTICATED,
    method="post",
    allowed=frozenset({"director"}),
    data=lambda w: {"email": "nouvelle@tremplin.test", "role": "planner"},
    ok_status=(302,),
)
# Another structure's membership is not found; on their own, only the director acts.
ROUTES["accounts:membership_role"] = Route(
    Access.SCOPED,
    method="post",
    kwargs=lambda w: {"pk": _planner_membership(w).pk},
    allowed=frozenset(),
    own_allowed=frozenset({"director"}),
    data=lambda w: {"role": "accountant"},
    ok_status=(302,),
)
ROUTES["accounts:membership_deactivate"] = Route(
    Access.SCOPED,
    method="post",
    kwargs=lambda w: {"pk": _planner_membership(w).pk},
    allowed=frozenset(),
    own_allowed=frozenset({"director"}),
    ok_status=(302,),
)
ROUTES["accounts:membership_reactivate"] = Route(
    Access.SCOPED,
    method="post",
    kwargs=lambda w: {"pk": _inactive_planner_membership(w).pk},
    allowed=frozenset(),
    own_allowed=frozenset({"director"}),
    ok_status=(302,),
)
# The planner of the routes has a password: their director's POST is refused with a
# French message (a redirection); another structure's membership is not found.
ROUTES["accounts:membership_invitation_resend"] = Route(
    Access.SCOPED,
    method="post",
    kwargs=lambda w: {"pk": _planner_membership(w).pk},
    allowed=frozenset(),
    own_allowed=frozenset({"director"}),
    ok_status=(302,),
)
# A wrong link answers the page that says so.
ROUTES["accounts:invitation_accept"] = Route(
    Access.PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "wrong-token"}
)


# --- The team's API (accounts/api.py): the same rules as the team's pages ------------------
DIRECTOR = frozenset({"director"})


def _team_api(kwargs, method="get", data=None, ok_status=(200,)):
    """Another structure's team or member is not found for anybody; on their own, only
    its director gets through (the others: a French 403)."""
    return Route(
        Access.SCOPED,
        method=method,
        kwargs=kwargs,
        allowed=frozenset(),
        own_allowed=DIRECTOR,
        data=data,
        ok_status=ok_status,
    )


ROUTES["api:team-list"] = _team_api(lambda w: {"pk": w.other.pk})
ROUTES["api:team-changes"] = _team_api(lambda w: {"pk": w.other.pk})
ROUTES["api:team-member-role"] = _team_api(
    lambda w: {"pk": _planner_membership(w).pk},
    method="post",
    data=lambda w: {"role": "accountant"},
)
ROUTES["api:team-member-deactivate"] = _team_api(
    lambda w: {"pk": _planner_membership(w).pk}, method="post"
)
ROUTES["api:team-member-reactivate"] = _team_api(
    lambda w: {"pk": _inactive_planner_membership(w).pk}, method="post"
)
# The routes' planner has no password yet: the invitation is sent again.
ROUTES["api:team-member-invitation"] = _team_api(
    lambda w: {"pk": _planner_membership(w).pk}, method="post"
)
# Only an accountant's payroll file is given the NIRs, by their director.
ROUTES["api:team-member-payroll-nir"] = _team_api(
    lambda w: {"pk": _accountant_membership(w).pk},
    method="post",
    data=lambda w: {"allowed": "true"},
)
