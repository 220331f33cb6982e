"""French error pages in the site's layout, JSON under /api/, with DEBUG off."""

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from tremplin.common.error_views import server_error

pytestmark = pytest.mark.urls("tremplin.common.tests.error_urls")


@pytest.fixture(autouse=True)
def no_debug(settings):
    settings.DEBUG = False


@pytest.fixture
def quiet_client():
    """A client that gets the 500 page instead of the exception."""
    return Client(raise_request_exception=False)


def _page(response) -> str:
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


@pytest.mark.django_db
def test_404_is_french_in_the_layout_with_navigation(client):
    body = _page(client.get("/nulle-part/"))
    assert "Page introuvable" in body
    assert "Annuaire" in body  # the site's navigation bar
    assert "Not Found" not in body


@pytest.mark.django_db
def test_403_is_french_and_hides_the_exception(client):
    response = client.get("/test/forbidden/")
    assert response.status_code == 403
    body = _page(response)
    assert "Accès refusé" in body and "English detail" not in body


@pytest.mark.django_db
def test_400_is_french(client):
    response = client.get("/test/suspicious/")
    assert response.status_code == 400
    body = _page(response)
    assert "Requête incorrecte" in body and "English detail" not in body


@pytest.mark.django_db
def test_500_is_french(quiet_client):
    response = quiet_client.get("/test/broken/")
    assert response.status_code == 500
    body = _page(response)
    assert "Erreur du serveur" in body and "a bug" not in body


def test_500_page_needs_neither_the_database_nor_the_request():
    """No `db` fixture: pytest-django refuses any query made here. (The language is the
    one the middleware activated for the request that failed.)"""
    with translation.override("fr"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Erreur du serveur" in body and "Tremplin" in body
    assert "tremplin/tremplin.css" in body  # the site's look


@pytest.mark.django_db
def test_a_refused_csrf_token_is_explained_in_french():
    response = Client(enforce_csrf_checks=True).post("/connexion/", {"username": "x"})
    assert response.status_code == 403
    assert "Le formulaire a expiré" in _page(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status", "detail"),
    [
        ("/api/v1/nulle-part/", 404, "Rien à cette adresse."),
        ("/api/v1/test/broken/", 500, "Erreur du serveur"),
    ],
)
def test_api_errors_stay_json_in_french(quiet_client, url, status, detail):
    response = quiet_client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith(detail)
