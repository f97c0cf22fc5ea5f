"""Settings for the CICA CBM site, read from the environment.

With nothing set, the site runs on the embedded defaults: a SQLite file beside
manage.py, a local-memory cache and Celery tasks executed in-process. Setting
DATABASE_URL=postgres://… and REDIS_URL=redis://… switches to PostgreSQL
(psycopg 3), Redis as cache and broker, and real Celery workers.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# Only ever used with DEBUG on; production must set SECRET_KEY (checked below).
DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=DEFAULT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEFAULT_SECRET_KEY:
    raise ImproperlyConfigured("DEBUG is off: set SECRET_KEY to a long random value.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- HTTPS and security headers (issue 12, point 3) -------------------------------------------
# With DEBUG off the site is served over HTTPS only: plain HTTP is redirected, HSTS tells
# browsers to come back over HTTPS for a year, cookies travel only over HTTPS. With DEBUG on
# (make run) it answers plain HTTP on 127.0.0.1. Behind a TLS proxy, Django learns that a
# request came over HTTPS from the header the proxy sets, e.g.
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO; trusted only when set, since a client
# reaching the site directly could send it too.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if proxy_ssl_header := env.str("SECURE_PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (proxy_ssl_header, "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Only asks to be preloaded: it takes effect once the domain is submitted to hstspreload.org.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page here uses (cica_site.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Scripts from our own static files; an inline one only with the response's nonce
        # (templates: nonce="{{ request.csp_nonce }}").
        "script-src": [SELF, NONCE],
        # <style> elements need the nonce too. Style attributes cannot carry one, and the admin
        # (django-import-export's and django-simple-history's templates, jQuery's widgets) and
        # the plan page's bars (their widths) use them: attributes may style, not run script.
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        # Swagger UI and the admin draw icons from data: URLs.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "corsheaders",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "import_export",
    "django_countries",
    "membership",
    "bodies",
    "cbm",
    "operations",
    "imports",
]

MIDDLEWARE = [
    # First, so every line logged while a request is served carries its id.
    "operations.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Headers on every response, static files included (WhiteNoise answers after these).
    "csp.middleware.CSPMiddleware",
    "cica_site.middleware.PermissionsPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "cica_site.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "cica_site.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails a request (and /readyz) in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # No JIT compilation: the site's queries are short, and the facets of a filtered activities
    # page spent longer compiling (100-650 ms at 100,000 items) than running (bench/explain_facets.md).
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to no cache while Redis is unreachable (cica_site/cache.py).
            "BACKEND": "cica_site.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="cica"),
            "OPTIONS": {
                "socket_connect_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.25),
                "socket_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.25),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The Secretariat's working languages.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cica_site.formats"]
TIME_ZONE = "Asia/Almaty"  # Astana, where the Secretariat sits.
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")

# Celery: with REDIS_URL a real broker and workers; without it tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}

if not DEBUG:
    # Behind gunicorn the site serves its own collected static files.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("corsheaders.middleware.CorsMiddleware"),
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

# Logs: one JSON object a line in production (LOG_FORMAT=json, docker-compose.yml), plain text
# otherwise; each record carries the id of the request it was logged in (operations/logs.py).
# The Celery worker and beat log through the same configuration (cica_site/celery.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # A line a request, and the workers' task lines, where logs are collected (JSON).
        "operations.requests": {"level": "INFO" if LOG_FORMAT == "json" else LOG_LEVEL},
        "celery": {"level": "INFO" if LOG_FORMAT == "json" else LOG_LEVEL},
    },
}

# --- Operations (issue 12, point 5) -----------------------------------------------------------
# /readyz fails once the newest worker heartbeat is older than this (seconds; beat queues one
# every 30 s: operations' migration 0002).
READY_HEARTBEAT_MAX_AGE = env.int("READY_HEARTBEAT_MAX_AGE", default=120)
# Probes of a load balancer or compose answer over plain HTTP, inside the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# --- Celery: reliability and the nightly statistics (issue 4) ---------------------------------
# A task is acknowledged only once it has run, and requeued when its worker dies, so a SIGKILLed
# compile runs again elsewhere; one message at a time, so a dying worker strands no others.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker whose broker went away keeps trying to reconnect, for as long as it takes.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A compile takes well under a second at 50,000 items (bench/README.md), but the limit is every
# task's (imports too), so it stays at 5 minutes. The sweep (cbm.tasks.queue_stale_plans, every
# 2 minutes: cbm migration 0017's beat entry) queues a recompile still requested
# CBM_STATS_RECOMPILE_DELAY + this limit after its change: a lost message or a killed compile
# runs again within about 7 minutes (10 + 300 + 120 s), before the broker's redelivery after the
# visibility timeout (11 minutes).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int(
    "CELERY_TASK_SOFT_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT * 4 // 5
)
# Redis hands an unacknowledged message to another worker after the visibility timeout: it must
# outlast a task (twice over, with margin), or a slow compile would run twice at once.
celery_visibility_timeout = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=2 * CELERY_TASK_TIME_LIMIT + 60
)
if celery_visibility_timeout <= 2 * CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be longer than twice CELERY_TASK_TIME_LIMIT."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": celery_visibility_timeout,
    # How often a worker looks for messages whose worker died (seconds between sweeps).
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
    # A web request queueing a recompile while Redis is down gives up fast (the recompile is
    # recorded in the database and the sweep queues it later); above the worker's 1 s poll.
    "socket_connect_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=0.5),
    "socket_timeout": 2 * env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=0.5) + 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=0.5)
# One retry, at once: kombu's default (3 retries) held a save for seconds during an outage.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
# Nobody reads task results (snapshots are stored in PostgreSQL), and waiting on them made a
# queueing during an outage hang 20 s on the result store.
CELERY_TASK_IGNORE_RESULT = True
# Officers edit the nightly schedule in the admin; cbm's migration 0002 creates its first entry.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Changes to plan items within this many seconds are compiled once.
CBM_STATS_RECOMPILE_DELAY = env.int("CBM_STATS_RECOMPILE_DELAY", default=10)

# --- Spreadsheet imports (issue 12, point 4): checked before anything is parsed ----------------
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
# An .xlsx is a zip: its sheets' sizes once unzipped, and how far a large one may be compressed.
IMPORT_MAX_UNZIPPED_BYTES = env.int("IMPORT_MAX_UNZIPPED_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)
# A job untouched this many seconds while queued or running has lost its worker or message.
IMPORT_JOB_STALLED_AFTER = env.int("IMPORT_JOB_STALLED_AFTER", default=120)

# --- REST API (issue 7) ---
REST_FRAMEWORK.update(
    {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            # Tokens are issued to trusted systems and officers in the admin (Auth Token).
            "rest_framework.authentication.TokenAuthentication",
            "cica_site.api.authentication.BearerTokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        # Anyone reads; writing needs the user's model permissions (add/change plan item).
        "DEFAULT_PERMISSION_CLASSES": [
            "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
        ],
        "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
        "DEFAULT_PAGINATION_CLASS": "cica_site.api.pagination.PageNumberWithSize",
        # JSON bodies only: one request format to document, and to generate clients from.
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_RENDERER_CLASSES": [
            "rest_framework.renderers.JSONRenderer",
            "rest_framework.renderers.BrowsableAPIRenderer",
        ],
        "DEFAULT_THROTTLE_CLASSES": [
            "cica_site.api.throttling.AnonymousClientThrottle",
            "cica_site.api.throttling.UserThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {
            "anon": env.str("API_ANON_THROTTLE_RATE", default="1000/hour"),
            # Tokens are issued to trusted systems: a higher rate, but a rate.
            "user": env.str("API_USER_THROTTLE_RATE", default="10000/hour"),
        },
        "EXCEPTION_HANDLER": "cica_site.api.exceptions.api_exception_handler",
        "DEFAULT_CONTENT_NEGOTIATION_CLASS": "cica_site.api.filters.FormatAwareContentNegotiation",
        "DEFAULT_SCHEMA_CLASS": "cica_site.api.schema.AutoSchema",
        "DATETIME_FORMAT": "iso-8601",
        "DATE_FORMAT": "iso-8601",
        "TEST_REQUEST_DEFAULT_FORMAT": "json",
    }
)
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)  # seconds, for public GETs

SPECTACULAR_SETTINGS = {
    "TITLE": "CICA CBM API",
    "DESCRIPTION": (
        "The Catalogue of confidence building measures, the annual plans of their "
        "implementation and their events, for external systems. Read freely (anonymous "
        "clients are throttled); trusted systems write events with a token issued in the "
        "admin (`Authorization: Token <key>`). Objects carry their natural keys beside ids "
        "(ISO codes for states, slugs for dimensions, areas and bodies, years for plans, codes "
        "for events), and URLs use them. Dates are ISO 8601. Every error has one body: "
        "status, code, detail, errors."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from our own static files: no CDN, so they work behind a firewall.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "cica_site.dates.DatePrecision",
        "FormatEnum": "bodies.models.Format",
        "CoordinatorRoleEnum": "cbm.models.Role",
        # Every kind of organizer; a country, alone (country) or in a list (participating states).
        "ActorKindEnum": "membership.models.ActorKind",
        "CountryEnum": "django_countries.countries",
        # Records named by natural key, by several fields each (cica_site.api.schema).
        "BodyEnum": ["bodies.body.slug"],
        "OrganizerEnum": ["membership.actor.slug"],
    },
}

# CORS: any origin may read the API from a browser; writes come from trusted servers, not pages.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition"]

# --- Sign-in lockout and API throttles (issue 12, point 2) -----------------------------------
# Proxies in front of the site that append to X-Forwarded-For (docker-compose's TLS proxy: 1).
# The throttle and the lockout take the client address from cica_site.client_ip; with 0 the
# header is ignored, since any client can write it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS += ["signin.apps.LockoutsConfig", "signin"]  # axes, named for officers
# django-axes refuses a locked-out sign-in before any password is checked; it must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
# The database handler: sign-in keeps its lockouts while Redis is down.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Locked by user name and address together: by name alone anyone could lock an officer out by
# typing wrong passwords for them; by address alone an attacker could try one password on each
# account in turn. A typo-prone officer's success clears the count (AXES_RESET_ON_SUCCESS).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cica_site.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "signin.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False  # signin/admin.py registers the screens with an Unlock action
