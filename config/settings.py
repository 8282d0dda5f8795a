"""Settings, read from the environment (see README "Settings").

Defaults suit a fresh checkout: SQLite in the project root, no Redis, debug off unless
DJANGO_DEBUG says otherwise.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.media_storage import bucket_storage, plain_http_image_sources

BASE_DIR = Path(__file__).resolve().parent.parent
# The site's own templates, static files and translations are in this package, so that an
# installed wheel carries them (docs/deploy.md, "A release").
SITE_FILES = Path(__file__).resolve().parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_number(name, default, kind=int):
    """The variable as a number of `kind`, its default when unset or empty; a value that is
    not one stops the site with a message naming the variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def env_text(name, default):
    """The variable, its default when unset or empty (an empty MEDIA_ROOT would be the
    current folder, an empty DJANGO_ADMIN_PATH the site's root)."""
    return os.environ.get(name, "").strip() or default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = "development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Where the admin is served: its own path keeps it from those who only try /admin/ (and a
# web server may also limit it to the newsroom's networks: docs/nginx.conf).
ADMIN_PATH = env_text("DJANGO_ADMIN_PATH", "admin/")
SITE_PATHS = "en ckeditor i18n columns articles attachments tags search feed plus a media static"
if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*/", ADMIN_PATH) or ADMIN_PATH[:-1] in SITE_PATHS.split():
    raise ImproperlyConfigured(
        "DJANGO_ADMIN_PATH is one path segment of lowercase letters, digits, - or _, ending "
        f'in "/" (e.g. "desk-7f3a/"), and none of the site\'s own: {SITE_PATHS}.'
    )

# The name of a fresh install; staff change it in the admin's site settings.
SITE_NAME = env_text("SITE_NAME", "高新区经济研究网")

INSTALLED_APPS = [
    # First, so that its admin templates (the index, the article pages) are found before
    # Django's and django-reversion's.
    "newsroom",
    "newsroom.admin_site.NewsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "newsroom.apps.LoginRecordsConfig",  # django-axes
    # Two-step login (django-otp): authenticator apps (TOTP) and recovery codes.
    "django_otp",
    "newsroom.apps.AuthenticatorAppsConfig",
    "newsroom.apps.RecoveryCodesConfig",
    "csp",
    "mptt",
    "reversion",
    "ckeditor",
    "ckeditor_uploader",
    "sitecache",
    "uploads",
    "categories",
    "news",
    "gallery",
    "topics",
    "dedecms",
    "sitesettings",
    "staffaccess",
    "auditlog",
    "wording",
    "readership",
    "inspection",
]

MIDDLEWARE = [
    "config.health.HealthCheckMiddleware",
    "config.request_guards.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the path: the 关怀版's /care/ prefix is taken off here.
    "sitesettings.display.DisplayModeMiddleware",
    "config.cookies.CookieMakesPrivateMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.ReaderLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who acts, from where, for the audit log; a request's changes are one entry per object.
    "auditlog.context.AuditContextMiddleware",
    # Which second factor, if any, this session's login passed (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # Staff who need a second factor have none of their rights before they pass it.
    "newsroom.second_factor.middleware.SecondFactorMiddleware",
    "config.request_guards.AdminQueryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "staffaccess.middleware.IdleTimeoutMiddleware",
    "staffaccess.middleware.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.SiteCSPMiddleware",
    "categories.middleware.ColumnTreeMiddleware",
    "config.request_guards.NulInAddressMiddleware",
    # Last, as django-axes asks: it answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_FILES / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "sitesettings.display.modes",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Transactions take SQLite's write lock when they begin, so two saves at once wait their
    # turn instead of one failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # Write-ahead logging: readers never wait for a writer (every page view is a write), and
    # a commit appends to the log without waiting for the disk (synchronous=NORMAL: a power
    # loss may lose the last commits, never corrupts the database).
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
    # Gathers the query planner's statistics as connections close (config.sqlite3).
    DATABASES["default"]["ENGINE"] = "config.sqlite3"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request in seconds, not minutes: connecting
    # gives up after DATABASE_CONNECT_TIMEOUT, and with DATABASE_QUERY_TIMEOUT a statement is
    # cancelled after that long and a stalled server is given up on shortly after
    # (config.postgresql). Web workers default to 10 s (config.wsgi); commands wait as long as
    # they need (a migration may build an index for minutes), unless it is set.
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=env_number("DATABASE_CONNECT_TIMEOUT", 5),
        query_timeout=env_number("DATABASE_QUERY_TIMEOUT", 0, float),
    )
# How long shared caches (a CDN, nginx) may keep readers' home, column, search, feed and
# sitemap responses; article pages are never kept, so that every view counts.
PUBLIC_CACHE_SECONDS = env_number("PUBLIC_CACHE_SECONDS", 60)
# A search running longer than this is stopped (PostgreSQL) and asked to be narrowed.
SEARCH_TIMEOUT_MS = env_number("SEARCH_TIMEOUT_MS", 2000)
# Searches a process runs at once (news.search_slots); more are asked to try again (503).
SEARCH_CONCURRENCY = max(1, env_number("SEARCH_CONCURRENCY", 2))

# The most articles a bulk action of the admin's list changes in one request; more are
# refused with the name of the command that does it in batches (manage.py articles).
BULK_ACTION_LIMIT = env_number("BULK_ACTION_LIMIT", 10_000)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # With Redis down or stalled, a cache read misses and a write is dropped, within
            # half a second: pages are slower, never an error (/healthz says "degraded").
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
        # Each process's copies of the versioned pages and fragments it read from Redis
        # (sitecache.kept): as many as the local cache without Redis would hold.
        "local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "copies",
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The view counter (news/counter.py): "db" (one UPDATE per hit) or "redis" (hits buffered in
# Redis, moved into the database every VIEW_COUNT_FLUSH_SECONDS by the first hit that finds a
# flush due).
VIEW_COUNTER_BACKEND = env_text("VIEW_COUNTER", "redis" if REDIS_URL else "db")
if VIEW_COUNTER_BACKEND not in {"db", "redis"} or (
    VIEW_COUNTER_BACKEND == "redis" and not REDIS_URL
):
    raise ImproperlyConfigured('VIEW_COUNTER is "db", or "redis" with REDIS_URL set.')
VIEW_COUNT_FLUSH_SECONDS = env_number("VIEW_COUNT_FLUSH_SECONDS", 30)
# "off": on PostgreSQL, the statement counting a hit in the database commits without waiting
# for its WAL flush (synchronous_commit, for that statement alone): a crash of the database
# server may lose the hits of its last fraction of a second, never corrupts; hits on one
# article stop queueing behind each other's disk flush. Flushes from Redis stay durable.
VIEW_COUNT_SYNCHRONOUS_COMMIT = env_text("VIEW_COUNT_SYNCHRONOUS_COMMIT", "on")
if VIEW_COUNT_SYNCHRONOUS_COMMIT not in {"on", "off"}:
    raise ImproperlyConfigured('VIEW_COUNT_SYNCHRONOUS_COMMIT is "on" or "off".')

# Sessions live in the database alone. Only editors have one (reader pages set no cookie),
# so it costs one primary-key query per admin request; a Redis copy in front of it made every
# request of a logged-in editor fail while Redis was down, and one that missed a logout could
# bring the session back when Redis returned.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A staff login ends after STAFF_IDLE_MINUTES without a staff page (each one moves the end:
# staffaccess.middleware; the admin's pages send one while the user types:
# staffaccess.views.keep_alive) and when the browser closes.
STAFF_IDLE_MINUTES = env_number("DJANGO_STAFF_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = STAFF_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTHENTICATION_BACKENDS = [
    # First: refuses every login attempt while the account is locked out (see AXES_*).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # A permission on one article: the model's, within the user's column rights.
    "newsroom.permissions.ColumnRightsBackend",
]

# Who must pass a second factor (an authenticator app's code) to use the admin: "chiefs"
# (superusers, chief editors: whoever may publish, and auditors), "all" staff, or "none".
# Anyone may set one up, and whoever has one is asked for its code at every login. Debug
# (make run) offers it to everyone and requires it of no one unless this says otherwise.
STAFF_2FA_REQUIRED = os.environ.get("DJANGO_STAFF_2FA_REQUIRED", "").strip().lower() or (
    "none" if DEBUG else "chiefs"
)
if STAFF_2FA_REQUIRED not in {"chiefs", "all", "none"}:
    raise ImproperlyConfigured('DJANGO_STAFF_2FA_REQUIRED is "chiefs", "all" or "none".')
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = SITE_NAME

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_number("DJANGO_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "staffaccess.passwords.RecordsPasswordChanges"},
]
# A password older than this must be changed before the admin opens again (0: never).
PASSWORD_MAX_AGE_DAYS = env_number("DJANGO_PASSWORD_MAX_AGE_DAYS", 0)

# How long the audit log keeps its entries (manage.py prune_audit_log removes older ones).
# The Cybersecurity Law (Art. 21) asks for six months at least.
AUDIT_RETENTION_DAYS = env_number("DJANGO_AUDIT_RETENTION_DAYS", 365)
AUDIT_MINIMUM_RETENTION_DAYS = 180
if AUDIT_RETENTION_DAYS < AUDIT_MINIMUM_RETENTION_DAYS:
    raise ImproperlyConfigured(
        f"DJANGO_AUDIT_RETENTION_DAYS is {AUDIT_RETENTION_DAYS}: audit entries are kept "
        f"{AUDIT_MINIMUM_RETENTION_DAYS} days at least."
    )

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [SITE_FILES / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# A CDN in front of the static files (https://static.example.cn/static/): pages name them
# there and the CDN fetches them from this site's /static/ (whitenoise, which serves the
# hashed names with a year's lifetime).
STATIC_URL = env_text("STATIC_URL", "/static/")
STATIC_ROOT = Path(env_text("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [SITE_FILES / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "config.staticfiles.AppDirectoriesFinderWithoutSamples",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_text("MEDIA_ROOT", BASE_DIR / "media"))
# Where a withdrawn (撤稿) article's files go: outside what the web server serves, on the same
# storage (a move, not a copy). Empty: MEDIA_ROOT's name with "-withdrawn", beside it.
WITHDRAWN_MEDIA_ROOT = os.environ.get("WITHDRAWN_MEDIA_ROOT", "")
# A CDN's purge address, called for each address a withdrawal takes down ({url}: the
# address, percent-encoded), with CDN_PURGE_METHOD; empty: no CDN to purge.
# manage.py check_links asks addresses on private networks (an intranet's readers).
LINK_CHECK_PRIVATE_ADDRESSES = env_bool("LINK_CHECK_PRIVATE_ADDRESSES")
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "")
CDN_PURGE_METHOD = env_text("CDN_PURGE_METHOD", "GET")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Media in an S3-compatible bucket rather than MEDIA_ROOT when MEDIA_S3_BUCKET is set.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = bucket_storage(os.environ)

# Production hardening, on whenever debug is off; DJANGO_HTTPS=0 turns it off for a server
# that is reached over plain HTTP (an intranet, a local trial of the production settings).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_number("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from this origin, no plugins, no
# framing; the admin also allows CKEditor's inline event handlers (config.csp). Styles may
# be inline because CKEditor and the admin set style attributes from their scripts; images
# may come from any https site because article bodies may show them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += plain_http_image_sources(os.environ)
# Static files at a CDN: scripts, styles, images and fonts from its origin too.
static_address = urlsplit(STATIC_URL)
if static_address.netloc:
    for directive in ("script-src", "style-src", "img-src", "font-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][directive].append(
            f"{static_address.scheme}://{static_address.netloc}"
        )

# Login throttling (django-axes, counted in the database so that every instance agrees):
# after AXES_FAILURE_LIMIT wrong passwords for one account from one address, that account
# may not log in from there, even with the right password, for AXES_COOLOFF_TIME; after
# LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords from one address on any accounts, no account
# may (config.logins.AccountAndAddressThrottle).
AXES_FAILURE_LIMIT = env_number("DJANGO_LOGIN_FAILURE_LIMIT", 10)
LOGIN_ADDRESS_FAILURE_LIMIT = env_number("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_number("DJANGO_LOGIN_LOCKOUT_MINUTES", 15))
AXES_HANDLER = "config.logins.AccountAndAddressThrottle"
# In this order: the handler reads the account's failures first, the address's second.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_CALLABLE = "config.logins.locked_out"
AXES_RESET_ON_SUCCESS = True
# No "AXES: BEGIN version …" banner on every manage.py command (on by default). It also keeps
# the user agent out of axes' log lines; the failures and lock-outs are still logged as
# warnings (logger "axes"), and every attempt is kept in the database (AccessAttempt).
AXES_VERBOSE = False
# Every wrong password kept (AccessFailureLog): a user is told after logging in how many
# were tried on their account since their last login (staffaccess.notices).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The proxies in front of the site (nginx: 1): the client's address is read from
# X-Forwarded-For past them (config.logins.client_address); with none, REMOTE_ADDR. The
# throttle counts an IPv6 client by its /64.
PROXY_COUNT = env_number("DJANGO_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "config.logins.throttled_address"
AXES_USERNAME_CALLABLE = "config.logins.login_username"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# django-ckeditor bundles CKEditor 4.22.1, end-of-life with known XSS issues (ckeditor.W001).
# Accepted because only staff use the editor, every stored body is sanitized on the server
# (news.sanitize), versionCheck is off so nothing phones home, and the editor is only an
# admin form widget on a plain TextField, so replacing it touches one file (newsroom/forms.py).
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]

CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_IMAGE_BACKEND = "uploads.editor_images.SameFormatThumbnailBackend"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
# Uploads are named (from the detected format) and kept from readers until approved by the
# project's own upload view (uploads.editor_images, uploads.pending); the browser lists the
# approved ones under CKEDITOR_UPLOAD_PATH.
CKEDITOR_STORAGE_BACKEND = "uploads.storage.media_storage"
CKEDITOR_BROWSE_SHOW_DIRS = True
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "News",
        "toolbar_News": [
            ["Format", "Bold", "Italic", "Underline", "Strike", "-", "RemoveFormat"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule", "SpecialChar"],
            ["PasteText", "PasteFromWord", "-", "Undo", "Redo"],
            ["Maximize"],
        ],
        "format_tags": "p;h2;h3;h4",
        # The editing area is a <div> of the admin page (divarea), not an iframe whose
        # document CKEditor writes with an inline script that the CSP refuses.
        "extraPlugins": "divarea",
        # exportpdf sends the content to CKSource's cloud service: never an unpublished article.
        "removePlugins": "stylesheetparser,flash,iframe,forms,smiley,wysiwygarea,exportpdf",
        "pasteFromWordRemoveFontStyles": True,
        "pasteFromWordRemoveStyles": True,
        # Image sizes as width/height attributes, which the sanitizer keeps (it drops styles).
        "disallowedContent": "img{width,height}",
        "versionCheck": False,
        # The dialogs' uploads by XHR, answered in JSON (CKEditor 4.9 on), not as a form
        # posted into a frame and answered with an inline script, which the CSP refuses.
        "filebrowserUploadMethod": "xhr",
        # A pasted or dropped image is uploaded (the uploadimage plugin) like the dialog's,
        # not kept in the body as data. Its own address: the plugin would otherwise add
        # "&responseType=json" to the dialog's, which has no query string (a 404).
        "clipboard_handleImages": False,
        "imageUploadUrl": "/ckeditor/upload/",
        # The link dialog uploads documents (PDF, Word, Excel…) to its own, checked view.
        "filebrowserLinkUploadUrl": "/ckeditor/upload-file/",
        "width": "100%",
        "height": 420,
    }
}

# Uploaded images: byte and pixel caps (the pixel cap stops decompression bombs).
IMAGE_UPLOAD_MAX_BYTES = env_number("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env_number("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000)
# Attachments (PDF, Office, WPS, TXT, archives): the size cap, and whether nginx sends the
# files (X-Accel-Redirect to an internal location; README, "Deploy") rather than Django.
ATTACHMENT_MAX_BYTES = env_number("ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024)
ATTACHMENT_X_ACCEL_REDIRECT = env_bool("ATTACHMENT_X_ACCEL_REDIRECT")

# Form fields (an article's body included) held in memory; files over the second figure go
# to a temporary file. Whole requests over IMAGE_UPLOAD_MAX_BYTES plus the first are refused
# before they are read (config.request_guards).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o644

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_text("DJANGO_LOG_LEVEL", "INFO")},
    # The audit log's copy of each entry, for shipping (docs/deploy.md, section 10); not
    # printed by make run's commands (debug), where it would bury what they say.
    "loggers": {"newscms.audit": {"level": "WARNING" if DEBUG else "INFO"}},
}
