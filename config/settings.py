"""Unknot's settings: one file, every value read from the environment.

The defaults let `make run` work on a laptop with nothing configured (SQLite in
./data, DEBUG on, e-mail printed to the console). With DEBUG=0 the server refuses
to start without a real SECRET_KEY, and the security settings that
`manage.py check --deploy` asks for are on.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("DEBUG", True)

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off. Make one with: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Who may create an account: anyone, only people holding an invitation code the
# host made in the admin, or nobody. A public server defaults to invitations.
SIGNUP = env_choice("SIGNUP", ("open", "invite-only", "closed"), "open" if DEBUG else "invite-only")

SITE_NAME = env_str("SITE_NAME", "Unknot")

# The numbers the guide and the diary give where they say "call": the host's
# country's emergency number ("999") and a crisis line ("Samaritans 116 123").
# Unset, pages say "your local emergency number" and "a crisis line in your country".
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "")
CRISIS_LINE = env_str("CRISIS_LINE", "")

INSTALLED_APPS = [
    # Django's admin, on a site that asks staff for their second factor (website/twofactor).
    "website.twofactor.apps.UnknotAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "website",
    "diary",
    "education",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "website.request_limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "website.middleware.SessionIdleTimeoutMiddleware",
    # The language: the chooser's cookie, else the browser's Accept-Language, else
    # LANGUAGE_CODE; a member's own choice (MemberLanguageMiddleware) comes first.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "website.middleware.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "website.middleware.PatientTimezoneMiddleware",
    # The last resort for a value no form stopped: a 400 page, not a 500.
    "website.middleware.BadValueMiddleware",
    "diary.daily.limits.EntryRateLimitMiddleware",
    # Axes must come last: it answers locked-out log-ins before any view runs.
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
                "django.template.context_processors.tz",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "website.context_processors.site",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'unknot.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Form choice lists (body areas, triggers) are read with QuerySet.iterator(); on
    # PostgreSQL that would open a server-side cursor WITH HOLD (extra round trips and
    # a copy of the rows) for twenty rows, and it breaks behind PgBouncer's
    # transaction pooling. Small lists are fetched in one go instead.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people logging at once: WAL lets readers and a writer work side by
    # side, IMMEDIATE takes the write lock up front (no deadlocked upgrades), and
    # the timeout makes a second writer wait instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One server keeps its cache in memory. Several app servers behind a load balancer
# share one Redis (REDIS_URL=redis://host:6379/0), so what one caches or counts
# the others see; sessions then live in Redis in front of the database.
REDIS_URL = env_str("REDIS_URL").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL must start with redis://, rediss:// or unix://, not {REDIS_URL!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "unknot"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "diary:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Repeated failed log-ins for one username from one address are refused for a while.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# The reverse proxies (Caddy, nginx, a load balancer) between the internet and the app.
# Each appends the address it was reached from to X-Forwarded-For, so with PROXY_COUNT
# proxies the client is the PROXY_COUNT-th address from the right: everything to its
# left came from the client and may be forged. django-ipware counts only the proxies
# named inside the header (the nearest one is REMOTE_ADDR), hence PROXY_COUNT - 1; not
# strict, because a client may send an X-Forwarded-For of its own, which the proxies
# keep in front of theirs. With no proxy the header is never read: anyone can send it.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"PROXY_COUNT must be 0 or more, not {PROXY_COUNT}.")
if PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None

# Password-reset emails: at most this many to one account, and this many requests from
# one address, in an hour (0: no limit). Past either, the page answers as always and no
# email goes. Counted in the cache: per process unless REDIS_URL shares it.
PASSWORD_RESET_EMAILS_PER_ACCOUNT = env_int("PASSWORD_RESET_EMAILS_PER_ACCOUNT", 3)
PASSWORD_RESET_REQUESTS_PER_ADDRESS = env_int("PASSWORD_RESET_REQUESTS_PER_ADDRESS", 10)

# The host's language: pages for a visitor whose browser asks for none we have, and
# emails to a member who never chose one. Each name is written in its own language,
# as the chooser shows it. Adding a language: README, "Translations".
LANGUAGES = [("en", "English"), ("es", "Español"), ("de", "Deutsch")]
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", tuple(code for code, _name in LANGUAGES), "en")
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
LOCALE_PATHS = [BASE_DIR / "locale"]
# How dates and times are written, per language: config/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Unknot <unknot@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who push services may write to about this server's reminders (VAPID "sub"): a mailto: or
# https: address; empty means DEFAULT_FROM_EMAIL's address (diary/push.py).
PUSH_CONTACT = env_str("PUSH_CONTACT", "")

SESSION_COOKIE_HTTPONLY = True
# A session ends after this long without a visit (SessionIdleTimeoutMiddleware in
# website/middleware.py pushes the end back as it is used). Patients mostly use their own
# phones, so two weeks; staff, who read other people's diaries, a working day.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 14 * 24 * 60)
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 8 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): only this site's own files, no inline script or
# style anywhere in our templates. The Django admin runs under the same policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Staff (clinicians and hosts) need a one-time code from an authenticator app before the
# admin opens (website/twofactor). Patients are not asked.
STAFF_2FA = env_bool("STAFF_2FA", True)
OTP_TOTP_ISSUER = SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # hosts cannot read anyone's secret key in the admin

# Limits. A form without files may be 2.5 MB (Django's default); a request with a file up
# to MAX_UPLOAD_MB, and the diary import up to IMPORT_MAX_MB, so a patient's own export of
# years fits. Anything bigger gets a 413 page before it is read (website/request_limits.py).
# An import bigger than IMPORT_INLINE_MAX_KB is a job for `manage.py run_worker`
# (diary/data/import_jobs.py), its file kept in IMPORT_JOBS_DIR until it is done. Each
# patient may add ENTRIES_PER_MINUTE diary entries a minute (diary/daily/limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 25)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 100) * 1024 * 1024
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_KB", 2048) * 1024
IMPORT_JOBS_DIR = DATA_DIR / "import-jobs"
# A file waiting for its importer to confirm it is someone else's diary.
IMPORT_HOLD_DIR = DATA_DIR / "import-held"
ENTRIES_PER_MINUTE = env_int("ENTRIES_PER_MINUTE", 30)

if not DEBUG:
    # Behind a TLS-terminating proxy (Caddy, nginx) that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A proxy or monitor probes the health check over plain HTTP on loopback.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list cannot be undone quickly, so it is the
        # host's own choice (SECURE_HSTS_PRELOAD=1), not a default we warn about.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

AUTH_USER_MODEL = "diary.User"
