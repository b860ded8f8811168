import json
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from btxh.models import Level, Regime, Unit
from btxh.selectors import approver_role, approving_unit, unit_chain


def load(*args) -> dict:
    out = StringIO()
    call_command("load_units", *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.mark.django_db
def test_the_2025_regime_has_34_provinces_and_3321_communes_directly_under_them():
    summary = load("--regime", "2025")
    assert summary == {
        "regime": "2025", "provinces": 34, "districts": 0, "communes": 3321,
        "created": 3355, "updated": 0, "unchanged": 0,
    }
    assert not Unit.objects.filter(regime="2025", level=Level.COMMUNE).exclude(parent__level=Level.PROVINCE).exists()


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load("--regime", "2025", "--province", "08")
    second = load("--regime", "2025", "--province", "08")
    assert second["created"] == second["updated"] == 0
    assert second["unchanged"] == second["provinces"] + second["communes"] == 1 + 124


@pytest.mark.django_db
def test_a_renamed_unit_is_updated_and_audited():
    load("--regime", "2025", "--province", "08")
    unit = Unit.objects.get(regime="2025", code="00700")
    Unit.objects.filter(pk=unit.pk).update(name="Tên cũ")
    summary = load("--regime", "2025", "--province", "08")
    assert summary["updated"] == 1
    unit.refresh_from_db()
    assert unit.name == "Xã Ngọc Đường"
    assert unit.history.count() == 2  # created by the first load, changed by the second


@pytest.mark.django_db
@pytest.mark.skipif(sys.version_info < (3, 12), reason="legacy unit data ships with vietnam-provinces ≥ 2026.1 (Python ≥ 3.12)")
def test_the_legacy_regime_has_63_provinces_with_districts_and_communes():
    summary = load("--regime", "legacy")
    assert (summary["provinces"], summary["districts"], summary["communes"]) == (63, 696, 10051)
    again = load("--regime", "legacy")
    assert again["created"] == again["updated"] == 0
    commune = Unit.objects.get(regime=Regime.LEGACY, level=Level.COMMUNE, code="00001")
    assert [u.level for u in unit_chain(commune)] == [Level.COMMUNE, Level.DISTRICT, Level.PROVINCE]
    assert approving_unit(commune).level == Level.DISTRICT
    assert approver_role(approving_unit(commune)) == "district_officer"


def test_under_the_two_tier_regime_the_commune_approves_its_own_cases(commune):
    assert unit_chain(commune) == [commune, commune.parent]
    assert approving_unit(commune) == commune
    assert approver_role(commune) == "commune_leader"


def test_under_the_legacy_regime_the_district_approves(legacy_tree):
    province, district, commune = legacy_tree
    assert unit_chain(commune) == [commune, district, province]
    assert approving_unit(commune) == district
