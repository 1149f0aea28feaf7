"""Civic settings: one module, read from the environment.

Development defaults need nothing installed: SQLite, a local-memory cache,
Celery running tasks eagerly and e-mail printed to the console. Set
``DATABASE_URL`` / ``REDIS_URL`` to use PostgreSQL and Redis, and
``DJANGO_DEBUG=0`` for production, which then refuses to start without a real
``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` (see docs/deployment.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# ---------------------------------------------------------------------------
# GENERAL
# ---------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", True)
TESTING = "pytest" in sys.modules

DEV_SECRET_KEY = "django-insecure-civic-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = env("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if not DEBUG else "127.0.0.1,localhost,[::1]")

if not DEBUG:
    # Production must be configured on purpose: no silent fallbacks to the
    # development secret or to "any host".
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=0 needs DJANGO_SECRET_KEY: a random string of at least 50 characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_DEBUG=0 needs DJANGO_ALLOWED_HOSTS: a comma-separated list of host names.")

# Key for the keyed hash (HMAC) of personal identifiers such as the IIN. Kept
# apart from SECRET_KEY so that rotating the session secret does not lose
# the uniqueness index of residents.
IDENTIFIER_HASH_KEY = env("CIVIC_IDENTIFIER_HASH_KEY", SECRET_KEY if DEBUG else "")
if not DEBUG and (len(IDENTIFIER_HASH_KEY) < 50 or IDENTIFIER_HASH_KEY == SECRET_KEY):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG=0 needs CIVIC_IDENTIFIER_HASH_KEY: a random string of at least 50 characters, "
        "different from DJANGO_SECRET_KEY and never changed once residents are verified."
    )

# The site's name where a name is written out: e-mails (greeting, subject prefix), the TOTP
# issuer. allauth would otherwise take the host of the request ("127.0.0.1:8000"): Civic
# does not install django.contrib.sites. "Civic" is translated with the context "site name".
CIVIC_SITE_NAME = env("CIVIC_SITE_NAME", "Civic")
# Who runs this installation: shown on the contact page (/contact/) and named in e-mails.
# The defaults are a demonstration; a real operator sets all three.
CIVIC_OPERATOR_NAME = env("CIVIC_OPERATOR_NAME", "Civic demonstration site")
CIVIC_OPERATOR_EMAIL = env("CIVIC_OPERATOR_EMAIL", "contact@civic.localhost")
CIVIC_OPERATOR_ADDRESS = env("CIVIC_OPERATOR_ADDRESS", "Astana, Republic of Kazakhstan")
ROOT_URLCONF = "civic.urls"
WSGI_APPLICATION = "civic.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# APPS
# ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "apps.accounts.apps.CivicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "csp",
    "apps.core",
    "apps.accounts",
    "apps.documents",
    "apps.territories",
    "apps.discussions",
    "apps.moderation",
    "apps.notifications",
    "apps.proposals",
    "apps.initiatives",
    # Composition apps, on top of the areas they bring together.
    "apps.staff",
    "apps.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "apps.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.accounts.middleware.SecondFactorMiddleware",
    "apps.accounts.middleware.PageLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if not DEBUG:
    # whitenoise serves collected static files in production; runserver serves them in development.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

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
                "apps.territories.context_processors.staff",
                "apps.notifications.context_processors.unread",
            ],
        },
    }
]

# ---------------------------------------------------------------------------
# DATABASES — https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# ---------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=not DEBUG,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the development server read while a command loads data; IMMEDIATE
    # transactions avoid "database is locked" on concurrent writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# ---------------------------------------------------------------------------
# CACHE, CELERY — Redis when REDIS_URL is set
# ---------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
REDIS_CACHE_URL = REDIS_URL
if REDIS_URL and TESTING:
    # Each pytest-xdist worker gets its own Redis database: tests clear the
    # cache (FLUSHDB), which must not wipe another worker's rate-limit counters.
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    REDIS_CACHE_URL = urlparse(REDIS_URL)._replace(path=f"/{1 + _worker % 15}").geturl()
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open: with Redis down the site works as with an empty cache (rate limits
            # do not limit, with a logged warning) instead of answering 500 (apps/core/cache.py).
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": env("CIVIC_CACHE_PREFIX", "civic"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Tests run tasks in-process even against Redis (the health check still talks to it).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL or TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Publishing happens after a commit, in the request: with the broker down it must give up
# within about a second (the outbox row stays pending and the periodic redelivery hands it
# over later, apps/core/outbox.py). A refused connection fails at once, a host that does not
# answer costs the connect timeout, a server that accepts but hangs the socket timeout.
# Publishing is not retried (Celery's default is up to 3 retries, each costing a timeout), and
# the connection a publish needs is tried once more without sleeping (kombu's default sleeps
# 2 s). The worker's own reconnecting is governed by broker_connection_retry and
# broker_connection_max_retries, left at their defaults: it keeps trying.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = "Asia/Almaty"
# Run with ``celery -A civic worker -B`` (or a separate ``celery -A civic beat``): the outbox
# hands over again whatever could not reach the broker (apps/core/outbox.py).
CELERY_BEAT_SCHEDULE = {
    "outbox-redeliver": {"task": "apps.core.tasks.outbox_redeliver", "schedule": 60.0},
    # Late work is marked delayed every night and again at noon (idempotent: twice changes nothing twice);
    # cron users run ``manage.py initiatives_mark_delayed`` instead.
    "initiatives-mark-delayed": {
        "task": "apps.initiatives.tasks.initiatives_mark_delayed",
        "schedule": crontab(minute=5, hour="0,12"),
    },
}

# ---------------------------------------------------------------------------
# AUTHENTICATION — custom user, allauth, MFA for staff
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# rules' ObjectPermissionBackend is deliberately absent: Civic's permissions are asked through
# apps.core.permissions only, never user.has_perm (which says yes to every superuser).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{CIVIC_SITE_NAME}] "
# Defaults of allauth, written out because they protect the login: failed logins
# are limited per IP and per account. They need a shared cache in production.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}


def env_proxy_count(name: str) -> int:
    value = env(name) or "0"
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(
            f"{name} must be the number of reverse proxies in front of Civic (0 or more), not {value!r}."
        )
    return int(value)


# Per-IP limits need the client's own address. Behind reverse proxies Django sees
# only the nearest proxy's (REMOTE_ADDR), so every visitor would share one bucket:
# allauth then takes the address the outermost trusted proxy saw, the
# CIVIC_TRUSTED_PROXY_COUNT-th entry from the right of X-Forwarded-For, or the
# value of a header the proxy sets (X-Real-IP). See "Behind a reverse proxy" in
# docs/deployment.md: a count higher than the real one lets clients choose their
# address, hence their rate-limit bucket.
ALLAUTH_TRUSTED_PROXY_COUNT = env_proxy_count("CIVIC_TRUSTED_PROXY_COUNT")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("CIVIC_TRUSTED_CLIENT_IP_HEADER") or None
if ALLAUTH_TRUSTED_CLIENT_IP_HEADER is not None and (
    not ALLAUTH_TRUSTED_CLIENT_IP_HEADER.replace("-", "").isascii()
    or not ALLAUTH_TRUSTED_CLIENT_IP_HEADER.replace("-", "").isalnum()
    or ALLAUTH_TRUSTED_CLIENT_IP_HEADER.lower() == "x-forwarded-for"
):
    raise ImproperlyConfigured(
        "CIVIC_TRUSTED_CLIENT_IP_HEADER must be an HTTP header name holding one address, such as "
        "X-Real-IP (for X-Forwarded-For set CIVIC_TRUSTED_PROXY_COUNT instead), "
        f"not {ALLAUTH_TRUSTED_CLIENT_IP_HEADER!r}."
    )
# After a complete sign-in the browser gets a signed "device cookie" naming the
# account: its failed logins then count against its own bucket, so strangers who
# spend the account's shared budget do not lock the owner out (apps/accounts/adapters.py).
CIVIC_DEVICE_COOKIE_NAME = "civic_device"
CIVIC_DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
CIVIC_DEVICE_COOKIE_SECURE = not DEBUG

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# A code typed a second time is refused as "already used", not as a wrong one (apps/accounts/mfa.py).
MFA_FORMS = {
    "authenticate": "apps.accounts.mfa.AuthenticateForm",
    "reauthenticate": "apps.accounts.mfa.ReauthenticateForm",
}
# The owner is e-mailed when a password or e-mail changes and when an authenticator is
# added or removed: a takeover does not go unnoticed.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_TOTP_ISSUER = CIVIC_SITE_NAME
# Staff (is_staff, and later every StaffRole holder) must have a second factor
# and have used it in this session before they reach staff pages or the admin.
CIVIC_STAFF_REQUIRE_MFA = env_bool("CIVIC_STAFF_REQUIRE_MFA", True)
# /healthz answers everyone with a bare status; the per-backend details go to staff
# (with the second factor) and to monitors sending this value in X-Health-Token.
CIVIC_HEALTH_TOKEN = env("CIVIC_HEALTH_TOKEN", "")

# ---------------------------------------------------------------------------
# PROPOSALS — defaults where a territory has no VotingPolicy of its own (admin)
# ---------------------------------------------------------------------------
# 10 % of a territory's residents may call a local community gathering (сход).
CIVIC_PROPOSAL_THRESHOLD_PERCENT = env("CIVIC_PROPOSAL_THRESHOLD_PERCENT", "10")
CIVIC_PROPOSAL_THRESHOLD_MINIMUM = int(env("CIVIC_PROPOSAL_THRESHOLD_MINIMUM", "10"))
CIVIC_PROPOSAL_VOTING_DAYS = int(env("CIVIC_PROPOSAL_VOTING_DAYS", "90"))
CIVIC_PROPOSAL_IMAGE_MAX_BYTES = int(env("CIVIC_PROPOSAL_IMAGE_MAX_BYTES", str(8 * 1024 * 1024)))
# Residents' disputes that send a completed initiative back to its officials (and more than the
# confirmations), where no territory up the tree has its own ``CheckPolicy``.
CIVIC_INITIATIVE_DISPUTES_MINIMUM = int(env("CIVIC_INITIATIVE_DISPUTES_MINIMUM", "5"))

# ---------------------------------------------------------------------------
# INTERNATIONALISATION — Kazakh (state language) first, Russian, English
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
# Django ships no date or number formats for Kazakh (see civic/formats/kk/formats.py).
FORMAT_MODULE_PATH = ["civic.formats"]
USE_TZ = True
TIME_ZONE = "Asia/Almaty"
LANGUAGE_COOKIE_NAME = "civic_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Sent over HTTPS only in production; no script reads it (there is no JavaScript that would).
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True

# ---------------------------------------------------------------------------
# STATIC AND MEDIA — whitenoise serves static files
# ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# Uploaded photos are served by apps.proposals.views.proposal_photo, which checks that the
# person may see the proposal. Behind nginx set this to an `internal` location that maps to
# MEDIA_ROOT (e.g. "/protected-media/"): Django then answers with X-Accel-Redirect and nginx
# sends the file. MEDIA_ROOT itself must never be served directly (docs/deployment.md).
CIVIC_MEDIA_ACCEL_REDIRECT = env("CIVIC_MEDIA_ACCEL_REDIRECT", "")
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded images go through Django's storage API: set CIVIC_MEDIA_STORAGE to an
# S3-compatible backend (e.g. "storages.backends.s3.S3Storage" with django-storages
# and its AWS_* settings) in production; files on disk by default.
STORAGES = {
    "default": {"BACKEND": env("CIVIC_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ---------------------------------------------------------------------------
# E-MAIL — EMAIL_URL=smtp://user:password@host:587?tls=1 ; console by default
# ---------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Civic <noreply@civic.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the site in e-mails written outside a request (a staff member's enrolment link).
CIVIC_SITE_URL = env("CIVIC_SITE_URL", "http://127.0.0.1:8000")
EMAIL_URL = env("EMAIL_URL", "console://")
_email = urlparse(EMAIL_URL)
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}
if _email.scheme not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {sorted(_EMAIL_BACKENDS)}.")
EMAIL_BACKEND = _EMAIL_BACKENDS[_email.scheme]
if _email.scheme in {"smtp", "smtps"}:
    _query = parse_qs(_email.query)
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = not EMAIL_USE_SSL and _query.get("tls", ["1"])[0] == "1"
    EMAIL_TIMEOUT = 10

# ---------------------------------------------------------------------------
# SECURITY — https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
# ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
    if env_bool("DJANGO_BEHIND_PROXY", False):
        # Only behind a proxy that sets (and strips client-sent) X-Forwarded-Proto.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): no inline scripts or styles, nothing
# from other origins. allauth's TOTP QR code is an inline data: image.
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

# ---------------------------------------------------------------------------
# LOGGING — to stderr; personal identifiers (IIN) are never logged
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# Error pages and reports hide the IIN, passwords and marked variables even with DEBUG on.
DEFAULT_EXCEPTION_REPORTER_FILTER = "apps.core.error_reports.PersonalDataFilter"

ADMIN_URL = env("DJANGO_ADMIN_URL", "admin/")
