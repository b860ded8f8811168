"""Settings shared by every environment.

Everything that differs between machines is read through ``env`` (django-environ).
With no environment set, the project runs on the embedded default: a SQLite file
and background jobs in a thread of the web process (no Redis needed).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():  # optional, for a developer's own settings; never committed
    env.read_env(BASE_DIR / ".env", overwrite=False)

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY", default="btxh-local-development-key-not-for-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
ROOT_URLCONF = "btxh.urls"
WSGI_APPLICATION = "btxh.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "btxh.User"

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "btxh.apps.AxesConfig",  # django-axes, with a Vietnamese heading in the admin
    "csp",
]
LOCAL_APPS = [
    "btxh",
    "beneficiaries",
    "benefits",
    "plans",
    "reports",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "btxh.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "btxh.middleware.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # AxesMiddleware should be the last middleware.
    "axes.middleware.AxesMiddleware",
]

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
                "btxh.context_processors.navigation",
            ],
            "builtins": ["btxh.templatetags.btxh"],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite file by default, PostgreSQL through DATABASE_URL
# ---------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A pooled connection is checked before a request uses it: after a database restart each worker
# reconnects instead of failing once on the dead connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL: no JIT compilation. It is made for long analytical queries; the roll's queries
# over one commune sit near its cost threshold and paid 10-50 ms of compiling each.
POSTGRES_OPTIONS = {"options": "-c jit=off"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(POSTGRES_OPTIONS)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background-job thread write while pages read.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

# ---------------------------------------------------------------------------
# Cache: Redis when BTXH_CACHE_URL is set (production defaults it to the broker's Redis), else
# each process's memory (the embedded default). It keeps the home page's counts for a short while
# (btxh/attention.py) and, in production, the sessions.
# ---------------------------------------------------------------------------
CACHE_URL = env("BTXH_CACHE_URL", default="")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "btxh"}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "btxh"}
}

# ---------------------------------------------------------------------------
# Authentication and security
# ---------------------------------------------------------------------------
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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sessions end after 8 idle hours (a working day) and when the browser closes. The idle clock is
# moved on by btxh.middleware.SessionRefreshMiddleware at most every BTXH_SESSION_REFRESH_SECONDS,
# not by a write of the session on every request (SESSION_SAVE_EVERY_REQUEST): under load that
# write was one UPDATE per page.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_SAVE_EVERY_REQUEST = False
BTXH_SESSION_REFRESH_SECONDS = env.int("BTXH_SESSION_REFRESH_SECONDS", default=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Login throttling: 5 failures lock the (user, IP) pair for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Content security policy: everything from our own origin, nothing from a CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# ---------------------------------------------------------------------------
# Language, time, formats
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["btxh.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
LOCALE_PATHS = [BASE_DIR / "locale"]

# ---------------------------------------------------------------------------
# Static and uploaded files
# ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ---------------------------------------------------------------------------
# Background jobs
# ---------------------------------------------------------------------------
# "celery": jobs go to Celery workers through the broker (production);
# "thread": jobs run in a thread of the web process (embedded default, no Redis);
# "eager": jobs run inline before the request returns (tests).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
JOBS_BACKEND = env("BTXH_JOBS_BACKEND", default="celery" if CELERY_BROKER_URL else "thread")
# Extra Celery queues that have a worker of their own (docker-compose: "documents", a worker
# whose tasks run in threads so that PDF rendering may use several processes). A job kind
# whose queue is not listed here goes to the default queue.
JOBS_CELERY_QUEUES = env.list("BTXH_JOBS_CELERY_QUEUES", default=[])
# A running job that has not reported progress for this long is taken as dead.
JOBS_STALE_AFTER_SECONDS = env.int("BTXH_JOBS_STALE_AFTER_SECONDS", default=600)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Killed workers' jobs are marked failed within a minute of going stale, whether or not a page is
    # opened; a run not picked up within the minute is dropped (the next one does the same work).
    "jobs-reap-stale": {"task": "btxh.tasks.jobs_reap_stale", "schedule": 60.0, "options": {"expires": 55}},
    # Locked rolls whose per-roll summaries were not computed at lock time (reports.tasks).
    "reports-roll-summaries-warm": {
        "task": "reports.tasks.roll_summaries_warm_stale", "schedule": 300.0, "options": {"expires": 290},
    },
}

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# ---------------------------------------------------------------------------
# Project
# ---------------------------------------------------------------------------
# How many people's rows a list page shows.
BTXH_PAGE_SIZE = 50
# Uploaded files (imports, returned payment lists): the largest upload, and the largest total
# of an .xlsx's parts once uncompressed (checked before openpyxl parses it).
BTXH_MAX_UPLOAD_MB = env.int("BTXH_MAX_UPLOAD_MB", default=10)
BTXH_MAX_XLSX_UNCOMPRESSED_MB = env.int("BTXH_MAX_XLSX_UNCOMPRESSED_MB", default=100)
AXES_VERBOSE = False

# A form sent with a stale or missing CSRF token: the Vietnamese page (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "btxh.views.csrf_failure"
