"""Celery tasks: thin wrappers around services."""

from celery import shared_task

from . import services


@shared_task(name="btxh.tasks.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: int) -> None:
    services.job_run(job_id=job_id)


@shared_task(name="btxh.tasks.jobs_reap_stale")
def jobs_reap_stale() -> int:
    return services.jobs_reap_stale()
