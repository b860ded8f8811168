from tests.e2e.conftest import login, screenshot


def test_a_commune_officer_logs_in_and_reaches_the_home_page(page, live_server, officer):
    page.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in page.url  # every page needs a login
    screenshot(page, "login")
    login(page, live_server, officer.username)
    assert page.locator("h1").inner_text() == "Xin chào, Hoàng Thị Lan"
    assert "Xã Ngọc Đường" in page.locator("[data-testid=current-unit]").inner_text()
    assert page.locator("text=Việc cần làm").is_visible()
    shot = screenshot(page, "home_commune_officer")
    assert shot.stat().st_size > 10_000


def test_a_wrong_password_shows_an_error_in_vietnamese(page, live_server, officer):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", officer.username)
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit]")
    assert "dang-nhap" in page.url
    assert page.locator(".alert-danger, .invalid-feedback, .errorlist").first.is_visible()
