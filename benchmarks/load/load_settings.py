"""Settings for the load test: production's (PostgreSQL, Redis, Celery, DEBUG off, persistent
connections), served over plain HTTP on the loopback interface, so without TLS-only cookies
and redirects (a client would not send a Secure cookie back over http://127.0.0.1)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "load-test-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from btxh.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Whitenoise's manifest storage needs collectstatic; the load test does not fetch static files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = False  # 50 logins a minute from one address are the test, not an attack
