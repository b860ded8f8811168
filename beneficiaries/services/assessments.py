"""Dated facts of a person: disability levels by month (proposed by the commune, decided by the
approving level) and pension periods. The facts builder (``beneficiaries.facts``) reads them month
by month, so back pay across a change pays each month at that month's level and rules."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from btxh.models import User
from btxh.selectors import approver_role, approving_unit
from engine import Month

from ..errors import NotAllowed, RegistryError
from ..models import AssessmentStatus, Case, DisabilityAssessment, DisabilityLevel, PensionPeriod, Person
from ..permissions import can_edit_in


def _month(value: date | None, field: str, what: str) -> date:
    if not value:
        raise RegistryError({field: [f"Cần nhập {what}."]})
    return Month.of(value)


@transaction.atomic
def disability_assessment_propose(
    *, person: Person, user: User, level: str, month: date, certificate_number: str = "",
    certificate_date: date | None = None, case: Case | None = None,
) -> DisabilityAssessment:  # fmt: skip
    """Propose a new disability level from ``month`` (the month of the new certificate). It changes
    nothing until the approving level decides it (Decree 20/2021 art. 8: the adjustment applies from
    the month the person qualifies, decided by the chairman)."""
    if not can_edit_in(user, person.unit):
        raise NotAllowed("Chỉ công chức của xã được đề nghị thay đổi mức độ khuyết tật.")
    if level not in DisabilityLevel.values:
        raise RegistryError({"level": ["Chọn mức độ khuyết tật nặng hoặc đặc biệt nặng."]})
    month = _month(month, "month", "tháng áp dụng")
    if certificate_date and certificate_date > timezone.localdate():
        raise RegistryError({"certificate_date": ["Ngày cấp không được sau hôm nay."]})
    assessment = DisabilityAssessment(
        person=person, case=case, level=level, from_month=month, certificate_number=certificate_number,
        certificate_date=certificate_date, proposed_by=user,
    )  # fmt: skip
    assessment._history_user = user
    assessment.save()
    return assessment


def may_decide_assessment(user: User, assessment: DisabilityAssessment) -> bool:
    approver = approving_unit(assessment.person.unit)
    return bool(user and user.is_authenticated and user.unit_id == approver.pk and user.role == approver_role(approver))


@transaction.atomic
def disability_assessment_decide(
    *, assessment: DisabilityAssessment, user: User, decision_number: str, decision_date: date, signer: str = ""
) -> DisabilityAssessment:
    """Decide a proposed level change under a decision to change the amount (a ``Decision`` of
    kind "change", numbered with the approving unit's other decisions of the year). The next roll
    pays (or recovers) the difference for every month from the certificate's month, each at that
    month's coefficient and base rate."""
    from .decisions import decision_change_for

    assessment = DisabilityAssessment.objects.select_for_update().select_related("person__unit").get(pk=assessment.pk)
    if not may_decide_assessment(user, assessment):
        raise NotAllowed("Chỉ cấp phê duyệt của xã được quyết định thay đổi mức độ khuyết tật.")
    if assessment.status != AssessmentStatus.PROPOSED:
        raise RegistryError("Đề nghị này đã được quyết định.")
    decision = decision_change_for(
        assessment=assessment, user=user, number=decision_number, on=decision_date, signer=signer
    )
    assessment.status = AssessmentStatus.DECIDED
    assessment.decision = decision
    assessment.decided_by = user
    assessment.decided_at = timezone.now()
    assessment._history_user = user
    assessment.save()
    Person.objects.filter(pk=assessment.person_id).update(updated_at=timezone.now())  # payroll rechecks the person
    return assessment


@transaction.atomic
def pension_period_record(
    *, person: Person, user: User, start_month: date, end_month: date | None = None, note: str = ""
) -> PensionPeriod:
    """Record a pension or monthly social-insurance benefit from ``start_month`` (to ``end_month``).
    The social pension stops from the month after the person stops qualifying (Decree 176/2025);
    the next roll recovers what was paid for months no longer owed."""
    if not can_edit_in(user, person.unit):
        raise NotAllowed("Chỉ công chức của xã được ghi nhận lương hưu, trợ cấp BHXH.")
    start = _month(start_month, "start_month", "tháng bắt đầu hưởng")
    end = Month.of(end_month) if end_month else None
    if end and end < start:
        raise RegistryError({"end_month": ["Tháng kết thúc không được trước tháng bắt đầu."]})
    period = PensionPeriod(person=person, start_month=start, end_month=end, note=(note or "").strip(), created_by=user)
    period._history_user = user
    period.save()
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now())  # payroll rechecks the person
    return period
