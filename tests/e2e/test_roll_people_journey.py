"""The province sees the month's roll-up in people (a mother paid under two schemes is one person);
the commune officer sees a funeral support decided too late for the roll on its "không tính
được" list and confirms that it is settled by hand, after which the leader can lock the roll."""

from datetime import date

import pytest

from benefits.payroll import services
from engine import Month
from tests.benefits.payroll_factories import dead_long_ago, make_case, make_person
from tests.e2e.conftest import login, screenshot

NOV = Month(2026, 11)
TODAY = date(2026, 11, 30)


@pytest.fixture
def rolls(commune, other_commune):
    mother = make_person(commune, "Lò Thị Mang", birth=date(1995, 4, 4), hamlet="Thôn Nà Khà")
    make_case(mother, "K6", start="2024-01", disability_level="extra_severe", paid_until="2026-10")
    make_case(mother, "CS-DISABLED-PARENT", start="2024-01", pregnant=True, paid_until="2026-10")
    elder = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(elder, "SP-75", start="2025-07", paid_until="2026-10")
    other = make_person(other_commune, "Vàng Thị Dợ", birth=date(1941, 2, 2))
    make_case(other, "SP-75", start="2025-07", paid_until="2026-10")
    dead_long_ago(commune, "Hoàng Văn Khuyết", date(2021, 9, 10))
    roll = services.payroll_generate(unit=commune, month=NOV, today=TODAY)
    services.payroll_generate(unit=other_commune, month=NOV, today=TODAY)
    return roll


def test_the_roll_up_counts_people_and_a_late_funeral_claim_is_reviewed_by_hand(
    page, live_server, province_officer, officer, leader, rolls
):
    roll = rolls
    login(page, live_server, province_officer.username)
    page.goto(f"{live_server.url}/che-do/chi-tra/?month=11/2026")
    assert page.get_by_test_id("rollup-people").inner_text() == "3 người"
    row = page.locator("tr", has_text="Xã Ngọc Đường")
    assert "2\n3 dòng" in row.locator("td.money").first.inner_text()
    screenshot(page, "roll_people_rollup")

    page.context.clear_cookies()
    login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/che-do/chi-tra/{roll.pk}/")
    problems = page.get_by_test_id("roll-problems")
    assert "quá 60 tháng trước tháng 11/2026" in problems.inner_text()
    screenshot(page, "roll_people_funeral_review")
    problems.get_by_role("button", name="Xác nhận xem xét riêng").click()
    text = page.get_by_test_id("confirm-text")
    text.wait_for(state="visible")
    page.wait_for_selector("#confirm-modal.show")
    page.wait_for_timeout(400)  # the fade-in
    assert "Hỗ trợ chi phí mai táng của Hoàng Văn Khuyết không chi trong danh sách này" in text.inner_text()
    screenshot(page, "roll_people_funeral_review_confirm")
    page.get_by_test_id("confirm-ok").click()
    page.wait_for_selector("text=Đã ghi nhận: hỗ trợ mai táng được xem xét, giải quyết riêng.")
    assert "Xem xét, giải quyết riêng ngoài danh sách" in page.get_by_test_id("roll-problems").inner_text()
    screenshot(page, "roll_people_funeral_reviewed")
    roll.refresh_from_db()
    assert services.unresolved_problems(roll) == []
    assert services.may_lock(leader, roll) == ""
