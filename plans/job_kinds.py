"""Background jobs of the longevity celebrations: thin wrappers around plans.services."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beneficiaries.job_kinds import import_job_run
from btxh.jobs import job_handler
from btxh.models import Unit, User

from .services import elderly_import


@job_handler("elderly_import", label=_("Nhập danh sách người cao tuổi"))
def elderly_import_job(job, progress):
    unit = Unit.objects.get(pk=job.params["unit_id"])
    user = User.objects.filter(pk=job.params.get("user_id")).first()
    written, summary = import_job_run(
        job, progress,
        lambda data, dry_run: elderly_import(data=data, unit=unit, user=user, dry_run=dry_run),
        done=lambda s: f"Đã nhập {s['created']} người mới, cập nhật {s['updated']} người đã có; "
                       f"{s['linked']} người có trong sổ đối tượng bảo trợ xã hội.",
    )  # fmt: skip
    if written:
        summary = {**summary, "url": reverse("plans:elderly-list"), "url_label": "Xem danh sách người cao tuổi"}
    return summary
