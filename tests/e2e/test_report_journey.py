"""A commune officer submits the month's payments report; the province returns it with a comment;
the commune corrects and resubmits; the province accepts; the province dashboard shows the commune."""

import pytest

from tests.e2e.conftest import ARTIFACTS, login, screenshot
from tests.reports.chain_factories import locked_roll, officer_of, people


@pytest.fixture
def july(commune, other_commune):
    people(commune, 3, bank=1)
    people(other_commune, 2, prefix="Cụ")
    return locked_roll(commune), locked_roll(other_commune)


def test_a_months_payments_report_goes_up_is_returned_resubmitted_accepted_and_shows_on_the_dashboard(
    page, browser, live_server, july, commune, officer, province
):
    province_officer = officer_of(province, full_name="Phạm Thu Hà")
    login(page, live_server, officer.username)
    page.click("text=Báo cáo")
    page.click("[data-testid=reports-periodic]")
    page.goto(f"{live_server.url}/bao-cao/dinh-ky/?period=07/2026")
    page.click("[data-testid=report-open]")
    assert page.locator("[data-testid=report-total]").inner_text() == "1.500.000 đ"
    page.fill("#id_narrative", "Chi trả đủ cho 3 người.")
    page.click("[data-testid=report-submit]")
    assert page.locator("[data-testid=report-status]").inner_text() == "Đã gửi, chờ duyệt"
    screenshot(page, "report_submitted")

    other = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    province_page = other.new_page()
    province_page.set_default_timeout(15_000)
    login(province_page, live_server, province_officer.username)
    assert "Báo cáo của cấp dưới chờ chấp nhận" in province_page.content()
    province_page.goto(f"{live_server.url}/bao-cao/dinh-ky/?period=07/2026")
    screenshot(province_page, "report_province_children")
    province_page.click(f"[data-testid=report-children] >> text={commune.name}")
    province_page.fill("[data-testid=review-comment]", "Ghi rõ số người nhận qua tài khoản.")
    province_page.click("[data-testid=report-return]")
    assert province_page.locator("[data-testid=report-status]").inner_text() == "Bị trả lại"

    page.reload()
    assert "Ghi rõ số người nhận qua tài khoản." in page.locator("[data-testid=report-comment]").inner_text()
    screenshot(page, "report_returned")
    page.fill("#id_narrative", "Chi trả đủ cho 3 người, 1 người nhận qua tài khoản.")
    page.click("[data-testid=report-submit]")
    assert page.locator("[data-testid=report-status]").inner_text() == "Đã gửi, chờ duyệt"

    province_page.reload()
    province_page.click("[data-testid=report-accept]")
    assert province_page.locator("[data-testid=report-status]").inner_text() == "Đã chấp nhận"
    history = province_page.locator("[data-testid=report-history]").inner_text()
    assert history.count("Gửi cấp trên") == 2 and "Trả lại" in history and "Chấp nhận" in history
    screenshot(province_page, "report_accepted")
    with province_page.expect_download() as pdf:
        province_page.click("[data-testid=report-pdf]")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf.value.save_as(ARTIFACTS / "report_journey.pdf")

    province_page.goto(f"{live_server.url}/bao-cao/tong-quan/?period=07/2026")
    children = province_page.locator("[data-testid=dash-children]").inner_text()
    assert commune.name in children and "1.500.000 đ" in children
    assert province_page.locator("[data-testid=dash-total]").inner_text() == "2.500.000 đ"
    assert province_page.locator("svg.chart").count() >= 5
    screenshot(province_page, "report_dashboard")
    other.close()
