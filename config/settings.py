"""Exhale's one settings file. Everything that differs between machines comes from the
environment; the defaults run with nothing installed (SQLite and Celery's filesystem
broker under var/)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [part.strip() for part in value.split(",") if part.strip()] or default


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("EXHALE_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY: it has no default when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "core",
    "accounts",
    "curriculum",
    "journal",
    "projects",
    "training_jobs",
    "portfolio",
    "tracking",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portfolio.middleware.CachedPublicPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.LearnerTimezoneMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        # Persistent connections: opening one per request (and re-running the SQLite
        # pragmas) costs more than most pages.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a Celery worker started by a test sees the test data;
    # WAL and a busy timeout let the web process and a worker write side by side.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_db.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # The public-posts indexes carry a PostgreSQL-only INCLUDE column (journal.models); SQLite
    # builds them without it, which is fine, so `make run` need not warn about it each start.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# How many reverse proxies of ours stand in front of the app (the TLS proxy: 1). The client's
# address is then the entry they wrote into X-Forwarded-For; 0 ignores that header. Sign-in
# (django-axes), the sign-up throttle and the demo rate limit all read it (core/throttle.py).
_BEHIND_PROXY = not DEBUG and env_bool("BEHIND_TLS_PROXY", True)
EXHALE_TRUSTED_PROXIES = int(
    os.environ.get("EXHALE_TRUSTED_PROXIES", "1" if _BEHIND_PROXY else "0")
)
AXES_CLIENT_IP_CALLABLE = "core.throttle.client_address_for_axes"
# Failed sign-ins are throttled per account-and-address: after AXES_FAILURE_LIMIT failures
# within AXES_COOLOFF_TIME that pair is locked out for that long, so one person's typos never
# lock out another learner behind the same proxy or NAT. One address guessing many accounts
# is stopped by SIGN_IN_ADDRESS_LIMIT failures per cool-off window (accounts/throttles.py).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SIGN_IN_ADDRESS_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_LIMIT", "50"))
# Sign-up attempts per address per hour.
SIGN_UP_ADDRESS_LIMIT = int(os.environ.get("SIGN_UP_ADDRESS_LIMIT", "10"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Files (data sets, run artifacts and models, tracked artifacts, notebooks): a folder under
# MEDIA_ROOT by default; an S3-compatible bucket when EXHALE_S3_BUCKET is set, so workers on
# other machines share nothing with the web process but the database, the broker and the
# bucket (docs/gpu-worker.md).
S3_BUCKET = os.environ.get("EXHALE_S3_BUCKET", "")
S3_STORAGE = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        # None: boto3 looks further (an instance role, ~/.aws); never written in a file here.
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "location": os.environ.get("EXHALE_S3_PREFIX", ""),
        "default_acl": None,  # objects stay private: every read goes through a view
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": True,
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
    },
}
STORAGES = {
    "default": (
        S3_STORAGE if S3_BUCKET else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: Django itself refuses bodies over this; each upload form checks its own limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Runs logged with the MLflow client (tracking app): caps per artifact file, per learner's
# artifacts altogether, and metric points per run.
EXHALE_TRACKING_ARTIFACT_MAX_BYTES = int(
    os.environ.get("EXHALE_TRACKING_ARTIFACT_MAX_BYTES", str(50 * 1024 * 1024))
)
EXHALE_TRACKING_LEARNER_MAX_BYTES = int(
    os.environ.get("EXHALE_TRACKING_LEARNER_MAX_BYTES", str(1024**3))
)
# A notebook renders in a child process killed after this many seconds (nbconvert's cost is
# not bounded by a file's size), so an upload never holds a web worker longer.
EXHALE_NOTEBOOK_RENDER_SECONDS = float(os.environ.get("EXHALE_NOTEBOOK_RENDER_SECONDS", "20"))
EXHALE_TRACKING_MAX_RUNS_PER_LEARNER = int(
    os.environ.get("EXHALE_TRACKING_MAX_RUNS_PER_LEARNER", "10000")
)
EXHALE_TRACKING_MAX_POINTS_PER_RUN = int(
    os.environ.get("EXHALE_TRACKING_MAX_POINTS_PER_RUN", "500000")
)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "exhale@localhost")

# --- Broker and cache -------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# Without Redis, the broker is a folder and the cache a file cache; both may sit outside
# VAR_DIR (a worker with a var dir of its own on the same machine points at the web's).
CELERY_BROKER_DIR = Path(os.environ.get("EXHALE_BROKER_DIR", VAR_DIR / "celery"))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 3600}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "exhale"),
        }
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    # kombu's filesystem transport, writing each message whole before a worker can take it.
    CELERY_BROKER_TRANSPORT = "core.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "out"),
        "data_folder_out": str(CELERY_BROKER_DIR / "out"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        # How often an idle worker looks for a message (kombu's default is every second):
        # a "try it" answer or a queued run would wait up to that long for nothing.
        "polling_interval": float(os.environ.get("BROKER_POLL_SECONDS", "0.1")),
    }
    for sub in ("out", "processed", "control"):
        (CELERY_BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("EXHALE_CACHE_DIR", str(VAR_DIR / "cache")),
        }
    }

# Jobs keep their state in the database, so Celery stores no results.
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "training_jobs.tasks.run_training": {"queue": "gpu"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "reap-stale-jobs": {
        "task": "training_jobs.tasks.reap_stale_jobs",
        "schedule": float(os.environ.get("REAP_EVERY_SECONDS", "30")),
        "options": {"queue": "default"},
    },
}

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    # DRF's JSON parser, refusing what would be a 500: nesting too deep, NUL characters.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/min"),
        "user": os.environ.get("API_USER_RATE", "2000/min"),
    },
    # Without it DRF keys anonymous throttles by the whole X-Forwarded-For text, which a
    # client writes itself: a fresh header per request would never be throttled.
    "NUM_PROXIES": EXHALE_TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Exhale API",
    "DESCRIPTION": "Plan, practise and ship: everything the Exhale web pages can do.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps have fields named kind and status with different choices.
    "ENUM_NAME_OVERRIDES": {
        "ItemKindEnum": "curriculum.models.ItemKind",
        "StageKindEnum": "curriculum.models.StageKind",
        "ItemStatusEnum": "curriculum.models.ItemStatus",
        "SessionKindEnum": "journal.kinds.Kind",
        "JobStatusEnum": "training_jobs.models.JobStatus",
        "DatasetKindEnum": "projects.models.DatasetKind",
    },
}

# --- Security (production) ----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Container health checks talk plain HTTP from inside the container.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Off only for plain-HTTP runs on loopback (make load); production keeps them on.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # htmx sends the token from the page (hx-headers), so no script needs to read the cookie.
    CSRF_COOKIE_HTTPONLY = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Exhale's own limits ------------------------------------------------------------------
TRAINING_TIME_LIMIT_SECONDS = int(os.environ.get("TRAINING_TIME_LIMIT_SECONDS", "3600"))
HEARTBEAT_STALE_SECONDS = int(os.environ.get("HEARTBEAT_STALE_SECONDS", "90"))
QUEUED_RESEND_SECONDS = int(os.environ.get("QUEUED_RESEND_SECONDS", "120"))
# Private networks the roadmap importer may fetch from (CIDRs); none by default, so a pasted
# link never reaches inside our network (docs/security/importer.md).
IMPORT_FETCH_ALLOWED_NETWORKS = env_list("IMPORT_FETCH_ALLOWED_NETWORKS", [])
IMPORT_FETCHES_PER_HOUR = int(os.environ.get("IMPORT_FETCHES_PER_HOUR", "30"))
# How long the sitemap index (which pages exist) is kept before it is listed again; 0: never.
SITEMAP_INDEX_SECONDS = int(os.environ.get("EXHALE_SITEMAP_INDEX_SECONDS", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
