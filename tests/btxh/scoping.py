"""Objects of the core app in commune A, for the every-URL scoping check."""

from btxh.models import Job, JobStatus
from btxh.services import access_log_record


def build(world):
    # A write job (a roll generation): "Chạy lại" is a write URL a viewer must be refused.
    job = Job.objects.create(
        kind="payroll_generate",
        params={"user_id": world.officer_a.pk, "unit_id": world.commune_a.pk, "month": "2026-07"},
        requested_by=world.officer_a, unit=world.commune_a, status=JobStatus.SUCCEEDED,
        message="Việc riêng Ađơn Bímật",
    )
    world.ids["job"] = job.pk
    world.markers.add("Việc riêng Ađơn Bímật")
    access_log_record(user=world.officer_a, obj=world.officer_a, action="view", unit=world.commune_a)


KWARGS = {
    "job_id": lambda world: world.ids["job"],
}
