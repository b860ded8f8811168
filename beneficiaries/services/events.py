"""Events in a beneficiary's life that change or end cases: death, a move to another commune,
the end of studies, a new disability level, an age limit reached."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from btxh.formatting import format_month
from btxh.models import Level, Unit, User
from btxh.selectors import approving_unit
from engine import Month
from engine.funeral import FUNERAL_SCHEMES

from ..categories import category_info
from ..errors import NotAllowed, RegistryError
from ..models import (
    DECIDED_STATUSES,
    Case,
    CaseChild,
    CaseEvent,
    CaseSource,
    CaseStatus,
    FuneralClaim,
    Hamlet,
    Household,
    HouseholdPoverty,
    Person,
    TerminationReason,
)
from ..permissions import approving_unit_of, can_edit_in, can_manage, is_approver_for
from ..selectors import case_age_limit_month
from .assessments import disability_assessment_propose
from .cases import CASE_FACT_FIELDS, case_event_record, case_terminate
from .hamlets import hamlet_resolve


def _require_editor(user: User, person: Person) -> None:
    if not can_edit_in(user, person.unit):
        raise NotAllowed("Chỉ công chức phụ trách bảo trợ xã hội của xã được ghi nhận sự kiện này.")


def _end_month_not_before_start(case: Case, month: Month | date) -> Month:
    """A case that had not started yet ends before its first month: nothing is paid."""
    month = Month.of(month)
    if case.start_month and month < case.start_month:
        return case.start_month - 1
    return month


@transaction.atomic
def person_death_record(
    *, person: Person, death_date: date, user: User, note: str = "", organiser_name: str = "",
    organiser_relationship: str = "",
) -> list[Case]:
    """Record a death (Decree 20/2021 art. 8(2)): every decided case of the person ends with the
    death month as its last paid month; care-support cases for this person end the same way;
    funeral support is flagged once when a scheme that gives it covered the death month: the monthly
    allowance (art. 11) or the social pension (Law 41/2024 art. 22(3)). Returns the cases ended."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require_editor(user, person)
    if person.death_date:
        raise RegistryError(f"Đã ghi nhận đối tượng chết ngày {person.death_date:%d/%m/%Y}.")
    if not death_date:
        raise RegistryError({"death_date": ["Cần nhập ngày chết."]})
    if death_date > timezone.localdate():
        raise RegistryError({"death_date": ["Ngày chết không được ở tương lai."]})
    if (person.birth_date and death_date < person.birth_date) or death_date.year < person.birth_year:
        raise RegistryError({"death_date": ["Ngày chết không được trước ngày sinh."]})
    person.death_date = death_date
    person._history_user = user
    person.save(update_fields=["death_date", "updated_at"])

    month = Month.of(death_date)
    ended = []
    funeral = False
    for case in person.cases.filter(status__in=DECIDED_STATUSES).select_related("unit", "person"):
        end = _end_month_not_before_start(case, month)
        info = category_info(case.category)
        if info and info.scheme in FUNERAL_SCHEMES and case.start_month and case.start_month <= month:
            funeral = True
        ended.append(
            case_terminate(
                case=case, user=user, reason=TerminationReason.DEATH, end_month=end, note=note, proposed=True
            )
        )
    for case in person.cared_by_cases.filter(status__in=DECIDED_STATUSES).select_related("unit", "person"):
        if can_manage(user, case):
            ended.append(
                case_terminate(
                    case=case,
                    user=user,
                    reason=TerminationReason.INELIGIBLE,
                    end_month=_end_month_not_before_start(case, month),
                    note=f"Người được chăm sóc ({person.full_name}) đã chết",
                    proposed=True,
                )
            )
    if funeral:
        claim = FuneralClaim(
            person=person, unit=person.unit, death_date=death_date, created_by=user,
            organiser_name=(organiser_name or "").strip()[:128],
            organiser_relationship=(organiser_relationship or "").strip()[:60],
        )
        claim._history_user = user
        claim.save()
    return ended


def _copy_household(person: Person, to_unit: Unit, hamlet: Hamlet, user: User) -> Household | None:
    """The household follows the person: moved whole when they live alone in it, else copied
    (with its poverty status by year) into the new commune."""
    household = person.household
    if household is None:
        return None
    if not household.members.exclude(pk=person.pk).exists():
        household.unit = to_unit
        household.hamlet, household.hamlet_ref = hamlet.name, hamlet
        household._history_user = user
        household.save()
        return household
    new = Household(unit=to_unit, hamlet=hamlet.name, hamlet_ref=hamlet, code="", address="")
    new._history_user = user
    new.save()
    for row in household.poverty_records.all():
        copy = HouseholdPoverty(household=new, year=row.year, status=row.status)
        copy._history_user = user
        copy.save()
    return new


_COPIED = (
    "category",
    "status",
    *Case.FACT_FIELDS,
    "decision_number",
    "decision_date",
    "signer",
    "approved_by",
    "approved_at",
    "paid_until_month",
    "suspended_from_month",
    "suspension_reason",
)


def is_awaiting_move_in(case: Case) -> bool:
    """A case opened by a move that the receiving commune's approving level has not confirmed yet."""
    return case.status == CaseStatus.SUBMITTED and case.source == CaseSource.MOVED and case.previous_case_id is not None


def move_in_month(case: Case) -> date:
    """The month a moved-in case starts when confirmed: the month of the move (the old case's
    last paid month + 1), so that the months since the move are paid as arrears."""
    event = case.events.filter(kind=CaseEvent.Kind.MOVED_IN).exclude(month=None).order_by("-at", "-pk").first()
    if event:
        return event.month
    previous = case.previous_case
    return previous.end_month + 1 if previous.end_month else previous.start_month


@transaction.atomic
def person_move(*, person: Person, to_unit: Unit, month: date, user: User, hamlet: Hamlet | str) -> list[Case]:
    """Move a person to another commune from ``month``: each decided case ends in the old commune
    with the month before (end_month = month − 1), the legal month, whatever the new commune does.
    In the new commune a case under the same decision, linked by ``previous_case``, waits for its
    approving level ("Chờ phê duyệt", no start month: payroll does not pay it); it starts from
    ``month`` when that level confirms it (``case_move_confirm``), the months since paid as
    arrears — no month is lost or paid twice. Cases still being prepared follow the person.
    The hamlet is one of the new commune's list (a name is matched against it; a commune with no
    list yet gets this one as its first). Returns the new cases."""
    person = Person.objects.select_for_update(of=("self",)).select_related("unit", "household").get(pk=person.pk)
    _require_editor(user, person)
    if person.death_date:
        raise RegistryError("Đối tượng đã chết: không thể chuyển đi.")
    if to_unit.level != Level.COMMUNE:
        raise RegistryError({"to_unit": ["Nơi chuyển đến phải là một xã/phường."]})
    if to_unit.pk == person.unit_id:
        raise RegistryError({"to_unit": ["Nơi chuyển đến trùng với xã hiện tại."]})
    if isinstance(hamlet, str) and not hamlet.strip():
        raise RegistryError({"hamlet": ["Cần nhập thôn/tổ dân phố nơi chuyển đến."]})
    hamlet = hamlet_resolve(to_unit, hamlet, create_first=True, user=user)
    if not month:
        raise RegistryError({"month": ["Cần nhập tháng chuyển đến."]})
    month = Month.of(month)
    if person.cases.filter(status=CaseStatus.SUBMITTED).exists():
        raise RegistryError("Đối tượng còn hồ sơ đang chờ phê duyệt: hãy phê duyệt hoặc trả lại trước khi chuyển đi.")

    old_unit = person.unit
    person.household = _copy_household(person, to_unit, hamlet, user)
    person.unit = to_unit
    person.hamlet, person.hamlet_ref = hamlet.name, hamlet
    person._history_user = user
    person.save()

    moved = []
    # The old cases stay with the old commune (its records and rolls); new ones open in the new commune.
    for old in person.cases.filter(status__in=DECIDED_STATUSES).prefetch_related("children"):
        new_start = max(month, old.start_month) if old.start_month else month
        case_terminate(
            case=old,
            user=user,
            reason=TerminationReason.MOVED,
            end_month=_end_month_not_before_start(old, month - 1),
            note=f"Chuyển đến {to_unit.name} từ {format_month(month)}",
            proposed=True,
        )
        case_event_record(case=old, kind=CaseEvent.Kind.MOVED_OUT, user=user, month=month, note=to_unit.name)
        new = Case(
            person=person,
            unit=to_unit,
            source=CaseSource.MOVED,
            previous_case=old,
            start_month=None,  # set when the receiving commune confirms
            approving_unit=approving_unit(to_unit),
            submitted_at=timezone.now(),
            submitted_by=user,
            created_by=user,
            **{name: getattr(old, name) for name in _COPIED},
        )
        new.status = CaseStatus.SUBMITTED
        new._history_user = user
        new.save()
        for child in old.children.all():
            CaseChild.objects.create(
                case=new, full_name=child.full_name, birth_date=child.birth_date, studying_until=child.studying_until
            )
        case_event_record(
            case=new,
            kind=CaseEvent.Kind.MOVED_IN,
            user=user,
            month=new_start,
            note=f"Từ {old_unit.name}, quyết định số {old.decision_number}; chờ {new.approving_unit.name} xác nhận tiếp nhận",
        )
        moved.append(new)
    # Cases still being prepared follow the person.
    for case in person.cases.filter(status__in=(CaseStatus.DRAFT, CaseStatus.RETURNED)):
        case.unit = to_unit
        case._history_user = user
        case.save(update_fields=["unit", "updated_at"])
    return moved


@transaction.atomic
def case_move_confirm(*, case: Case, user: User) -> Case:
    """The receiving commune's approving level takes in a moved-in case: it starts from the month of
    the move (paid from there, the months since as arrears) under the decision it came with, and
    is suspended again if it was suspended in the old commune."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    case.refresh_from_db()
    if not is_awaiting_move_in(case):
        raise RegistryError("Hồ sơ này không phải hồ sơ chuyển đến đang chờ xác nhận tiếp nhận.")
    if not is_approver_for(user, case):
        raise NotAllowed(
            f"Chỉ lãnh đạo có thẩm quyền của {approving_unit_of(case).name} được xác nhận tiếp nhận hồ sơ chuyển đến."
        )
    start = move_in_month(case)
    case.start_month = start
    case.returned_reason = ""
    case.approve()
    case.activate()
    if case.suspended_from_month:
        case.suspend()
    case._history_user = user
    case.save()
    case_event_record(
        case=case,
        kind=CaseEvent.Kind.ACTIVATED,
        user=user,
        month=start,
        note=f"Tiếp nhận hồ sơ chuyển đến, hưởng tại {case.unit.name} từ {format_month(start)}",
    )
    death = case.person.death_date
    if death:  # died before being taken in: the months from the move through the death month are owed
        case_terminate(
            case=case, user=user, reason=TerminationReason.DEATH,
            end_month=_end_month_not_before_start(case, Month.of(death)),
            note="Chết trước khi được tiếp nhận",
        )  # fmt: skip
    return case


def _facts_change(case: Case, user: User, month: date, note: str, **facts) -> Case:
    changed = []
    for name, value in facts.items():
        if name not in CASE_FACT_FIELDS:
            raise TypeError(f"Unknown case field: {name}")
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(str(Case._meta.get_field(name).verbose_name))
    if changed:
        case._history_user = user
        case.save()
    text = ("Thay đổi: " + ", ".join(changed)) if changed else ""
    case_event_record(
        case=case, kind=CaseEvent.Kind.CHANGED, user=user, month=month, note="; ".join(x for x in (text, note) if x)
    )
    return case


def _require_decided(case: Case, user: User) -> None:
    if case.status not in DECIDED_STATUSES:
        raise RegistryError("Chỉ ghi nhận thay đổi cho hồ sơ đã được phê duyệt; hồ sơ đang soạn thì sửa trực tiếp.")
    if not can_manage(user, case):
        raise NotAllowed("Bạn không có quyền ghi nhận thay đổi cho hồ sơ này.")


@transaction.atomic
def case_studies_end(*, case: Case, user: User, end_date: date) -> Case:
    """Studies ended on ``end_date``: a category that requires studying (K2) ends with that month
    as its last paid month (Decree 20 art. 8(2)); for others the date is recorded."""
    _require_decided(case, user)
    if not end_date:
        raise RegistryError({"end_date": ["Cần nhập ngày thôi học."]})
    month = Month.of(end_date)
    _facts_change(case, user, month, "Thôi học / tốt nghiệp", studying_until=end_date)
    if category_info(case.category).needs_studying:
        case_terminate(
            case=case,
            user=user,
            reason=TerminationReason.INELIGIBLE,
            end_month=_end_month_not_before_start(case, month),
            note="Không còn đi học",
            proposed=True,
        )
    return case


@transaction.atomic
def case_disability_change(
    *,
    case: Case,
    user: User,
    level: str,
    month: date,
    certificate_number: str = "",
    certificate_date: date | None = None,
    valid_until: date | None = None,
) -> list[Case]:
    """A new disability assessment from ``month``. A level the category still covers is proposed as a
    dated level (``disability_assessment_propose``) for the approving level to decide; the facts of
    each month then use the level in force in that month. A level the category does not cover (no
    longer severe for K6; not extra-severe for the care of a disabled person) ends the case with
    that month as the last paid one; care-support cases of others for this person follow. Returns
    the cases ended."""
    _require_decided(case, user)
    if not month:
        raise RegistryError({"month": ["Cần nhập tháng áp dụng."]})
    month = Month.of(month)
    info = category_info(case.category)
    subject = case.person if info.needs_own_disability else case.cared_person
    others = subject.cared_by_cases.filter(status__in=DECIDED_STATUSES).exclude(pk=case.pk) if subject else []
    if (
        level
        and level in info.disability_levels
        and subject is not None
        and all(level in category_info(c.category).disability_levels for c in others)
    ):
        # Still covered, by this case and by the care cases for the person: a dated level, decided
        # by the approving level, paid from its own month. (A level that ends a case is an ending.)

        disability_assessment_propose(
            person=subject, user=user, level=level, month=month, certificate_number=certificate_number,
            certificate_date=certificate_date, case=case,
        )  # fmt: skip
        if valid_until:
            _facts_change(case, user, month, "Giấy xác nhận khuyết tật mới", disability_certificate_valid_until=valid_until)
        return []
    facts = {"disability_level": level or ""}
    if certificate_number:
        facts["disability_certificate_number"] = certificate_number
    if certificate_date:
        facts["disability_certificate_date"] = certificate_date
    if valid_until:
        facts["disability_certificate_valid_until"] = valid_until
    affected = [case]
    if category_info(case.category).needs_own_disability:
        affected += list(
            case.person.cared_by_cases.filter(status__in=DECIDED_STATUSES).exclude(pk=case.pk).select_related("unit")
        )
    ended = []
    for target in affected:
        info = category_info(target.category)
        _facts_change(
            target,
            user,
            month,
            "Thay đổi mức độ khuyết tật",
            **(facts if target is case else {"disability_level": level or ""}),
        )
        if info.disability_levels and level not in info.disability_levels:
            ended.append(
                case_terminate(
                    case=target,
                    user=user,
                    reason=TerminationReason.INELIGIBLE,
                    end_month=_end_month_not_before_start(target, month),
                    note="Mức độ khuyết tật không còn thuộc diện",
                )
            )
    return ended


@transaction.atomic
def case_age_limit_end(*, case: Case, user: User) -> Case:
    """End a case at its age limit (a child's 16th birthday for K1/K3, 3rd for K7, 22nd for K2,
    a young child's 36 months for CS-DISABLED-PARENT…): paid through the birthday month."""

    _require_decided(case, user)
    month = case_age_limit_month(case)
    if month is None:
        raise RegistryError("Hồ sơ này không có giới hạn tuổi để cho thôi hưởng.")
    return case_terminate(
        case=case,
        user=user,
        reason=TerminationReason.INELIGIBLE,
        end_month=_end_month_not_before_start(case, month),
        note="Hết tuổi hưởng theo diện",
    )
