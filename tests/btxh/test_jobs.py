import os
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from btxh.jobs import job_handler
from btxh.models import Job, JobStatus
from btxh.services import job_create, job_run, jobs_reap_stale


@job_handler("test_count", label="Đếm thử")
def count_job(job, progress):
    n = job.params["n"]
    progress.set_total(n)
    for _ in range(n):
        progress.advance()
    progress.attach("ket-qua.txt", b"xong")
    return {"counted": n}


@job_handler("test_fail", label="Lỗi thử")
def fail_job(job, progress):
    raise ValueError("Tệp không đúng mẫu")


def test_a_job_runs_to_the_end_with_progress_and_a_result_file(officer):
    job = job_create(kind="test_count", params={"n": 7}, user=officer, unit=officer.unit)
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.percent) == (7, 7, 100)
    assert job.result == {"counted": 7}
    assert job.result_file.read() == b"xong"


def test_a_failing_job_is_marked_failed_with_its_message(officer):
    job = job_create(kind="test_fail", params={}, user=officer, unit=officer.unit)
    assert job.status == JobStatus.FAILED
    assert job.message == "Tệp không đúng mẫu"


def test_an_unknown_kind_is_refused_before_anything_is_written(officer):
    with pytest.raises(LookupError):
        job_create(kind="khong-co", params={}, user=officer, unit=officer.unit)
    assert not Job.objects.exists()


def test_a_job_that_is_no_longer_pending_is_not_run_twice(officer, commune):
    job = Job.objects.create(kind="test_count", params={"n": 1}, unit=commune, status=JobStatus.FAILED)
    assert job_run(job_id=job.pk).status == JobStatus.FAILED


def test_a_job_without_heartbeat_for_too_long_is_marked_failed(commune, settings):
    settings.JOBS_STALE_AFTER_SECONDS = 60
    old = timezone.now() - timedelta(minutes=5)
    stale = Job.objects.create(kind="test_count", unit=commune, status=JobStatus.RUNNING, heartbeat_at=old, worker="x:1")
    alive = Job.objects.create(
        kind="test_count", unit=commune, status=JobStatus.RUNNING, heartbeat_at=timezone.now(), worker=f"x:{os.getpid()}"
    )
    assert jobs_reap_stale() == 1
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == JobStatus.FAILED and "dừng đột ngột" in stale.message
    assert alive.status == JobStatus.RUNNING


def test_a_job_whose_worker_process_died_is_marked_failed_at_once(commune):
    import socket

    proc = subprocess.Popen(["sleep", "0"])
    proc.wait()
    job = Job.objects.create(
        kind="test_count", unit=commune, status=JobStatus.RUNNING, heartbeat_at=timezone.now(),
        worker=f"{socket.gethostname()}:{proc.pid}",
    )
    assert jobs_reap_stale() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_the_job_page_polls_until_done_and_then_offers_the_file(officer_client, officer):
    job = Job.objects.create(kind="test_count", unit=officer.unit, requested_by=officer, progress_total=4, progress_done=1,
                             status=JobStatus.RUNNING, heartbeat_at=timezone.now(), worker="elsewhere:1")
    page = officer_client.get(f"/cong-viec/{job.pk}/")
    assert 'hx-trigger="every 1s"' in page.content.decode()
    assert "25%" in page.content.decode()
    partial = officer_client.get(f"/cong-viec/{job.pk}/", headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and 'id="job-progress"' in partial.content.decode()
    done = job_create(kind="test_count", params={"n": 2}, user=officer, unit=officer.unit)
    html = officer_client.get(f"/cong-viec/{done.pk}/").content.decode()
    assert "every 1s" not in html and "Tải tệp kết quả" in html
    assert officer_client.get(f"/cong-viec/{done.pk}/tep/").getvalue() == b"xong"
