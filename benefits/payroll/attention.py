"""What payroll puts on the home page."""

from django.urls import reverse

from btxh.attention import Attention
from btxh.models import Level

from .forms import current_month
from .models import PaymentRoll, RollStatus
from .selectors import not_collected_streaks, rollup_for


def payroll_attention(user) -> list[Attention]:
    unit = user.unit
    if unit is not None and unit.level != Level.COMMUNE and user.role in ("district_officer", "province_officer"):
        return _area_attention(user)
    if unit is None or unit.level != Level.COMMUNE or user.role != "commune_officer":
        return []
    month = current_month()
    url = reverse("benefits:roll-list")
    roll = PaymentRoll.objects.for_user(user).filter(unit=unit, month=month.first_day).only("id", "status").first()
    items = []
    if roll is None:
        items.append(Attention(f"Chưa lập danh sách chi trả tháng {month.text}", 1, url))
    elif roll.status == RollStatus.DRAFT:
        items.append(Attention(f"Danh sách chi trả tháng {month.text} chưa khóa", 1,
                               reverse("benefits:roll-detail", args=[roll.pk])))
    streaks = not_collected_streaks(unit, month)
    if streaks:
        items.append(Attention("Đối tượng 3 tháng liền chưa nhận tiền: xem xét tạm dừng", len(streaks), url, "danger"))
    return items


def _area_attention(user) -> list[Attention]:
    """District and province: communes whose roll of this month is missing or not locked yet."""

    month = current_month()
    rows = rollup_for(user, month)
    url = reverse("benefits:roll-list")
    label = month.text
    return [
        Attention(f"Xã chưa lập danh sách chi trả tháng {label}", sum(1 for r in rows if r.status == "missing"), url),
        Attention(f"Xã chưa khóa danh sách chi trả tháng {label}",
                  sum(1 for r in rows if r.roll is not None and r.roll.status == RollStatus.DRAFT), url, "info"),
    ]
