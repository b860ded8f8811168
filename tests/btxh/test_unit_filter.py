"""The units page through its FilterSet (btxh/filters.py UnitFilter): a name's part and a level narrow,
a bad level is an error at its field, the code and name columns sort both ways (the tree's order
without a sort), and the scope still bounds what is listed."""

import pytest
from django.test import Client

from btxh.filters import UnitFilter
from btxh.models import Level
from tests.btxh.factories import make_unit


@pytest.fixture
def tree(province, commune, other_commune):
    """Tỉnh Tuyên Quang (08) with Xã Ngọc Đường (00700), Xã Phú Linh (00706) and Phường An Tường (00688);
    another province outside the province officer's scope."""
    make_unit("00688", "Phường An Tường", level=Level.COMMUNE, parent=province)
    elsewhere = make_unit("99", "Tỉnh Khác", level=Level.PROVINCE)
    make_unit("99001", "Xã Ngọc Xa", level=Level.COMMUNE, parent=elsewhere)
    return province


def codes(user, **data) -> list[str]:
    return [u.code for u in UnitFilter(data, user=user).qs]


def test_the_unit_filters_narrow_within_the_scope(province_officer, tree):
    assert codes(province_officer) == ["08", "00688", "00700", "00706"]  # the tree's order (path)
    assert codes(province_officer, q="ngọc") == ["00700"]  # not the other province's Xã Ngọc Xa
    assert codes(province_officer, level="3") == ["00688", "00700", "00706"]
    assert codes(province_officer, level="1") == ["08"]
    assert codes(province_officer, q="xã", level="3") == ["00700", "00706"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("code", ["00688", "00700", "00706", "08"]),
        ("-code", ["08", "00706", "00700", "00688"]),
        ("name", ["00688", "08", "00700", "00706"]),  # Phường An Tường, Tỉnh …, Xã Ngọc Đường, Xã Phú Linh
        ("-name", ["00706", "00700", "08", "00688"]),
    ],
)
def test_the_units_page_sorts_by_code_and_name_both_ways(client, province_officer, tree, sort, expected):
    client.force_login(province_officer)
    response = client.get(f"/don-vi/?sort={sort}")
    assert [u.code for u in response.context["page"]] == expected


def test_a_bad_level_is_an_error_at_its_field_not_a_500(province_officer, tree):
    client = Client()
    client.force_login(province_officer)
    response = client.get("/don-vi/?level=9&q=xã")
    assert response.status_code == 200
    assert response.context["filter"].errors["level"] == ["Chọn một cấp trong danh sách."]
    html = response.content.decode()
    assert 'id="id_level_error"' in html and "Bộ lọc có ô chưa hợp lệ" in html
    assert list(response.context["page"]) == []
