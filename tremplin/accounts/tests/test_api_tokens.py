"""API tokens instead of HTTP Basic: shown once, stored hashed, revocable, expiring;
wrong tokens from one address are refused for a while."""

import base64
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tremplin.accounts.api_tokens import api_token_create
from tremplin.accounts.models import ApiToken
from tremplin.accounts.testing import PASSWORD

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 9:00 in Paris
ME = "/api/v1/me/"


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_token_made_on_the_page_opens_the_api_once_shown(client, conseiller):
    client.force_login(conseiller)
    response = client.post(reverse("accounts:api_tokens"), {"name": "Logiciel de paie", "days": 90})
    key = re.search(r'id="new-token">(trp_[\w-]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=conseiller)
    # Only a hash is stored; the list shows the start of the key, never the key again.
    assert key not in {token.key_hash, token.prefix, token.name}
    assert key.startswith(token.prefix)
    assert key not in client.get(reverse("accounts:api_tokens")).content.decode()
    client.logout()
    response = client.get(ME, **bearer(key))
    assert response.status_code == 200
    assert response.json()["email"] == conseiller.email


def test_a_revoked_token_stops_working(client, conseiller):
    token, key = api_token_create(user=conseiller, name="script", days=30)
    assert client.get(ME, **bearer(key)).status_code == 200
    client.force_login(conseiller)
    response = client.post(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    client.logout()
    response = client.get(ME, **bearer(key))
    assert response.status_code == 401
    assert "révoqué" in response.json()["detail"]


def test_one_cannot_revoke_the_token_of_another(client, conseiller, employee):
    token, key = api_token_create(user=conseiller, name="script", days=30)
    client.force_login(employee)
    response = client.post(reverse("accounts:api_token_revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404
    client.logout()
    assert client.get(ME, **bearer(key)).status_code == 200


def test_a_token_expires_at_its_end_date(client, conseiller):
    with time_machine.travel(START, tick=False):
        _token, key = api_token_create(user=conseiller, name="script", days=30)
    with time_machine.travel(START + timedelta(days=30) - timedelta(seconds=1), tick=False):
        assert client.get(ME, **bearer(key)).status_code == 200
    with time_machine.travel(START + timedelta(days=30), tick=False):
        assert client.get(ME, **bearer(key)).status_code == 401


def test_http_basic_no_longer_opens_the_api(client, conseiller):
    credentials = base64.b64encode(f"{conseiller.email}:{PASSWORD}".encode()).decode()
    response = client.get(ME, HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code in (401, 403)
    assert response.get("WWW-Authenticate", "").startswith("Bearer")


def test_wrong_tokens_from_one_address_are_throttled(client, conseiller):
    _token, key = api_token_create(user=conseiller, name="script", days=30)
    for attempt in range(settings.API_TOKEN_FAILURE_LIMIT):
        assert client.get(ME, **bearer(f"trp_guess{attempt}")).status_code == 401
    response = client.get(ME, **bearer("trp_guess-again"))
    assert response.status_code == 429
    assert response.json()["detail"] == (
        "Trop de tentatives de connexion. Réessayez dans 15 minutes."
    )
    # Even the right token waits, from that address; another address is not held back.
    assert client.get(ME, **bearer(key)).status_code == 429
    assert client.get(ME, REMOTE_ADDR="192.0.2.9", **bearer(key)).status_code == 200


def test_the_schema_declares_bearer_tokens(client, conseiller):
    client.force_login(conseiller)
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["apiToken"]["description"],
    }
    assert "basicAuth" not in schema["components"]["securitySchemes"]


def test_the_validity_is_bounded(conseiller):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        api_token_create(user=conseiller, name="x", days=settings.API_TOKEN_MAX_AGE_DAYS + 1)
    assert "entre 1 et 365 jours" in str(error.value)
