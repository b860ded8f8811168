"""Background jobs of the longevity celebrations: thin wrappers around plans.services."""

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beneficiaries.job_kinds import ImportFailed
from btxh.jobs import job_handler
from btxh.models import Unit, User

from .importing import ImportFileError
from .services import elderly_import


@job_handler("elderly_import", label=_("Nhập danh sách người cao tuổi"))
def elderly_import_job(job, progress):
    params = job.params
    unit = Unit.objects.get(pk=params["unit_id"])
    user = User.objects.filter(pk=params.get("user_id")).first()
    with default_storage.open(params["path"], "rb") as f:
        data = f.read()
    try:
        result = elderly_import(data=data, unit=unit, user=user, dry_run=params.get("dry_run", False))
    except ImportFileError as exc:
        raise ImportFailed(str(exc)) from exc
    summary = result.summary
    stem = params.get("filename", "danh-sach.xlsx").rsplit(".", 1)[0]
    if not result.ok:
        progress.attach(f"{stem}-loi.xlsx", result.report())
        progress.set_total(
            summary["rows"],
            f'Có {len(summary["error_rows"])} dòng lỗi: không nhập dòng nào. Tải tệp kết quả để xem lỗi ở cột "Lỗi".',
        )
    elif params.get("dry_run"):
        progress.set_total(summary["rows"], f"Tệp hợp lệ: {summary['rows']} dòng, chưa nhập (chỉ kiểm tra).")
    else:
        progress.set_total(
            summary["rows"],
            f"Đã nhập {summary['created']} người mới, cập nhật {summary['updated']} người đã có; "
            f"{summary['linked']} người có trong sổ đối tượng bảo trợ xã hội.",
        )
        summary = {**summary, "url": reverse("plans:elderly-list"), "url_label": "Xem danh sách người cao tuổi"}
    return summary
