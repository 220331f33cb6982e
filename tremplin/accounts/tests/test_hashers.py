"""Argon2 in production; older PBKDF2 hashes upgraded at the next login. (The other
tests keep the fast MD5 hasher of config/settings/test.py.)"""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from config.settings import base
from tremplin.accounts.testing import PASSWORD

from .conftest import post_login


def test_production_hashes_with_argon2_first():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS


@pytest.mark.django_db
def test_a_pbkdf2_hash_becomes_argon2_at_login(client, employee):
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        employee.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        employee.save(update_fields=["password"])
        assert post_login(client, employee.email).status_code == 302
    employee.refresh_from_db()
    assert employee.password.startswith("argon2$")
