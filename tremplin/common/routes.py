"""The classification of every URL route, for the tenancy test (tests/test_tenancy.py).

Each app lists its routes in `<app>/tests/routes.py` as `ROUTES = {"ns:name": Route(...)}`.
A route that no app classifies fails the suite: a new page must say who may open it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class Access(Enum):
    PUBLIC = "public"  # anybody, logged in or not
    AUTHENTICATED = "authenticated"  # any logged-in user; `allowed` narrows to some roles
    SCOPED = "scoped"  # an object of a structure; tested against another structure's object
    ADMIN = "admin"  # the Django admin: federation staff only


ALL_ROLES = frozenset(
    {
        "director",
        "conseiller",
        "planner",
        "accountant",
        "employee",
        "household",
        "delegate",
        "federation",
        "auditor",
    }
)
STAFF = frozenset({"director", "conseiller", "planner", "accountant"})


@dataclass(frozen=True)
class Route:
    access: Access
    # URL kwargs pointing at the *other* structure's objects (World -> kwargs).
    kwargs: Callable[[object], dict] = field(default=lambda world: {})
    # Roles that get through: for SCOPED, to the other structure's object.
    allowed: frozenset[str] = ALL_ROLES
    # For SCOPED routes, the roles that may open the same page on their own structure
    # (the same kwargs and data, built with the users' structure in place of the other).
    own_allowed: frozenset[str] | None = None
    method: str = "get"
    data: Callable[[object], dict] | None = None
    # The status a permitted request answers (a form page: 200; a POST action: 302).
    ok_status: tuple[int, ...] = (200,)
    # For lists: a private string of the other structure (its SIRET…) that must not appear
    # in the answer, except for `secret_allowed`.
    secret: Callable[[object], str] | None = None
    secret_allowed: frozenset[str] = frozenset({"federation"})
    # Called with the world before the request: creates the other structure's rows a list
    # must not show.
    setup: Callable[[object], object] | None = None
