"""Conversion of K5C recipients (80 and over without a pension) to the social pension.

Decree 176/2025/NĐ-CP art. 8(2) repeals Decree 20/2021 art. 5(5)(c) from 1/7/2025: the K5C
allowance is paid through June 2025 and the same people are entitled to the social pension
(Law 41/2024 art. 21(1), from full 75 without a pension) from July 2025. The transition
procedure is not in the texts we hold (docs/legal-rules.md §3, [U]); we convert with one
decision of the commune chairman so that nobody loses a month.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from beneficiaries.errors import NotAllowed, RegistryError
from beneficiaries.models import DECIDED_STATUSES, Case, CaseEvent, CaseSource, CaseStatus, TerminationReason
from beneficiaries.permissions import is_approver_for
from beneficiaries.services.cases import case_event_record
from btxh.attention import Attention
from engine import Month

from .selectors import ruleset_load


def k5c_open_cases(user, unit=None):
    """K5C cases still open in the user's units (or in ``unit``)."""
    qs = Case.objects.for_user(user).filter(category="K5C", status__in=DECIDED_STATUSES).select_related(
        "person", "unit"
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("unit__path", "person__name_normalized")


@transaction.atomic
def k5c_convert(*, user, cases, decision_number: str, decision_date: date, signer: str = "") -> list[Case]:
    """End each K5C case with June 2025 and open a social-pension case (SP-75) from July 2025
    under one decision. A K5C case that already ended earlier is left alone."""
    # The months come from the rule tables: the last month K5C is in force, and the month after.
    k5c = ruleset_load().category("K5C")
    if k5c is None or k5c.valid_to is None:
        raise RegistryError("Diện K5C chưa có tháng hết hiệu lực trong bảng quy định.")
    k5c_last_month = k5c.valid_to
    pension_first_month = k5c.valid_to + 1
    conversion_note = f"Diện K5C hết hiệu lực từ tháng {pension_first_month:%m/%Y}" + (
        f" ({k5c.end_basis})" if k5c.end_basis else ""
    )
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise RegistryError({"decision_number": ["Cần nhập số quyết định."]})
    if not decision_date or decision_date > timezone.localdate():
        raise RegistryError({"decision_date": ["Ngày quyết định không hợp lệ."]})
    created = []
    for case in Case.objects.select_for_update().filter(pk__in=[c.pk for c in cases]).select_related("person"):
        if case.category != "K5C" or case.status not in DECIDED_STATUSES:
            continue
        if not is_approver_for(user, case):
            raise NotAllowed("Chỉ cấp có thẩm quyền phê duyệt của xã mới chuyển đổi được hồ sơ.")
        if case.person.has_pension:
            raise RegistryError(f"{case.person.full_name} đang hưởng lương hưu: cần xét riêng.")
        end = min(case.end_month, k5c_last_month) if case.end_month else k5c_last_month
        case.end_month = end
        case.termination_reason = TerminationReason.INELIGIBLE
        case.termination_note = conversion_note[:200]
        case.terminate()
        case._history_user = user
        case.save()
        case_event_record(case=case, kind=CaseEvent.Kind.TERMINATED, user=user, month=end, note=conversion_note)
        if case.person.death_date and case.person.death_date < pension_first_month.first_day:
            continue
        if Case.objects.filter(person=case.person, category="SP-75").exclude(status=CaseStatus.TERMINATED).exists():
            continue  # already applied for the pension on their own
        pension = Case(
            person=case.person, unit=case.unit, category="SP-75", source=CaseSource.ENTERED,
            status=CaseStatus.SUBMITTED, previous_case=case, approving_unit=case.approving_unit,
            decision_number=decision_number, decision_date=decision_date, signer=(signer or str(user)).strip(),
            start_month=pension_first_month, approved_by=user, approved_at=timezone.now(),
            # Months the K5C list already paid outside the system stay paid.
            paid_until_month=case.paid_until_month if case.paid_until_month and case.paid_until_month >= pension_first_month else None,
            created_by=user, submitted_by=user, submitted_at=timezone.now(),
            end_month=Month.of(case.person.death_date),
        )
        pension.approve()
        pension.activate()
        pension._history_user = user
        pension.save()
        note = (f"Chuyển từ diện K5C; quyết định số {decision_number} ngày {decision_date:%d/%m/%Y}, "
                f"hưởng từ {pension_first_month:%m/%Y}")
        case_event_record(case=pension, kind=CaseEvent.Kind.APPROVED, user=user, month=pension_first_month, note=note)
        created.append(pension)
    return created


def k5c_attention(user):
    """Home page: K5C cases still open after the category ended in law."""


    if user.role not in ("commune_officer", "commune_leader", "district_officer"):
        return []
    count = k5c_open_cases(user).count()
    return [Attention("Hồ sơ K5C cần chuyển sang trợ cấp hưu trí xã hội", count, reverse("benefits:k5c-conversion"))]
