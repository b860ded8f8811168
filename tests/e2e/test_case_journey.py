"""A commune officer enters a person and a K6 case and submits it; the commune leader approves it."""

import pytest

from beneficiaries.models import Case, CaseStatus, Person
from tests.beneficiaries.factories import listed_hamlet, national_id
from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e


def test_an_officer_enters_a_k6_case_and_the_leader_approves_it(page, live_server, officer, leader):
    listed_hamlet(officer.unit, "Thôn Nà Pồng")
    login(page, live_server, officer.username)
    page.get_by_role("link", name="Đối tượng", exact=True).click()
    page.wait_for_url("**/doi-tuong/")
    screenshot(page, "case_journey_01_person_list")

    page.get_by_test_id("person-create").click()
    page.fill("#id_full_name", "Hoàng Văn Páo")
    page.fill("#id_birth_date", "03/02/1980")
    page.check("#id_sex_0")  # Nam
    # A woman's ID for a man: the field is checked as soon as it changes, without saving.
    page.fill("#id_national_id", "008180123456")
    page.press("#id_national_id", "Tab")
    error = page.locator("#field-national_id .invalid-feedback")
    error.wait_for()
    assert "là của người nữ, không khớp với giới tính đã nhập" in error.inner_text()
    screenshot(page, "case_journey_02_national_id_checked_inline")
    page.fill("#id_national_id", national_id(sex="male", birth_year=1980, serial=424242))
    page.press("#id_national_id", "Tab")
    page.get_by_test_id("national-id-ok").wait_for()
    page.fill("#id_ethnicity", "Tày")
    page.select_option("#id_hamlet", label="Thôn Nà Pồng")
    page.select_option("#id_payment_method", "bank")
    page.fill("#id_bank_account", "8800123456789")
    page.fill("#id_bank_name", "Agribank")
    screenshot(page, "case_journey_03_person_form")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/doi-tuong/*/")
    assert page.get_by_test_id("person-name").inner_text().startswith("Hoàng Văn Páo")
    screenshot(page, "case_journey_04_person_page")

    page.get_by_test_id("case-create").click()
    assert not page.locator("#id_disability_level").is_visible()  # only the facts of the chosen category
    page.select_option("#id_category", "K6")
    page.select_option("#id_disability_level", "severe")
    page.fill("#id_disability_certificate_number", "15/GXN-UBND")
    page.fill("#id_disability_certificate_date", "05/01/2026")
    assert not page.locator("#id_cared_person").is_visible()
    screenshot(page, "case_journey_05_case_form")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url("**/doi-tuong/ho-so/*/")
    screenshot(page, "case_journey_06_case_draft")
    page.get_by_test_id("case-submit").click()
    page.get_by_test_id("confirm-ok").click()  # the confirmation says what submitting does
    page.wait_for_load_state()
    assert "Chờ phê duyệt" in page.get_by_test_id("case-status").inner_text()
    screenshot(page, "case_journey_07_case_submitted")
    case = Case.objects.get(person=Person.objects.get(full_name="Hoàng Văn Páo"))
    assert case.status == CaseStatus.SUBMITTED

    page.get_by_role("button", name="Đăng xuất").click()
    login(page, live_server, leader.username)
    page.get_by_role("link", name="Hồ sơ chờ phê duyệt").click()
    screenshot(page, "case_journey_08_leader_inbox")
    page.get_by_role("link", name="Hoàng Văn Páo").click()
    page.get_by_test_id("case-approve").click()
    page.fill("#id_decision_number", "125/QĐ-UBND")
    screenshot(page, "case_journey_09_approve_form")
    page.get_by_role("button", name="Phê duyệt").click()
    page.wait_for_url(f"**/doi-tuong/ho-so/{case.pk}/")
    assert "Đang hưởng" in page.get_by_test_id("case-status").inner_text()
    assert "125/QĐ-UBND" in page.get_by_test_id("case-decision").inner_text()
    screenshot(page, "case_journey_10_case_active")
    case.refresh_from_db()
    assert (case.status, case.decision_number, case.approved_by) == (CaseStatus.ACTIVE, "125/QĐ-UBND", leader)
