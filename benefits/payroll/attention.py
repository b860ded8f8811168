"""What payroll puts on the home page."""

from django.urls import reverse

from btxh.attention import Attention
from btxh.models import Level

from .forms import current_month
from .models import PaymentRoll, RollStatus
from .selectors import not_collected_streaks


def payroll_attention(user) -> list[Attention]:
    unit = user.unit
    if unit is None or unit.level != Level.COMMUNE or user.role != "commune_officer":
        return []
    month = current_month()
    url = reverse("benefits:roll-list")
    roll = PaymentRoll.objects.for_user(user).filter(unit=unit, month=month.first_day).only("id", "status").first()
    items = []
    if roll is None:
        items.append(Attention(f"Chưa lập danh sách chi trả tháng {month.month:02d}/{month.year}", 1, url))
    elif roll.status == RollStatus.DRAFT:
        items.append(Attention(f"Danh sách chi trả tháng {month.month:02d}/{month.year} chưa khóa", 1,
                               reverse("benefits:roll-detail", args=[roll.pk])))
    streaks = not_collected_streaks(unit, month)
    if streaks:
        items.append(Attention("Đối tượng 3 tháng liền chưa nhận tiền: xem xét tạm dừng", len(streaks), url, "danger"))
    return items
