"""The summary rolled up commune → district → province with the same scoping as everything else."""

from datetime import date

import pytest
from django.urls import reverse

from benefits.emergency import selectors
from btxh.models import Level, Role
from tests.benefits.emergency_factories import decide, house, make_event, rice
from tests.btxh.factories import UserFactory, make_unit

pytestmark = pytest.mark.django_db


def test_the_rollup_adds_communes_up_to_the_district_and_province(legacy_tree):
    province, district, commune = legacy_tree
    other = make_unit("02504", "Xã Khuôn Hà", level=Level.COMMUNE, parent=district, regime=province.regime)
    district_officer = UserFactory(unit=district, role=Role.DISTRICT_OFFICER, full_name="Cán Bộ Huyện")
    for unit, n in ((commune, 1), (other, 2)):
        officer = UserFactory(unit=unit, role=Role.COMMUNE_OFFICER)
        event = make_event(officer, name=f"Lũ {unit.name}", occurred_on=date(2025, 6, 1))
        for i in range(n):
            rice(officer, event, f"Hộ {i}", people=3, months=1, received_on=date(2025, 6, 2))
        house(officer, event, "Ma Thị Sập", received_on=date(2025, 6, 2))
        decide(officer, district_officer, event, on=date(2025, 6, 3), number=f"{n}/QĐ-UBND")
    national = UserFactory(unit=province, role=Role.PROVINCE_OFFICER)
    rows = {r.unit.name: r for r in selectors.emergency_rollup(national, 2025)}
    assert list(rows) == ["Tỉnh Tuyên Quang", "Huyện Lâm Bình", "Xã Thượng Lâm", "Xã Khuôn Hà"]
    assert (rows["Xã Thượng Lâm"].households, rows["Xã Thượng Lâm"].people, rows["Xã Thượng Lâm"].rice_kg) == (2, 3, 45)
    assert rows["Xã Khuôn Hà"].households == 3 and rows["Xã Khuôn Hà"].amount == 40_000_000
    assert rows["Huyện Lâm Bình"].households == 5 and rows["Huyện Lâm Bình"].rice_kg == 135
    assert rows["Tỉnh Tuyên Quang"].amount == 80_000_000 and rows["Tỉnh Tuyên Quang"].pct == 100.0
    # A commune officer sees only their commune.
    own = UserFactory(unit=commune, role=Role.VIEWER)
    assert [r.unit.name for r in selectors.emergency_rollup(own, 2025)] == ["Xã Thượng Lâm"]


def test_the_summary_page_shows_the_rollup_for_the_chosen_year(client, officer, leader, province_officer):
    event = make_event(officer)
    rice(officer, event, "Hộ Gạo")
    decide(officer, leader, event)
    client.force_login(province_officer)
    response = client.get(reverse("benefits:emergency-summary"), {"nam": 2026})
    names = [r.unit.name for r in response.context["rollup"]]
    assert names == ["Tỉnh Tuyên Quang", "Xã Ngọc Đường"]
    assert "summary-rollup" in response.content.decode()
    assert client.get(reverse("benefits:emergency-summary"), {"nam": 2025}).context["rollup"] == []
