"""One job through a real Celery worker on Redis (runs when CELERY_BROKER_URL is set, as in CI)."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection

from btxh.models import JobStatus

# Both tests use the broker's "celery" queue (one empties it, one starts a worker that reads it). Under
# pytest-xdist they never overlap: pytest-django runs the transactional one after every other test.
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


@pytest.mark.django_db
def test_document_jobs_go_to_the_documents_queue_when_it_has_a_worker(settings, officer, django_capture_on_commit_callbacks):
    import redis

    from btxh.celery import app
    from btxh.services import job_create

    settings.JOBS_BACKEND = "celery"
    settings.JOBS_CELERY_QUEUES = ["documents"]
    broker = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
    broker.delete("documents", "celery")
    with app.connection_for_write() as conn:
        conn.ensure_connection()
    with django_capture_on_commit_callbacks(execute=True):
        job_create(kind="roll_documents", params={"roll_id": 0}, user=officer, unit=officer.unit)
        job_create(kind="unit_list_document", params={"user_id": officer.pk}, user=officer, unit=officer.unit)
    assert broker.llen("documents") == 1
    assert broker.llen("celery") == 1
    broker.delete("documents", "celery")
