"""Background jobs of emergency aid: thin wrappers around its services."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beneficiaries.job_kinds import import_job_run
from beneficiaries.permissions import can_edit_in
from btxh.jobs import job_handler
from btxh.models import User

from .models import EmergencyEvent
from .services import requests_import


def _may_import(user, unit, params) -> bool:
    """The upload page's check: an officer who may edit in the event's commune."""
    event = EmergencyEvent.objects.filter(pk=params.get("event_id")).first()
    return (event is not None and user.unit_id is not None and can_edit_in(user, user.unit)
            and event.commune_links.filter(unit_id=user.unit_id).exists())


@job_handler("emergency_requests_import", label=_("Nhập danh sách đề nghị trợ giúp đột xuất"), permission=_may_import)
def emergency_requests_import_job(job, progress):
    event = EmergencyEvent.objects.get(pk=job.params["event_id"])
    user = User.objects.get(pk=job.params["user_id"])
    _, summary = import_job_run(
        job, progress,
        lambda data, dry_run: requests_import(data=data, event=event, user=user, dry_run=dry_run),
        done=lambda s: f"Đã nhập {s['created']} đề nghị cho sự kiện {event.name}; "
                       f"{s['linked']} đề nghị nối với người đã có trong sổ đối tượng, "
                       f"{s['added']} người chưa có được thêm vào sổ cùng hộ mới (xem cột “Sổ đối tượng” trong tệp kết quả).",
        checked=lambda s: f"Tệp hợp lệ: {s['rows']} đề nghị, chưa nhập (chỉ kiểm tra): "
                          f"{s['linked']} người đã có trong sổ đối tượng, {s['added']} người sẽ được thêm vào sổ.",
        result_report=True, rows="đề nghị",
    )  # fmt: skip
    return {**summary, "url": reverse("benefits:emergency-event-detail", args=[event.pk]),
            "url_label": "Về sự kiện"}
