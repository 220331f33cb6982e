"""Publishing a year: one service for the network page's button and the API, the
federation only, a year the network has figures for."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tremplin.observatory import services
from tremplin.observatory.models import Figure, Publication

YEAR = 2025


@pytest.fixture
def figures(world):
    Figure.objects.create(
        structure=world.own, year=YEAR, period="Y", key="accompanied", value=Decimal(40), people=40
    )


def _post(http, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return http.post(
        reverse("api:observatory-publication"),
        body,
        content_type="application/json",
        headers=headers,
    )


def test_the_federation_publishes_a_year_through_the_api(world, client, figures, today):
    client.force_login(world.user("federation"))
    response = _post(client, {"year": YEAR}, key="pub-1")
    assert response.status_code == 201
    assert response.json() == {"year": YEAR, "published_on": today.isoformat()}
    assert _post(client, {"year": YEAR}, key="pub-1").json() == response.json()
    publication = Publication.objects.get()
    assert (publication.year, publication.published_by) == (YEAR, world.user("federation"))
    public = client.get(reverse("api:observatory-public"), {"annee": YEAR})
    assert public.status_code == 200 and public.json()["year"] == YEAR


def test_a_year_without_figures_is_refused_in_french(world, client, figures):
    client.force_login(world.user("federation"))
    response = _post(client, {"year": YEAR + 1})
    assert response.status_code == 400
    assert response.json()["year"] == [
        f"Le réseau n'a pas de chiffres pour {YEAR + 1} : rien à publier."
    ]
    assert _post(client, {"year": 1800}).status_code == 400
    assert not Publication.objects.exists()


@pytest.mark.parametrize("role", ["director", "delegate", "auditor"])
def test_only_the_federation_publishes(world, client, figures, role):
    client.force_login(world.user(role))
    assert _post(client, {"year": YEAR}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.publication_create(actor=world.user(role), year=YEAR)
    assert not Publication.objects.exists()


def test_the_page_publishes_through_the_service_and_says_what_is_wrong(world, client, figures):
    client.force_login(world.user("federation"))
    url = reverse("observatory:publish")
    refused = client.post(url, {"annee": YEAR + 1}, follow=True)
    assert not Publication.objects.exists()
    assert "rien à publier" in refused.content.decode()
    done = client.post(url, {"annee": YEAR})
    assert done.status_code == 302 and done["Location"].endswith(f"?annee={YEAR}")
    assert Publication.objects.get().year == YEAR
    with pytest.raises(ValidationError):
        services.publication_create(actor=world.user("federation"), year=YEAR - 1)
