from datetime import date

import pytest

from beneficiaries.errors import IllegalTransition, NotAllowed, RegistryError
from beneficiaries.models import Case, CaseEvent, CaseStatus
from beneficiaries.services import (
    case_activate,
    case_approve,
    case_create,
    case_resume,
    case_return,
    case_submit,
    case_suspend,
    case_terminate,
    case_update,
)
from btxh.models import Role
from engine import Month
from tests.beneficiaries.factories import CaseFactory, PersonFactory, poor_household
from tests.btxh.factories import UserFactory

DECIDED = date(2026, 3, 10)


@pytest.fixture
def person(commune):
    return PersonFactory(unit=commune, full_name="Hoàng Văn Páo", sex="male", birth_date=date(1980, 2, 3))


@pytest.fixture
def draft(person, officer):
    return case_create(
        person=person,
        user=officer,
        category="K6",
        disability_level="severe",
        disability_certificate_number="15/GXN-UBND",
        disability_certificate_date=date(2026, 1, 5),
    )


@pytest.fixture
def submitted(draft, officer):
    return case_submit(case=draft, user=officer)


def approve(case, leader, **extra):
    args = {"decision_number": "125/QĐ-UBND", "decision_date": DECIDED}
    args.update(extra)
    return case_approve(case=case, user=leader, **args)


def test_an_officer_opens_a_draft_case_with_the_facts_of_the_category(draft):
    assert draft.status == CaseStatus.DRAFT
    assert draft.unit == draft.person.unit
    assert list(draft.events.values_list("kind", flat=True)) == ["created"]


def test_a_person_has_one_open_case_per_category(draft, officer):
    with pytest.raises(RegistryError) as exc:
        case_create(person=draft.person, user=officer, category="K6", disability_level="severe")
    assert "đã có hồ sơ diện K6" in exc.value.message_dict["category"][0]


def test_submitting_sends_the_case_to_the_commune_under_the_2025_regime(submitted, officer, commune):
    assert submitted.status == CaseStatus.SUBMITTED
    assert submitted.approving_unit == commune
    assert submitted.submitted_by == officer


def test_submitting_under_the_legacy_regime_sends_the_case_to_the_district(legacy_tree):
    _, district, commune = legacy_tree
    officer = UserFactory(unit=commune, role=Role.COMMUNE_OFFICER)
    person = PersonFactory(unit=commune)
    case = case_create(
        person=person, user=officer, category="K6", disability_level="severe", disability_certificate_number="1/GXN"
    )
    case_submit(case=case, user=officer)
    assert case.approving_unit == district
    leader = UserFactory(unit=commune, role=Role.COMMUNE_LEADER)
    with pytest.raises(NotAllowed):
        approve(case, leader)
    district_officer = UserFactory(unit=district, role=Role.DISTRICT_OFFICER)
    approve(case, district_officer)
    assert case.status == CaseStatus.ACTIVE


def test_a_case_missing_the_facts_of_its_category_is_not_submitted(person, officer):
    case = case_create(person=person, user=officer, category="K6")
    with pytest.raises(RegistryError) as exc:
        case_submit(case=case, user=officer)
    assert exc.value.messages == ["Hồ sơ còn thiếu: mức độ khuyết tật; số giấy xác nhận khuyết tật."]
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT


def test_a_category_for_poor_households_needs_the_status_of_this_year(commune, officer):
    elder = PersonFactory(unit=commune, birth_date=date(1950, 1, 1))
    case = case_create(person=elder, user=officer, category="K5A")
    with pytest.raises(RegistryError) as exc:
        case_submit(case=case, user=officer)
    assert "hộ gia đình là hộ nghèo năm" in exc.value.messages[0]
    poor_household(elder, date.today().year)
    case_submit(case=case, user=officer)


def test_the_leader_approves_with_a_decision_and_the_case_becomes_active(submitted, leader):
    approve(submitted, leader, signer="Nông Văn Thành")
    case = Case.objects.get(pk=submitted.pk)
    assert case.status == CaseStatus.ACTIVE
    assert (case.decision_number, case.decision_date, case.signer) == ("125/QĐ-UBND", DECIDED, "Nông Văn Thành")
    assert case.start_month == Month(2026, 3)  # the decision month by default
    assert case.approved_by == leader
    assert list(case.events.values_list("kind", flat=True)) == ["created", "submitted", "approved", "activated"]


def test_the_approver_may_choose_another_start_month_and_activate_later(submitted, leader, officer):
    approve(submitted, leader, start_month=date(2026, 1, 15), activate=False)
    assert submitted.status == CaseStatus.APPROVED
    assert submitted.start_month == Month(2026, 1)
    case_activate(case=submitted, user=officer)
    assert Case.objects.get(pk=submitted.pk).status == CaseStatus.ACTIVE


def test_a_start_month_before_the_category_is_in_force_is_refused(submitted, leader):
    with pytest.raises(RegistryError) as exc:
        approve(submitted, leader, start_month=date(2021, 6, 1))
    assert exc.value.message_dict["start_month"] == ["Diện K6 chỉ áp dụng từ 07/2021."]


def test_an_approval_needs_a_decision_number_and_a_past_date(submitted, leader):
    with pytest.raises(RegistryError) as exc:
        approve(submitted, leader, decision_number=" ", decision_date=date(2999, 1, 1))
    assert set(exc.value.message_dict) == {"decision_number", "decision_date"}
    assert Case.objects.get(pk=submitted.pk).status == CaseStatus.SUBMITTED


def test_a_commune_officer_can_never_approve_their_own_submission(submitted, officer):
    with pytest.raises(NotAllowed) as exc:
        approve(submitted, officer)
    assert exc.value.messages == ["Không được tự phê duyệt hoặc trả lại hồ sơ do chính mình nộp."]


def test_a_leader_who_submitted_a_case_cannot_approve_it_either(person, commune):
    leader = UserFactory(unit=commune, role=Role.COMMUNE_LEADER)
    case = CaseFactory(person=person, status=CaseStatus.SUBMITTED, approving_unit=commune, submitted_by=leader)
    with pytest.raises(NotAllowed):
        approve(case, leader)


def test_a_leader_of_another_commune_or_an_officer_cannot_approve(submitted, other_commune, commune):
    for user in (
        UserFactory(unit=other_commune, role=Role.COMMUNE_LEADER),
        UserFactory(unit=commune, role=Role.COMMUNE_OFFICER),
        UserFactory(unit=commune, role=Role.VIEWER),
    ):
        with pytest.raises(NotAllowed):
            approve(submitted, user)


def test_the_leader_returns_a_case_with_a_reason_and_the_officer_resubmits(submitted, leader, officer):
    with pytest.raises(RegistryError):
        case_return(case=submitted, user=leader, reason="  ")
    case_return(case=submitted, user=leader, reason="Thiếu giấy xác nhận khuyết tật bản gốc")
    assert submitted.status == CaseStatus.RETURNED
    assert submitted.returned_reason == "Thiếu giấy xác nhận khuyết tật bản gốc"
    case_update(case=submitted, user=officer, disability_certificate_number="16/GXN-UBND")
    case_submit(case=submitted, user=officer)
    approve(submitted, leader)
    assert submitted.returned_reason == ""
    assert submitted.status == CaseStatus.ACTIVE


def test_a_decided_case_can_no_longer_be_edited(submitted, leader, officer):
    approve(submitted, leader)
    with pytest.raises(IllegalTransition):
        case_update(case=submitted, user=officer, note="sửa")


def test_suspend_and_resume_record_their_months(submitted, leader, officer):
    approve(submitted, leader)
    with pytest.raises(RegistryError):
        case_suspend(case=submitted, user=officer, month=date(2026, 5, 1), reason="")
    case_suspend(case=submitted, user=officer, month=date(2026, 5, 1), reason="Đi làm ăn xa, không nhận tiền")
    assert (submitted.status, submitted.suspended_from_month) == (CaseStatus.SUSPENDED, Month(2026, 5))
    with pytest.raises(RegistryError):
        case_resume(case=submitted, user=officer, month=date(2026, 4, 1))
    case_resume(case=submitted, user=officer, month=date(2026, 8, 1))
    assert (submitted.status, submitted.suspended_from_month) == (CaseStatus.ACTIVE, None)
    assert submitted.events.get(kind=CaseEvent.Kind.RESUMED).month == Month(2026, 8)


def test_terminating_sets_the_last_month_paid(submitted, leader, officer):
    approve(submitted, leader)
    case_terminate(case=submitted, user=officer, reason="refused", end_month=date(2026, 6, 20))
    assert (submitted.status, submitted.end_month, submitted.termination_reason) == (
        CaseStatus.TERMINATED,
        Month(2026, 6),
        "refused",
    )
    assert submitted.events.last().note == "Từ chối nhận; hưởng đến hết 06/2026"


def test_an_end_month_long_before_the_start_is_refused(submitted, leader, officer):
    approve(submitted, leader)
    with pytest.raises(RegistryError):
        case_terminate(case=submitted, user=officer, reason="ineligible", end_month=date(2025, 1, 1))
    case_terminate(case=submitted, user=officer, reason="ineligible", end_month=date(2026, 2, 1))
    assert submitted.end_month == Month(2026, 2)  # ends before it began: nothing is paid


def test_a_terminated_case_may_be_followed_by_a_new_one_of_the_same_category(submitted, leader, officer):
    approve(submitted, leader)
    case_terminate(case=submitted, user=officer, reason="ineligible", end_month=date(2026, 4, 1))
    again = case_create(person=submitted.person, user=officer, category="K6", disability_level="extra_severe")
    assert again.status == CaseStatus.DRAFT


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (CaseStatus.DRAFT, "approve"),
        (CaseStatus.DRAFT, "return"),
        (CaseStatus.DRAFT, "activate"),
        (CaseStatus.DRAFT, "suspend"),
        (CaseStatus.DRAFT, "resume"),
        (CaseStatus.DRAFT, "terminate"),
        (CaseStatus.SUBMITTED, "submit"),
        (CaseStatus.SUBMITTED, "activate"),
        (CaseStatus.SUBMITTED, "suspend"),
        (CaseStatus.SUBMITTED, "terminate"),
        (CaseStatus.RETURNED, "approve"),
        (CaseStatus.RETURNED, "activate"),
        (CaseStatus.APPROVED, "submit"),
        (CaseStatus.APPROVED, "approve"),
        (CaseStatus.APPROVED, "suspend"),
        (CaseStatus.APPROVED, "resume"),
        (CaseStatus.ACTIVE, "submit"),
        (CaseStatus.ACTIVE, "approve"),
        (CaseStatus.ACTIVE, "return"),
        (CaseStatus.ACTIVE, "activate"),
        (CaseStatus.ACTIVE, "resume"),
        (CaseStatus.SUSPENDED, "suspend"),
        (CaseStatus.SUSPENDED, "activate"),
        (CaseStatus.SUSPENDED, "approve"),
        (CaseStatus.TERMINATED, "submit"),
        (CaseStatus.TERMINATED, "approve"),
        (CaseStatus.TERMINATED, "activate"),
        (CaseStatus.TERMINATED, "suspend"),
        (CaseStatus.TERMINATED, "resume"),
        (CaseStatus.TERMINATED, "terminate"),
    ],
)
def test_an_illegal_transition_is_refused_with_a_vietnamese_message(person, commune, officer, leader, status, step):
    other = UserFactory(unit=commune, role=Role.COMMUNE_OFFICER)
    case = CaseFactory(
        person=person, status=status, approving_unit=commune, submitted_by=other, start_month=date(2026, 1, 1)
    )
    calls = {
        "submit": lambda: case_submit(case=case, user=officer),
        "approve": lambda: approve(case, leader),
        "return": lambda: case_return(case=case, user=leader, reason="x"),
        "activate": lambda: case_activate(case=case, user=officer),
        "suspend": lambda: case_suspend(case=case, user=officer, month=date(2026, 5, 1), reason="x"),
        "resume": lambda: case_resume(case=case, user=officer, month=date(2026, 5, 1)),
        "terminate": lambda: case_terminate(case=case, user=officer, reason="refused", end_month=date(2026, 5, 1)),
    }
    with pytest.raises(IllegalTransition) as exc:
        calls[step]()
    label = CaseStatus(status).label
    assert exc.value.messages[0].startswith("Không thể ") and exc.value.messages[0].endswith(f"«{label}».")
    assert Case.objects.get(pk=case.pk).status == status


def test_every_transition_is_kept_in_the_history_with_who_did_it(submitted, leader, officer):
    approve(submitted, leader)
    users = list(submitted.history.order_by("history_date").values_list("history_user", "status"))
    assert users[0] == (officer.pk, "draft")
    assert users[-1] == (leader.pk, "active")
