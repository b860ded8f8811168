"""The province officer issues the province's plan; the commune officer starts the commune's plan
from it, edits a target, adds an activity, issues it and downloads the PDF and the .docx; the province officer
sees the commune's plan and its progress. The PDF and the Word file are drawn as PNG in test-artifacts/."""

import pytest
from pypdf import PdfReader

from plans.plan_models import AnnualPlan, PlanStatus
from tests import office
from tests.e2e.conftest import ARTIFACTS, login, screenshot

pytestmark = pytest.mark.e2e


def test_a_province_issues_its_plan_and_a_commune_cascades_edits_and_issues_its_own(
    page, live_server, officer, province_officer, tmp_path
):
    login(page, live_server, province_officer.username)
    page.get_by_role("link", name="Kế hoạch năm").click()
    page.get_by_test_id("plan-create").locator("input[value=blank]").check()
    page.get_by_role("button", name="Lập dự thảo").click()
    page.wait_for_url("**/ke-hoach/nam/*/sua/")
    page.fill("#id_number", "25/KH-UBND")
    page.fill("#id_issued_on", "20/01/2026")
    page.fill("#id_signer_name", "Nguyễn Mạnh Tuấn")
    page.fill("#id_recipients", "Bộ Y tế;\nUBND các xã, phường;\nLưu: VT.")
    page.fill("#id_targets-0-text", "100% đối tượng đủ điều kiện được chi trả trợ cấp hằng tháng đúng hạn")
    page.select_option("#id_targets-0-indicator", "eligible_paid_pct")
    page.fill("#id_targets-0-target_value", "100")
    page.fill("#id_tasks-0-position", "1")
    page.fill("#id_tasks-0-title", "Thực hiện đầy đủ chính sách trợ giúp xã hội")
    page.fill("#id_responsibilities-0-body", "Sở Y tế")
    page.fill("#id_responsibilities-0-duties", "Hướng dẫn, kiểm tra các xã; tổng hợp báo cáo kết quả.")
    page.get_by_test_id("plan-save").click()
    page.wait_for_selector("text=Đã lưu dự thảo kế hoạch.")
    page.select_option("#id_activities-0-task", label="Thực hiện đầy đủ chính sách trợ giúp xã hội")
    page.fill("#id_activities-0-text", "Kiểm tra việc chi trả tại các xã mỗi quý")
    page.fill("#id_activities-0-months", "3, 6, 9, 12")
    page.get_by_test_id("plan-save").click()
    page.wait_for_selector("text=Đã lưu dự thảo kế hoạch.")
    screenshot(page, "plan_01_province_draft")
    page.get_by_role("button", name="Lưu và xem").click()
    page.get_by_test_id("plan-issue").click()
    assert page.get_by_test_id("plan-status").inner_text() == "Đã ban hành"
    screenshot(page, "plan_02_province_issued")

    page.context.clear_cookies()
    login(page, live_server, officer.username)
    page.get_by_role("link", name="Kế hoạch năm").click()
    assert "25/KH-UBND" in page.get_by_test_id("parent-plan").inner_text()
    page.get_by_role("button", name="Lập dự thảo").click()  # from the parent's plan, the default
    page.wait_for_url("**/ke-hoach/nam/*/sua/")
    assert "Kế hoạch số 25/KH-UBND ngày 20/01/2026" in page.input_value("#id_bases-0-text")
    page.fill("#id_number", "07/KH-UBND")
    page.fill("#id_issued_on", "05/02/2026")
    page.fill("#id_signer_name", "Ma Văn Pháo")
    page.fill("#id_targets-0-target_value", "98")  # the commune adapts the province's target
    page.select_option("#id_activities-1-task", label="Thực hiện đầy đủ chính sách trợ giúp xã hội")
    page.fill("#id_activities-1-text", "Rà soát, cập nhật danh sách đối tượng tại các thôn")
    page.fill("#id_activities-1-lead", "Công chức văn hóa - xã hội")
    page.fill("#id_activities-1-budget", "1500000")
    screenshot(page, "plan_03_commune_edit")
    page.get_by_role("button", name="Lưu và xem").click()
    page.wait_for_selector("text=Đã lưu dự thảo kế hoạch.")
    assert "Thực hiện chỉ tiêu cấp trên" in page.get_by_test_id("targets").inner_text()
    assert "chưa có dữ liệu" in page.get_by_test_id("targets").inner_text()
    page.get_by_test_id("plan-issue").click()
    assert page.get_by_test_id("plan-status").inner_text() == "Đã ban hành"
    screenshot(page, "plan_04_commune_issued")
    with page.expect_download() as download:
        page.get_by_test_id("plan-pdf").click()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / "plan_journey_commune.pdf"
    download.value.save_as(pdf_path)
    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages)
    assert "Số: 07/KH-UBND" in text and "Rà soát, cập nhật danh sách đối tượng tại các thôn" in text
    assert office.pdf_to_png(pdf_path, "plan_journey_commune_pdf")
    # The same plan as Word, for the office to adjust before signing: LibreOffice opens it.
    with page.expect_download() as download:
        page.get_by_test_id("plan-docx").click()
    assert download.value.suggested_filename == "ke-hoach-xa-ngoc-duong-2026.docx"
    docx_path = ARTIFACTS / "plan_journey_commune.docx"
    download.value.save_as(docx_path)
    word = office.docx_to_pdf(docx_path.read_bytes(), tmp_path, "plan_journey_commune_docx")
    word_text = " ".join(office.pdf_text(word).split())
    assert "Số: 07/KH-UBND" in word_text and "II. NHIỆM VỤ, GIẢI PHÁP" in word_text and "Ma Văn Pháo" in word_text
    assert "DỰ THẢO" not in word_text
    assert office.pdf_to_png(word, "plan_journey_commune_docx", first_page_only=False)

    commune_plan = AnnualPlan.objects.get(unit=officer.unit, status=PlanStatus.ISSUED)
    province_plan = AnnualPlan.objects.get(unit=province_officer.unit)
    target = commune_plan.targets.get()
    assert target.target_value == 98 and target.parent_target == province_plan.targets.get()
    assert commune_plan.parent_plan == province_plan

    page.context.clear_cookies()
    login(page, live_server, province_officer.username)
    page.goto(f"{live_server.url}/ke-hoach/nam/{province_plan.pk}/")
    children = page.get_by_test_id("children").inner_text()
    assert "Xã Ngọc Đường" in children and "Đã ban hành (07/KH-UBND)" in children and "chưa có dữ liệu" in children
    screenshot(page, "plan_05_province_sees_commune")
