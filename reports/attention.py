"""What the reports put on the home page: the unit's report that is due or late, returned
reports, and the children's reports waiting for this level to accept."""

from django.urls import reverse
from django.utils import timezone

from btxh.attention import Attention

from .figures import Period
from .models import Report, ReportKind, ReportStatus
from .selectors import LEVEL_OFFICER


def due_period(today) -> Period:
    """The month whose payments report is due next: last month's (due by the 5th of this one)."""
    return Period.of(today).previous()


def reports_attention(user) -> list[Attention]:
    unit = user.unit
    if unit is None or user.role != LEVEL_OFFICER.get(unit.level):
        return []
    today = timezone.localdate()
    period = due_period(today)
    url = reverse("reports:report-list")
    items = []
    own = Report.objects.filter(unit=unit, kind=ReportKind.PAYMENTS, period=str(period)).only("status").first()
    if own is None or own.is_editable:
        late = today > period.due
        word = "quá hạn" if late else "đến hạn"
        items.append(Attention(
            f"Báo cáo chi trả tháng {period.label} {word} ({period.due:%d/%m/%Y}), chưa gửi", 1,
            f"{url}?period={period}", "danger" if late else "warning",
        ))
    # Other kinds (longevity lists) point at their own pages from their own apps.
    returned = Report.objects.filter(unit=unit, kind=ReportKind.PAYMENTS, status=ReportStatus.RETURNED).count()
    items.append(Attention("Báo cáo bị cấp trên trả lại, cần sửa và gửi lại", returned, url, "danger"))
    waiting = Report.objects.filter(unit__parent=unit, kind=ReportKind.PAYMENTS, status=ReportStatus.SUBMITTED).count()
    items.append(Attention("Báo cáo của cấp dưới chờ chấp nhận", waiting, f"{url}?period={period}", "info"))
    return items
