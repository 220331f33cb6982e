"""Settings shared by every environment. Values that differ come from the environment
(django-environ): DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, MAP_TILE_URL…"""

import datetime
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
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "tremplin.common",
    "tremplin.accounts",
    "tremplin.network",
    "tremplin.people",
    "tremplin.missions",
    "tremplin.homecare",
    "tremplin.training",
    "tremplin.quality",
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
    "tremplin.people.access_log.AccessLogMiddleware",
    "tremplin.common.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication: end expired sessions, then hold back a session whose second
    # factor is missing. Axes last, as its documentation asks, to answer lockouts.
    "tremplin.accounts.middleware.SessionPolicyMiddleware",
    "tremplin.accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
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
# Opt-in: a read replica for the observatory's pages (docs/deploy.md). Without the
# variable, one database and no router.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["tremplin.observatory.routers.ReplicaRouter"]
    MIDDLEWARE.append("tremplin.observatory.routers.replica_reads")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 (OWASP's first choice); PBKDF2 hashes of older accounts are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Accounts (docs/adr/0007-accounts-hardening.md) ---------------------------------------
# Login throttling (django-axes): a username from one IP address is locked out after
# AXES_FAILURE_LIMIT wrong passwords for AXES_COOLOFF_TIME; a right password resets the count.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tremplin.accounts.views.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Sessions: staff (everybody who reads other people's data) get a short absolute lifetime
# and an idle timeout; employees and households keep the 14 days of Django's default.
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_STAFF_MAX_AGE = env.int("SESSION_STAFF_MAX_AGE", default=8 * 3600)
SESSION_STAFF_IDLE_TIMEOUT = env.int("SESSION_STAFF_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Second factor (django-otp's TOTP): the name authenticator apps show.
OTP_TOTP_ISSUER = "Tremplin"
# API tokens: the longest validity a user may choose, in days.
API_TOKEN_MAX_AGE_DAYS = env.int("API_TOKEN_MAX_AGE_DAYS", default=365)
# Wrong API tokens or password-reset requests from one address, per window, before refusal.
API_TOKEN_FAILURE_LIMIT = env.int("API_TOKEN_FAILURE_LIMIT", default=20)
PASSWORD_RESET_REQUEST_LIMIT = env.int("PASSWORD_RESET_REQUEST_LIMIT", default=5)
THROTTLE_WINDOW_MINUTES = env.int("THROTTLE_WINDOW_MINUTES", default=15)
# Password-reset links stay valid for one hour (Django's default is 3 days).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
# E-mail: EMAIL_URL (smtp://user:password@host:587, smtp+tls://…); the console by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Tremplin <ne-pas-repondre@tremplin.test>")

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
# E-invoicing (missions/einvoicing.py): the transmitter to the buyer's platform, a dotted
# path. The default writes each Factur-X invoice to a directory until the structure's
# chosen platform is plugged in.
EINVOICING_TRANSMITTER = env(
    "EINVOICING_TRANSMITTER", default="tremplin.missions.einvoicing.DirectoryTransmitter"
)
EINVOICING_OUTBOX_DIR = env("EINVOICING_OUTBOX_DIR", default=str(VAR_DIR / "einvoicing"))
# URSSAF's immediate advance (homecare/urssaf/): the gateway, a dotted path. The default
# keeps households and payment requests in JSON files (tests, demo); in production
# "tremplin.homecare.urssaf.api.UrssafApi" with the credentials URSSAF gives the structure
# (sandbox https://api-edi.urssaf.fr). No legal source for the polling figures: they keep
# the load on URSSAF's API bounded (a request asked at most every URSSAF_POLL_MINUTES, at
# most URSSAF_POLL_MAX_PER_RUN per run, URSSAF_SEARCH_BATCH ids per call).
URSSAF_GATEWAY = env("URSSAF_GATEWAY", default="tremplin.homecare.urssaf.files.FileUrssaf")
URSSAF_FILES_DIR = env("URSSAF_FILES_DIR", default=str(VAR_DIR / "urssaf"))
URSSAF_API_URL = env("URSSAF_API_URL", default="https://api.urssaf.fr")
URSSAF_CLIENT_ID = env("URSSAF_CLIENT_ID", default="")
URSSAF_CLIENT_SECRET = env("URSSAF_CLIENT_SECRET", default="")
URSSAF_TIMEOUT_SECONDS = env.float("URSSAF_TIMEOUT_SECONDS", default=15.0)
URSSAF_POLL_MINUTES = env.int("URSSAF_POLL_MINUTES", default=60)
URSSAF_POLL_MAX_PER_RUN = env.int("URSSAF_POLL_MAX_PER_RUN", default=200)
URSSAF_SEARCH_BATCH = env.int("URSSAF_SEARCH_BATCH", default=10)
# Uploaded files (imports hold NIRs) are readable by the server's user only. Past
# FILE_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB) an upload goes to a temporary file, not memory.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Imports of people: refused past this size (bytes) or this count of lines, before reading
# further (tremplin.people.imports).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20_000_000)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=100_000)

# The progress of background jobs goes through the cache, shared by the web and the worker
# processes: files under var/ on one machine; past one machine a shared cache
# (CACHE_URL=redis://… or dbcache://table).
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
# How long a protected observatory dashboard (network, delegation) is kept: their figures
# lag that much at most behind the structures' (observatory/cache.py). 0: never kept.
# A product setting, no legal source: figures are computed minutes after a write already.
OBSERVATORY_CACHE_SECONDS = env.int("OBSERVATORY_CACHE_SECONDS", default=600)

# Background jobs (ADR 5): django-tasks with its database backend; `manage.py db_worker`
# runs them, `manage.py run_scheduler` enqueues the daily ones (tremplin.common.jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A job still RUNNING this long after it started is taken for one whose worker died, and
# put back in the queue (common.tasks.stale_runs_recover). Longer than the longest job (the
# network's observatory rebuild takes minutes); a product setting, no legal source.
JOB_STALE_AFTER = datetime.timedelta(minutes=env.int("JOB_STALE_AFTER_MINUTES", default=120))
# An import whose progress has not moved for this long is shown as interrupted (its worker
# stopped) and may be started again.
IMPORT_JOB_STALE_AFTER = datetime.timedelta(
    minutes=env.int("IMPORT_JOB_STALE_AFTER_MINUTES", default=15)
)
# A tax-attestation run whose progress has not moved for this long is shown as interrupted
# (its worker stopped) and may be started again; it goes on where it stopped.
ATTESTATION_RUN_STALE_AFTER = datetime.timedelta(
    minutes=env.int("ATTESTATION_RUN_STALE_AFTER_MINUTES", default=15)
)
# The processes that print a run's attestations (WeasyPrint lays a PDF out on one core):
# the worker reads the figures and saves while they print. 1 prints in the worker itself.
# A product setting sized for a 2-core worker (bench/attestations.py gives the figures).
ATTESTATION_PDF_PROCESSES = env.int("ATTESTATION_PDF_PROCESSES", default=2)
# /healthz answers 503 when the oldest job ready to run has waited longer than this (no
# worker is running, or too few).
HEALTHZ_QUEUE_MAX_WAIT = datetime.timedelta(
    minutes=env.int("HEALTHZ_QUEUE_MAX_WAIT_MINUTES", default=15)
)
# How long the first answer to an API write sent with an Idempotency-Key is replayed.
IDEMPOTENCY_KEY_TTL = datetime.timedelta(hours=env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Named, hashed, revocable tokens (Authorization: Bearer …); no more HTTP Basic.
        # First, so that a refused call answers 401 with `WWW-Authenticate: Bearer`.
        "tremplin.accounts.api_tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "tremplin.common.schema.AutoSchema",
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
        "CancelledByEnum": "tremplin.homecare.models.recurring.CancelledBy",
        "ContractKindEnum": "tremplin.people.models.contracts.ContractKind",
        "InterviewKindEnum": "tremplin.people.models.accompaniment.InterviewKind",
        "ActionKindEnum": "tremplin.people.models.accompaniment.ActionKind",
        "SuspensionReasonEnum": "tremplin.people.models.approvals.SuspensionReason",
        "ProlongationReasonEnum": "tremplin.people.models.approvals.ProlongationReason",
        "EarlyEndReasonEnum": "tremplin.people.models.contracts.EarlyEndReason",
        "ExitReasonEnum": "tremplin.people.api_choices.EXIT_REASON_CHOICES",
        "ExitCategoryEnum": "tremplin.people.models.exits.ExitCategory",
        "RecordedProlongationReasonEnum": (
            "tremplin.people.api_choices.PROLONGATION_RECORDED_CHOICES"
        ),
        "RequestedProlongationReasonEnum": (
            "tremplin.people.api_choices.PROLONGATION_REQUESTED_CHOICES"
        ),
        "ProlongationRequestStatusEnum": "tremplin.people.models.approvals.RequestStatus",
        "BarrierCategoryEnum": "tremplin.people.models.accompaniment.BarrierCategory",
        "BarrierStatusEnum": "tremplin.people.models.accompaniment.BarrierStatus",
        "BarrierNextStatusEnum": "tremplin.people.api_choices.BARRIER_NEXT_STATUS_CHOICES",
        "ClientKindEnum": "tremplin.missions.models.clients.ClientKind",
        "RequestStateEnum": "tremplin.missions.models.work.RequestState",
        "RequestClosingStateEnum": "tremplin.missions.api_writes.clients.REQUEST_CLOSING_CHOICES",
        "TimeEntryStatusEnum": "tremplin.missions.models.work.TimeEntryStatus",
        "InvoiceStatusEnum": "tremplin.missions.models.invoices.InvoiceStatus",
        "PaymentTermsEnum": "tremplin.missions.models.clients.PaymentTerms",
        "LicenceStatusEnum": "tremplin.homecare.models.sap.LicenceStatus",
        "DuesStatusEnum": "tremplin.network.models.DuesStatus",
        "TeamRoleEnum": "tremplin.accounts.api.TEAM_ROLE_CHOICES",
        "WeekdayEnum": "tremplin.missions.forms.WEEKDAYS",
        "TeamChangeActionEnum": "tremplin.accounts.models.TeamChangeAction",
        "TransmissionStatusEnum": "tremplin.missions.models.invoices.TransmissionStatus",
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

# Retention (people/services/retention.py): the directors are told this many days before a
# file is anonymised, and no file is anonymised sooner than this after they were told.
# No legal figure: a product choice (the periods themselves are in the rules table).
RETENTION_NOTICE_DAYS = env.int("RETENTION_NOTICE_DAYS", default=30)
# The address links in e-mails start with (e.g. https://tremplin.example.org).
SITE_URL = env("SITE_URL", default="")
# How long the link of a team invitation lets the invitee choose a password. No legal
# figure: a product choice (a password reset's link lives PASSWORD_RESET_TIMEOUT, an hour).
TEAM_INVITATION_DAYS = env.int("TEAM_INVITATION_DAYS", default=7)
# Home services (homecare, households part). No legal figure sets these: product choices,
# the usual terms of SAP contracts. A change or a cancellation of an intervention with less
# notice than this is due (a contract may agree another notice; this is its default). A
# household cancels online up to it; the structure may cancel later, and it then shows.
HOMECARE_CONTRACT_NOTICE_HOURS = env.int("HOMECARE_CONTRACT_NOTICE_HOURS", default=48)
# How long a quote sent to a household stays open to acceptance.
HOMECARE_QUOTE_VALIDITY_DAYS = env.int("HOMECARE_QUOTE_VALIDITY_DAYS", default=30)
# Training (attendance part). No legal figure: a product choice. A trainee signs a
# half-day from their phone from this many minutes before it starts to this many minutes
# after it ends (Paris time), so that someone a little early or late still signs.
TRAINING_SIGNING_OPENS_MINUTES_BEFORE = env.int("TRAINING_SIGNING_OPENS_MINUTES_BEFORE", default=30)
TRAINING_SIGNING_CLOSES_MINUTES_AFTER = env.int("TRAINING_SIGNING_CLOSES_MINUTES_AFTER", default=30)
# The training organisation the completion certificate names (the federation's training
# service) and its declaration of activity number (numéro de déclaration d'activité).
TRAINING_ORGANISATION_NAME = env(
    "TRAINING_ORGANISATION_NAME", default="Fédération Tremplin — service formation"
)
TRAINING_ORGANISATION_ADDRESS = env("TRAINING_ORGANISATION_ADDRESS", default="")
TRAINING_ORGANISATION_ACTIVITY_NUMBER = env("TRAINING_ORGANISATION_ACTIVITY_NUMBER", default="")
# Quality, référentiels and self-assessments (quality/referentials/README.md). No legal
# figure sets these: product choices. A référentiel's file is refused past this size; an
# evidence file of a self-assessment past the next one (PDF, images, office documents).
QUALITY_REFERENTIAL_MAX_BYTES = env.int("QUALITY_REFERENTIAL_MAX_BYTES", default=500_000)
QUALITY_EVIDENCE_MAX_BYTES = env.int("QUALITY_EVIDENCE_MAX_BYTES", default=10_000_000)
# The indicator « reciprocal commitment contract signed within N days of hiring » (CEDRE):
# N, the federation's choice (no legal source), day N included.
QUALITY_COMMITMENT_CONTRACT_DAYS = env.int("QUALITY_COMMITMENT_CONTRACT_DAYS", default=30)
