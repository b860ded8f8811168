"""An officer generates the month's roll, watches it run, downloads the PDF and Excel; the leader,
not the officer who generated it, locks it after a confirmation."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.benefits.payroll_factories import make_case, make_person
from tests.e2e.conftest import ARTIFACTS, login, screenshot


@pytest.fixture
def beneficiaries(commune):
    k6 = make_person(commune, "Hoàng Văn Khuyết", birth=date(1980, 5, 5), sex="male", hamlet="Thôn Nà Pồng")
    make_case(k6, "K6", start="2026-05", disability_level="severe")  # decided late: two months of arrears
    elder = make_person(
        commune,
        "Lục Thị Thọ",
        birth=date(1948, 3, 1),
        hamlet="Bản Khuổi Luông",
        payment_method="bank",
        bank_account="8888000123",
        bank_name="Agribank",
    )
    make_case(elder, "SP-75", start="2025-07", paid_until="2026-06")
    return k6, elder


def test_an_officer_generates_and_downloads_the_months_roll_and_the_leader_locks_it(
    page, live_server, officer, leader, beneficiaries
):
    login(page, live_server, officer.username)
    page.click("text=Chi trả")
    page.fill("form[action$='/chi-tra/lap/'] input[name=month]", "07/2026")
    page.click("[data-testid=roll-generate]")
    # The job page: a progress bar that ends at 100 % with a link to the roll.
    page.wait_for_selector("#job-progress[data-status=succeeded]")
    assert page.locator(".progress-bar").inner_text() == "100%"
    screenshot(page, "payroll_job_done")
    page.click("text=Xem danh sách chi trả")
    assert page.locator("[data-testid=roll-status]").inner_text() == "Nháp"
    # 1.5 × 500.000 this month + two months of arrears, and the social pension.
    assert page.locator("[data-testid=roll-total]").inner_text() == "2.750.000 đ"
    screenshot(page, "payroll_roll_draft")

    page.click("[data-testid=roll-documents]")
    page.wait_for_selector("#job-progress[data-status=succeeded]")
    page.click("text=Về danh sách chi trả")
    with page.expect_download() as pdf_download:
        page.click("[data-testid=doc-pdf]")
    pdf_path = ARTIFACTS / "payroll_roll.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_download.value.save_as(pdf_path)
    with page.expect_download() as xlsx_download:
        page.click("[data-testid=doc-xlsx]")
    xlsx_bytes = xlsx_download.value.path().read_bytes()

    text = "\n".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI VÀ TRỢ CẤP HƯU TRÍ XÃ HỘI THÁNG 07/2026" in " ".join(text.split())
    assert "BẢN NHÁP" in text
    assert "Hoàng Văn Khuyết" in text and "Lục Thị Thọ" in text
    assert "2.750.000" in text
    assert "Hai triệu bảy trăm năm mươi nghìn đồng" in text
    sheet = load_workbook(io.BytesIO(xlsx_bytes), data_only=True).active  # totals: the formulas' stored values
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert 2_750_000 in values
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(pdf_path), str(ARTIFACTS / "payroll_roll_pdf")],
            check=True,
        )
        assert list(ARTIFACTS.glob("payroll_roll_pdf*.png"))

    # Maker-checker: the officer who generated the roll is told who locks it.
    assert page.locator("[data-testid=roll-lock]").count() == 0
    assert "không được tự khóa" in page.locator("[data-testid=roll-lock-refusal]").inner_text()
    roll_url = page.url
    page.click("text=Đăng xuất")
    login(page, live_server, leader.username)
    page.goto(roll_url)
    page.click("[data-testid=roll-lock]")
    confirm = page.locator("[data-testid=confirm-text]")
    confirm.wait_for(state="visible")
    assert "Khóa danh sách tháng 07/2026 của Xã Ngọc Đường: 2 người, 2.750.000 đ. Sau khi khóa không sửa được" in (
        confirm.inner_text()
    )
    page.wait_for_selector("#confirm-modal.show")
    page.wait_for_timeout(400)  # the fade-in
    screenshot(page, "payroll_roll_lock_confirm")
    page.click("[data-testid=confirm-ok]")
    page.wait_for_selector("[data-testid=roll-status]:has-text('Đã khóa')")
    screenshot(page, "payroll_roll_locked")


def test_the_next_month_carries_the_unchanged_lines_and_the_officer_may_recompute_it_in_full(
    page, live_server, officer, leader, beneficiaries
):
    from benefits.payroll import services
    from engine import Month

    july = services.payroll_generate(unit=officer.unit, month=Month(2026, 7), user=officer, today=date(2026, 11, 30))
    services.payroll_lock(roll=july, user=leader)
    login(page, live_server, officer.username)
    page.click("text=Chi trả")
    page.fill("form[action$='/chi-tra/lap/'] input[name=month]", "08/2026")
    page.click("[data-testid=roll-generate]")
    page.wait_for_selector("#job-progress[data-status=succeeded]")
    page.click("text=Xem danh sách chi trả")
    # The social pension's line is July's (nothing changed); the K6 line had arrears in July: computed.
    computation = page.locator("[data-testid=roll-computation]")
    assert computation.inner_text() == (
        "Giữ nguyên 1 dòng của danh sách tháng trước đã khóa (không có thay đổi); tính lại 1 dòng."
    )
    assert page.locator("[data-testid=roll-total]").inner_text() == "1.250.000 đ"
    # The totals by scheme in the law's order on either database (PostgreSQL's jsonb sorts its keys).
    schemes = page.locator("[data-testid=roll-scheme-totals] li").all_inner_texts()
    assert [s.split("\n")[0] for s in schemes] == ["Trợ cấp xã hội hằng tháng", "Trợ cấp hưu trí xã hội"], schemes
    screenshot(page, "payroll_roll_incremental")

    page.click("[data-testid=roll-regenerate-full]")
    page.wait_for_selector("#confirm-modal.show")
    page.wait_for_timeout(400)  # the fade-in
    page.click("[data-testid=confirm-ok]")
    page.wait_for_selector("#job-progress[data-status=succeeded]")
    page.click("text=Xem danh sách chi trả")
    assert page.locator("[data-testid=roll-computation]").inner_text() == "Tính toàn bộ: lập lại toàn bộ theo yêu cầu."
    assert page.locator("[data-testid=roll-total]").inner_text() == "1.250.000 đ"
    screenshot(page, "payroll_roll_recomputed_in_full")
