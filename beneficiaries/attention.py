"""What needs attention on the home page: cases to decide, cases sent back, what falls due."""

from django.urls import reverse

from btxh.attention import Attention, register

from . import selectors
from .services import ends_awaiting


@register
def registry_attention(user) -> list[Attention]:
    if not user.is_authenticated:
        return []
    items = []
    cases = reverse("beneficiaries:case-list")
    pending = selectors.pending_decision_count(user)
    if pending:
        items.append(
            Attention("Hồ sơ chờ phê duyệt (phê duyệt theo đợt)", pending, reverse("beneficiaries:decision-batch"), "warning")
        )
    if selectors.is_approver(user):

        ends = len(ends_awaiting(user))
        if ends:
            items.append(Attention("Thôi hưởng chờ quyết định", ends, reverse("beneficiaries:decision-ends"), "danger"))
        from .services import status_changes_awaiting

        if changes := len(status_changes_awaiting(user)):
            items.append(Attention("Tạm dừng, hưởng tiếp chờ quyết định", changes,
                                   reverse("beneficiaries:decision-ends") + "#tam-dung", "warning"))  # fmt: skip
    if user.can_edit_cases:
        returned = selectors.returned_count(user)
        if returned:
            items.append(Attention("Hồ sơ bị trả lại cần bổ sung", returned, f"{cases}?status=returned", "danger"))
        approved = selectors.approved_not_active_count(user)
        if approved:
            items.append(Attention("Hồ sơ đã duyệt chưa đưa vào chi trả", approved, f"{cases}?status=approved", "info"))
        due = selectors.worklist_count(user)
        if due:
            items.append(
                Attention(
                    f"Việc đến hạn trong {selectors.WORKLIST_DAYS} ngày",
                    due,
                    reverse("beneficiaries:worklist"),
                    "warning",
                )
            )
    return items
