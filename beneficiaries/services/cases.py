"""Writes about cases (hồ sơ): entry, the decision lifecycle and documents.

draft → submitted → approved → active ⇄ suspended → terminated; submitted → returned → submitted.
The model's django-fsm transitions only move the state; who may move it, and with what
data, is decided here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import can_proceed

from btxh.formatting import format_month
from btxh.models import User
from btxh.selectors import approving_unit
from engine import EngineError, Month
from engine.start import start_month_for

from ..categories import category_info
from ..errors import IllegalTransition, NotAllowed, RegistryError
from ..models import (
    Case,
    CaseChild,
    CaseDocument,
    CaseEvent,
    CaseSource,
    DocumentKind,
    Person,
    Poverty,
    TerminationReason,
)
from ..permissions import approving_unit_of, can_edit_in, can_manage, is_approver_for
from .decisions import grant_decision_for

CASE_FACT_FIELDS = frozenset(Case.FACT_FIELDS)

# What each service does, for the message that refuses it from the wrong state.
_VERBS = {
    "submit": "nộp",
    "approve": "phê duyệt",
    "return_to_commune": "trả lại",
    "activate": "đưa vào chi trả",
    "suspend": "tạm dừng",
    "resume": "cho tiếp tục hưởng",
    "terminate": "cho thôi hưởng",
}


def _lock(case: Case) -> Case:
    """Lock the row for the rest of the transaction and reload the caller's instance."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    case.refresh_from_db()
    return case


def _require_state(case: Case, name: str) -> None:
    """Refuse, in Vietnamese, a step the case's state machine does not allow from its state."""
    if not can_proceed(getattr(case, name)):
        raise IllegalTransition(f"Không thể {_VERBS[name]} hồ sơ đang ở trạng thái «{case.get_status_display()}».")


def _save(case: Case, user: User | None) -> None:
    case._history_user = user
    case.save()


def case_event_record(*, case: Case, kind: str, user: User | None, month: date | None = None, note: str = "") -> None:
    CaseEvent.objects.create(case=case, kind=kind, by=user, month=month, note=note[:300])


def _check_facts(case: Case) -> None:
    info = category_info(case.category)
    if info is None:
        raise RegistryError({"category": ["Diện đối tượng không tồn tại."]})
    errors: dict[str, list[str]] = {}
    if case.cared_person_id:
        if not info.needs_cared_person:
            case.cared_person = None
        elif case.cared_person_id == case.person_id:
            errors["cared_person"] = ["Người được chăm sóc phải là người khác."]
        elif case.cared_person.death_date:
            errors["cared_person"] = ["Người được chăm sóc đã chết."]
    if case.pregnant and not info.needs_pregnancy:
        case.pregnant = False
    if (
        case.disability_certificate_date
        and case.disability_certificate_valid_until
        and case.disability_certificate_valid_until < case.disability_certificate_date
    ):
        errors["disability_certificate_valid_until"] = ["Ngày hết giá trị phải sau ngày cấp."]
    if errors:
        raise RegistryError(errors)


def _set_children(case: Case, children: Iterable[dict], user: User) -> None:
    CaseChild.objects.filter(case=case).delete()
    for child in children:
        row = CaseChild(case=case, **child)
        row._history_user = user
        row.save()


@transaction.atomic
def case_create(*, person: Person, user: User, category: str, children: Iterable[dict] = (), **facts) -> Case:
    """Open a draft case for one person and one category (one open case per person and category)."""
    unknown = set(facts) - CASE_FACT_FIELDS
    if unknown:
        raise TypeError(f"Unknown case fields: {sorted(unknown)}")
    if not can_edit_in(user, person.unit):
        raise NotAllowed("Chỉ công chức phụ trách bảo trợ xã hội của xã được lập hồ sơ.")
    if person.death_date:
        raise RegistryError("Đối tượng đã chết: không thể lập hồ sơ mới.")
    existing = person.cases.open().filter(category=category).first()
    if existing:
        raise RegistryError(
            {"category": [f"Đối tượng đã có hồ sơ diện {category} ({existing.get_status_display().lower()})."]}
        )
    case = Case(person=person, unit=person.unit, category=category, created_by=user, **facts)
    _check_facts(case)
    try:
        with transaction.atomic():
            _save(case, user)
    except IntegrityError as exc:
        raise RegistryError({"category": [f"Đối tượng đã có hồ sơ diện {category}."]}) from exc
    _set_children(case, children, user)
    case_event_record(case=case, kind=CaseEvent.Kind.CREATED, user=user)
    return case


@transaction.atomic
def case_update(*, case: Case, user: User, children: Iterable[dict] | None = None, **facts) -> Case:
    """Change the facts of a case that is still being prepared (draft or returned)."""
    unknown = set(facts) - CASE_FACT_FIELDS
    if unknown:
        raise TypeError(f"Unknown case fields: {sorted(unknown)}")
    _lock(case)
    if not can_edit_in(user, case.unit):
        raise NotAllowed("Chỉ công chức phụ trách bảo trợ xã hội của xã được sửa hồ sơ.")
    if not case.is_editable:
        raise IllegalTransition(
            f"Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại; hồ sơ này «{case.get_status_display()}»."
        )
    for name, value in facts.items():
        setattr(case, name, value)
    _check_facts(case)
    _save(case, user)
    if children is not None:
        _set_children(case, children, user)
    return case


def case_missing_facts(case: Case) -> list[str]:
    """What the category needs and the case does not say yet (Vietnamese, for the officer)."""
    info = category_info(case.category)
    if info is None:
        return ["diện đối tượng hợp lệ"]
    missing = []
    if info.needs_disability_level and not case.disability_level:
        missing.append("mức độ khuyết tật")
    if info.needs_own_disability and info.needs_disability_level and not case.disability_certificate_number:
        missing.append("số giấy xác nhận khuyết tật")
    if info.needs_cared_person and not case.cared_person_id:
        missing.append("người được chăm sóc, nuôi dưỡng")
    if info.needs_studying and not case.studying_until:
        missing.append("thời gian đi học (đi học đến ngày)")
    children = list(case.children.all()) if case.pk else []
    if info.needs_pregnancy:
        if not children and not case.pregnant:
            missing.append("con dưới 36 tháng tuổi hoặc tình trạng mang thai")
    elif info.needs_children and not children:
        missing.append("con đang nuôi")
    if info.needs_poverty:
        household = case.person.household
        year = timezone.localdate().year
        status = household.poverty_in(year) if household else Poverty.NONE
        if status not in info.poverty:
            wanted = " hoặc ".join(str(Poverty(p).label).lower() for p in info.poverty)
            missing.append(f"hộ gia đình là {wanted} năm {year}")
    return missing


@transaction.atomic
def case_submit(*, case: Case, user: User) -> Case:
    """Send the case to the approving level: the commune's chairman (2025 regime) or the
    district office (legacy), found from the commune's path to the root."""
    _lock(case)
    if not can_edit_in(user, case.unit):
        raise NotAllowed("Chỉ công chức phụ trách bảo trợ xã hội của xã được nộp hồ sơ.")
    _require_state(case, "submit")
    missing = case_missing_facts(case)
    if missing:
        raise RegistryError("Hồ sơ còn thiếu: " + "; ".join(missing) + ".")
    case.approving_unit = approving_unit(case.unit)
    case.submitted_at = timezone.now()
    case.submitted_by = user
    case.submit()
    _save(case, user)
    case_event_record(case=case, kind=CaseEvent.Kind.SUBMITTED, user=user, note=f"Gửi {case.approving_unit.name}")
    return case


def _require_approver(case: Case, user: User) -> None:
    if user.pk and user.pk == case.submitted_by_id:
        raise NotAllowed("Không được tự phê duyệt hoặc trả lại hồ sơ do chính mình nộp.")
    if not is_approver_for(user, case):
        unit = approving_unit_of(case)
        raise NotAllowed(f"Chỉ lãnh đạo có thẩm quyền của {unit.name} được phê duyệt hoặc trả lại hồ sơ này.")


def default_start_month(case: Case, decision_date: date) -> date:
    """Start month when the approver gives none (docs/engine.md §6, convention 7): the decision month, or
    the exceptions of decisions before 2025-07 (K6: certificate month; K5B/K5C: the birthday).

    The rule is the engine's ``start_month_for`` (pure, importable from any floor).
    """

    person = case.person
    try:
        month = start_month_for(
            case.category,
            decision_date,
            certificate_date=case.disability_certificate_date,
            birth_date=person.birth_date,
            birth_year=person.birth_year,
        )
    except EngineError as exc:
        raise RegistryError({"start_month": [str(exc)]}) from exc
    return date(month.year, month.month, 1)


@transaction.atomic
def case_approve(
    *,
    case: Case,
    user: User,
    decision_number: str,
    decision_date: date,
    signer: str = "",
    start_month: date | None = None,
    activate: bool = True,
) -> Case:
    """Record the decision granting the case (Decree 20/2021 art. 7). The approver cannot be the
    person who submitted it. ``activate`` puts it straight into payment."""
    _lock(case)
    _require_state(case, "approve")
    _require_approver(case, user)
    if case.source == CaseSource.MOVED and case.previous_case_id:
        raise RegistryError(
            "Hồ sơ chuyển đến đã có quyết định: hãy xác nhận tiếp nhận để hưởng tiếp từ tháng chuyển đến."
        )
    errors: dict[str, list[str]] = {}
    decision_number = (decision_number or "").strip()
    if not decision_number:
        errors["decision_number"] = ["Cần nhập số quyết định."]
    if not decision_date:
        errors["decision_date"] = ["Cần nhập ngày quyết định."]
    elif decision_date > timezone.localdate():
        errors["decision_date"] = ["Ngày quyết định không được ở tương lai."]
    if errors:
        raise RegistryError(errors)
    if case.person.death_date:
        raise RegistryError("Đối tượng đã chết: không thể phê duyệt.")
    start = Month.of(start_month) if start_month else default_start_month(case, decision_date)
    info = category_info(case.category)
    if not info.in_force(start):
        until = f" đến {format_month(info.valid_to)}" if info.valid_to else ""
        raise RegistryError(
            {"start_month": [f"Diện {case.category} chỉ áp dụng từ {format_month(info.valid_from)}{until}."]}
        )

    decision = grant_decision_for(case=case, user=user, number=decision_number, on=decision_date, signer=signer)
    case.decision_number = decision.number
    case.decision_date = decision_date
    case.signer = (signer or "").strip() or str(user)
    case.start_month = start
    case.approved_by = user
    case.approved_at = timezone.now()
    case.returned_reason = ""
    case.approve()
    if activate:
        case.activate()
    _save(case, user)
    decision.cases.add(case)
    note = f"Quyết định số {decision_number} ngày {decision_date:%d/%m/%Y}, hưởng từ {format_month(start)}"
    case_event_record(case=case, kind=CaseEvent.Kind.APPROVED, user=user, month=start, note=note)
    if activate:
        case_event_record(case=case, kind=CaseEvent.Kind.ACTIVATED, user=user, month=start)
    return case


@transaction.atomic
def case_return(*, case: Case, user: User, reason: str) -> Case:
    """Send the case back to the commune with the reason; the officer corrects it and submits again."""
    _lock(case)
    _require_state(case, "return_to_commune")
    _require_approver(case, user)
    reason = (reason or "").strip()
    if not reason:
        raise RegistryError({"reason": ["Cần ghi lý do trả lại."]})
    case.returned_reason = reason
    case.return_to_commune()
    _save(case, user)
    case_event_record(case=case, kind=CaseEvent.Kind.RETURNED, user=user, note=reason)
    return case


@transaction.atomic
def case_activate(*, case: Case, user: User) -> Case:
    """Put an approved case into payment (when the approval did not already do it)."""
    _lock(case)
    _require_state(case, "activate")
    if not can_manage(user, case):
        raise NotAllowed("Bạn không có quyền đưa hồ sơ này vào chi trả.")
    case.activate()
    _save(case, user)
    case_event_record(case=case, kind=CaseEvent.Kind.ACTIVATED, user=user, month=case.start_month)
    return case


def _check_month_after_start(case: Case, month: date, field: str, what: str) -> date:
    if not month:
        raise RegistryError({field: [f"Cần nhập {what}."]})
    month = Month.of(month)
    if case.start_month and month < case.start_month:
        raise RegistryError(
            {field: [f"{what.capitalize()} không được trước tháng bắt đầu hưởng ({format_month(case.start_month)})."]}
        )
    return month


@transaction.atomic
def case_suspend(*, case: Case, user: User, month: date, reason: str) -> Case:
    """Stop payment from ``month`` (inclusive) while the case stays open (Decree 20 art. 8(1))."""
    _lock(case)
    _require_state(case, "suspend")
    if not can_manage(user, case):
        raise NotAllowed("Bạn không có quyền tạm dừng hồ sơ này.")
    month = _check_month_after_start(case, month, "month", "tháng tạm dừng")
    reason = (reason or "").strip()
    if not reason:
        raise RegistryError({"reason": ["Cần ghi lý do tạm dừng."]})
    case.suspended_from_month = month
    case.suspension_reason = reason
    case.suspend()
    _save(case, user)
    case_event_record(case=case, kind=CaseEvent.Kind.SUSPENDED, user=user, month=month, note=reason)
    return case


@transaction.atomic
def case_resume(*, case: Case, user: User, month: date, note: str = "") -> Case:
    """Pay again from ``month``; whether the suspended months are owed is payroll's rule."""
    _lock(case)
    _require_state(case, "resume")
    if not can_manage(user, case):
        raise NotAllowed("Bạn không có quyền cho hồ sơ này tiếp tục hưởng.")
    month = _check_month_after_start(case, month, "month", "tháng tiếp tục hưởng")
    if case.suspended_from_month and month < case.suspended_from_month:
        raise RegistryError({"month": ["Tháng tiếp tục hưởng không được trước tháng tạm dừng."]})
    suspended = case.suspended_from_month
    case.suspended_from_month = None
    case.suspension_reason = ""
    case.resume()
    _save(case, user)
    text = f"Tạm dừng từ {format_month(suspended)}" if suspended else ""
    case_event_record(
        case=case, kind=CaseEvent.Kind.RESUMED, user=user, month=month, note="; ".join(x for x in (text, note) if x)
    )
    return case


@transaction.atomic
def case_terminate(
    *, case: Case, user: User, reason: str, end_month: date, note: str = "", proposed: bool = False
) -> Case:
    """End the case: ``end_month`` is the last month paid — the month eligibility is lost is still
    paid (Decree 20 art. 8(2), docs/engine.md §6, convention 3). ``proposed``: recorded by the
    officer from an event (death, move, end of studies), the ending waits for the approving
    level's decision (``decision_terminate``, Decree 20/2021 art. 8(3)); payment stops at
    ``end_month`` all the same."""
    _lock(case)
    _require_state(case, "terminate")
    if not can_manage(user, case):
        raise NotAllowed("Bạn không có quyền cho hồ sơ này thôi hưởng.")
    if reason not in TerminationReason.values:
        raise RegistryError({"reason": ["Lý do thôi hưởng không hợp lệ."]})
    if not end_month:
        raise RegistryError({"end_month": ["Cần nhập tháng cuối cùng được hưởng."]})
    end_month = Month.of(end_month)
    if case.start_month and end_month < case.start_month - 1:
        raise RegistryError(
            {
                "end_month": [
                    f"Tháng cuối cùng được hưởng không được trước {format_month(case.start_month - 1)}."
                ]
            }
        )
    case.end_month = end_month
    case.termination_reason = reason
    case.termination_note = (note or "").strip()[:200]
    case.end_proposed = proposed
    case.terminate()
    _save(case, user)
    label = TerminationReason(reason).label
    case_event_record(
        case=case,
        kind=CaseEvent.Kind.TERMINATED,
        user=user,
        month=end_month,
        note=f"{label}; hưởng đến hết {format_month(end_month)}" + (f" – {case.termination_note}" if note else "")
        + ("; chờ quyết định của cấp phê duyệt" if proposed else ""),
    )
    return case


@transaction.atomic
def case_document_add(*, case: Case, user: User, file, kind: str, title: str = "") -> CaseDocument:
    """Attach a supporting document (scan or photo) to a case."""
    if not (can_edit_in(user, case.unit) or is_approver_for(user, case)):
        raise NotAllowed("Bạn không có quyền thêm giấy tờ vào hồ sơ này.")
    if kind not in DocumentKind.values:
        raise RegistryError({"kind": ["Loại giấy tờ không hợp lệ."]})
    document = CaseDocument(case=case, kind=kind, title=(title or "").strip(), file=file, uploaded_by=user)
    document._history_user = user
    document.save()
    return document
