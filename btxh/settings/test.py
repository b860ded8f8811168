"""Settings for the test suite: SQLite unless DATABASE_URL is set; jobs inline."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
SECRET_KEY = "btxh-test-key"  # noqa: S105
# One PBKDF2 hash takes ~1.7 s on the CI machines.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests run jobs inline unless a test asks for a real worker.
JOBS_BACKEND = env("BTXH_JOBS_BACKEND", default="eager")
# Each pytest-xdist worker (and the Celery worker a test starts, which inherits the variable) writes
# its files apart from the others'.
MEDIA_ROOT = str(BASE_DIR / ".test-media" / env("PYTEST_XDIST_WORKER", default="main"))
AXES_ENABLED = env.bool("AXES_ENABLED", default=False)
ALLOWED_HOSTS = ["*"]

# A worker started by a test must reach the same test database as the test process.
if env("BTXH_TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env("BTXH_TEST_DATABASE_NAME")
    DATABASES["default"]["TEST"] = {"NAME": env("BTXH_TEST_DATABASE_NAME")}
