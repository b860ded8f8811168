"""A commune officer imports the Elderly Association's list, opens next year's Tết round, prints the
list and the certificates and submits; the province officer sees the commune's counts and 100-year-olds."""

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from plans.models import CelebrationRound, RoundStatus
from tests.beneficiaries.factories import national_id
from tests.e2e.conftest import ARTIFACTS, login, screenshot
from tests.plans.conftest import longevity_rules  # noqa: F401  (fixture)
from tests.plans.xlsx import workbook

pytestmark = pytest.mark.e2e


def _png(pdf_path, stem: str) -> None:
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(pdf_path), str(ARTIFACTS / stem)],
                       check=True)
        assert list(ARTIFACTS.glob(f"{stem}*.png"))


def test_an_officer_imports_the_elderly_list_prints_the_tet_list_and_the_province_sees_it(
    page, live_server, officer, province_officer, longevity_rules  # noqa: F811
):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "longevity_elderly_list.xlsx"
    path.write_bytes(workbook([
        ["Hoàng Thị Sương", "02/05/1957", "Nữ", national_id(sex="female", birth_year=1957, serial=71), "Thôn Nà Pồng"],
        ["Nông Văn Páo", 1937, "Nam", "", "Thôn Khuổi Phầy"],
        ["Ma Thị Dở", "20/11/1927", "Nữ", "", "Thôn Nà Pồng"],
        ["Lý Văn Thọ", 1925, "Nam", "", "Thôn Khuổi Phầy"],
        ["Triệu Thị Mai", "15/08/1960", "Nữ", "", "Thôn Nà Pồng"],
    ]))
    login(page, live_server, officer.username)
    page.get_by_role("link", name="Mừng thọ", exact=True).click()
    page.get_by_test_id("elderly-list").click()
    page.get_by_test_id("elderly-import").click()
    page.set_input_files("input[type=file]", str(path))
    screenshot(page, "longevity_01_import_form")
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_selector("#job-progress[data-status=succeeded]")
    screenshot(page, "longevity_02_import_done")
    page.click("text=Xem danh sách người cao tuổi")
    assert page.get_by_test_id("elderly-count").inner_text() == "5 người"
    screenshot(page, "longevity_03_register")

    page.get_by_role("link", name="Đợt chúc thọ, mừng thọ").click()
    page.select_option("#id_occasion", "tet")
    page.fill("#id_year", "2027")
    page.get_by_role("button", name="Lập danh sách").click()
    page.wait_for_url("**/mung-tho/dot/*/")
    assert page.get_by_test_id("round-count").inner_text() == "4"
    assert page.get_by_test_id("round-amount").inner_text() == "1.350.000 đ"
    assert page.get_by_test_id("hamlet-group").count() == 2
    assert "Ma Thị Dở" in page.get_by_test_id("president-list").inner_text()
    assert "Nông Văn Páo" in page.get_by_test_id("chairman-list").inner_text()
    screenshot(page, "longevity_04_tet_round")

    with page.expect_download() as pdf_download:
        page.get_by_test_id("round-pdf").click()
    pdf_path = ARTIFACTS / "longevity_list.pdf"
    pdf_download.value.save_as(pdf_path)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert "DANH SÁCH NGƯỜI CAO TUỔI ĐƯỢC CHÚC THỌ, MỪNG THỌ" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Một triệu ba trăm năm mươi nghìn đồng" in text
    _png(pdf_path, "longevity_list_pdf")
    with page.expect_download() as cert_download:
        page.get_by_test_id("round-certificates").click()
    cert_path = ARTIFACTS / "longevity_certificates.pdf"
    cert_download.value.save_as(cert_path)
    assert len(PdfReader(cert_path).pages) == 4
    _png(cert_path, "longevity_certificates_pdf")
    for testid, stem, title in (("round-receipt-pdf", "longevity_receipt", "DANH SÁCH KÝ NHẬN QUÀ"),
                                ("round-budget-pdf", "longevity_budget", "DỰ TOÁN KINH PHÍ")):  # fmt: skip
        with page.expect_download() as download:
            page.get_by_test_id(testid).click()
        path = ARTIFACTS / f"{stem}.pdf"
        download.value.save_as(path)
        assert title in "\n".join(p.extract_text() for p in PdfReader(path).pages)
        _png(path, f"{stem}_pdf")

    page.get_by_test_id("round-submit").click()
    assert page.get_by_test_id("round-status").inner_text() == "Đã gửi cấp trên"
    screenshot(page, "longevity_05_submitted")

    page.get_by_role("button", name="Đăng xuất").click()
    login(page, live_server, province_officer.username)
    page.goto(f"{live_server.url}/ke-hoach/mung-tho/tong-hop/?dip=tet&nam=2027")
    table = page.get_by_test_id("overview-table").inner_text()
    assert "Xã Ngọc Đường" in table and "Đã gửi cấp trên" in table
    assert "Ma Thị Dở" in page.get_by_test_id("overview-president").inner_text()
    screenshot(page, "longevity_06_province_overview")
    page.get_by_role("link", name="Xã Ngọc Đường").click()
    page.get_by_test_id("round-accept").click()
    assert page.get_by_test_id("round-status").inner_text() == "Cấp trên đã nhận"
    screenshot(page, "longevity_07_accepted")
    assert CelebrationRound.objects.get().status == RoundStatus.ACCEPTED
    # The acceptance went through the shared reports mechanism: the commune's longevity report of 2027.
    from reports.models import Report

    assert Report.objects.get(kind="longevity", period="2027").status == "accepted"
