"""The load bench's server settings: production's (DEBUG off, the secrets from the
environment, the database queue), with static files read from the apps' folders so that no
`collectstatic` is needed (the bench measures pages, not static files)."""

from config.settings.prod import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
# Plain HTTP on loopback: no redirect to HTTPS, cookies sent without TLS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
