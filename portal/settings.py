"""Settings for the "Dân vận khéo" portal, read from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    SECURE_COOKIES=(bool, False),
    SECURE_SSL_REDIRECT=(bool, False),
    SECURE_HSTS_SECONDS=(int, 0),
    SECURE_HSTS_INCLUDE_SUBDOMAINS=(bool, False),
    SECURE_HSTS_PRELOAD=(bool, False),
    USE_X_FORWARDED_PROTO=(bool, False),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
# Keys anyone can read in the repository: the development fallback and the .env.example placeholder.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me"
PUBLIC_SECRET_KEYS = {DEVELOPMENT_SECRET_KEY, "change-me-to-a-long-random-string"}
SECRET_KEY = env("SECRET_KEY", default="") or DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY in PUBLIC_SECRET_KEYS:
    # With DEBUG off the portal is the real one: it must not sign sessions with a public key.
    raise ImproperlyConfigured(
        "Chưa đặt SECRET_KEY cho môi trường chạy thật (DEBUG=false): đặt biến môi trường "
        "SECRET_KEY (trong .env) thành một chuỗi ngẫu nhiên dài, riêng của cổng, ví dụ "
        'python -c "import secrets; print(secrets.token_urlsafe(50))". '
        "Chạy thử trên máy mình thì đặt DEBUG=true."
    )
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin, its site portal.admin_site.PortalAdminSite.
    "portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # PostgreSQL's trigram lookups for the showcase search (nothing on SQLite).
    "django.contrib.postgres",
    "django_htmx",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "portal",
    "movements",
    "notifications",
    "initiatives",
    "registrations",
    "scoring",
    "awards",
    "reports",
    "dashboard",
    "desk",
    "showcase",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A stored public showcase page is answered here, before sessions and users are read.
    "showcase.caching.PublicPageCacheMiddleware",
    "portal.middleware.CleanInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.coordinator.coordinator_context",
                "notifications.views.unread_context",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock at BEGIN instead of failing mid-transaction ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept connection the database dropped (restart, idle timeout) is replaced, not a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# One process: memory. Several gunicorn workers or machines: a shared cache (CACHE_URL=redis://…),
# so a page dropped from the cache (a model published) is dropped for every worker at once.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's backend, its Redis client made once, not on every call (portal/cache.py).
    CACHES["default"]["BACKEND"] = "portal.cache.PortalRedisCache"
# Readings kept under data versions (portal/versions.py: the tracker, quota page, agency desk)
# need every process to see a write's version: a shared cache, or one process alone.
KEEP_READINGS = env.bool(
    "KEEP_READINGS",
    default=not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")),
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Ten characters at least: accounts reach every agency's data of a province.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords an account is locked
# from every address (by username only) for AXES_COOLOFF_MINUTES; the portal and admin logins
# both count, a success resets the count, and a reviewer lifts a lock in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.backends.PortalBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# W006 wants the address in the lock; locking the name alone is the point (every address).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Vietnamese first: labels, dates dd/mm/yyyy, the province's clock.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# Vietnamese for the admin libraries that ship none (django-import-export, simple-history).
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_BACKEND = env(
    "STATICFILES_BACKEND", default="django.contrib.staticfiles.storage.StaticFilesStorage"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # WhiteNoise's, its files' URLs kept once worked out (portal/static_storage.py).
            "portal.static_storage.KeptUrlsManifestStorage"
            if STATICFILES_BACKEND == "whitenoise.storage.CompressedManifestStaticFilesStorage"
            else STATICFILES_BACKEND
        )
    },
}
# Locally (plain storage) files are served straight from the apps, with no collectstatic. With
# the manifest storage (production) only the collected files are served, hashed ones cached forever.
WHITENOISE_USE_FINDERS = env.bool(
    "WHITENOISE_USE_FINDERS", default="Manifest" not in STATICFILES_BACKEND
)
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Uploaded files (evidence, signed dossiers) on S3-compatible object storage, for several web
# machines: MEDIA_STORAGE=s3 and the S3_* variables (django-storages). Files stay private: every
# link is signed and short-lived, and the portal checks access before it hands one out.
if env("MEDIA_STORAGE", default="filesystem") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "region_name": env("S3_REGION", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "location": env("S3_PREFIX", default="media"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            # Two uploads with one name never overwrite each other.
            "file_overwrite": False,
        },
    }

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# The address mail comes from; notifications put the coordinator's name (from the database) on it.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="khong-tra-loi@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in mail point here (mail is sent by a scheduled command, outside any request).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# HTTPS, all off by default (local http); production turns them on from the environment, see
# the production block of .env.example. `manage.py check --deploy` then reports nothing (CI checks).
SESSION_COOKIE_SECURE = env("SECURE_COOKIES")
CSRF_COOKIE_SECURE = env("SECURE_COOKIES")
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database; with a shared cache, SESSION_ENGINE=…cached_db reads them from the
# cache (docker-compose sets it) and still writes them through to the database.
SESSION_ENGINE = env("SESSION_ENGINE", default="django.contrib.sessions.backends.db")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
# The container's healthcheck asks for /healthz over plain http from inside; it is not redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD")
# Only our own origin: no inline script or style, no eval, so injected markup cannot run or restyle.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Behind a reverse proxy that ends TLS and sets X-Forwarded-Proto (and strips it from clients).
if env("USE_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Imports are all-or-nothing: every row runs in one transaction rolled back on any error.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Off: it strips a leading "=" (altering text); portal.admin_imports.TextXLSX writes text cells.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Spreadsheet uploads, checked before the workbook is opened (portal.excel.check_workbook_upload):
# the file itself, the sum of its inflated parts, and how much it may inflate.
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)
# Django's defaults hold: form fields ≤ 2.5 MB in memory, uploads above 2.5 MB spooled to disk.
# Django sets no cap on a request's file bytes: the reverse proxy's body limit does that.

# Signed dossiers (awards.signing): the root certificates a leader's signature must chain to, e.g.
# the VGCA roots; PEM or DER files, comma-separated. None configured: signed uploads are refused.
SIGNATURE_TRUST_ROOTS = env.list("SIGNATURE_TRUST_ROOTS", default=[])

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
