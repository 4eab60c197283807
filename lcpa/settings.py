"""Settings for the Learning Communities platform, read from the environment.

Every variable is documented in README.md and .env.example. Defaults give the embedded
setup: SQLite in WAL mode, local files, a database-backed task queue, email to the console.
"""

import os
from collections.abc import Mapping
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    DEMO_MODE=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Learning Communities <learning-communities@example.org>"),
    STAFF_NOTIFICATION_EMAILS=(list, ["program-staff@example.org"]),
    SITE_URL=(str, "http://127.0.0.1:8000"),
    FOLLOW_UP_BUSINESS_DAYS=(int, 10),
    REGISTRATION_RATE_LIMIT=(str, "10/h"),
    CONTACT_RATE_LIMIT=(str, "10/h"),
    TASKS_BACKEND=(str, "django_tasks_db.DatabaseBackend"),
    NOTIFICATION_EMAIL_DELAY_MINUTES=(int, 10),
    SECURE_SSL_REDIRECT=(bool, True),
    MEDIA_ROOT=(str, str(BASE_DIR / "var" / "media")),
    LOG_LEVEL=(str, "INFO"),
    TRUSTED_PROXY_COUNT=(int, 0),
    SECURE_HSTS_SECONDS=(int, 31_536_000),
    SECURE_HSTS_INCLUDE_SUBDOMAINS=(bool, True),
    SECURE_HSTS_PRELOAD=(bool, True),
    MAX_REQUEST_BODY_SIZE=(int, 25 * 1024 * 1024),
)
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)

DEBUG = env("DEBUG")
# A demo site (seed_demo's accounts, published password): demo accounts skip the second factor.
# Off by default; `make run` turns it on; `check --deploy` refuses it (lcpa.E003).
DEMO_MODE = env("DEMO_MODE")
# The key a DEBUG=on checkout runs with; `check --deploy` refuses it (lcpa.E002).
DEVELOPMENT_SECRET_KEY = "insecure-development-key"  # noqa: S105 - published on purpose
SECRET_KEY = env("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set SECRET_KEY (or DEBUG=on for local development).")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL").rstrip("/")

INSTALLED_APPS = [
    "lcpa.apps.AdminConfig",  # django.contrib.admin, signing in through allauth
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its Swagger page and static files, served locally (no CDN) for /api/v1/docs
    "lcpa.core",
    "lcpa.accounts",
    "lcpa.notifications",
    "lcpa.curriculum",
    "lcpa.library",
    "lcpa.cohorts",
    "lcpa.community",
    "lcpa.assistance",
    "lcpa.guidance",
    "lcpa.intake",
    "lcpa.outcomes",
    "lcpa.public",
    "lcpa.api",
    "lcpa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Errors under /api/ in the API's JSON shape, whatever produced them (a 404 of the resolver).
    "lcpa.api.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lcpa.accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Answers 413 to bodies over MAX_REQUEST_BODY_SIZE before the CSRF check reads them.
    "lcpa.core.middleware.RequestBodyLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "lcpa.accounts.middleware.SecondFactorRequiredMiddleware",
]

ROOT_URLCONF = "lcpa.urls"
WSGI_APPLICATION = "lcpa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lcpa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} remembers the addresses of fixed names (lcpa.core.templatetags.cached_url).
            "builtins": ["lcpa.core.templatetags.cached_url"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lcpa.core.context_processors.site",
                "lcpa.cohorts.context_processors.navigation",
                "lcpa.community.context_processors.forum_navigation",
                "lcpa.notifications.context_processors.notification_bell",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
        # BEGIN so concurrent writers queue on the busy timeout instead of failing mid-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {
    # A database cache is shared by every worker and host, so rate limits hold across them.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lcpa_cache",
    },
    # Each process's copy of public fragments and query results; their keys carry a version
    # kept in the shared cache above (lcpa.core.public_cache), so an edit reaches every worker.
    "public": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lcpa-public",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: sign in by email, verified addresses, rate limits on login and reset.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
# Membership comes by invitation; open sign-up stays off.
ACCOUNT_ADAPTER = "lcpa.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Learning Communities"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGIN_URL = "account_login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "lcpa" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "lcpa.core.staticfiles.VendorFinder",
]
# The files the pages use from npm packages, not the whole packages (collectstatic hashes and
# compresses each one): {URL prefix: (directory, patterns)}; * stays within one directory.
# uswds.min.css names its fonts and images, the .min files their source maps: the manifest
# storage needs every file they name.
NODE_MODULES = BASE_DIR / "node_modules"
VENDOR_STATIC = {
    "vendor/uswds": (
        NODE_MODULES / "@uswds" / "uswds" / "dist",
        [
            "css/uswds.min.css",
            "css/uswds.min.css.map",
            "js/uswds.min.js",
            "js/uswds.min.js.map",
            "js/uswds-init.min.js",
            "js/uswds-init.min.js.map",
            "fonts/merriweather/*",
            "fonts/roboto-mono/*",
            "fonts/source-sans-pro/*",
            "img/*",
            "img/favicons/*",
            "img/usa-icons/*",
            "img/usa-icons-bg/*",
        ],
    ),
    "vendor/htmx": (NODE_MODULES / "htmx.org" / "dist", ["htmx.min.js"]),
    "vendor/vega": (NODE_MODULES / "vega" / "build", ["vega.min.js"]),
    "vendor/vega-lite": (
        NODE_MODULES / "vega-lite" / "build",
        ["vega-lite.min.js", "vega-lite.min.js.map"],
    ),
    "vendor/vega-embed": (
        NODE_MODULES / "vega-embed" / "build",
        ["vega-embed.min.js", "vega-embed.min.js.map"],
    ),
    "vendor/us-atlas": (NODE_MODULES / "us-atlas", ["states-10m.json"]),
}


def file_storage(environ: Mapping[str, str]) -> dict:
    """Where uploaded files live: local disk (MEDIA_ROOT) unless a bucket is named.

    With AWS_STORAGE_BUCKET_NAME, files go to S3-compatible storage (django-storages), private:
    objects are written with a private ACL, and any URL the storage makes is signed and expires
    in five minutes (no custom domain, which would turn signing off). People get files only
    through the access-checked download views, which stream them from the storage; nothing
    serves MEDIA_URL. Credentials come from boto3's usual places (AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY in the environment, or the host's role).
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "location": environ.get("AWS_LOCATION", "media"),
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "signature_version": "s3v4",
        "custom_domain": None,
        "file_overwrite": False,
    }
    for variable, option in [
        ("AWS_S3_ENDPOINT_URL", "endpoint_url"),
        ("AWS_S3_REGION_NAME", "region_name"),
        ("AWS_S3_ADDRESSING_STYLE", "addressing_style"),
    ]:
        if environ.get(variable):
            options[option] = environ[variable]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage(os.environ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# collectstatic compresses each file it keeps (gzip and Brotli): pages name only the hashed
# files, and nobody downloads source maps often enough to keep them compressed.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_ROOT = env("MEDIA_ROOT")
MEDIA_URL = "/media/"

# Upload and form size limits (bytes). Form fields without files: DATA_UPLOAD_MAX_MEMORY_SIZE.
# A whole request body, files included, is refused (413, before it is read) above
# MAX_REQUEST_BODY_SIZE; keep the proxy's limit (nginx client_max_body_size) at the same value.
# Each deliverable file can be up to 10 MB (lcpa/cohorts/uploads.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BODY_SIZE = env("MAX_REQUEST_BODY_SIZE")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Datasets (lcpa/outcomes/datasets.py): a file of records can be up to DATASET_MAX_BYTES, sent
# by the browser in chunks of DATASET_CHUNK_BYTES (each one request: keep it well under
# MAX_REQUEST_BODY_SIZE); without JavaScript, a plain form takes files up to
# DATASET_FORM_MAX_BYTES (also under MAX_REQUEST_BODY_SIZE).
DATASET_MAX_BYTES = env.int("DATASET_MAX_BYTES", default=2 * 1024**3)
DATASET_CHUNK_BYTES = env.int("DATASET_CHUNK_BYTES", default=8 * 1024**2)
DATASET_FORM_MAX_BYTES = env.int("DATASET_FORM_MAX_BYTES", default=20 * 1024**2)

vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFICATION_EMAILS = env("STAFF_NOTIFICATION_EMAILS")
# The address the public writes to, shown in the footer, on the contact page and when a form's
# rate limit is reached; by default the address part of DEFAULT_FROM_EMAIL.
PROGRAM_EMAIL = env("PROGRAM_EMAIL", default=parseaddr(DEFAULT_FROM_EMAIL)[1])

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND"), "QUEUES": ["default"]}}
# A notification emailed "immediately" waits this long, and is not emailed if read meanwhile.
NOTIFICATION_EMAIL_DELAY = timedelta(minutes=env("NOTIFICATION_EMAIL_DELAY_MINUTES"))

FOLLOW_UP_BUSINESS_DAYS = env("FOLLOW_UP_BUSINESS_DAYS")
# The business calendar (lcpa/core/business_calendar.py): working hours on business days, in
# TIME_ZONE, the program's zone. Service targets for TA requests count these hours.
BUSINESS_DAY_START = "09:00"
BUSINESS_DAY_END = "17:00"
# TA service targets per urgency, in business hours (a business day is 8 hours): the first
# response from whoever works on the request, and its resolution. The clock stands still while
# the request waits on the team. Staff and the assignee are warned once a target's hours are
# TA_TARGET_WARNING_SHARE used up (docs/decisions/0096-ta-service-targets.md).
TA_SERVICE_TARGETS = {
    "routine": {"first_response": 16, "resolution": 80},  # 2 and 10 business days
    "time_sensitive": {"first_response": 8, "resolution": 40},  # 1 and 5 business days
    "urgent": {"first_response": 4, "resolution": 16},  # 4 hours and 2 business days
}
TA_TARGET_WARNING_SHARE = 0.75
REGISTRATION_RATE_LIMIT = env("REGISTRATION_RATE_LIMIT")
CONTACT_RATE_LIMIT = env("CONTACT_RATE_LIMIT")
# Behind load balancers: how many proxies of ours append to X-Forwarded-For (0 = ignore it).
# Rate limits (django-ratelimit and allauth's) then key on the client's address, not the proxy's.
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # AccountAdapter.get_client_ip uses the same
RATELIMIT_IP_META_KEY = "lcpa.core.http.client_ip"

# Content Security Policy: no inline scripts or styles, no third-party hosts.
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
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    # One year, subdomains and preload by default; lower SECURE_HSTS_SECONDS while trying HTTPS
    # out, and turn preload off unless the domain is (to be) on the browsers' preload list.
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Private-link tokens (status links, invitations, calendar feeds) are redacted from every log line
# these handlers write, including the development server's request log (django.server) and
# Django's 4xx warnings (django.request). gunicorn's access log: see gunicorn.conf.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private_links": {"()": "lcpa.core.log_redaction.PrivateLinkFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_links"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["private_links"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        # Django's own default handlers print unfiltered (and twice when DEBUG is on): use ours.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # WeasyPrint (action-plan PDFs) logs every layout step at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
