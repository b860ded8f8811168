"""Writes of the core app: jobs, access log, staff."""

import contextlib
import logging
import os
import socket
import threading
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .jobs import DEFERRED, Progress, get_kind
from .models import AccessLog, Job, JobStatus, Unit, User
from .tasks import run_job

logger = logging.getLogger(__name__)


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# ---------------------------------------------------------------------------
# Background jobs
# ---------------------------------------------------------------------------
def job_create(*, kind: str, params: dict, user: User | None, unit: Unit | None, parent: Job | None = None) -> Job:
    """Record a job and hand it to the configured backend once the transaction commits."""
    get_kind(kind)  # refuse unknown kinds before anything is written
    job = Job.objects.create(kind=kind, params=params, requested_by=user, unit=unit, parent=parent)
    if settings.JOBS_BACKEND == "eager":
        # Tests: run inline, inside the caller's transaction, so the result is there on return.
        job_run(job_id=job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    return job


def import_job_create(*, kind: str, upload, dry_run: bool, user: User, unit: Unit | None, **params) -> Job:
    """An uploaded list to import, run as a job: the file is stored under ``imports/<yyyy>/<mm>/``
    and the job gets its path, its name, the user and ``dry_run`` with the import's own ``params``."""
    from django.core.files.storage import default_storage

    stored = default_storage.save(f"imports/{timezone.now():%Y/%m}/{upload.name}", upload)
    return job_create(
        kind=kind,
        params={"path": stored, **params, "user_id": user.pk, "dry_run": dry_run, "filename": upload.name},
        user=user,
        unit=unit,
    )


class JobNotAllowed(Exception):
    """The current user may not start this kind of job."""

    user_message = "Bạn không có quyền chạy lại công việc này."


def job_rerun(*, job: Job, user: User) -> Job:
    """"Chạy lại": a new request by ``user`` (not the original requester), allowed only when they may
    start the original action themselves; every ``user_id`` in the parameters becomes theirs, so
    the work, the audit trail and the access log are credited to them."""
    kind = get_kind(job.kind)
    if not kind.may_run(user, job.unit, job.params):
        raise JobNotAllowed(kind.kind)
    params = dict(job.params)
    if "user_id" in params or job.requested_by_id:
        params["user_id"] = user.pk
    return job_create(kind=job.kind, params=params, user=user, unit=job.unit)


def job_enqueue(*, job_id: int) -> None:
    backend = settings.JOBS_BACKEND
    if backend == "celery":

        queue = get_kind(Job.objects.values_list("kind", flat=True).get(pk=job_id)).queue
        queue = queue if queue in settings.JOBS_CELERY_QUEUES else None
        run_job.apply_async(args=[job_id], **({"queue": queue} if queue else {}))
    elif backend == "thread":
        threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True, name=f"job-{job_id}").start()
    else:
        job_run(job_id=job_id)


def _run_in_thread(job_id: int) -> None:
    try:
        job_run(job_id=job_id)
    finally:
        connection.close()


def job_run(*, job_id: int) -> Job:
    """Run a pending job to its end. A job that is not pending (already run, or
    redelivered after its worker died and was reaped) is left as it is."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(), worker=_worker_id()
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    handler = get_kind(job.kind).handler
    progress = Progress(job)
    # Inside a caller's transaction (inline jobs) a savepoint keeps a failed handler's
    # writes out while the failure itself is still recorded. Otherwise handlers own
    # their transactions, so that progress is visible to other connections as it happens.
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with guard:
            result = handler(job, progress)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        message = getattr(exc, "user_message", None) or str(exc) or exc.__class__.__name__
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{message}\n\n{traceback.format_exc(limit=5)}"[:5000],
            message=str(message)[:300],
            finished_at=timezone.now(),
        )
    else:
        if result is DEFERRED:
            return job
        job.refresh_from_db(fields=["result_file"])
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED,
            result=result if isinstance(result, dict) else {},
            progress_done=max(job.progress_done, job.progress_total),
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
    job.refresh_from_db()
    if job.parent_id and job.is_finished:
        _job_child_finished(parent_id=job.parent_id)
    return job


def job_fan_out(*, parent: Job, kind: str, children: list[tuple[dict, Unit]]) -> bool:
    """One child job per (params, unit). On Celery they run in parallel on the workers and
    the parent finishes with its last child (the handler then returns ``DEFERRED``);
    otherwise they run one after the other here. Returns True when they run elsewhere."""
    get_kind(kind)
    Job.objects.filter(pk=parent.pk).update(progress_total=len(children), progress_done=0)
    parent.progress_total = len(children)
    distributed = settings.JOBS_BACKEND == "celery" and bool(children)
    Job.objects.bulk_create(
        [Job(kind=kind, params=params, requested_by=parent.requested_by, unit=unit, parent=parent)
         for params, unit in children]
    )
    if distributed:
        ids = list(Job.objects.filter(parent=parent).values_list("pk", flat=True))
        transaction.on_commit(lambda: [job_enqueue(job_id=i) for i in ids])
        return True
    for child in Job.objects.filter(parent=parent).order_by("pk"):
        job_run(job_id=child.pk)
    return False


def _job_child_finished(*, parent_id: int) -> None:
    """Count a finished child on its parent; the last one finishes the parent."""
    Job.objects.filter(pk=parent_id).update(progress_done=F("progress_done") + 1, heartbeat_at=timezone.now())
    parent = Job.objects.get(pk=parent_id)
    if parent.status != JobStatus.RUNNING or parent.progress_done < parent.progress_total:
        return
    failed = parent.children.filter(status=JobStatus.FAILED).count()
    Job.objects.filter(pk=parent_id, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED if failed else JobStatus.SUCCEEDED,
        message=f"{failed} đơn vị bị lỗi, xem từng việc con." if failed else parent.message,
        finished_at=timezone.now(),
    )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def jobs_reap_stale(*, now=None) -> int:
    """Mark as failed every running job whose worker is gone: a process on this host
    that no longer exists, or no heartbeat for ``JOBS_STALE_AFTER_SECONDS``."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)
    host = socket.gethostname()
    dead = []
    for job in Job.objects.filter(status=JobStatus.RUNNING).only("pk", "worker", "heartbeat_at"):
        worker_host, _, pid = job.worker.rpartition(":")
        if job.heartbeat_at is None or job.heartbeat_at < limit or (worker_host == host and pid.isdigit() and not _process_alive(int(pid))):
            dead.append(job.pk)
    if dead:
        Job.objects.filter(pk__in=dead, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            message="Tiến trình xử lý đã dừng đột ngột; hãy chạy lại.",
            error="worker lost",
            finished_at=now,
        )
    return len(dead)


# ---------------------------------------------------------------------------
# Access log
# ---------------------------------------------------------------------------
def access_log_record(*, user: User, obj, action: str, unit: Unit | None = None, path: str = "") -> AccessLog:
    """Log a view or export of a person's record (Decree 13/2023 on personal data protection)."""
    return AccessLog.objects.create(
        user=user if user and user.is_authenticated else None,
        unit=unit if unit is not None else getattr(obj, "unit", None),
        action=action,
        object_type=obj._meta.label if hasattr(obj, "_meta") else str(type(obj).__name__),
        object_id=str(getattr(obj, "pk", "")),
        object_repr=str(obj)[:200],
        path=path[:300],
    )


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------
def staff_create(*, username: str, password: str, full_name: str, unit: Unit | None, role: str) -> User:
    user = User(username=username, full_name=full_name, unit=unit, role=role)
    user.set_password(password)
    user.is_staff = role == "administrator"
    user.is_superuser = role == "administrator" and unit is None
    user.save()
    return user
