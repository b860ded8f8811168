"""A database that is down or restarting: a Vietnamese 503 page, never a bare English 500; error pages in Vietnamese."""

import pytest
from django.db import OperationalError

from btxh.models import Role
from tests.btxh.factories import UserFactory

UNAVAILABLE = "Hệ thống tạm gián đoạn, vui lòng thử lại sau ít phút"

pytestmark = pytest.mark.urls("tests.btxh.db_down_urls")


@pytest.mark.parametrize("url", ["/thu/csdl-tu-choi/", "/thu/ket-noi-chet/"])
def test_a_view_that_meets_a_database_that_is_down_answers_503_in_vietnamese(officer_client, url):
    response = officer_client.get(url)
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert response["Retry-After"] == "60"


def test_a_database_error_outside_the_view_is_the_same_page(officer_client, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    def down(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", down)
    officer_client.raise_request_exception = False
    response = officer_client.get("/")
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


def test_any_other_error_is_a_vietnamese_500_page(rf):
    from btxh.views import server_error

    try:
        raise RuntimeError("bug")
    except RuntimeError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra trên máy chủ" in response.content.decode()


def test_pooled_connections_are_health_checked():
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    text = (settings.BASE_DIR / "btxh" / "settings" / "production.py").read_text()
    assert 'DATABASES["default"]["CONN_HEALTH_CHECKS"] = True' in text


def test_a_missing_page_and_a_refusal_are_in_vietnamese(client, commune):
    client.force_login(UserFactory(unit=commune, role=Role.VIEWER))
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()
    refused = client.get("/doi-tuong/nhap-danh-sach/")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Bạn không có quyền" in page and "Chỉ công chức của xã được nhập danh sách." in page
