"""Money the roll paid wrongly (issue: money correctness): each test failed before the facts
builder was one, poverty was kept by year and the roll listed what it cannot pay."""

from datetime import date
from decimal import Decimal

import pytest

from beneficiaries.models import Case, CaseStatus
from beneficiaries.services import beneficiaries_import, poverty_review_import
from benefits.payroll.models import PaymentLine
from benefits.payroll.services import PayrollError, payroll_generate, payroll_lock, payroll_problem_suspend
from benefits.preview import person_month_result
from engine import Month
from tests.beneficiaries.factories import poor_household
from tests.beneficiaries.xlsx import row, workbook
from tests.benefits.payroll_factories import make_case, make_person

TODAY = date(2026, 11, 20)


def _lines(roll, person=None):
    lines = PaymentLine.objects.filter(roll=roll)
    return lines.filter(person=person) if person else lines


def test_an_imported_student_without_an_end_of_studies_date_is_paid_what_the_preview_says(commune, officer):
    rows = [
        row(i, **{"Mã diện": "K2", "Ngày sinh": f"0{i}/03/2007", "Giới tính": "Nữ", "Số định danh cá nhân": "",
                  "Mức độ khuyết tật": "", "Hộ nghèo/cận nghèo": "", "Ngày quyết định": "15/08/2025",
                  "Tháng bắt đầu hưởng": "09/2025", "Đã chi trả đến tháng": ""})
        for i in (1, 2, 3)
    ]  # fmt: skip
    result = beneficiaries_import(data=workbook(rows), unit=commune, user=officer, today=date(2025, 9, 20))
    assert result.ok, result.plan.errors
    roll = payroll_generate(unit=commune, month=Month(2025, 9), today=date(2025, 9, 20))
    lines = list(_lines(roll))
    assert len(lines) == 3
    for line in lines:
        assert line.amount == person_month_result(line.person_id, Month(2025, 9), province_code="08").total > 0


def test_a_carer_is_paid_at_her_own_disability_level_not_the_level_of_the_person_she_cares_for(commune):
    carer = make_person(commune, "Người chăm", birth=date(1985, 4, 4))
    make_case(carer, "K6", start="2026-01", disability_level="severe")
    cared = make_person(commune, "Người được chăm", birth=date(2012, 2, 2))
    make_case(carer, "CS-HOUSEHOLD", start="2026-01", cared_person=cared, disability_level="extra_severe")
    roll = payroll_generate(unit=commune, month=Month(2026, 3))
    allowance = _lines(roll, carer).get(scheme="MONTHLY_ALLOWANCE")
    assert allowance.coefficient == Decimal("1.5")  # K6 "nặng": 1.5, not 2.0 ("đặc biệt nặng", the cared child's)
    assert sum(line.amount for line in _lines(roll, carer)) == person_month_result(
        carer.pk, Month(2026, 3), province_code="08"
    ).total


def test_a_list_decided_in_2025_pays_its_poor_people_in_2025(commune, officer):
    rows = [
        row(2, **{"Mã diện": "K5A", "Ngày quyết định": "15/07/2025", "Tháng bắt đầu hưởng": "07/2025"}),
        row(5, **{"Mã diện": "K8", "Ngày sinh": "05/05/1980", "Giới tính": "Nữ", "Số định danh cá nhân": "",
                  "Ngày quyết định": "15/07/2025", "Tháng bắt đầu hưởng": "07/2025",
                  "Hộ nghèo/cận nghèo": "Nghèo", "Mức độ khuyết tật": ""}),
    ]  # fmt: skip
    result = beneficiaries_import(data=workbook(rows), unit=commune, user=officer, today=date(2026, 11, 20))
    assert result.ok, result.plan.errors
    for case in Case.objects.filter(unit=commune):  # back-fill: what was paid outside the system is not paid again
        case.paid_until_month = None
        case.save()
    roll = payroll_generate(unit=commune, month=Month(2025, 9), today=date(2025, 9, 20))
    assert sorted(line.categories for line in _lines(roll)) == ["K5A", "K8"]
    assert all(line.amount > 0 for line in _lines(roll))
    assert roll.errors == []


def test_a_january_roll_lists_cases_without_the_new_year_s_poverty_status_and_cannot_be_locked(commune, officer, leader):
    elder = make_person(commune, "Cụ Nghèo", birth=date(1950, 3, 3), national_id="008150000123")
    poor_household(elder, 2026)
    make_case(elder, "K5A", start="2026-01")
    k6 = make_person(commune, "Người khuyết tật", birth=date(1980, 3, 3))
    make_case(k6, "K6", start="2026-01", disability_level="severe")
    roll = payroll_generate(unit=commune, month=Month(2027, 1), today=date(2026, 12, 20))
    assert [line.person_id for line in _lines(roll) if line.amount] == [k6.pk]  # the elder: 2026 arrears only
    assert [(e["person_id"], e["error"]) for e in roll.errors] == [
        (elder.pk, "Chưa có tình trạng hộ nghèo, cận nghèo của hộ năm 2027")
    ]
    with pytest.raises(PayrollError, match="không tính được"):
        payroll_lock(roll=roll, user=leader)

    # The officer fixes the data: next year's approved list, then the roll again.
    data = workbook([{"Họ và tên": "Cụ Nghèo", "Ngày sinh": "03/03/1950", "Số định danh cá nhân": "008150000123",
                      "Hộ nghèo/cận nghèo": "Nghèo"}],
                    header=["Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Hộ nghèo/cận nghèo"], total=False)  # fmt: skip
    assert poverty_review_import(data=data, unit=commune, year=2027, user=officer, today=date(2026, 12, 20)).ok
    roll = payroll_generate(unit=commune, month=Month(2027, 1), today=date(2026, 12, 20))
    assert sorted(line.person_id for line in _lines(roll) if line.amount) == sorted([k6.pk, elder.pk])
    assert roll.errors == []
    assert payroll_lock(roll=roll, user=leader).status == "locked"


def test_a_person_the_roll_cannot_pay_may_be_confirmed_as_suspended_and_then_the_roll_locks(commune, officer, leader):
    elder = make_person(commune, "Cụ Chưa Rà Soát", birth=date(1950, 3, 3))
    case = make_case(elder, "K5A", start="2026-01")  # no poverty status at all
    roll = payroll_generate(unit=commune, month=Month(2026, 10))
    assert [e["person_id"] for e in roll.errors] == [elder.pk]
    roll = payroll_problem_suspend(roll=roll, person_id=elder.pk, user=officer)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPENDED and case.suspended_from_month == Month(2026, 10)
    assert "Tạm dừng" in roll.errors[0]["resolution"]
    assert payroll_lock(roll=roll, user=leader).status == "locked"


def test_the_roll_page_confirms_the_suspension_in_words(commune, officer):
    from django.urls import reverse

    from tests.btxh.factories import client_of

    elder = make_person(commune, "Cụ Chưa Rà Soát", birth=date(1950, 3, 3))
    make_case(elder, "K5A", start="2026-01")  # no poverty status at all
    roll = payroll_generate(unit=commune, month=Month(2026, 10))
    url = reverse("benefits:roll-problem-suspend", args=[roll.pk, elder.pk])
    page = client_of(officer).post(url, follow=True).content.decode()
    assert "Đã tạm dừng hưởng và ghi nhận xử lý." in page
    assert "Tạm dừng hưởng từ tháng 10/2026 (" in page


def test_arrears_across_a_new_year_use_each_year_s_poverty_status(commune):
    person = make_person(commune, "Hộ thoát nghèo", birth=date(1950, 3, 3))
    household = poor_household(person, 2025)
    household.poverty_records.create(year=2026, status="none")
    make_case(person, "K5A", start="2025-11")
    roll = payroll_generate(unit=commune, month=Month(2026, 2))
    line = _lines(roll, person).get()
    assert line.amount == 0  # this month: not poor any more
    assert set(line.arrears_detail) == {"2025-11", "2025-12"}  # 2026 months are not owed
    assert [e["person_id"] for e in roll.errors] == [person.pk]  # listed: the case still says it pays


def test_the_roll_page_disables_the_lock_while_someone_it_cannot_pay_is_unhandled(client, commune, leader):
    elder = make_person(commune, "Cụ Chưa Rà Soát", birth=date(1950, 3, 3))
    make_case(elder, "K5A", start="2026-01")  # no poverty status: listed, not dropped
    roll = payroll_generate(unit=commune, month=Month(2026, 10))
    client.force_login(leader)
    page = client.get(f"/che-do/chi-tra/{roll.pk}/").content.decode()
    assert 'data-testid="roll-lock" disabled title="Còn đối tượng không tính được chưa xử lý"' in page


def test_the_death_of_the_person_cared_for_recorded_after_the_lock_recovers_the_care_support(commune):
    """The carer's own rows did not change: the roll rechecks her months because the row of the person
    she cares for was written after the last lock (``selectors._changed_since``)."""
    carer = make_person(commune, "Người chăm", birth=date(1985, 4, 4))
    cared = make_person(commune, "Người được chăm", birth=date(2012, 2, 2))
    make_case(carer, "CS-HOUSEHOLD", start="2026-01", cared_person=cared, disability_level="extra_severe")
    for month in (Month(2026, 3), Month(2026, 4)):
        roll = payroll_generate(unit=commune, month=month)
        assert _lines(roll, carer).get().amount > 0
        payroll_lock(roll=roll, user=None)
    cared.death_date = date(2026, 2, 10)  # died before both locked months, entered late
    cared.save()
    may = payroll_generate(unit=commune, month=Month(2026, 5))
    line = _lines(may, carer).get()
    assert line.recovery > 0 and sorted(line.recovery_detail) == ["2026-03", "2026-04"]
    assert line.total == line.amount - line.recovery
