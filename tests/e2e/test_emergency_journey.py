"""After a flood the commune officer records the event and three households (rice, an injury, a
collapsed house); the leader decides; the officer prints the cash list and the rice list, marks
them paid, and the summary shows the figures. A storm the province declares for one commune is
joined by a second one, whose officer enters a household not yet in the registry."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from beneficiaries.models import Person
from benefits.emergency.models import EmergencyEvent, EmergencyRequest, RequestStatus
from tests.beneficiaries.factories import PersonFactory, listed_hamlet
from tests.e2e.conftest import ARTIFACTS, login, screenshot

pytestmark = pytest.mark.e2e


def _dmy(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _save_pdf(page, test_id: str, name: str) -> str:
    with page.expect_download() as download:
        page.get_by_test_id(test_id).click()
    path = ARTIFACTS / f"{name}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    download.value.save_as(path)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", str(path), str(ARTIFACTS / name)],
                       check=True)
    return " ".join("\n".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_an_officer_records_a_flood_the_leader_decides_and_the_lists_are_printed_and_paid(
    page, live_server, officer, leader, commune
):
    today = timezone.localdate()
    known = PersonFactory(unit=commune, full_name="Hoàng Văn Đói", birth_date=today.replace(year=1968, day=1),
                          sex="male", hamlet="Thôn Nà Pồng")
    listed_hamlet(commune, "Bản Khuổi Luông")  # the commune keeps its hamlet list: the officer chooses from it
    login(page, live_server, officer.username)
    page.get_by_role("link", name="Trợ giúp đột xuất").click()
    page.get_by_test_id("event-create").click()
    page.select_option("#id_kind", "flood")
    page.fill("#id_name", "Lũ quét sau bão số 10")
    page.fill("#id_occurred_on", _dmy(today - timedelta(days=1)))
    page.fill("#id_place", "Thôn Nà Pồng, Bản Khuổi Luông")
    screenshot(page, "emergency_01_event_form")
    page.get_by_test_id("submit").click()

    # Three households in a row: the form keeps the event and the commune.
    page.select_option("#id_kind", "EM-RICE-DISASTER")
    page.fill("#id_full_name", "Hoàng Văn Đói")
    page.fill("#id_birth_year", "1968")
    page.select_option("#id_hamlet", "Thôn Nà Pồng")
    page.fill("#id_people", "4")
    page.fill("#id_months", "2")
    page.get_by_test_id("save-next").click()
    page.get_by_test_id("recent").get_by_text("Hoàng Văn Đói").wait_for()
    assert "đã có trong sổ đối tượng" in page.locator(".alert-success").inner_text()  # found, not duplicated

    page.select_option("#id_kind", "EM-INJURY")
    page.fill("#id_full_name", "Lò Văn Thương")
    page.fill("#id_birth_year", "1990")
    page.select_option("#id_sex", "male")
    page.select_option("#id_hamlet", "Bản Khuổi Luông")
    page.fill("#id_subject_name", "Lò Văn Thương")
    page.fill("#id_hospital_days", "2")
    page.get_by_test_id("save-next").click()
    page.get_by_test_id("recent").get_by_text("Lò Văn Thương").wait_for()

    page.select_option("#id_kind", "EM-HOUSE-REBUILD")
    page.fill("#id_full_name", "Ma Thị Sập")
    page.fill("#id_birth_year", "1955")
    page.select_option("#id_sex", "female")
    page.select_option("#id_hamlet", "Thôn Nà Pồng")
    page.fill("#id_damage", "Nhà sập hoàn toàn")
    page.get_by_test_id("save").click()
    # Housing aid without the household's status is refused at the field.
    assert "Hỗ trợ nhà ở cần tình trạng hộ" in page.locator("#div_id_household_status").inner_text()
    page.select_option("#id_household_status", "poor")
    screenshot(page, "emergency_02_request_form")
    page.get_by_test_id("save").click()
    page.get_by_test_id("event-name").wait_for()
    assert "đã thêm Ma Thị Sập và một hộ mới ở Thôn Nà Pồng" in page.locator(".alert-success").inner_text()
    assert EmergencyRequest.objects.get(full_name="Hoàng Văn Đói").person == known
    assert Person.objects.get(full_name="Ma Thị Sập").household is not None
    assert page.get_by_test_id("request-row").count() == 3
    screenshot(page, "emergency_03_event_requests")
    page.get_by_test_id("decision-prepare").click()
    page.get_by_test_id("decision-status").wait_for()
    decision_url = page.url

    # The leader decides; the injury (2 days in hospital) is not serious: refused with a reason.
    page.context.clear_cookies()
    login(page, live_server, leader.username)
    page.goto(decision_url)
    page.fill("#id_number", "45/QĐ-UBND")
    page.get_by_test_id("decision-approve").click()
    assert "Lò Văn Thương" in page.get_by_test_id("form-errors").inner_text()
    page.goto(decision_url)
    page.get_by_test_id("request-row").filter(has_text="Lò Văn Thương").get_by_role("link", name="Không hỗ trợ").click()
    page.fill("#id_reason", "Điều trị 2 ngày, chưa phải bị thương nặng")
    page.get_by_test_id("submit").click()
    page.fill("#id_number", "45/QĐ-UBND")
    screenshot(page, "emergency_04_leader_decides")
    page.get_by_test_id("decision-approve").click()
    assert page.get_by_test_id("decision-status").inner_text() == "Đã quyết định"
    assert page.get_by_test_id("total-amount").inner_text() == "40.000.000 đ"
    assert page.get_by_test_id("total-rice").inner_text() == "120 kg"

    # The officer prints the lists and marks them paid.
    page.context.clear_cookies()
    login(page, live_server, officer.username)
    page.goto(decision_url)
    cash = _save_pdf(page, "cash-pdf", "emergency_cash_list")
    assert "DANH SÁCH CHI TRẢ HỖ TRỢ ĐỘT XUẤT" in cash and "Ma Thị Sập" in cash and "40.000.000" in cash
    assert "Bốn mươi triệu đồng" in cash and "Hoàng Văn Đói" not in cash
    rice = _save_pdf(page, "rice-pdf", "emergency_rice_list")
    assert "DANH SÁCH HỘ GIA ĐÌNH ĐƯỢC HỖ TRỢ GẠO CỨU ĐÓI" in rice and "TỔNG CỘNG: 1 hộ, 4 nhân khẩu" in rice
    with page.expect_download() as xlsx:
        page.get_by_test_id("cash-xlsx").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "emergency_05_decision_documents")
    page.get_by_test_id("mark-paid").click()
    page.get_by_text("Đã ghi nhận chi trả cho 2 đề nghị.").wait_for()
    assert EmergencyRequest.objects.filter(status=RequestStatus.PAID).count() == 2
    screenshot(page, "emergency_06_paid")

    page.get_by_role("link", name="Trợ giúp đột xuất").click()
    page.get_by_test_id("emergency-summary").click()
    assert page.get_by_test_id("total-households").first.inner_text() == "2"
    assert page.get_by_test_id("total-people").first.inner_text() == "4"
    assert "100,0%" in page.get_by_test_id("summary-on-time").inner_text()
    screenshot(page, "emergency_07_summary")


def test_the_province_declares_a_storm_a_second_commune_joins_it_and_adds_a_new_household(
    page, live_server, province_officer, officer, other_officer, commune, other_commune
):
    today = timezone.localdate()
    login(page, live_server, province_officer.username)
    page.get_by_role("link", name="Trợ giúp đột xuất").click()
    page.get_by_test_id("event-create").click()
    page.select_option("#id_kind", "storm")
    page.fill("#id_name", "Bão số 3 (Yagi)")
    page.fill("#id_occurred_on", _dmy(today - timedelta(days=1)))
    page.get_by_label("Xã Ngọc Đường").check()
    screenshot(page, "emergency_11_province_declares")
    page.get_by_test_id("submit").click()
    assert page.get_by_test_id("event-communes").inner_text() == "Xã bị ảnh hưởng (1): Xã Ngọc Đường"

    # Phú Linh was hit too: its officer adds the commune to the province's event, not a second one.
    page.context.clear_cookies()
    login(page, live_server, other_officer.username)
    page.get_by_role("link", name="Trợ giúp đột xuất").click()
    page.get_by_test_id("joinable").get_by_text("Bão số 3 (Yagi)").wait_for()
    screenshot(page, "emergency_12_commune_joins")
    page.get_by_test_id("event-join").click()
    page.get_by_test_id("request-form").wait_for()
    assert EmergencyEvent.objects.count() == 1

    # A household nobody registered: it is added to the registry with the request.
    page.select_option("#id_kind", "EM-HOUSE-REPAIR")
    page.fill("#id_full_name", "Triệu Thị Mới")
    page.fill("#id_birth_year", "1979")
    page.select_option("#id_sex", "female")
    page.fill("#id_hamlet", "Thôn Khuổi Phầy")
    page.fill("#id_damage", "Tốc mái, không ở được")
    page.select_option("#id_household_status", "near_poor")
    page.get_by_test_id("save").click()
    page.get_by_test_id("event-name").wait_for()
    assert "đã thêm Triệu Thị Mới và một hộ mới ở Thôn Khuổi Phầy" in page.locator(".alert-success").inner_text()
    added = Person.objects.get(full_name="Triệu Thị Mới")
    assert (added.unit, added.household.hamlet) == (other_commune, "Thôn Khuổi Phầy")
    assert "Xã Ngọc Đường, Xã Phú Linh" in page.get_by_test_id("event-communes").inner_text()
    screenshot(page, "emergency_13_new_household_entered")

    # Ngọc Đường's officer sees the storm but not Phú Linh's household.
    page.context.clear_cookies()
    login(page, live_server, officer.username)
    page.get_by_role("link", name="Trợ giúp đột xuất").click()
    page.get_by_role("link", name="Bão số 3 (Yagi)").click()
    assert "Triệu Thị Mới" not in page.get_by_test_id("requests").inner_text()

    # The province sees one event over two communes.
    page.context.clear_cookies()
    login(page, live_server, province_officer.username)
    page.get_by_role("link", name="Trợ giúp đột xuất").click()
    page.get_by_test_id("emergency-summary").click()
    page.wait_for_url("**/tong-hop/**")  # count() does not wait for the page: the summary must have loaded
    page.get_by_test_id("summary-event").first.wait_for()
    assert page.get_by_test_id("summary-event").count() == 1
    assert page.get_by_test_id("summary-event-commune").count() == 2
    screenshot(page, "emergency_14_province_summary")
