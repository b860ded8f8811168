"""Shared fixtures: a small unit tree of both regimes and a member of staff per role."""

import importlib
import os

import pytest

from btxh.models import Level, Regime, Role
from tests.btxh.factories import UserFactory, make_unit

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the local-memory cache outlives a test's rollback)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def rule_tables(transactional_db):
    """The rule rows the data migration seeds. A transactional test (live server, real worker)
    ends with a flush that empties every table, so the next one puts them back."""
    from django.apps import apps

    from benefits.models import BaseRate
    from benefits.selectors import ruleset_invalidate

    if not BaseRate.objects.exists():
        seed = importlib.import_module("benefits.migrations.0002_seed_rules")
        seed.seed_rules(apps, None)
        importlib.import_module("benefits.migrations.0007_seed_social_pension_funeral").seed_funeral(apps, None)
        ruleset_invalidate()
    from benefits.models import EmergencyAidLevel

    if not EmergencyAidLevel.objects.exists():
        importlib.import_module("benefits.migrations.0009_seed_emergency_aid").seed_emergency(apps, None)


@pytest.fixture
def province(db):
    return make_unit("08", "Tỉnh Tuyên Quang", level=Level.PROVINCE)


@pytest.fixture
def commune(province):
    return make_unit("00700", "Xã Ngọc Đường", level=Level.COMMUNE, parent=province)


@pytest.fixture
def other_commune(province):
    return make_unit("00706", "Xã Phú Linh", level=Level.COMMUNE, parent=province)


@pytest.fixture
def legacy_tree(db):
    province = make_unit("08", "Tỉnh Tuyên Quang", level=Level.PROVINCE, regime=Regime.LEGACY)
    district = make_unit("071", "Huyện Lâm Bình", level=Level.DISTRICT, parent=province, regime=Regime.LEGACY)
    commune = make_unit("02503", "Xã Thượng Lâm", level=Level.COMMUNE, parent=district, regime=Regime.LEGACY)
    return province, district, commune


@pytest.fixture
def officer(commune):
    return UserFactory(unit=commune, role=Role.COMMUNE_OFFICER, full_name="Hoàng Thị Lan")


@pytest.fixture
def leader(commune):
    return UserFactory(unit=commune, role=Role.COMMUNE_LEADER, full_name="Nông Văn Thành")


@pytest.fixture
def other_officer(other_commune):
    return UserFactory(unit=other_commune, role=Role.COMMUNE_OFFICER, full_name="Triệu Thị Mai")


@pytest.fixture
def province_officer(province):
    return UserFactory(unit=province, role=Role.PROVINCE_OFFICER, full_name="Phạm Thu Hà")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def other_leader(other_commune):
    return UserFactory(unit=other_commune, role=Role.COMMUNE_LEADER, full_name="Lý Văn Hùng")
