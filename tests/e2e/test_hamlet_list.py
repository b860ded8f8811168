"""The commune officer keeps the hamlet list and chooses a person's hamlet from it."""

import pytest

from beneficiaries.models import Hamlet, Person
from tests.beneficiaries.factories import PersonFactory
from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e


def test_the_officer_keeps_the_hamlet_list_and_the_person_form_offers_it(page, live_server, officer, commune):
    PersonFactory(unit=commune, full_name="Lục Thị Thọ", hamlet="Thôn Nà Pồng")  # already on the list
    login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/doi-tuong/")
    page.get_by_test_id("hamlet-list-link").click()
    page.wait_for_url("**/doi-tuong/thon/**")
    for name in ("Bản Khuổi Luông", "Tổ dân phố 3", "Thôn Pác Ngòi"):
        page.fill("#id_name", name)
        page.get_by_role("button", name="Thêm", exact=True).click()
        page.wait_for_load_state()
    page.fill("#id_name", "thôn  nà pồng")  # a spelling of a hamlet already there
    page.get_by_role("button", name="Thêm", exact=True).click()
    error = page.locator("#id_name").locator("xpath=..").locator(".invalid-feedback")
    error.wait_for()
    assert 'Xã đã có "Thôn Nà Pồng"' in error.inner_text()
    page.locator("[data-testid=hamlet-row]", has_text="Thôn Pác Ngòi").get_by_role(
        "button", name="Ngừng sử dụng"
    ).click()
    page.wait_for_load_state()
    assert page.get_by_test_id("hamlet-row").count() == 4
    screenshot(page, "hamlet_list_01_page")

    page.goto(f"{live_server.url}/doi-tuong/them/")
    options = page.locator("#id_hamlet option").all_inner_texts()
    assert options == ["— Chọn thôn/tổ dân phố —", "Thôn Nà Pồng", "Bản Khuổi Luông", "Tổ dân phố 3"]
    page.fill("#id_full_name", "Hoàng Văn Páo")
    page.fill("#id_birth_date", "03/02/1980")
    page.check("#id_sex_0")
    page.select_option("#id_hamlet", label="Bản Khuổi Luông")
    # A native select's open list is not in a screenshot: show the options as a list box for it.
    page.eval_on_selector("#id_hamlet", "el => el.size = el.options.length")
    page.locator("#id_hamlet").scroll_into_view_if_needed()
    screenshot(page, "hamlet_list_02_person_form_select")
    page.eval_on_selector("#id_hamlet", "el => el.size = 0")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/doi-tuong/*/")
    person = Person.objects.get(full_name="Hoàng Văn Páo")
    assert (person.hamlet, person.hamlet_ref) == ("Bản Khuổi Luông", Hamlet.objects.get(name="Bản Khuổi Luông"))
