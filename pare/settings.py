"""Settings for the PARÉ site, read from the environment with safe local defaults."""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# LOCAL=false is production: it must bring its own secret key and a shared cache.
LOCAL = env.bool("LOCAL", default=True)
_LOCAL_SECRET = "local-only-secret-key-never-used-in-production-0123456789abcdef"
SECRET_KEY = env.str("SECRET_KEY", default=_LOCAL_SECRET if LOCAL else "")
if not LOCAL and (not SECRET_KEY or SECRET_KEY == _LOCAL_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY doit être défini (50 caractères au moins) en production."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "pare.apps.PareAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "django_filters",
    "django_tasks_db",
    "pare",
    "events",
    "news",
    "resources",
    "newsletters",
    "proposals",
]

# The admin's sections for third-party apps, named as French-speaking staff expect.
ADMIN_APP_NAMES = {
    "axes": _("Connexions refusées et comptes verrouillés"),
    "otp_totp": _("Double authentification"),
    "django_tasks_database": _("Travail en arrière-plan (envois, invitations, purges)"),
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "pare.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "newsletters.reach.ReachMiddleware",
    "pare.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pare.security.SessionLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pare.urls"
WSGI_APPLICATION = "pare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pare.context_processors.site_profile",
                "pare.context_processors.navigation",
                "pare.context_processors.freshness",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Backups (manage.py backup) are JSON: keep every time to the microsecond through a restore.
SERIALIZATION_MODULES = {"json": "pare.exact_json"}

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://pare"),
    # Entry renderings, which the {% cache %} tag keeps here: in each process's own memory, apart
    # from whole pages, so that thousands of them never push a page out and a computed page
    # fetches none of them over the network. Their keys carry the content generation read from
    # the shared cache, so no process shows one past a change.
    "template_fragments": env.cache(
        "FRAGMENT_CACHE_URL", default="locmemcache://fragments?max_entries=5000"
    ),
}
# Redis out of reach means pages computed afresh, not errors (pare/cache_backends.py); an
# unresponsive one is given up on after half a second.
for _cache in CACHES.values():
    if _cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        _cache["BACKEND"] = "pare.cache_backends.ResilientRedisCache"
        _cache.setdefault("OPTIONS", {}).update(socket_connect_timeout=0.5, socket_timeout=0.5)
# Each process has its own local memory: a change made through one worker would leave the pages
# the others cached, drafts included, until they expire.
if not LOCAL and CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    raise ImproperlyConfigured(
        "CACHE_URL doit désigner un cache partagé par tous les processus (Redis) en production."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "pare.accounts.CommonPasswordBaseValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded media: on the local disk, or with AWS_STORAGE_BUCKET_NAME in an S3-compatible bucket
# (django-storages), so that any number of hosts share them. boto3 reads the credentials from the
# environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). Pages are cached for a day, so media
# URLs are plain, not signed: the bucket (or its CDN) lets anyone read the files.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="")
AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="")
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="")
MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
MEDIA_ORIGINS = []
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": AWS_S3_REGION_NAME or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "addressing_style": "path" if AWS_S3_ENDPOINT_URL else None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        _endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        MEDIA_ORIGINS = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
    else:
        _region = f".{AWS_S3_REGION_NAME}" if AWS_S3_REGION_NAME else ""
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3{_region}.amazonaws.com"]
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or LOCAL
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Locally, WhiteNoise serves static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = LOCAL
WHITENOISE_AUTOREFRESH = LOCAL

# Images staff upload: anything larger is refused with a form error.
IMAGE_MAX_BYTES = 8 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000

# Proposals from the field (proposals/): limits against abuse, and how long the proposer's name,
# organisation and address are kept once staff decided (stated on the site and in SECURITY.md).
PROPOSALS_PER_ADDRESS_PER_HOUR = env.int("PROPOSALS_PER_ADDRESS_PER_HOUR", default=20)
PROPOSALS_PER_EMAIL_PER_DAY = env.int("PROPOSALS_PER_EMAIL_PER_DAY", default=5)
PROPOSAL_MAX_REQUEST_BYTES = IMAGE_MAX_BYTES + 256 * 1024
PROPOSAL_RETENTION_DAYS = env.int("PROPOSAL_RETENTION_DAYS", default=183)

# Staff sessions (the public has none): closed after an hour without a request, and after ten
# hours whatever happens (pare.security.SessionLimitMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated failed logins lock out one username from one address (a colleague elsewhere can
# still log in); staff unlock from the admin (« Tentatives de connexion »).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pare.accounts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "pare.security.client_ip"
# Reverse proxies in front of the app that append to X-Forwarded-For (0: none, trust no header).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if LOCAL else 1)

# Second factor (TOTP, django-otp): required of all staff, editors included, unless turned off.
PARE_REQUIRE_2FA = env.bool("PARE_REQUIRE_2FA", default=not LOCAL)
OTP_TOTP_ISSUER = "PARÉ"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy, in every mode: nothing inline runs, nothing loads from elsewhere, except
# media from their bucket and from the origins listed in CSP_MEDIA_SOURCES (a CDN in production).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, *MEDIA_ORIGINS, *env.list("CSP_MEDIA_SOURCES", default=[])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

if not LOCAL:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Pages of lists.
PAGE_SIZE = 20

# The site's address, for links in e-mails (which have no request to build them from); locally,
# the address `make serve` listens on (ADDRESS).
SITE_URL = env.str(
    "SITE_URL",
    default=f"http://{env.str('ADDRESS', default='127.0.0.1:8000')}"
    if LOCAL
    else f"https://{ALLOWED_HOSTS[0]}",
).rstrip("/")


def _mailer(config):
    """The MAILERS entry for what django-environ read from an e-mail URL."""
    backend, options = config["EMAIL_BACKEND"], {}
    if backend.endswith(".smtp.EmailBackend"):
        options = {
            "host": config["EMAIL_HOST"],
            "port": config["EMAIL_PORT"],
            "username": config["EMAIL_HOST_USER"] or "",
            "password": config["EMAIL_HOST_PASSWORD"] or "",
            "use_tls": config.get("EMAIL_USE_TLS", False),
            "use_ssl": config.get("EMAIL_USE_SSL", False),
            "timeout": env.int("EMAIL_TIMEOUT", default=30),
        }
    elif backend.endswith(".filebased.EmailBackend"):
        options = {"file_path": config["EMAIL_FILE_PATH"]}
    return {"BACKEND": backend, "OPTIONS": options}


# E-mail goes out through the server an URL names (smtp+tls://user:password@host:587, or
# smtp+ssl://…:465); it is printed to the console by default, so nothing local needs a mail server.
MAILERS = {"default": _mailer(env.email_url("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PARÉ <lettre@localhost>")
# Bounces come back to BOUNCE_ADDRESS, each message's return path being bounces+<token>@domain;
# manage.py process_bounces reads that mailbox over IMAP (newsletters/bounces.py).
BOUNCE_ADDRESS = env.str(
    "BOUNCE_ADDRESS", default="bounces@" + DEFAULT_FROM_EMAIL.rstrip(">").rpartition("@")[2]
)
BOUNCE_IMAP_HOST = env.str("BOUNCE_IMAP_HOST", default="")
BOUNCE_IMAP_PORT = env.int("BOUNCE_IMAP_PORT", default=993)
BOUNCE_IMAP_SSL = env.bool("BOUNCE_IMAP_SSL", default=True)
BOUNCE_IMAP_USER = env.str("BOUNCE_IMAP_USER", default="")
BOUNCE_IMAP_PASSWORD = env.str("BOUNCE_IMAP_PASSWORD", default="")
BOUNCE_IMAP_FOLDER = env.str("BOUNCE_IMAP_FOLDER", default="INBOX")
# The confirmation e-mails of an imported list « à inviter » leave at this pace, by the worker.
IMPORT_INVITATIONS_PER_MINUTE = env.int("IMPORT_INVITATIONS_PER_MINUTE", default=30)

# Daily totals of issue views, opens, calendar downloads and clicks (newsletters/reach.py).
REACH_COUNTING = env.bool("REACH_COUNTING", default=True)

# Background work (sending the newsletter, confirmation e-mails): rows in the database that
# `manage.py db_worker` (make worker) runs.
TASKS = {
    "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}
}

# Public pages are cached for anonymous readers until content changes (pare/cache.py).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 60 * 60)
UNCACHED_PATH_PREFIXES = ("/admin/", "/sante/", f"/{MEDIA_URL}")
# Each entry's rendering is cached too, for pages that are not (templates/events/_event.html).
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=24 * 60 * 60)
