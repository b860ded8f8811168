"""The Celery app. Tasks are thin wrappers around services (see btxh/tasks.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "btxh.settings.local")

app = Celery("btxh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
