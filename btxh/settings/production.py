"""Production: PostgreSQL and Redis are required; secrets come only from the environment."""

from .base import *  # noqa: F403
from .base import POSTGRES_OPTIONS, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"].setdefault("OPTIONS", {}).update(POSTGRES_OPTIONS)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a restart of PostgreSQL costs no request an error
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
# The cache in Redis (the broker's unless BTXH_CACHE_URL names another), shared by every gunicorn
# worker; sessions are read from it and written through to the database (cached_db), so a page
# reads no session row and a Redis restart logs nobody out.
CACHE_URL = env("BTXH_CACHE_URL", default=CELERY_BROKER_URL)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "btxh"}
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
JOBS_BACKEND = "celery"
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
