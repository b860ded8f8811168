"""Decisions (quyết định) of the approving level: granting cases one by one or in a batch,
changing the amount (a decided disability level, ``decision_change_for``), suspending and resuming
a case, and deciding the endings the commune officer recorded from an event (death, move, end of
studies). Every kind is a ``Decision`` of the approving unit, numbered with the others.

A decision's number is unique per issuing unit and year (Decree 30/2020/NĐ-CP art. 15(1)(a):
numbered from 01 on 1 January each year). A batch decides every case or none.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from btxh.formatting import format_month
from btxh.models import Unit, User

from ..errors import NotAllowed, RegistryError
from ..models import Case, CaseEvent, CaseStatus, Decision, DecisionKind, DisabilityAssessment, FuneralClaim
from ..permissions import approving_unit_of, is_approver_for

NUMBER_SUFFIX = "QĐ-UBND"


def decision_next_number(unit: Unit, year: int) -> str:
    """The number proposed for the unit's next decision of ``year``: one more than the highest
    leading number used ("13/QĐ-UBND" after "12/QĐ-UBND")."""
    highest = 0
    for number in Decision.objects.filter(unit=unit, year=year).values_list("number", flat=True):
        if m := re.match(r"\s*(\d+)", number):
            highest = max(highest, int(m.group(1)))
    return f"{highest + 1:02d}/{NUMBER_SUFFIX}"


def number_normalize(number: str) -> str:
    """"25/qđ-ubnd " and "25/QĐ-UBND" are one number: spaces collapsed, upper case (Python's,
    which knows "đ"; the database's case-insensitive match does not on SQLite)."""
    return " ".join((number or "").split()).upper()


def _number_used(unit: Unit, year: int, number: str) -> Decision | None:
    return Decision.objects.filter(unit=unit, year=year, number=number_normalize(number)).first()


def _check_number(number: str, on: date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (number or "").strip():
        errors["decision_number"] = ["Cần nhập số quyết định."]
    if not on:
        errors["decision_date"] = ["Cần nhập ngày quyết định."]
    elif on > timezone.localdate():
        errors["decision_date"] = ["Ngày quyết định không được ở tương lai."]
    return errors


def _used_message(unit: Unit, year: int, number: str) -> str:
    return f"Số quyết định {number} năm {year} đã được {unit.name} dùng cho một quyết định khác."


def grant_decision_for(*, case: Case, user: User, number: str, on: date, signer: str = "") -> Decision:
    """The granting decision a case is approved under (called by ``case_approve``): a decision of
    the same number and date of the approving unit lists one more person; a number of that year
    already used for another decision is refused."""
    unit = approving_unit_of(case)
    number = number_normalize(number)
    existing = _number_used(unit, on.year, number)
    if existing is not None:
        if existing.kind == DecisionKind.GRANT and existing.decision_date == on:
            return existing
        raise RegistryError({"decision_number": [_used_message(unit, on.year, number)]})
    return Decision.objects.create(
        unit=unit, kind=DecisionKind.GRANT, number=number, year=on.year, decision_date=on,
        signer=(signer or "").strip() or str(user), decided_by=user,
    )


class BatchRefused(RegistryError):
    """A batch decided nothing: ``failures`` maps each refused case to its reasons."""

    def __init__(self, failures: dict[int, str], errors=None):
        super().__init__(errors or "Chưa quyết định hồ sơ nào: " + f"{len(failures)} hồ sơ không đạt (xem lý do từng hồ sơ).")
        self.failures = failures


def _reasons(exc: RegistryError) -> str:
    return "; ".join(str(m) for m in exc.messages)


@transaction.atomic
def decision_grant_batch(
    *,
    cases: list[Case],
    user: User,
    decision_number: str,
    decision_date: date,
    signer: str = "",
    start_months: dict[int, date | None] | None = None,
) -> Decision:
    """Approve several submitted cases under one decision number and date (Decree 20/2021/NĐ-CP
    art. 7(3): the chairman decides; offices decide in batches with the list attached). Each case
    keeps its own start month (given in ``start_months``, else the engine's ``start_month_for``).
    All or nothing: when one case cannot be approved, none is, and ``BatchRefused.failures`` says
    why for each."""
    from .cases import case_approve

    if errors := _check_number(decision_number, decision_date):
        raise RegistryError(errors)
    if not cases:
        raise RegistryError("Chưa chọn hồ sơ nào.")
    decision_number = number_normalize(decision_number)
    units = {approving_unit_of(c).pk: approving_unit_of(c) for c in cases}
    if len(units) > 1:
        raise RegistryError("Các hồ sơ trong một quyết định phải cùng một cấp phê duyệt.")
    unit = next(iter(units.values()))
    if _number_used(unit, decision_date.year, decision_number):
        raise RegistryError({"decision_number": [_used_message(unit, decision_date.year, decision_number)]})
    decision = grant_decision_for(
        case=cases[0], user=user, number=decision_number, on=decision_date, signer=signer
    )
    failures: dict[int, str] = {}
    start_months = start_months or {}
    for case in cases:
        try:
            with transaction.atomic():
                case_approve(
                    case=case, user=user, decision_number=decision_number, decision_date=decision_date,
                    signer=signer, start_month=start_months.get(case.pk),
                )
        except RegistryError as exc:
            failures[case.pk] = _reasons(exc)
    if failures:
        raise BatchRefused(failures)  # the outer transaction rolls back every approval and the decision
    return decision


def ends_awaiting(user) -> list[Case]:
    """Endings recorded by the commune officer that wait for this approver's decision."""
    qs = (
        Case.objects.filter(status=CaseStatus.TERMINATED, end_proposed=True)
        .select_related("person", "unit", "approving_unit")
        .order_by("unit__name", "person__full_name")
    )
    return [c for c in qs.filter(unit__path__startswith=user.unit.path) if is_approver_for(user, c)] if user.unit_id else []


@transaction.atomic
def decision_terminate(
    *, cases: list[Case], user: User, decision_number: str, decision_date: date, signer: str = ""
) -> Decision:
    """Decide the endings the officer recorded (Decree 20/2021/NĐ-CP art. 8(3): the chairman
    decides to stop the allowance; art. 11: the funeral support of a beneficiary who died). Payment
    already stopped at each case's legal last month (``end_month``): the decision's date moves no
    money. The funeral claims of the people who died are decided by the same decision."""
    if errors := _check_number(decision_number, decision_date):
        raise RegistryError(errors)
    if not cases:
        raise RegistryError("Chưa chọn hồ sơ nào.")
    decision_number = number_normalize(decision_number)
    failures = {}
    for case in cases:
        if not (case.status == CaseStatus.TERMINATED and case.end_proposed):
            failures[case.pk] = "Hồ sơ không chờ quyết định thôi hưởng."
        elif not is_approver_for(user, case):
            failures[case.pk] = f"Chỉ lãnh đạo có thẩm quyền của {approving_unit_of(case).name} được quyết định."
    if failures:
        raise BatchRefused(failures)
    unit = approving_unit_of(cases[0])
    if _number_used(unit, decision_date.year, decision_number):
        raise RegistryError({"decision_number": [_used_message(unit, decision_date.year, decision_number)]})
    decision = Decision.objects.create(
        unit=unit, kind=DecisionKind.TERMINATE, number=decision_number, year=decision_date.year,
        decision_date=decision_date, signer=(signer or "").strip() or str(user), decided_by=user,
    )
    decision.cases.add(*cases)
    note = f"Quyết định thôi hưởng số {decision_number} ngày {decision_date:%d/%m/%Y}"
    for case in cases:
        Case.objects.filter(pk=case.pk).update(end_proposed=False)
        case.end_proposed = False
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.TERMINATED, by=user, month=case.end_month,
            note=f"{note}; hưởng đến hết {format_month(case.end_month)}" if case.end_month else note,
        )
    FuneralClaim.objects.filter(person_id__in=[c.person_id for c in cases], decision__isnull=True).update(
        decision=decision
    )
    return decision


# ---------------------------------------------------------------------------
# Changing the amount, suspending, resuming: one case (or one person) per decision
# ---------------------------------------------------------------------------
def decision_change_for(
    *, assessment: DisabilityAssessment, user: User, number: str, on: date, signer: str = ""
) -> Decision:
    """The decision to change the amount that a decided disability level is recorded under
    (called by ``disability_assessment_decide``; Decree 20/2021/NĐ-CP art. 8: the chairman
    decides the adjustment, from the month the person qualifies). Like a grant, a decision of the
    same number and date lists one more person; a number of the year used for another decision
    is refused."""
    if errors := _check_number(number, on):
        raise RegistryError(errors)
    from btxh.selectors import approving_unit

    unit = approving_unit_of(assessment.case) if assessment.case_id else approving_unit(assessment.person.unit)
    number = number_normalize(number)
    decision = _number_used(unit, on.year, number)
    if decision is not None and not (decision.kind == DecisionKind.CHANGE and decision.decision_date == on):
        raise RegistryError({"decision_number": [_used_message(unit, on.year, number)]})
    if decision is None:
        decision = Decision.objects.create(
            unit=unit, kind=DecisionKind.CHANGE, number=number, year=on.year, decision_date=on,
            signer=(signer or "").strip() or str(user), decided_by=user, month=assessment.from_month,
        )  # fmt: skip
    if assessment.case_id:
        decision.cases.add(assessment.case_id)
    return decision


def suspension_awaiting(case: Case) -> date | None:
    """The month a suspended case stopped being paid from, while no suspension decision says so."""
    if case.status != CaseStatus.SUSPENDED or not case.suspended_from_month:
        return None
    decided = case.decisions.filter(kind=DecisionKind.SUSPEND, month=case.suspended_from_month).exists()
    return None if decided else case.suspended_from_month


def _last_resumption(case: Case) -> CaseEvent | None:
    last = case.events.filter(kind__in=(CaseEvent.Kind.SUSPENDED, CaseEvent.Kind.RESUMED)).order_by("-at", "-id").first()
    return last if last is not None and last.kind == CaseEvent.Kind.RESUMED and last.month else None


def resumption_awaiting(case: Case) -> date | None:
    """The month a resumed case is paid again from, while no resumption decision says so."""
    if case.status != CaseStatus.ACTIVE or (event := _last_resumption(case)) is None:
        return None
    decided = case.decisions.filter(kind=DecisionKind.RESUME, month=event.month).exists()
    return None if decided else event.month


def _single_decision(*, case: Case, user: User, kind: str, number: str, on: date, signer: str, month: date,
                     reason: str, note: str) -> Decision:  # fmt: skip
    if not is_approver_for(user, case):
        raise NotAllowed(f"Chỉ lãnh đạo có thẩm quyền của {approving_unit_of(case).name} được ra quyết định này.")
    if errors := _check_number(number, on):
        raise RegistryError(errors)
    unit = approving_unit_of(case)
    number = number_normalize(number)
    if _number_used(unit, on.year, number):
        raise RegistryError({"decision_number": [_used_message(unit, on.year, number)]})
    decision = Decision.objects.create(
        unit=unit, kind=kind, number=number, year=on.year, decision_date=on,
        signer=(signer or "").strip() or str(user), decided_by=user, month=month, reason=(reason or "")[:200],
    )  # fmt: skip
    decision.cases.add(case)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.CHANGED, by=user, month=month,
        note=f"{note} số {number} ngày {on:%d/%m/%Y}, từ {format_month(month)}"[:300],
    )  # fmt: skip
    return decision


def status_changes_awaiting(user) -> list[tuple[Case, str, date]]:
    """Suspensions and resumptions recorded in this approver's communes that no decision covers
    yet: (case, "suspend" or "resume", month)."""
    if not user.unit_id:
        return []
    scope = Case.objects.filter(unit__path__startswith=user.unit.path).select_related("person", "unit", "approving_unit")
    candidates = list(scope.filter(status=CaseStatus.SUSPENDED)) + list(
        scope.filter(status=CaseStatus.ACTIVE, events__kind=CaseEvent.Kind.RESUMED).distinct()
    )
    found = []
    for case in sorted(candidates, key=lambda c: (c.unit.name, c.person.full_name)):
        if not is_approver_for(user, case):
            continue
        if month := suspension_awaiting(case):
            found.append((case, DecisionKind.SUSPEND, month))
        elif month := resumption_awaiting(case):
            found.append((case, DecisionKind.RESUME, month))
    return found


@transaction.atomic
def decision_suspend(*, case: Case, user: User, decision_number: str, decision_date: date, signer: str = "") -> Decision:
    """The decision to suspend a case (Decree 20/2021/NĐ-CP art. 8(1)): the suspension the officer
    recorded (``case_suspend``) already stops payment from its month; the decision says so with
    the reason, under the approving unit's number."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    case.refresh_from_db()
    month = suspension_awaiting(case)
    if month is None:
        raise RegistryError("Hồ sơ không ở trạng thái tạm dừng chờ quyết định.")
    return _single_decision(
        case=case, user=user, kind=DecisionKind.SUSPEND, number=decision_number, on=decision_date, signer=signer,
        month=month, reason=case.suspension_reason, note="Quyết định tạm dừng hưởng",
    )  # fmt: skip


@transaction.atomic
def decision_resume(*, case: Case, user: User, decision_number: str, decision_date: date, signer: str = "") -> Decision:
    """The decision that a suspended case is paid again from the month the resumption recorded."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    case.refresh_from_db()
    month = resumption_awaiting(case)
    if month is None:
        raise RegistryError("Hồ sơ không có lần tiếp tục hưởng nào chờ quyết định.")
    event = _last_resumption(case)
    return _single_decision(
        case=case, user=user, kind=DecisionKind.RESUME, number=decision_number, on=decision_date, signer=signer,
        month=month, reason=event.note if event else "", note="Quyết định hưởng tiếp",
    )  # fmt: skip
