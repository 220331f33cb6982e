"""Login throttling (django-axes): per e-mail address and IP address, in French."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from .conftest import is_logged_in, post_login

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 9:00 in Paris
LOCKED = "Trop de tentatives de connexion. Réessayez dans 15 minutes."


def fail(client, email, times, **extra):
    for _attempt in range(times):
        response = post_login(client, email, "pas-le-bon", **extra)
    return response


@pytest.mark.django_db
def test_the_defaults_are_documented_values():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_wrong_passwords_lock_out_then_the_right_one_is_refused(client, employee):
    with time_machine.travel(START, tick=False):
        response = fail(client, employee.email, settings.AXES_FAILURE_LIMIT - 1)
        assert response.status_code == 200
        assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()
        response = fail(client, employee.email, 1)
        assert response.status_code == 429
        assert LOCKED in response.content.decode()
        # The right password no longer opens the account from this address.
        response = post_login(client, employee.email)
        assert response.status_code == 429
        assert LOCKED in response.content.decode()
        assert not is_logged_in(client)
    with time_machine.travel(START + timedelta(minutes=14), tick=False):
        assert post_login(client, employee.email).status_code == 429
    # After the cool-off, the right password works again.
    with time_machine.travel(START + timedelta(minutes=31), tick=False):
        response = post_login(client, employee.email)
        assert response.status_code == 302
        assert is_logged_in(client)


def test_a_right_password_resets_the_count(client, employee):
    fail(client, employee.email, settings.AXES_FAILURE_LIMIT - 1)
    assert post_login(client, employee.email).status_code == 302
    client.post(reverse("accounts:logout"))
    response = fail(client, employee.email, settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200
    assert post_login(client, employee.email).status_code == 302


def test_the_lockout_holds_for_one_address_and_one_account(client, employee, conseiller):
    fail(client, employee.email, settings.AXES_FAILURE_LIMIT)
    assert post_login(client, employee.email).status_code == 429
    # Another account from the same address, and the same account from another address.
    assert post_login(client, conseiller.email).status_code == 302
    client.post(reverse("accounts:logout"))
    assert post_login(client, employee.email, REMOTE_ADDR="192.0.2.7").status_code == 302


def test_the_admin_logs_in_through_the_same_throttled_page(client, db):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/admin/"
