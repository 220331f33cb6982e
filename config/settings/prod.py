"""Production settings: everything secret or host-specific comes from the environment, and
the development values of base.py are refused with a message that says what to set."""

import os

from django.core.exceptions import ImproperlyConfigured

from tremplin.common.encryption import validate_fernet_key

from .base import *  # noqa: F403
from .base import (
    DEV_FIELD_ENCRYPTION_KEY,
    DEV_FIELD_ENCRYPTION_SALT,
    DEV_NIR_HASH_KEY,
    DEV_SECRET_KEY,
    env,
)

# Django's own check (security.W009) wants 50 characters; the others are keys of their own.
MIN_LENGTH = {"SECRET_KEY": 50, "NIR_HASH_KEY": 32, "FIELD_ENCRYPTION_SALT": 16}
GENERATE = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'


def _secret(name: str, value: str, dev_value: str) -> str:
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable ({GENERATE}).")
    if value == dev_value or value.startswith("insecure-"):
        raise ImproperlyConfigured(
            f"{name} is the development value of config/settings/base.py, which is public: "
            f"{GENERATE}."
        )
    if len(value) < MIN_LENGTH[name]:
        raise ImproperlyConfigured(
            f"{name} is too short ({len(value)} characters, at least {MIN_LENGTH[name]}): "
            f"{GENERATE}."
        )
    return value


if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Set the DATABASE_URL environment variable, e.g. "
        "postgres://tremplin:PASSWORD@127.0.0.1:5432/tremplin: production has no SQLite "
        "fallback."
    )
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

SECRET_KEY = _secret("SECRET_KEY", env("SECRET_KEY", default=""), DEV_SECRET_KEY)
SECRET_KEY_FALLBACKS = [
    _secret("SECRET_KEY", key, DEV_SECRET_KEY)
    for key in env.list("SECRET_KEY_FALLBACKS", default=[])
]
NIR_HASH_KEY = _secret("NIR_HASH_KEY", env("NIR_HASH_KEY", default=""), DEV_NIR_HASH_KEY)

# The field-encryption key: required, a Fernet key, never the development one.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default="")
FIELD_ENCRYPTION_KEYS_FALLBACK = env.list("FIELD_ENCRYPTION_KEYS_FALLBACK", default=[])
for _name, _key in [
    ("FIELD_ENCRYPTION_KEY", FIELD_ENCRYPTION_KEY),
    *(("FIELD_ENCRYPTION_KEYS_FALLBACK", key) for key in FIELD_ENCRYPTION_KEYS_FALLBACK),
]:
    if not _key:
        raise ImproperlyConfigured(
            "Set the FIELD_ENCRYPTION_KEY environment variable: the key that encrypts NIR, "
            "RQTH and notes, independent of SECRET_KEY."
        )
    validate_fernet_key(_key, setting=_name)
    if _key == DEV_FIELD_ENCRYPTION_KEY:
        raise ImproperlyConfigured(
            f"{_name} is the development key of config/settings/base.py, which is public: "
            "generate a new one."
        )
# Salts of the scheme before FIELD_ENCRYPTION_KEY (keys derived from SECRET_KEY): only to
# read a database of that time until `manage.py rotate_field_keys` has run.
SALT_KEY = [
    _secret("FIELD_ENCRYPTION_SALT", salt, DEV_FIELD_ENCRYPTION_SALT)
    for salt in env.list("FIELD_ENCRYPTION_SALT", default=[])
]

DEBUG = False
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# HTTPS only. gunicorn marks a request secure when a proxy of FORWARDED_ALLOW_IPS sends
# "X-Forwarded-Proto: https" (config/gunicorn.conf.py); another server may instead name the
# header Django trusts in SECURE_PROXY_SSL_HEADER (e.g. X-Forwarded-Proto), which the proxy
# must always set or strip, or a client could claim HTTPS.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe may use plain HTTP
if _proxy_header := env("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
# A year of HSTS, subdomains included; 0 turns it off (while first trying HTTPS out).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
