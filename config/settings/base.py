"""Settings shared by every environment. Values that differ come from the environment
(django-environ): DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, MAP_TILE_URL…"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The development values below are public: config.settings.prod refuses every one of them.
DEV_SECRET_KEY = "insecure-dev-key-change-me"
DEV_FIELD_ENCRYPTION_SALT = "insecure-dev-salt-change-me"
DEV_NIR_HASH_KEY = "insecure-dev-nir-hash-key"
# A Fernet key (32 bytes, URL-safe base64) that anybody can read in this file.
DEV_FIELD_ENCRYPTION_KEY = "aW5zZWN1cmUtZGV2LWZpZWxkLWtleS1jaGFuZ2UtbWU="

SECRET_KEY = env("SECRET_KEY", default=DEV_SECRET_KEY)
# Old secret keys, still accepted for sessions, password-reset links and signed values while
# they expire: rotating SECRET_KEY logs nobody out at once.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# Sensitive personal fields (NIR, RQTH…) are encrypted with FIELD_ENCRYPTION_KEY, a key of its
# own (tremplin.common.encryption): changing SECRET_KEY leaves them readable. Old keys stay in
# FIELD_ENCRYPTION_KEYS_FALLBACK, for reading only, until `manage.py rotate_field_keys` has
# encrypted everything again with the current key.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default=DEV_FIELD_ENCRYPTION_KEY)
FIELD_ENCRYPTION_KEYS_FALLBACK = env.list("FIELD_ENCRYPTION_KEYS_FALLBACK", default=[])
# Before that key existed, fields were encrypted with keys derived from SECRET_KEY (and its
# fallbacks) and these salts (django-fernet-encrypted-fields' own scheme): still read, never
# written, so a database of that time stays readable until rotate_field_keys has run.
SALT_KEY = env.list("FIELD_ENCRYPTION_SALT", default=[DEV_FIELD_ENCRYPTION_SALT])
# NIR_HASH_KEY keys the HMAC that finds duplicate NIRs without decrypting them.
NIR_HASH_KEY = env("NIR_HASH_KEY", default=DEV_NIR_HASH_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "tremplin.accounts.admin_site.FederationAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_filters",
    "simple_history",
    "csp",
    "tremplin.common",
    "tremplin.accounts",
    "tremplin.network",
    "tremplin.people",
    "tremplin.missions",
    "tremplin.observatory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tremplin.common.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tremplin.common.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tremplin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tremplin.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tremplin.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a command writes; IMMEDIATE avoids
    # "database is locked" on write upgrades inside transactions.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# The progress of background jobs goes through the cache: one process needs nothing more;
# several web processes need a shared cache (CACHE_URL=redis://… or dbcache://table).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "tremplin.common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tremplin API",
    "DESCRIPTION": "API du système d'information Tremplin (réseau de SIAE).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # Several models have a "kind" or a "reason": name each enumeration after its meaning.
    "ENUM_NAME_OVERRIDES": {
        "StructureKindEnum": "tremplin.network.models.StructureKind",
        "ContractKindEnum": "tremplin.people.models.contracts.ContractKind",
        "InterviewKindEnum": "tremplin.people.models.accompaniment.InterviewKind",
        "ActionKindEnum": "tremplin.people.models.accompaniment.ActionKind",
        "SuspensionReasonEnum": "tremplin.people.models.approvals.SuspensionReason",
        "ProlongationReasonEnum": "tremplin.people.models.approvals.ProlongationReason",
        "EarlyEndReasonEnum": "tremplin.people.models.contracts.EarlyEndReason",
    },
}

# Map tiles are optional: with no URL the directory map shows markers over the
# département outlines shipped with the application (no network needed).
MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")

# --- Security headers (every environment, so that the tests and the demo see them) ------
# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site
# only: no inline script, no inline style attribute, no eval. Front-end libraries are
# vendored; a page's data travels in <script type="application/json"> blocks (json_script),
# which are never executed. Bootstrap's CSS draws a few icons as data: SVG images.
# Tiles, when configured, come from their server ({s}.tile… becomes *.tile…).
_tiles = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            *([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else []),
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# The full URL (and its query: a searched name) never leaves the site in a Referer.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
