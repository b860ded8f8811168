"""What the reports put on the home page: the unit's reports that are due or late (after its
province's due dates), returned reports, children's reports waiting for this level to accept,
and children whose accepted figures changed after this level counted them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from btxh.attention import Attention

from .figures import Period
from .models import Report, ReportKind, ReportStatus
from .selectors import LEVEL_OFFICER, due_date, due_dates_of

# A results report is listed from this many days before its due date.
RESULTS_NOTICE_DAYS = 30


def due_period(today) -> Period:
    """The month whose payments report is due next: last month's (due by the 5th of this one)."""
    return Period.of(today).previous()


def _unsent(unit, kind, period) -> bool:
    own = Report.objects.filter(unit=unit, kind=kind, period=str(period)).only("status").first()
    return own is None or own.is_editable


def reports_attention(user) -> list[Attention]:
    unit = user.unit
    if unit is None or user.role != LEVEL_OFFICER.get(unit.level):
        return []
    today = timezone.localdate()
    setting = due_dates_of(unit)
    period = due_period(today)
    due = due_date(unit, ReportKind.PAYMENTS, period, setting)
    url = reverse("reports:report-list")
    items = []
    if _unsent(unit, ReportKind.PAYMENTS, period):
        late = today > due
        word = "quá hạn" if late else "đến hạn"
        items.append(Attention(
            f"Báo cáo chi trả tháng {period.label} {word} ({due:%d/%m/%Y}), chưa gửi", 1,
            f"{url}?period={period}", "danger" if late else "warning",
        ))
    # The results report of the half-year: listed from a month before its due date, and while late.
    half = Period.half_of(today)
    for results_period in (half.previous(), half):
        results_due = due_date(unit, ReportKind.RESULTS, results_period, setting)
        if today < results_due - timedelta(days=RESULTS_NOTICE_DAYS) or today > results_due + timedelta(days=180):
            continue
        if _unsent(unit, ReportKind.RESULTS, results_period):
            late = today > results_due
            items.append(Attention(
                f"Báo cáo kết quả trợ giúp xã hội {results_period.label} {'quá hạn' if late else 'đến hạn'} "
                f"({results_due:%d/%m/%Y}), chưa gửi", 1,
                f"{url}?kind=results&period={results_period}", "danger" if late else "warning",
            ))
    # Other kinds (longevity lists) point at their own pages from their own apps.
    returned = Report.objects.filter(
        unit=unit, kind__in=(ReportKind.PAYMENTS, ReportKind.RESULTS), status=ReportStatus.RETURNED
    ).count()
    items.append(Attention("Báo cáo bị cấp trên trả lại, cần sửa và gửi lại", returned, url, "danger"))
    waiting = Report.objects.filter(unit__parent=unit, kind=ReportKind.PAYMENTS, status=ReportStatus.SUBMITTED).count()
    items.append(Attention("Báo cáo của cấp dưới chờ chấp nhận", waiting, f"{url}?period={period}", "info"))
    changed = Report.objects.filter(unit=unit).exclude(child_changes=[]).count()
    items.append(Attention("Số liệu đã chấp nhận của cấp dưới thay đổi, cần gửi lại báo cáo", changed, url, "warning"))
    return items
