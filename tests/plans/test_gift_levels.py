"""Adding a gift level from a new resolution: the page (province officer, own province) and
``manage.py longevity_gift_add``, both over ``plans.services.longevity_gift_add``."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from btxh.models import Role
from plans.models import LongevityGiftLevel
from tests.btxh.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = {"level": "80", "giver": "UBND tỉnh", "cash": "600000", "in_kind": "", "items": "", "valid_from": "01/01/2027",
        "combine": "add", "basis": "Nghị quyết 12/2026/NQ-HĐND ngày 10/7/2026"}


def _rows(code="08"):
    return list(LongevityGiftLevel.objects.filter(province_code=code, level="80").order_by("valid_from", "id"))


def test_a_province_officer_adds_a_level_of_their_province_and_the_open_row_is_closed_not_edited(client, province_officer):
    client.force_login(province_officer)
    assert client.get(reverse("plans:gift-levels")).content.decode().count("Thêm mức quà theo nghị quyết mới") == 1
    page = client.get(reverse("plans:gift-level-add"))
    assert page.status_code == 200 and "Mã tỉnh" not in page.content.decode()
    response = client.post(reverse("plans:gift-level-add"), {**FORM, "province_code": "26", "regime": "legacy"})
    assert response.status_code == 302
    (first,) = _rows()
    # The province comes from the officer's unit (Tuyên Quang, 2025 regime), never from the form.
    assert (first.regime, first.province_code, first.cash, first.valid_to) == ("2025", "08", 600_000, None)
    assert first.created_by == province_officer
    client.post(reverse("plans:gift-level-add"), {**FORM, "cash": "700000", "valid_from": "01/01/2029"})
    old, new = _rows()
    assert old.pk == first.pk and old.cash == 600_000 and old.valid_to == date(2028, 12, 31)
    assert (new.cash, new.valid_from, new.valid_to) == (700_000, date(2029, 1, 1), None)
    assert old.history.count() == 2  # created, then closed: the amount was never changed


def test_the_page_shows_the_service_errors_beside_the_fields(client, province_officer):
    client.force_login(province_officer)
    response = client.post(reverse("plans:gift-level-add"), {**FORM, "basis": " ", "valid_from": "31/02/2027"})
    assert response.status_code == 200
    assert not _rows()


def test_commune_officers_and_viewers_may_not_add_gift_levels(client, officer, province):
    for user in (officer, UserFactory(unit=province, role=Role.VIEWER)):
        client.force_login(user)
        assert client.get(reverse("plans:gift-level-add")).status_code == 403
        assert client.post(reverse("plans:gift-level-add"), FORM).status_code == 403
    assert not LongevityGiftLevel.objects.filter(province_code="08").exists()


def test_the_command_adds_a_row_closing_the_open_one(province_officer):
    call_command("longevity_gift_add", user=province_officer.username, level="80", giver="UBND tỉnh",
                 valid_from="01/01/2027", basis="NQ 1/2026", cash=500_000, province="08", regime="2025")
    call_command("longevity_gift_add", "--user", province_officer.username, "--level", "80", "--giver", "UBND tỉnh",
                 "--from", "2028-01-01", "--basis", "NQ 2/2027", "--cash", "650000", "--province", "08",
                 "--regime", "2025")
    old, new = _rows()
    assert (old.cash, old.valid_to, new.cash, new.valid_to) == (500_000, date(2027, 12, 31), 650_000, None)


def test_the_command_refuses_another_province_and_unknown_users(province_officer):
    with pytest.raises(CommandError, match="tỉnh mình"):
        call_command("longevity_gift_add", user=province_officer.username, level="80", giver="UBND tỉnh",
                     valid_from="01/01/2027", basis="NQ 1/2026", cash=500_000, province="26", regime="legacy")
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("longevity_gift_add", user="khong-co", level="80", giver="x", valid_from="01/01/2027", basis="b")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("longevity_gift_add", user=province_officer.username, level="80", giver="x", valid_from="2027",
                     basis="b", province="08", regime="2025")
    assert not _rows("26")[1:] and not _rows()


def test_a_row_added_later_applies_to_a_round_opened_after_it(commune, officer, province_officer, longevity_rules):
    from plans.selectors import round_listing
    from plans.services import elderly_save, longevity_gift_add, round_open

    elderly_save(user=officer, unit=commune, full_name="Hoàng Thị Bảy Mươi", birth_date=None, birth_year=1956,
                 sex="female", national_id="", hamlet="Thôn Nà Pồng")
    longevity_gift_add(user=province_officer, level="70", giver="UBND tỉnh", valid_from=date(2020, 1, 1),
                       basis="NQ thử", cash=300_000, province_code="08", regime="2025")
    listing = round_listing(round_open(user=officer, unit=commune, occasion="tet", year=2026))
    assert (listing["grand"].province, listing["unrecorded"]) == (300_000, 0)
