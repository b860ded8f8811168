"""Killed jobs do not stay "running" until someone opens a page: Celery beat runs the reaper."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from btxh.celery import app
from btxh.models import Job, JobStatus
from btxh.tasks import jobs_reap_stale


def test_the_beat_schedule_runs_the_reaper_task_more_often_than_a_job_goes_stale():
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "btxh.tasks.jobs_reap_stale"]
    assert entry["schedule"] <= settings.JOBS_STALE_AFTER_SECONDS
    app.loader.import_default_modules()
    assert "btxh.tasks.jobs_reap_stale" in app.tasks


def test_the_scheduled_task_reaps_a_job_whose_worker_went_silent(commune):
    old = timezone.now() - timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS + 5)
    stale = Job.objects.create(kind="payroll_generate", unit=commune, status=JobStatus.RUNNING,
                               heartbeat_at=old, worker="worker-2:4242")  # fmt: skip
    alive = Job.objects.create(kind="payroll_generate", unit=commune, status=JobStatus.RUNNING,
                               heartbeat_at=timezone.now(), worker="worker-2:4243")  # fmt: skip
    assert jobs_reap_stale.apply().get() == 1
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == JobStatus.FAILED and "dừng đột ngột" in stale.message
    assert alive.status == JobStatus.RUNNING


def test_docker_compose_runs_beat_with_the_project_app():
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    beat = compose[compose.index("  beat:"):]
    assert "celery -A btxh beat" in beat
