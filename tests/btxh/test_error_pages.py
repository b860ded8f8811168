"""Error pages in Vietnamese (issue 10 item 6): 403 with the reason, 404 and the CSRF failure page."""

import pytest
from django.test import Client

from tests.btxh.factories import UserFactory


def test_a_form_sent_without_its_csrf_token_gets_the_vietnamese_page(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post("/che-do/chi-tra/lap/", {"month": "07/2026"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "phiên làm việc đã hết hạn" in body and "Chưa có thay đổi nào được lưu" in body
    assert "CSRF verification failed" not in body


def test_a_403_says_the_reason_and_a_404_is_in_vietnamese(officer_client, commune):
    from btxh.models import Role

    viewer = UserFactory(unit=commune, role=Role.VIEWER)
    c = Client()
    c.force_login(viewer)
    response = c.get("/doi-tuong/quyet-dinh/phe-duyet-theo-dot/")
    assert response.status_code == 403 and "Chỉ lãnh đạo có thẩm quyền" in response.content.decode()
    assert "Không tìm thấy trang" in officer_client.get("/khong-co-trang-nay/").content.decode()


# -- a refused action says why, in the site's layout; 404 and 500 in Vietnamese, DEBUG off (issue 10 item 6) --


def test_the_tests_run_as_production_does_with_debug_off():
    from django.conf import settings

    assert settings.DEBUG is False  # Django's technical pages are what DEBUG on would show


def test_an_officer_who_tries_to_lock_a_roll_sees_why_in_the_sites_layout(officer_client, officer, commune):
    from benefits.payroll.models import PaymentRoll

    roll = PaymentRoll.objects.create(unit=commune, month="2026-07-01")
    response = officer_client.post(f"/che-do/chi-tra/{roll.pk}/khoa/")
    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="error-403"' in page and "Bạn không có quyền thực hiện thao tác này" in page
    assert 'data-testid="error-reason"' in page and "Chỉ lãnh đạo xã được khóa danh sách chi trả." in page
    assert "navbar" in page and officer.full_name in page  # the site's menu and who is signed in
    roll.refresh_from_db()
    assert roll.status == "draft"


def test_the_maker_who_tries_to_lock_the_roll_they_generated_is_told_so(officer_client, officer, commune):
    from benefits.payroll.models import PaymentRoll

    roll = PaymentRoll.objects.create(unit=commune, month="2026-07-01", generated_by=officer)
    page = officer_client.post(f"/che-do/chi-tra/{roll.pk}/khoa/").content.decode()
    assert "Người lập danh sách không được tự khóa: lãnh đạo xã kiểm tra và khóa danh sách." in page


def test_a_viewer_who_posts_is_refused_with_the_reason(client, commune):
    from btxh.models import Role
    from tests.beneficiaries.factories import CaseFactory, PersonFactory

    case = CaseFactory(person=PersonFactory(unit=commune), category="SP-75", disability_level="")
    client.force_login(UserFactory(unit=commune, role=Role.VIEWER, full_name="Người Xem"))
    response = client.post(f"/doi-tuong/ho-so/{case.pk}/nop/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền thực hiện thao tác này trên hồ sơ này." in page and "Người Xem" in page
    case.refresh_from_db()
    assert case.status == "draft"


def test_a_missing_page_is_vietnamese_not_djangos(officer_client):
    response = officer_client.get("/doi-tuong/999999/")
    page = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang hoặc bản ghi" in page
    assert "Page not found" not in page and "Using the URLconf" not in page


@pytest.mark.urls("tests.btxh.error_urls")
def test_a_bug_is_the_vietnamese_500_page_without_the_traceback(officer_client):
    officer_client.raise_request_exception = False
    response = officer_client.get("/thu/loi/")
    page = response.content.decode()
    assert response.status_code == 500 and "Đã có lỗi xảy ra trên máy chủ" in page
    assert "Traceback" not in page and "RuntimeError" not in page and "Server Error (500)" not in page
