"""Settings shared by every environment. Values that differ come from the environment
(django-environ): DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, MAP_TILE_URL…"""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me")
# Sensitive personal fields (NIR, RQTH…) are encrypted with a key derived from SECRET_KEY and
# this salt (django-fernet-encrypted-fields); a list rotates salts. NIR_HASH_KEY keys the HMAC
# that finds duplicate NIRs without decrypting them.
SALT_KEY = env.list("FIELD_ENCRYPTION_SALT", default=["insecure-dev-salt-change-me"])
NIR_HASH_KEY = env("NIR_HASH_KEY", default="insecure-dev-nir-hash-key")
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
    "tremplin.common",
    "tremplin.accounts",
    "tremplin.network",
    "tremplin.people",
    "tremplin.missions",
    "tremplin.observatory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tremplin.common.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
    "DEFAULT_PAGINATION_CLASS": "tremplin.common.api.BoundedPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "tremplin.common.api.exception_handler",
}
# The API's page size: PAGE_SIZE by default, API_MAX_PAGE_SIZE at most (a larger ?limit= is
# cut to it); both appear in the OpenAPI schema.
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=200)
# Plausible dates (no legal source: product choices, documented defaults). Any date the API
# receives lies in [API_DATE_MIN, API_DATE_MAX]; a person is at most PERSON_MAX_AGE_YEARS old
# (the minimum working age is a rule of tremplin/rules/table.py); hours and assignments are
# not dated before WORK_DATE_MIN, and an assignment is planned at most
# ASSIGNMENT_MAX_DAYS_AHEAD days ahead (hours are never entered ahead).
API_DATE_MIN = datetime.date(1900, 1, 1)
API_DATE_MAX = datetime.date(2100, 12, 31)
PERSON_MAX_AGE_YEARS = env.int("PERSON_MAX_AGE_YEARS", default=100)
WORK_DATE_MIN = datetime.date(2000, 1, 1)
ASSIGNMENT_MAX_DAYS_AHEAD = env.int("ASSIGNMENT_MAX_DAYS_AHEAD", default=400)

SPECTACULAR_SETTINGS = {
    "TITLE": "Tremplin API",
    "DESCRIPTION": "API du système d'information Tremplin (réseau de SIAE).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # API paths take any segment as an id (a French JSON 404 for a wrong one): still ids.
    "PATH_CONVERTER_OVERRIDES": {"api_id": {"type": "integer", "minimum": 1}},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tremplin.common.schema.add_error_answers",
    ],
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
