"""Registry of background job kinds.

An app registers a handler for each kind of work it runs in the background::

    @job_handler("payroll_generate", label=_("Lập danh sách chi trả"),
                 permission=lambda user, unit, params: may_prepare(user, unit))
    def payroll_generate_job(job, progress):
        progress.set_total(n)
        ...
        progress.advance()
        return {"lines": n}              # stored in Job.result
        # or: progress.attach("file.pdf", data)  # stored as Job.result_file

Handlers are thin: they read ``job.params`` and call a service.

``permission(user, unit, params) -> bool`` is the check of the action that starts the job (the
same one its page applies): "Chạy lại" runs it for the current user before making a new request
in their name. A kind without one cannot be re-run.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone


@dataclass(frozen=True)
class JobKind:
    kind: str
    label: str
    handler: Callable
    # The Celery queue (None: the default one). Documents go to a queue whose worker runs
    # tasks in threads, so that a renderer may start its own processes.
    queue: str | None = None
    # Who may start this kind of job (for a unit, with these parameters); None: nobody re-runs it.
    permission: Callable | None = None

    def may_run(self, user, unit, params: dict) -> bool:
        if self.permission is None or user is None or not user.is_authenticated:
            return False
        return bool(self.permission(user, unit, params))


_KINDS: dict[str, JobKind] = {}

# A handler returns this when it fanned out child jobs that run elsewhere: the job stays
# running and finishes when its last child does.
DEFERRED = object()


def job_handler(kind: str, *, label: str, queue: str | None = None, permission: Callable | None = None):
    def register(func):
        _KINDS[kind] = JobKind(kind=kind, label=str(label), handler=func, queue=queue, permission=permission)
        return func

    return register


def get_kind(kind: str) -> JobKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"Unknown job kind: {kind}") from None


def job_kind_may_run(job, user) -> bool:
    """Whether ``user`` may start ``job``'s kind of work again, for its unit and parameters."""
    found = _KINDS.get(job.kind)
    return bool(found and found.may_run(user, job.unit, job.params))


def job_files(job) -> list[dict]:
    """The files a job produced, each ``{"label", "name", "url"}``, for its page to link: its own result
    file (``Progress.attach``) and the files its handler kept elsewhere and listed in ``result["files"]``
    (a roll's PDF and Excel documents stay with the roll; ``job_file_entry`` makes an entry)."""
    from django.urls import reverse

    files = []
    if job.result_file:
        name = job.result_file.name.rsplit("/", 1)[-1]
        files.append({"label": "Tải tệp kết quả", "name": name, "url": reverse("job-file", args=[job.pk]), "own": True})
    for entry in (job.result or {}).get("files", []):
        if isinstance(entry, dict) and entry.get("url"):
            files.append({"label": entry.get("label") or entry.get("name", ""), "name": entry.get("name", ""),
                          "url": entry["url"]})  # fmt: skip
    return files


def job_file_entry(*, label: str, file, url: str) -> dict:
    """An entry of ``result["files"]``: what the file is, its name (from a FileField) and the URL that serves it."""
    return {"label": str(label), "name": file.name.rsplit("/", 1)[-1], "url": url}


def kind_label(kind: str) -> str:
    found = _KINDS.get(kind)
    return found.label if found else kind


class Progress:
    """What a handler uses to report progress; every report is also a heartbeat."""

    # Write at most this often, so that a fast loop does not hammer the database.
    MIN_INTERVAL_SECONDS = 0.5

    def __init__(self, job):
        self.job = job
        self._last_write = None

    def set_total(self, total: int, message: str = "") -> None:
        self.job.progress_total = total
        if message:
            self.job.message = message
        self._save(force=True)

    def advance(self, n: int = 1, message: str = "") -> None:
        self.job.progress_done += n
        if message:
            self.job.message = message
        self._save()

    def set_done(self, done: int, message: str = "") -> None:
        self.job.progress_done = done
        if message:
            self.job.message = message
        self._save()

    def attach(self, filename: str, data: bytes) -> None:
        self.job.result_file.save(filename, ContentFile(data), save=False)
        self._save(force=True, extra=["result_file"])

    def _save(self, *, force: bool = False, extra: list[str] | None = None) -> None:
        now = timezone.now()
        if not force and self._last_write and (now - self._last_write).total_seconds() < self.MIN_INTERVAL_SECONDS:
            return
        self._last_write = now
        self.job.heartbeat_at = now
        if self.job.parent_id:  # a parent waiting on its children is alive while they are
            type(self.job).objects.filter(pk=self.job.parent_id).update(heartbeat_at=now)
        type(self.job).objects.filter(pk=self.job.pk).update(
            progress_done=self.job.progress_done,
            progress_total=self.job.progress_total,
            message=self.job.message[:300],
            heartbeat_at=now,
            **({"result_file": self.job.result_file.name} if extra else {}),
        )
