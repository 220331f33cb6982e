"""Production settings: everything secret or host-specific must come from the environment."""

from .base import *  # noqa: F403

SECRET_KEY = env("SECRET_KEY")  # noqa: F405 — no default: refuse to start without one
SALT_KEY = env.list("FIELD_ENCRYPTION_SALT")  # noqa: F405 — required in production
NIR_HASH_KEY = env("NIR_HASH_KEY")  # noqa: F405
DEBUG = False
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
