"""One job through a real Celery worker on Redis (runs when CELERY_BROKER_URL is set, as in CI)."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection

from btxh.models import JobStatus

pytestmark = pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs Redis (CELERY_BROKER_URL)")


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery_worker
def test_a_job_runs_on_a_real_celery_worker(rule_tables, settings, officer):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memory", ":memory:")):
        pytest.skip("the worker process cannot see an in-memory SQLite test database")
    settings.JOBS_BACKEND = "celery"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "btxh.settings.test", "BTXH_JOBS_BACKEND": "celery",
           "BTXH_TEST_DATABASE_NAME": connection.settings_dict["NAME"]}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "btxh", "worker", "--pool=solo", "--concurrency=1", "-l", "WARNING",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=env,
    )
    try:
        from btxh.services import job_create

        job = job_create(kind="unit_list_document", params={"user_id": officer.pk, "format": "xlsx"},
                         user=officer, unit=officer.unit)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.3)
        assert job.status == JobStatus.SUCCEEDED, job.error
        assert job.worker.endswith(f":{worker.pid}")
        assert job.result_file.name.endswith(".xlsx")
    finally:
        worker.terminate()
        worker.wait(timeout=20)
