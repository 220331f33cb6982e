"""Every URL route, requested as every role against another structure's objects.

Routes are classified in each app's tests/routes.py; an unclassified route fails here."""

import dataclasses
import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tremplin.common.routes import ALL_ROLES, Access, Route

# Who may see what does not depend on the day: `make test-days` leaves these out.
pytestmark = pytest.mark.walk

DENIED = (403, 404)


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def all_route_names() -> set[str]:
    return {name for name in _walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def classified_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("tremplin."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError:
            continue
        overlap = routes.keys() & module.ROUTES.keys()
        assert not overlap, f"routes classified twice: {overlap}"
        routes.update(module.ROUTES)
    return routes


ROUTES = classified_routes()


def test_every_route_is_classified():
    missing = all_route_names() - ROUTES.keys()
    assert not missing, (
        f"Routes without a tenancy classification: {sorted(missing)}. "
        "Add them to their app's tests/routes.py."
    )
    stale = ROUTES.keys() - all_route_names()
    assert not stale, f"Classified routes that no longer exist: {sorted(stale)}"


def _request(client, route: Route, world, user, *, own: bool):
    """Request the route on the other structure's objects, or (own=True) on the user's own:
    the same kwargs and data built from a world where 'other' is the user's structure."""
    if user is not None:
        client.force_login(user)
    if own:
        world = dataclasses.replace(world, other=world.own, other_delegation=world.own_delegation)
    if route.setup:
        route.setup(world)
    url = reverse(route_name_of(route), kwargs=route.kwargs(world))
    data = route.data(world) if route.data else {}
    return getattr(client, route.method)(url, data)


def route_name_of(route: Route) -> str:
    return next(name for name, r in ROUTES.items() if r is route)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/connexion/" in response["Location"]


def _check_denied(response, role):
    if role == "anonymous":
        assert _is_login_redirect(response) or response.status_code in (401, 403, 404), (
            f"anonymous got {response.status_code}"
        )
    else:
        assert response.status_code in DENIED, f"{role} got {response.status_code}"


ROLES = ["anonymous", *sorted(ALL_ROLES)]


@pytest.mark.parametrize("name", sorted(ROUTES))
@pytest.mark.parametrize("role", ROLES)
def test_route_as_role(name, role, world, client):
    route = ROUTES[name]
    user = world.user(role)
    response = _request(client, route, world, user, own=False)
    if route.access == Access.PUBLIC:
        assert response.status_code in route.ok_status, f"{name}: {response.status_code}"
    elif role == "anonymous":
        _check_denied(response, role)
    elif role in route.allowed:
        assert response.status_code in route.ok_status, f"{name} as {role}: {response.status_code}"
    else:
        _check_denied(response, role)
    if route.secret and response.status_code == 200 and role not in route.secret_allowed:
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode("utf-8", "replace")
        assert route.secret(world) not in body, f"{name} leaks to {role}"
    if route.access == Access.SCOPED and route.own_allowed is not None and role != "anonymous":
        client.logout()
        own_response = _request(client, route, world, user, own=True)
        if role in route.own_allowed:
            assert own_response.status_code in route.ok_status, (
                f"{name} on own object as {role}: {own_response.status_code}"
            )
        else:
            _check_denied(own_response, role)


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_federation_staff_only(role, world, client):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("admin:index"))
    if role == "federation":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
