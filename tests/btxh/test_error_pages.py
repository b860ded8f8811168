"""Error pages in Vietnamese (issue 10 item 6): 403 with the reason, 404 and the CSRF failure page."""

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
