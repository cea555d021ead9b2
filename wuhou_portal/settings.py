"""Settings for the Wuhou community-governance portal.

Every choice that differs between a laptop and production is one environment variable,
documented in the README's configuration table. The defaults run `make run` with no server
at all: SQLite in WAL mode and kombu's filesystem broker.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The fallback key only ever serves a DEBUG instance; production refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-make-run-and-tests-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    "csp",
    # The project's apps in layer order (a lower layer never imports a higher one; see
    # tests/test_layers.py). Their AppConfig.ready() runs in this order, and so do the demo and
    # reference loaders they register.
    "core",
    "accounts",
    "organizations",
    "services",
    "procurement",
    "orders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wuhou_portal.urls"
WSGI_APPLICATION = "wuhou_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The web server, the worker and beat all write: WAL lets readers run beside one writer,
    # IMMEDIATE takes the write lock at BEGIN so two writers queue instead of deadlocking.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Throttles and django-axes count in the cache, so it must be shared by every web process:
# Redis in production (CACHE_URL=redis://host:6379/1), files under VAR_DIR for `make run`.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL:
    raise RuntimeError(f"CACHE_URL must be redis://, rediss://, unix:// or locmem://, not {CACHE_URL!r}.")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
# Lock the username from one address: a typo-prone resident elsewhere is not locked out by an attacker.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Reverse proxies in front of the web server. With none, the client's address is REMOTE_ADDR
# and X-Forwarded-For (which anyone can send) is ignored; with N, the address the N-th proxy saw.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if PROXY_COUNT else ("REMOTE_ADDR",)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# One catalogue per app keeps each app's strings with its code; templates/ and the project
# package share the root catalogue.
LOCALE_PATHS = [
    BASE_DIR / "accounts" / "locale",
    BASE_DIR / "core" / "locale",
    BASE_DIR / "services" / "locale",
    BASE_DIR / "organizations" / "locale",
    BASE_DIR / "procurement" / "locale",
    BASE_DIR / "orders" / "locale",
    BASE_DIR / "locale",
]

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at every start without it
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# All the documents of one registration application together (each is at most 5 MB).
APPLICATION_DOCUMENTS_MAX_BYTES = int(os.environ.get("APPLICATION_DOCUMENTS_MAX_BYTES", 8 * 1024 * 1024))
# Unsubmitted drafts reserve no name, but each user may hold only a few; an untouched draft is
# deleted after ORGANIZATION_DRAFT_EXPIRY_DAYS, the applicant warned ..._NOTICE_DAYS before.
ORGANIZATION_OPEN_DRAFTS_MAX = int(os.environ.get("ORGANIZATION_OPEN_DRAFTS_MAX", 3))
ORGANIZATION_DRAFT_EXPIRY_DAYS = int(os.environ.get("ORGANIZATION_DRAFT_EXPIRY_DAYS", 90))
ORGANIZATION_DRAFT_NOTICE_DAYS = int(os.environ.get("ORGANIZATION_DRAFT_NOTICE_DAYS", 14))

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@wuhou.example.cn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only; the views that take a file add multipart themselves.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["core.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.IdCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "auth": os.environ.get("API_AUTH_THROTTLE", "20/min"),
        "auth_username": os.environ.get("API_AUTH_USERNAME_THROTTLE", "30/hour"),
    },
    # The client's address is the one the last PROXY_COUNT proxies saw (REMOTE_ADDR with none),
    # never an X-Forwarded-For a client wrote itself.
    "NUM_PROXIES": PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wuhou community-governance portal API",
    "DESCRIPTION": "武侯区“三社联动”社区治理平台 REST API. Errors share one shape: "
    '{"message": str, "code": str, "fields": {field: [str]}}.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.error_responses",
        "core.schema.decimals_accept_numbers",
        "organizations.schema.private_fields_optional",
    ],
    # Several models have a "kind" or a "status": give each enum its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "DutyListKindEnum": "services.models.duties.DutyList.Kind",
        "DutyListStatusEnum": "services.models.duties.DutyList.Status",
        "OrganizationStatusEnum": "organizations.models.registration.Organization.Status",
        "DomainsEnum": "organizations.models.registration.ServiceDomain",
        "ProjectStatusEnum": "procurement.models.Project.Status",
        "BidStatusEnum": "procurement.models.Bid.Status",
        "ResidentApplicationStatusEnum": "orders.models.residents.ResidentApplication.Status",
        "DemandStatusEnum": "orders.models.demand.Demand.Status",
        "ContractStatusEnum": "procurement.models.Contract.Status",
        "ContractMilestoneStatusEnum": "procurement.models.Milestone.Status",
        "ReviewStepStatusEnum": "procurement.models.ReviewStep.Status",
        "AmendmentStatusEnum": "procurement.models.Amendment.Status",
        "ContractCheckResultEnum": "procurement.models.ContractCheck.Result",
        "ReviewStepKindEnum": "procurement.models.StepKind",
        "ReviewDecisionEnum": "procurement.api.contracts.REVIEW_DECISIONS",
        "OrderStatusEnum": "orders.models.orders.Order.Status",
        "OrderNoticeKindEnum": "orders.models.orders.OrderNotice.Kind",
    },
}

# --- Celery ---------------------------------------------------------------------------------
# The host part is ignored by the filesystem transport; naming it keeps kombu from warning.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://localhost/")
BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The filesystem transport needs its folders to exist before the first message.
    for sub in ("queue", "control", "processed"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem://")
    # Redis re-delivers a message not acknowledged within this time. It must exceed the longest
    # task's hard time limit (15 minutes), or a task still running would be delivered twice;
    # a worker killed mid-task is noticed sooner, by the jobs' heartbeat (JOB_HEARTBEAT_*).
    else {"visibility_timeout": 20 * 60}
)
# A running job renews its heartbeat every JOB_HEARTBEAT_SECONDS; the sweep (every minute)
# re-sends a job whose heartbeat is older than JOB_HEARTBEAT_STALE_SECONDS.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", 20))
JOB_HEARTBEAT_STALE_SECONDS = float(os.environ.get("JOB_HEARTBEAT_STALE_SECONDS", 120))
# Seconds each automated contract check waits before it runs: 0 in use; the killed-worker test and
# the bench set it to hold a check open long enough to kill its worker mid-check.
CONTRACT_CHECK_DELAY_SECONDS = float(os.environ.get("CONTRACT_CHECK_DELAY_SECONDS", 0))
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "django-db")
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = timedelta(days=7)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only after it ran, and one message at a time per process: a worker that
# dies mid-step leaves the message for another worker instead of losing it. A worker dedicated to
# bursts of short jobs (contract checks) may reserve more (CELERY_WORKER_PREFETCH_MULTIPLIER=4:
# about 15 % more checks per second in bench/contracts.py); what a killed worker had reserved but
# not started then waits for the broker's redelivery or the jobs' sweep (STALE_AFTER).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = int(os.environ.get("CELERY_WORKER_PREFETCH_MULTIPLIER", "1"))
CELERY_TASK_TIME_LIMIT = 15 * 60
# Celery's Django fixup closes the database connection before and after every task unless this is
# set (it then closes every N tasks): a new PostgreSQL connection per task cost about 4.7 ms, more
# than a contract check's own queries. Tasks get what requests get instead (wuhou_portal/celery.py):
# close_old_connections around each, which keeps CONN_MAX_AGE and drops a connection an error broke.
CELERY_DB_REUSE_MAX = 10_000
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"*.workflow_*": {"queue": "workflow"}}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Tests and one-off scripts may run tasks in-process; the worker never does.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True

# How long /healthz waits for a worker to answer its ping, in seconds.
HEALTHZ_WORKER_TIMEOUT = float(os.environ.get("HEALTHZ_WORKER_TIMEOUT", "1.5"))

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Production hardening (DEBUG off) -------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/live$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Pages load scripts and styles only from our own static files: no inline <script> or style=""
# anywhere (put them in static/). The Swagger UI page alone relaxes style-src (wuhou_portal/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12

PORTAL_NAME = _("Wuhou Community Governance Portal")
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "wuhou-demo-2026")
