"""Sessions: 8 hours at most and 30 minutes idle for staff; 14 days for the others."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tremplin.accounts.testing import totp_enable

from .conftest import is_logged_in, post_login

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def at(minutes):
    return time_machine.travel(START + timedelta(minutes=minutes), tick=False)


def test_the_defaults_are_documented_values():
    assert settings.SESSION_STAFF_MAX_AGE == 8 * 3600
    assert settings.SESSION_STAFF_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_staff_are_logged_out_after_30_idle_minutes(client, conseiller):
    with at(0):
        post_login(client, conseiller.email)
    with at(29):
        assert client.get(reverse("people:person_list")).status_code == 200
    with at(29 + 30):  # 30 minutes after the last request: still in
        assert client.get(reverse("people:person_list")).status_code == 200
    with at(29 + 30 + 31):
        response = client.get(reverse("people:person_list"))
        assert response.status_code == 302 and "/connexion/" in response["Location"]
        assert not is_logged_in(client)


def test_staff_are_logged_out_after_8_hours_however_busy(client, conseiller):
    with at(0):
        post_login(client, conseiller.email)
    for minutes in range(20, 8 * 60, 20):
        with at(minutes):
            assert client.get(reverse("people:person_list")).status_code == 200, minutes
    with at(8 * 60 + 1):
        response = client.get(reverse("people:person_list"))
        assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_the_staff_cookie_lasts_8_hours(client, director):
    totp_enable(director)
    response = post_login(client, director.email)
    # The password alone: a short pending session, not yet the staff's.
    assert response["Location"] == reverse("accounts:two_factor_verify")
    from tremplin.accounts.testing import totp_now

    response = client.post(reverse("accounts:two_factor_verify"), {"code": totp_now(director)})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 8 * 3600
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_employees_keep_their_session_for_days(client, employee):
    with at(0):
        response = post_login(client, employee.email)
        assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 14 * 24 * 3600
    with at(3 * 24 * 60):
        assert client.get(reverse("accounts:account")).status_code == 200
        assert is_logged_in(client)
