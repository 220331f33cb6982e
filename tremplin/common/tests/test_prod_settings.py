"""config.settings.prod refuses the development secrets and a missing DATABASE_URL: the
module is imported in a fresh interpreter with only the given environment."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

from config.settings import base

GOOD = {
    "DATABASE_URL": "postgres://tremplin:secret@127.0.0.1:5432/tremplin",
    "SECRET_KEY": "k" * 30 + "-a-long-production-secret-key-0123",
    "NIR_HASH_KEY": "n" * 20 + "-production-nir-hash-key",
    "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
}


def _import_prod(env: dict) -> subprocess.CompletedProcess:
    # Only what Python needs from the outer environment: no DATABASE_URL or key leaks in.
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    script = (
        "import config.settings.prod as p; "
        "print(p.DATABASES['default']['ENGINE'], p.SECURE_HSTS_SECONDS, p.SECURE_SSL_REDIRECT)"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _refusal(result) -> str:
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_production_settings_load_with_real_secrets():
    result = _import_prod(GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "31536000", "True"]


def test_hsts_and_https_redirect_come_from_the_environment():
    result = _import_prod({**GOOD, "SECURE_HSTS_SECONDS": "0", "SECURE_SSL_REDIRECT": "false"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1:] == ["0", "False"]


def test_a_missing_database_url_is_refused_not_replaced_by_sqlite():
    env = {k: v for k, v in GOOD.items() if k != "DATABASE_URL"}
    assert "DATABASE_URL" in _refusal(_import_prod(env))


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SECRET_KEY", base.DEV_SECRET_KEY, "development value"),
        ("SECRET_KEY", "short-but-not-the-dev-one", "too short"),
        ("SECRET_KEY", "", "Set the SECRET_KEY"),
        ("NIR_HASH_KEY", base.DEV_NIR_HASH_KEY, "development value"),
        ("NIR_HASH_KEY", "x" * 12, "too short"),
        ("FIELD_ENCRYPTION_SALT", base.DEV_FIELD_ENCRYPTION_SALT, "development value"),
        ("FIELD_ENCRYPTION_SALT", "salt", "too short"),
        ("FIELD_ENCRYPTION_KEY", base.DEV_FIELD_ENCRYPTION_KEY, "development key"),
        ("FIELD_ENCRYPTION_KEY", "", "Set the FIELD_ENCRYPTION_KEY"),
        ("FIELD_ENCRYPTION_KEY", "not-a-fernet-key", "must be a Fernet key"),
        ("FIELD_ENCRYPTION_KEYS_FALLBACK", base.DEV_FIELD_ENCRYPTION_KEY, "development key"),
        ("SECRET_KEY_FALLBACKS", base.DEV_SECRET_KEY, "development value"),
    ],
)
def test_development_or_weak_secrets_are_refused(name, value, says):
    message = _refusal(_import_prod({**GOOD, name: value}))
    assert name.removesuffix("S").removesuffix("_FALLBACK") in message
    assert says in message
