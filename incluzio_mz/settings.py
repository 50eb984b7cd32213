"""Settings for incluzio_mz.

Everything comes from environment variables, with an embedded default that runs the portal on one machine
(SQLite in var/, Celery on kombu's filesystem broker, mail written to var/mail/). Production differs only in
environment values; see README.md for the table of variables. Test settings live in settings_test.py.
"""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
# `make run` writes var/settings.env (DEBUG=true, DEMO_MODE=true), so that manage.py also works by hand in a
# development checkout. Real environment variables win over it; production has no such file.
if (VAR_DIR / "settings.env").is_file():
    environ.Env.read_env(VAR_DIR / "settings.env")

DEBUG = env.bool("DEBUG", default=False)
# Demo accounts and demo data may only be created where this is on (make run sets it; production never does).
DEMO_MODE = env.bool("DEMO_MODE", default=False)

# An embedded key exists only for local development; without DEBUG the portal refuses to start without one.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghij"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # The admin site requires a verified second factor (incluzio_mz/admin_site.py).
    "incluzio_mz.apps.IncluzioAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Widget templates for the TemplatesSetting form renderer.
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_filters",
    "django_ratelimit",
    "incluzio_mz",
    "accounts",
    "councils",
    "members",
    "advice",
    "panels",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "incluzio_mz.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must be last (django-axes documentation).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "incluzio_mz.urls"
WSGI_APPLICATION = "incluzio_mz.wsgi.application"
ASGI_APPLICATION = "incluzio_mz.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "incluzio_mz.context_processors.navigation",
                "incluzio_mz.context_processors.organisation",
            ],
        },
    },
]
# Forms render with the NL Design System markup from templates/forms/ (see incluzio_mz/lib/forms.py).
FORM_RENDERER = "incluzio_mz.lib.forms.UtrechtFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'incluzio_mz.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# django-axes: five failed logins lock the account for 15 minutes, but only against the address they came from
# (the combination user name + address), so someone elsewhere cannot lock a board member out. The owner gets an
# e-mail (accounts.signals). Guessing many user names from one address is limited by LOGIN_ADDRESS_RATE
# (django-ratelimit, accounts.views). See docs/SECURITY.md "Logins, sessions and uploads".
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client address by the same rule as the public forms: REMOTE_ADDR, or what the trusted proxies saw.
AXES_CLIENT_IP_CALLABLE = "incluzio_mz.lib.client_ip.client_ip"
SILENCED_SYSTEM_CHECKS: list[str] = []
LOGIN_ADDRESS_RATE = env.str("LOGIN_ADDRESS_RATE", default="30/15m")
PASSWORD_RESET_ADDRESS_RATE = env.str("PASSWORD_RESET_ADDRESS_RATE", default="10/h")
PASSWORD_RESET_ACCOUNT_RATE = env.str("PASSWORD_RESET_ACCOUNT_RATE", default="3/h")
# Sessions end after this many idle minutes (administrators and board members / everyone else) and at the latest
# this many hours after logging in (accounts.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_MINUTES_SECOND_FACTOR_ROLES = env.int("SESSION_IDLE_MINUTES_SECOND_FACTOR_ROLES", default=30)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=120)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out_response"
AXES_VERBOSE = False


def _totp_issuer(device: object) -> str:
    from incluzio_mz.models import OrganisationProfile  # settings load before the apps

    return OrganisationProfile.current().portal_title


# django-otp: the issuer shown in authenticator apps; by default the portal's name from the organisation profile.
OTP_TOTP_ISSUER: str | Callable[[object], str] = env.str("OTP_TOTP_ISSUER", default="") or _totp_issuer

# django-guardian: no anonymous user row; the gate handles anonymous visitors.
ANONYMOUS_USER_NAME = None
# Change reasons are the administrators' own words ("why"), often longer than simple-history's default 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
GUARDIAN_MONKEY_PATCH_USER = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # NL Design System, installed from npm (package-lock.json); never from a CDN.
    # Only the built dist/ folders: the packages' sources reference files they do not ship.
    ("vendor/utrecht/component-library-css", BASE_DIR / "node_modules/@utrecht/component-library-css/dist"),
    ("vendor/utrecht/design-tokens", BASE_DIR / "node_modules/@utrecht/design-tokens/dist"),
    ("vendor/noto-sans", BASE_DIR / "node_modules/@fontsource-variable/noto-sans"),
    # htmx for the fragments that pages swap in (agenda reordering); every page also works without it.
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded documents are served only through the access gate, never from a public media URL.
MEDIA_URL: str | None = None
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

# E-mail: written to var/mail/ unless an SMTP host is configured.
# The sender's display name comes from the organisation profile (incluzio_mz/lib/emails.py) unless this has one.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="medezeggenschap@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_EMAIL_HOST = env.str("EMAIL_HOST", default="")
if _EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL_HOST,
                "port": env.int("EMAIL_PORT", default=587),
                "username": env.str("EMAIL_USER", default=""),
                "password": env.str("EMAIL_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }

# Celery: Redis in production; without a broker URL, kombu's filesystem transport in var/celery/ (no server needed).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _CELERY_DIR = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_CELERY_DIR / "queue"),
        "data_folder_out": str(_CELERY_DIR / "queue"),
        "processed_folder": str(_CELERY_DIR / "processed"),
        "store_processed": False,
        # Without it kombu writes control files into the current directory.
        "control_folder": str(_CELERY_DIR / "control"),
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Beat schedule: deadline sweeps are added here by later issues (DESIGN.md convention 9).
# Task modules that autodiscover_tasks() does not find (it looks for <app>.tasks only).
CELERY_IMPORTS = ["councils.meetings.tasks"]
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Membership reminders (W-MEM-4, W-MEM-5): the sweep sends what is due at or before now, using the partial
    # index members_ms_reminder_due. Reminders are due at 07:00; every 15 minutes means they arrive by 07:15,
    # and a missed run simply catches up on the next one.
    "membership-reminders": {
        "task": "members.tasks.membership_reminders_send_task",
        "schedule": crontab(minute="*/15"),
    },
    # Notification e-mails: the sweeps only queue them (Notification.email_template); this sends what is queued,
    # in batches over one mail connection, so a reminder's e-mail follows its notification within a minute.
    "notification-emails": {
        "task": "members.tasks.notification_emails_send_task",
        "schedule": crontab(minute="*"),
    },
    # Meeting e-mails with .ics (issue 6 item 7): invitations, updates and cancellations wait in
    # Meeting.pending_notice (partial index councils_meeting_notice_due); the sweep claims each meeting by
    # compare-and-set and sends, so an agenda published now reaches the invitees within a minute.
    "meeting-notices": {
        "task": "councils.meetings.tasks.meeting_notices_send_task",
        "schedule": crontab(minute="*"),
    },
    # Overdue action items (issue 6 item 5): reminders are due at 09:00 the day after the due date
    # (ActionItem.next_reminder_at, partial index councils_action_reminder_due); hourly is soon enough, and a missed
    # run catches up because the sweep matches <= now.
    "meeting-action-item-reminders": {
        "task": "councils.meetings.tasks.action_item_reminders_send_task",
        "schedule": crontab(minute=0),
    },
    # Decision letters (W-LET-1) are rendered by a task queued when the board decides; this renders the ones whose
    # task was lost (broker restart) or whose worker died mid-render. The claim makes a double render impossible.
    "letters-resume": {
        "task": "advice.tasks.letters_resume_task",
        "schedule": crontab(minute="*/5"),
    },
    # Request deadlines (issue 7 item 4): reminders to the council's supporters 14 and 3 days before the due date and
    # on it, to the board when its answer is late, and to both when a request is overdue. Request.next_reminder_at
    # (partial index advice_request_reminder_due) holds the next moment; every 15 minutes, catching up like the others.
    "request-reminders": {
        "task": "advice.tasks.request_reminders_send_task",
        "schedule": crontab(minute="*/15"),
    },
    # Retention (W-MEM-10): contact details of people who left more than the retention period ago are removed.
    # The period is counted in months, so once a day is enough; 03:30 keeps it away from office hours.
    "people-retention": {
        "task": "members.tasks.people_retention_sweep_task",
        "schedule": crontab(hour=3, minute=30),
    },
}


def _default_cache_url() -> str:
    """The Redis server that is the Celery broker (its database 1, so clearing the cache never empties the queue),
    else a file cache in var/cache/ (make run: one machine, whose web processes share the folder)."""
    broker = urlsplit(CELERY_BROKER_URL)
    if broker.scheme in ("redis", "rediss"):
        return urlunsplit(broker._replace(path="/1"))
    return f"filecache://{VAR_DIR / 'cache'}"


# The cache counts the public forms' submissions per address (django-ratelimit, DESIGN.md §7), so every web process
# must share it: CACHE_URL (e.g. redis://host:6379/1), by default as above. See docs/MEMBERS.md "Public vacancy form".
CACHES = {"default": env.cache("CACHE_URL", default=_default_cache_url())}
RATELIMIT_USE_CACHE = "default"
# The visitor's address (incluzio_mz/lib/client_ip.py): REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies
# the address the nearest trusted proxy saw in X-Forwarded-For (docs/OPERATIONS.md "Reverse proxy"). 0: no proxy
# trusted, the header is never read (a client could write anything in it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "incluzio_mz.lib.client_ip.client_ip"
_CACHE_BACKEND = CACHES["default"]["BACKEND"]
if _CACHE_BACKEND == "django.core.cache.backends.redis.RedisCache":
    # django-ratelimit 4.1 predates Django's own Redis backend and lists only django-redis; Django's backend
    # increments with Redis' atomic INCR, which is all django-ratelimit needs.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.W001")
elif _CACHE_BACKEND == "django.core.cache.backends.filebased.FileBasedCache":
    # make run (one machine): the file cache's increment is not atomic, so two submissions in the same instant may
    # count once. For a spam limit of a few per hour that is harmless; production uses Redis (CACHE_URL or broker).
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Members (WMCZ.md W-MEM-10): contact details of people who left are removed this many months after their last
# membership ended; their membership history stays under a pseudonym (members.services.people).
MEMBER_RETENTION_MONTHS = env.int("MEMBER_RETENTION_MONTHS", default=12)
# Advice (W-INF-1): when the council asks the board for information, the board's answer is expected within this many
# days; the day after, the request reminder sweep tells the board its answer is late (docs/ADVICE.md "Reminders").
ADVICE_INFORMATION_ANSWER_DAYS = env.int("ADVICE_INFORMATION_ANSWER_DAYS", default=14)
# Allowances (WMCZ.md W-MEM-9): the tax-free volunteer allowance applies only to organisations not liable to
# corporation tax, ANBIs and sports bodies; when it applies, the portal warns before a payment passes a cap.
ALLOWANCE_SCHEME_APPLIES = env.bool("ALLOWANCE_SCHEME_APPLIES", default=True)
# The caps are configuration per year (WMCZ.md W-MEM-9): "month" and "year" cover allowances and expense payments
# together; "hour" (from age 21) and "hour_under_21" cap a payment's amount per hour worked (payments with hours).
# A year without an entry gets no warning: add the next year's caps here when they are published.
ALLOWANCE_CAPS: dict[int, dict[str, Decimal]] = {
    2025: {
        "month": Decimal("210"),
        "year": Decimal("2100"),
        "hour": Decimal("5.60"),
        "hour_under_21": Decimal("3.30"),
    },
    2026: {
        "month": Decimal("220"),
        "year": Decimal("2200"),
        "hour": Decimal("5.75"),
        "hour_under_21": Decimal("3.40"),
    },
}

# Security. Secure cookies, HSTS and the SSL redirect are on unless DEBUG; each can be overridden.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Health checks come from inside the container network over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Request bodies (docs/SECURITY.md "Logins, sessions and uploads"): form data without files at most 2.5 MB and
# 1000 fields (Django's defaults, set here on purpose); uploads over 2.5 MB go to a temporary file, not memory;
# a whole request at most MAX_REQUEST_BODY_BYTES (the largest document, 20 MB, plus room for the form), refused
# with a Dutch 413 page before it is read (incluzio_mz.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=21 * 1024 * 1024)

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Django's built-in Content Security Policy, in every environment so tests see what production enforces.
# Scripts need the per-request nonce; inline styles are not allowed anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO; its warnings (missing fonts, bad CSS) still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "incluzio_mz.views.csrf_failure_view"
