"""A province officer filters and sorts the people list in the browser: a header click sorts by its
column keeping the filters, a second click turns the order round, filtering again keeps the order, and
a bad value shows its error under the field. Screenshots of the people list, the roll page and the
units page go to test-artifacts/ (list-*.png)."""

from datetime import date

from benefits.payroll.models import PaymentLine, PaymentRoll
from btxh.models import Role
from tests.beneficiaries.factories import PersonFactory, active_case
from tests.btxh.factories import UserFactory
from tests.e2e.conftest import login, screenshot


def _first_column(page, column: int) -> list[str]:
    return page.locator(f"table tbody tr td:nth-child({column})").all_inner_texts()


def test_an_officer_sorts_the_people_by_birth_both_ways_keeping_the_filter(page, live_server, province, commune):
    UserFactory(username="tinh.sapxep", unit=province, role=Role.PROVINCE_OFFICER)
    births = [date(1944, 5, 1), date(1931, 2, 3), date(1958, 9, 9), date(1940, 12, 31)]
    for i, born in enumerate(births):
        active_case(PersonFactory(unit=commune, full_name=f"Nông Thị Sắp {i}", birth_date=born), "K6")
    PersonFactory(unit=commune, full_name="Không Có Hồ Sơ", birth_date=date(1920, 1, 1))
    login(page, live_server, "tinh.sapxep")
    page.goto(f"{live_server.url}/doi-tuong/?category=K6")
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Họ và tên")
    page.click("th >> text=Ngày sinh")
    page.wait_for_url("**sort=birth**")
    assert "category=K6" in page.url
    assert _first_column(page, 3) == ["03/02/1931", "31/12/1940", "01/05/1944", "09/09/1958"]
    assert "▲" in page.locator("th[aria-sort=ascending]").inner_text()
    page.click("th >> text=Ngày sinh")
    page.wait_for_url("**sort=-birth**")
    assert _first_column(page, 3) == ["09/09/1958", "01/05/1944", "31/12/1940", "03/02/1931"]
    assert "▼" in page.locator("th[aria-sort=descending]").inner_text()
    screenshot(page, "list-people-sorted")
    # Filtering again keeps the order.
    page.fill("#id_q", "sap")
    page.click("[data-testid=person-filter] button[type=submit]")
    page.wait_for_url("**q=sap**")
    assert "sort=-birth" in page.url
    assert _first_column(page, 3)[0] == "09/09/1958"
    # A bad value: its error under its field, nobody listed.
    page.goto(f"{live_server.url}/doi-tuong/?category=ZZ&q=sap&sort=-birth")
    assert page.locator("#id_category_error").inner_text() == "Chọn một diện trong danh sách."
    assert page.locator("#id_category").evaluate("e => e.classList.contains('is-invalid')")
    screenshot(page, "list-people-error")


def test_the_roll_and_units_pages_sort_by_their_headers(page, live_server, commune):
    UserFactory(username="xa.sapxep", unit=commune, role=Role.COMMUNE_OFFICER)
    roll = PaymentRoll.objects.create(unit=commune, month=date(2026, 7, 1))
    for i, (amount, hamlet) in enumerate(
        [(500_000, "Thôn Nà Pồng"), (1_500_000, "Bản Khuổi Luông"), (750_000, "Thôn Nà Pồng")]
    ):
        person = PersonFactory(unit=commune, full_name=f"Lục Văn Dòng {i}", hamlet=hamlet)
        PaymentLine.objects.create(
            roll=roll, unit=commune, month=roll.month, person=person, scheme="social_protection",
            full_name=person.full_name, birth="01/01/1950", hamlet=hamlet, amount=amount, total=amount,
        )  # fmt: skip
    login(page, live_server, "xa.sapxep")
    page.goto(f"{live_server.url}/che-do/chi-tra/{roll.pk}/?hamlet=Thôn+Nà+Pồng")
    page.click("th >> text=Tổng")
    page.wait_for_url("**sort=total**")
    page.click("th >> text=Tổng")
    page.wait_for_url("**sort=-total**")
    assert "hamlet=" in page.url
    assert _first_column(page, 1) == ["Lục Văn Dòng 2", "Lục Văn Dòng 0"]
    screenshot(page, "list-roll-lines-sorted")
    page.goto(f"{live_server.url}/don-vi/")
    page.click("th >> text=Tên")
    page.wait_for_url("**sort=name**")
    screenshot(page, "list-units-sorted")
