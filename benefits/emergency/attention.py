"""Home-page items: emergency-aid requests waiting past the decision deadline, drafts to decide."""

from django.urls import reverse

from btxh.attention import Attention

from . import selectors


def emergency_attention(user) -> list[Attention]:
    if user.unit is None:
        return []
    url = reverse("benefits:emergency-event-list")
    items = [Attention("Đề nghị trợ giúp đột xuất quá hạn chưa có quyết định",
                       selectors.overdue_requests(user).count(), url, "danger")]
    if user.role in ("commune_leader", "district_officer"):
        items.append(Attention("Dự thảo quyết định trợ giúp đột xuất chờ phê duyệt",
                               selectors.draft_decisions_waiting(user).count(), url))
    return items
