"""Settings for the newsroom CMS, read from the environment.

One module for every deployment. Defaults are safe for production (DEBUG off,
secure cookies, HSTS); the demo turns DEBUG on explicitly. See README.md for
the variables.

Every variable is parsed strictly by environs: `SECURE_COOKIES=ture` or
`PAGE_CACHE_SECONDS=5m` stops startup with an error that names the variable,
instead of quietly meaning "off" or failing somewhere else.
"""

import importlib.util
import sys
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from environs import Env
from marshmallow.validate import URL, Range, Regexp

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
COUNT = Range(min=0)  # seconds and counts: never negative
POSITIVE = Range(min=1)
WEB_ADDRESS = URL(schemes={"http", "https"}, require_tld=False)


def env_list(name, default=()):
    """Comma-separated values, blanks around each one ignored."""
    items = [item.strip() for item in env.list(name, []) if item.strip()]
    return items or list(default)


DEBUG = env.bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only reached with DEBUG on: a throwaway key for the local demo.
    SECRET_KEY = "django-insecure-demo-only-" + "x" * 40  # noqa: S105

SITE_URL = env.str("SITE_URL", "http://127.0.0.1:8000", validate=WEB_ADDRESS).rstrip("/")
SITE_NAME = env.str("SITE_NAME", "Le Vérificateur régional")
SITE_LOGO = env.str("SITE_LOGO", "img/logo.png")
# The picture a story without one of its own is described with in JSON-LD (a static
# path, at least 1,200 px wide, never the logo: articles/checks.py says so at start).
SITE_DEFAULT_IMAGE = env.str("SITE_DEFAULT_IMAGE", "img/default-image.png")

_site_host = urlsplit(SITE_URL).hostname or "localhost"
# The newsroom's public address: the publisher's contactPoint in JSON-LD.
SITE_CONTACT_EMAIL = env.str("SITE_CONTACT_EMAIL", f"redaction@{_site_host}")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]", _site_host] if DEBUG else [_site_host],
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])
# In the admin, a page in the newsroom's words (newsroom/errors.py).
CSRF_FAILURE_VIEW = "newsroom.errors.csrf_failure"

INSTALLED_APPS = [
    "newsroom.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "newsroom",
    "articles",
    "factcheck",
    "accounts",
    # Tools: demo seeding and the load-test corpus (management commands only).
    "demo",
    "api",
    "imports",
]

MIDDLEWARE = [
    # /healthz and /readyz for load balancers: no session, no page cache, no redirect.
    "newsroom.health.HealthCheckMiddleware",
    # Then: a cached page for an anonymous reader skips everything else.
    "newsroom.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.SecurityHeadersMiddleware",
    # No NUL or other control character in any query parameter a view reads.
    "newsroom.middleware.CleanQueryParametersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 503 instead of a 500 while the database is down; above every middleware that queries it.
    "newsroom.resilience.DatabaseUnavailableMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "newsroom.middleware.PublicCacheHeadersMiddleware",
    "newsroom.db.ReplicaRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Addresses of an imported WordPress site: 301 where our URLs would answer 404.
    "imports.middleware.LegacyRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Has this session passed a second factor? Then: idle staff sessions end,
    # and staff owing a second factor are held at it (accounts/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    # The admin in each staff member's chosen language (after LocaleMiddleware).
    "accounts.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a lockout noticed during a login into the login page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "django.template.context_processors.i18n",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under var/ for the demo, PostgreSQL in production.
# var/ holds the demo database and the local caches; a read-only release
# directory in production is fine as long as DATABASE_URL and CACHE_DIR point elsewhere.
with suppress(OSError):
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env.str("DATABASE_URL", "") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", 60, validate=COUNT),
        conn_health_checks=True,
    ),
}
if DATABASE_REPLICA_URL := env.str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
# Fail fast while PostgreSQL is down or a query runs away: the error becomes a
# 503 (newsroom/resilience.py). `manage.py` commands other than runserver
# (migrations, index builds, generate_corpus) get no statement timeout unless
# DATABASE_STATEMENT_TIMEOUT_MS is set explicitly. 0 turns it off.
_maintenance = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != ["runserver"]
DATABASE_STATEMENT_TIMEOUT_MS = env.int(
    "DATABASE_STATEMENT_TIMEOUT_MS", 0 if _maintenance else 5000, validate=COUNT
)
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", 3, validate=COUNT)
# The hot lookups of fixed shape (newsroom.db.CompiledQuery: the story page, the
# lists' first pages) run as prepared statements, planned once per connection:
# the story page's PostgreSQL CPU 0.50 -> 0.25 ms, a region page's 1.85 -> 0.90 ms
# (docs/performance.md). Other queries are planned with their values each time
# (a search's plan depends on its words). Off behind a transaction-pooling
# PgBouncer older than 1.21 (docs/operations.md).
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", True)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a health check that costs no round trip on an idle
        # connection (newsroom/postgresql/base.py).
        _database["ENGINE"] = "newsroom.postgresql"
        _options = _database.setdefault("OPTIONS", {})
        _options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
        if DATABASE_PREPARED_STATEMENTS:
            # Values bound by the server, the condition of any prepared statement;
            # psycopg prepares none by itself (Django leaves `prepare_threshold` None).
            _options.setdefault("server_side_binding", True)
        if DATABASE_STATEMENT_TIMEOUT_MS:
            _options["options"] = (
                f"{_options.get('options', '')} "
                f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
            ).strip()
DATABASE_ROUTERS = ["newsroom.db.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered fragments of immutable or generation-keyed content (story cards of a
# published version, the page frame), in each worker's memory: no I/O to read them.
FRAGMENTS = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": env.int("FRAGMENT_CACHE_ENTRIES", 5_000, validate=POSITIVE)},
}

# Cache: Redis shared by every host when REDIS_URL is set, else per process.
REDIS_URL = env.str("REDIS_URL", "")
if REDIS_URL:
    _redis = {
        "BACKEND": "newsroom.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", "newsroom"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    # One store for pages and their generations: a hit reads both in one round trip.
    CACHES = {"default": _redis, "fragments": FRAGMENTS}
else:
    _cache_dir = Path(env.str("CACHE_DIR", str(BASE_DIR / "var" / "cache")))
    CACHES = {
        # Pages and counts in files every worker of the host shares: a worker's
        # local memory would hold ~300 pages of its own, and over 300 popular
        # stories most readers would miss. Reads are one small file each.
        "default": {
            "BACKEND": "newsroom.cache.SharedFileCache",
            "LOCATION": str(_cache_dir / "pages"),
            "OPTIONS": {
                "MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", 20_000, validate=POSITIVE),
                "CULL_FREQUENCY": 10,
            },
        },
        # The page cache's generation must be seen by every worker process:
        # local memory would keep each worker's own (newsroom/pagecache.py).
        "generation": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(_cache_dir),
        },
        "fragments": FRAGMENTS,
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", BASE_DIR / "var" / "media")
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

# Uploads: a hero image or a portrait, never a whole archive.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A long investigation on one page (up to 150 sources and 60 claims, each citing
# any of them) stays under this; tests/articles/test_edit_safety.py checks the sum.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", 10 * 1024 * 1024, validate=POSITIVE)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", 40_000_000, validate=POSITIVE)
# Animations: all frames counted; GIF decoding holds whole frames (docs/images.md).
IMAGE_MAX_ANIMATION_PIXELS = env.int("IMAGE_MAX_ANIMATION_PIXELS", 10_000_000, validate=POSITIVE)
IMAGE_RENDITION_WIDTHS = (480, 960, 1600)
# Hero crops (16:9, 4:3, 1:1 around the focal point) for JSON-LD and Open Graph: at
# most this wide. Author photos: square thumbnails of these sizes (1x, 2x).
IMAGE_CROP_WIDTH = 1200
IMAGE_AUTHOR_SIZES = (96, 192)
# Renditions are made from one decoded copy of at most this many pixels (docs/images.md).
IMAGE_BASE_MAX_PIXELS = 12_000_000
# The site logo (SITE_LOGO) is served as renditions too: this many pixels high in the
# header (1x, 2x), and at most this wide in the publisher's structured data.
IMAGE_LOGO_HEIGHTS = (48, 96)
IMAGE_LOGO_WIDTH = 600

# Editorial rules.
VERIFICATION_MIN_OUTLETS = env.int("VERIFICATION_MIN_OUTLETS", 2, validate=POSITIVE)

# Reader tips (/signaler/, factcheck/tips.py): e-mail addresses are erased once the
# answer is sent or after this many days; tips accepted per client address and in
# all per hour; a form sent sooner than MIN_SECONDS after it was shown is a robot's.
TIP_EMAIL_RETENTION_DAYS = env.int("TIP_EMAIL_RETENTION_DAYS", 90, validate=POSITIVE)
TIP_RATE_PER_ADDRESS = env.int("TIP_RATE_PER_ADDRESS", 5, validate=POSITIVE)
TIP_RATE_GLOBAL = env.int("TIP_RATE_GLOBAL", 300, validate=POSITIVE)
TIP_FORM_MIN_SECONDS = env.int("TIP_FORM_MIN_SECONDS", 3, validate=COUNT)
TIP_FORM_MAX_AGE = 24 * 3600  # a form left open for a day is shown again, text kept

# Security: production values unless DEBUG is on.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, validate=COUNT)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25, validate=Range(min=1, max=65535))
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)
# A mail server that never answers must not hold an editor's request: give up
# after this many seconds (the failure is logged, the decision already saved).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", 5.0, validate=Range(min=0, min_inclusive=False))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "redaction@localhost")

# One JSON line per request on the `newsroom.requests` logger (newsroom/requestlog.py).
REQUEST_LOG = env.bool("REQUEST_LOG", False)
# Background tasks (newsroom/tasks.py): a queue in the database, run by
# `manage.py db_worker` (several workers on several hosts may share it).
# Queues: "default" (e-mail), "evidence" (fetching cited pages, slow: its own workers may
# serve it).
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "evidence"],
    }
}
# Longest wait between two attempts of a failing task, in seconds.
TASKS_MAX_BACKOFF = env.int("TASKS_MAX_BACKOFF", 3600, validate=Range(min=1))

# Fetching cited pages (newsroom/fetch.py): never a private address, except in
# these networks (CIDR; empty in production, the tests' local servers use it).
FETCH_ALLOW_NETWORKS = env_list("FETCH_ALLOW_NETWORKS")
FETCH_TIMEOUT = env.float("FETCH_TIMEOUT", 20.0, validate=Range(min=0, min_inclusive=False))
FETCH_MAX_BYTES = env.int("FETCH_MAX_BYTES", 10 * 1024 * 1024, validate=POSITIVE)
FETCH_USER_AGENT = env.str(
    "FETCH_USER_AGENT", f"NewsroomEvidenceArchiver/1.0 (+{SITE_URL}/pages/methodologie/)"
)
# The link watch (factcheck/linkwatch.py) runs every LINK_WATCH_INTERVAL seconds and
# re-checks every cited URL of published stories once per period (days), at most
# LINK_WATCH_PER_HOST checks per host and run.
LINK_WATCH_INTERVAL = env.int("LINK_WATCH_INTERVAL", 3600, validate=Range(min=60))
LINK_WATCH_PERIOD_DAYS = env.int("LINK_WATCH_PERIOD_DAYS", 7, validate=POSITIVE)
LINK_WATCH_PER_HOST = env.int("LINK_WATCH_PER_HOST", 10, validate=POSITIVE)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"bare": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json_lines": {"class": "logging.StreamHandler", "formatter": "bare"},
    },
    "root": {"handlers": ["console"], "level": env.log_level("LOG_LEVEL", "INFO")},
    "loggers": {
        # Failed logins and lockouts are warnings; axes' step-by-step notes are not news.
        "axes": {"level": "WARNING"},
        "newsroom.requests": {"handlers": ["json_lines"], "level": "INFO", "propagate": False},
    },
}

# Error reporting to Sentry (or a compatible service) when SENTRY_DSN is set;
# needs the `sentry` extra (sentry-sdk). No personal data is sent.
SENTRY_DSN = env.str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", 0.0, validate=Range(0, 1))
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError as exc:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install '.[sentry]'."
        ) from exc
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
        send_default_pii=False,
    )

# Tag slugs in ASCII ("sécheresse" → "secheresse") so that /tags/<slug>/ always resolves.
TAGGIT_CASE_INSENSITIVE = True
# Commas are the only separator ("Réseaux de chaleur" is one tag); articles/tagging.py.
TAGGIT_TAGS_FROM_STRING = "articles.tagging.parse_tags"
TAGGIT_STRING_FROM_TAGS = "articles.tagging.format_tags"
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# Whole pages for anonymous readers (newsroom/pagecache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 300, validate=COUNT)
# Bytes of pages each worker also keeps in its own memory, checked against one
# shared number instead of read from the cache (newsroom/pagecache.py); 0: none.
PAGE_CACHE_HOT_BYTES = env.int("PAGE_CACHE_HOT_BYTES", 32 * 1024 * 1024, validate=COUNT)
PAGE_CACHE_EXCLUDE = ("/admin/", "/en/admin/", "/static/", "/media/", "/healthz", "/readyz")
# Query parameters no page reads (campaign and click trackers): the cache ignores
# them. A trailing "*" matches a prefix. Comma-separated in the environment.
PAGE_CACHE_IGNORED_PARAMETERS = env.list(
    "PAGE_CACHE_IGNORED_PARAMETERS",
    [
        "utm_*",
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "yclid",
        "twclid",
        "ttclid",
        "at_medium",
        "at_campaign",
        "xtor",
    ],
)

# Development only: django-debug-toolbar (the `dev` extra) on pages requested from this
# machine, when DEBUG is on; DEBUG_TOOLBAR=0 hides it. Never loaded with DEBUG off.
_debug_toolbar_wanted = env.bool("DEBUG_TOOLBAR", True)  # parsed in production too: no typo hides
DEBUG_TOOLBAR = (
    DEBUG and _debug_toolbar_wanted and importlib.util.find_spec("debug_toolbar") is not None
)
if DEBUG_TOOLBAR:
    INSTALLED_APPS.append("debug_toolbar")
    # Right after the probes: it sees every page, cached or not, and nothing caches it.
    MIDDLEWARE.insert(1, "debug_toolbar.middleware.DebugToolbarMiddleware")
    INTERNAL_IPS = ["127.0.0.1", "::1"]
    PAGE_CACHE_EXCLUDE += ("/__debug__/",)


# Security hardening (newsroom/security.py)
# One Content-Security-Policy for the reader site and the admin: scripts, styles,
# images and fonts from this site only, nothing inline, never framed. Media
# served from another origin (a CDN) goes into CSP_IMG_SOURCES. CSP_REPORT_ONLY
# sends it as Content-Security-Policy-Report-Only, to try a change safely.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", *env_list("CSP_IMG_SOURCES")],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", False)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Staff accounts (accounts/). Login lockout by django-axes, in the database
# (nothing evicts it): see accounts/lockout.py for the three limits. Behind a
# proxy, the client address comes from X-Forwarded-For, believed only when the
# request comes from TRUSTED_PROXIES.
LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = env.int(
    "LOGIN_THROTTLE_ACCOUNT_ATTEMPTS", 5, validate=Range(min=1)
)
LOGIN_THROTTLE_ADDRESS_ATTEMPTS = env.int(
    "LOGIN_THROTTLE_ADDRESS_ATTEMPTS", 20, validate=Range(min=1)
)
LOGIN_THROTTLE_GLOBAL_ATTEMPTS = env.int(
    "LOGIN_THROTTLE_GLOBAL_ATTEMPTS", 200, validate=Range(min=1)
)
LOGIN_THROTTLE_LOCKOUT = env.int("LOGIN_THROTTLE_LOCKOUT", 15 * 60, validate=POSITIVE)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "accounts.lockout.NewsroomLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = LOGIN_THROTTLE_ACCOUNT_ATTEMPTS
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_THROTTLE_LOCKOUT)
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USERNAME_CALLABLE = "accounts.lockout.normalized_username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Second factor (accounts/twofactor.py): required of superusers and editors
# (every staff member with TWO_FACTOR_ALL_STAFF) unless turned off; off in the demo.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", not DEBUG)
TWO_FACTOR_ALL_STAFF = env.bool("TWO_FACTOR_ALL_STAFF", False)
OTP_TOTP_ISSUER = SITE_NAME
# A staff session unused this long ends (0: never); the admin then asks to log in again.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", 2 * 3600, validate=COUNT)
LOGIN_URL = "admin:login"
# After logging in without a `next`, the newsroom (never /accounts/profile/).
LOGIN_REDIRECT_URL = "admin:index"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", 3 * 3600, validate=POSITIVE)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"]))


# Content API (/api/v1/, api/): public reads without a key at API_ANONYMOUS_RATE
# per client address ("60/min"); keys created in the admin carry their own limit.
API_ANONYMOUS_RATE = env.str(
    "API_ANONYMOUS_RATE",
    "60/min",
    validate=Regexp(r"^[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)$", error="Use N/min, N/hour…"),
)
API_DEFAULT_LIMIT = 20
API_MAX_LIMIT = 100
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.access.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.access.KeyOrAddressThrottle"],
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} — content API",
    "DESCRIPTION": "Published stories, fact-checks, regions, authors, tags, verdicts, pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}
# Webhooks (api/webhooks.py): deliveries never reach private addresses; tests
# allow their local receiver through WEBHOOK_ALLOWED_NETWORKS.
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", 5.0, validate=Range(min=0, min_inclusive=False))
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", 6, validate=POSITIVE)
WEBHOOK_ALLOWED_NETWORKS: list[str] = []
