"""`Cache-Control: no-store, private` on every answer to a logged-in user and on every API
answer, over every route of the tenancy test; anonymous public pages keep their caching."""

import pytest
from django.urls import reverse

from tremplin.common.routes import Access

from .test_tenancy import ROUTES, _request

# Who may see what does not depend on the day: `make test-days` leaves these out.
pytestmark = pytest.mark.walk

NO_STORE = "no-store, private"


def _never_stored(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def _is_api(name: str) -> bool:
    return name.startswith("api:")


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_no_page_shown_to_a_director_is_stored(name, world, client):
    """On the director's own structure, so that the pages with personal data answer 200."""
    route = ROUTES[name]
    own = route.access == Access.SCOPED
    response = _request(client, route, world, world.user("director"), own=own)
    assert _never_stored(response), (
        f"{name} ({response.status_code}): Cache-Control {response.get('Cache-Control')!r}"
    )


@pytest.mark.parametrize(
    "name", sorted(n for n, r in ROUTES.items() if r.access == Access.PUBLIC and _is_api(n))
)
def test_public_api_answers_are_not_stored_either(name, world, client):
    response = _request(client, ROUTES[name], world, None, own=False)
    assert _never_stored(response), name


# (The home page is never cached: what it shows depends on who asks.)
@pytest.mark.parametrize("name", ["network:directory", "observatory:public"])
def test_anonymous_public_pages_keep_their_caching(name, world, client):
    response = _request(client, ROUTES[name], world, None, own=False)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_static_files_keep_their_caching(client, settings):
    response = client.get("/static/tremplin/tremplin.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_api_error_is_not_stored_either(client):
    response = client.get(reverse("api:schema").replace("schema/", "nowhere/"))
    assert response.status_code == 404
    assert response["Cache-Control"] == NO_STORE
