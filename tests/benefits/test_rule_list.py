"""The rules page (rule rows with their legal basis) and adding a base rate from it."""


import pytest
from django.urls import reverse

from benefits.models import BaseRate
from btxh.models import Role
from engine import Month
from tests.btxh.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("benefits:rule-list")
ADD_URL = reverse("benefits:base-rate-create")


def test_the_rules_page_lists_rates_categories_and_their_legal_basis(officer_client):
    page = officer_client.get(URL).content.decode()
    for text in (
        "Nghị định 76/2024/NĐ-CP",
        "500.000 đ",
        "Nghị quyết 63/2025/NQ-HĐND",
        "Nghị định 20/2021/NĐ-CP điều 5 khoản 6",
        "Nghị định 176/2025/NĐ-CP điều 8 khoản 2",
        "K5C",
        "2,5",
    ):
        assert text in page
    assert "Thêm mức chuẩn" not in page  # a commune officer does not change rules


def test_the_rules_page_filters_by_month_in_force(officer_client):
    page = officer_client.get(URL, {"thang": "2022-01"}).content.decode()
    assert "360.000 đ" in page and "500.000 đ" not in page.split('data-testid="flat-amounts"')[0]
    assert "SP-75" not in page


def test_the_rules_page_exports_csv(officer_client):
    response = officer_client.get(URL, {"xuat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Nghị định 76/2024/NĐ-CP" in text and "K6" in text


def test_a_commune_officer_cannot_add_a_base_rate(officer_client):
    assert officer_client.get(ADD_URL).status_code == 403
    assert officer_client.post(ADD_URL, {"amount": 1, "valid_from": "2026-07", "basis": "x"}).status_code == 403


def test_a_national_administrator_adds_a_national_base_rate(client):
    admin = UserFactory(role=Role.ADMINISTRATOR, unit=None)
    client.force_login(admin)
    assert "Thêm mức chuẩn" in client.get(URL).content.decode()
    response = client.post(
        ADD_URL, {"amount": "540000", "valid_from": "2026-07", "basis": "Nghị định mới", "province_code": ""}
    )
    assert response.status_code == 302 and response.url == URL
    assert BaseRate.objects.get(amount=540_000).province_code == ""
    assert BaseRate.objects.get(amount=500_000).valid_to == Month(2026, 6)


def test_a_refused_row_is_shown_on_the_form(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, unit=None))
    response = client.post(ADD_URL, {"amount": "450000", "valid_from": "2024-01", "basis": "Nhầm"})
    assert response.status_code == 200
    assert "mức mới không thời hạn" in response.content.decode()


def test_a_province_officer_adds_a_rate_for_the_own_province_only(client, province_officer):
    client.force_login(province_officer)
    client.post(ADD_URL, {"amount": "700000", "valid_from": "2026-07", "basis": "NQ HĐND", "province_code": "01"})
    row = BaseRate.objects.get(amount=700_000)
    assert row.province_code == province_officer.unit.code
