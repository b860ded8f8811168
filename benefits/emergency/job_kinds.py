"""Background jobs of emergency aid: thin wrappers around its services."""

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beneficiaries.job_kinds import ImportFailed
from beneficiaries.permissions import can_edit_in
from btxh.jobs import job_handler
from btxh.models import User

from .importing import ImportFileError
from .models import EmergencyEvent
from .services import requests_import


def _may_import(user, unit, params) -> bool:
    """The upload page's check: an officer who may edit in the event's commune."""
    event = EmergencyEvent.objects.filter(pk=params.get("event_id")).first()
    return (event is not None and user.unit_id is not None and can_edit_in(user, user.unit)
            and event.commune_links.filter(unit_id=user.unit_id).exists())


@job_handler("emergency_requests_import", label=_("Nhập danh sách đề nghị trợ giúp đột xuất"), permission=_may_import)
def emergency_requests_import_job(job, progress):
    params = job.params
    event = EmergencyEvent.objects.get(pk=params["event_id"])
    user = User.objects.get(pk=params["user_id"])
    with default_storage.open(params["path"], "rb") as f:
        data = f.read()
    try:
        result = requests_import(data=data, event=event, user=user, dry_run=params.get("dry_run", False))
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
        progress.set_total(summary["rows"], f"Tệp hợp lệ: {summary['rows']} đề nghị, chưa nhập (chỉ kiểm tra): "
                                            f"{summary['linked']} người đã có trong sổ đối tượng, "
                                            f"{summary['added']} người sẽ được thêm vào sổ.")
    else:
        progress.attach(f"{stem}-ket-qua.xlsx", result.report())
        progress.set_total(
            summary["rows"],
            f"Đã nhập {summary['created']} đề nghị cho sự kiện {event.name}; "
            f"{summary['linked']} đề nghị nối với người đã có trong sổ đối tượng, "
            f"{summary['added']} người chưa có được thêm vào sổ cùng hộ mới (xem cột “Sổ đối tượng” trong tệp kết quả).",
        )
    return {**summary, "url": reverse("benefits:emergency-event-detail", args=[event.pk]),
            "url_label": "Về sự kiện"}
