"""An emergency event over several communes: who records it, who joins it, who sees what
(docs/emergency-aid.md §4a). Requests and decisions stay per commune."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from benefits.emergency import selectors, services
from benefits.emergency.models import EmergencyEvent, EventCommune
from btxh.models import Level, Role
from tests.benefits.emergency_factories import decide, injury, make_event, rice
from tests.btxh.factories import UserFactory, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def storm(province_officer, commune, other_commune):
    """"Bão số 3" declared by the province for two of its communes."""
    return make_event(province_officer, name="Bão số 3 (Yagi)", communes=[commune, other_commune])


@pytest.fixture
def other_leader(other_commune):
    return UserFactory(unit=other_commune, role=Role.COMMUNE_LEADER, full_name="Hà Văn Quyết")


def test_the_province_records_one_event_for_several_communes(storm, commune, other_commune, province_officer):
    assert storm.declared_unit == province_officer.unit
    assert selectors.event_communes(storm) == [commune, other_commune]
    assert list(selectors.events_for(province_officer)) == [storm]  # once, not once per commune


def test_a_commune_officer_records_an_event_for_their_own_commune_only(officer, commune, other_commune):
    event = make_event(officer)
    assert event.declared_unit == commune and selectors.event_communes(event) == [commune]
    with pytest.raises(PermissionDenied):
        make_event(officer, communes=[commune, other_commune])
    with pytest.raises(PermissionDenied):
        make_event(officer, communes=[other_commune])


def test_nobody_records_an_event_for_a_commune_outside_their_subtree(province_officer, leader, commune):
    far = make_unit("01", "Thành phố Hà Nội", level=Level.PROVINCE)
    ward = make_unit("00004", "Phường Ba Đình", level=Level.COMMUNE, parent=far)
    with pytest.raises(PermissionDenied):
        make_event(province_officer, communes=[commune, ward])
    with pytest.raises(ValidationError) as err:
        make_event(province_officer, communes=[])
    assert "communes" in err.value.message_dict
    with pytest.raises(PermissionDenied):  # a leader decides, he does not record
        make_event(leader)
    assert not EmergencyEvent.objects.exists()


def test_each_commune_enters_and_sees_only_its_own_requests(storm, officer, other_officer, province_officer):
    mine = rice(officer, storm, "Hoàng Văn Đói")
    theirs = rice(other_officer, storm, "Triệu Văn Khó")
    assert (mine.unit, theirs.unit) == (officer.unit, other_officer.unit)
    assert [r.full_name for r in selectors.event_requests(storm, officer)] == ["Hoàng Văn Đói"]
    assert [r.full_name for r in selectors.event_requests(storm, other_officer)] == ["Triệu Văn Khó"]
    assert len(selectors.event_requests(storm, province_officer)) == 2
    with pytest.raises(ValidationError):  # a commune the event did not hit, named explicitly
        services.request_create(user=officer, event=make_event(province_officer, communes=[other_officer.unit]),
                                unit=officer.unit, kind="EM-RICE-TET", full_name="X", people=1,
                                received_on=date(2026, 10, 2))


def test_the_same_name_and_hamlet_in_two_communes_are_two_people(storm, officer, other_officer):
    injury(officer, storm, "Lò Văn Thương")  # "Bản Khuổi Luông" in both communes
    injury(other_officer, storm, "Lò Văn Thương")
    assert storm.requests.count() == 2


def test_each_commune_prepares_and_decides_its_own_decision(storm, officer, leader, other_officer, other_leader):
    rice(officer, storm, "Hoàng Văn Đói")
    rice(other_officer, storm, "Triệu Văn Khó")
    mine = decide(officer, leader, storm)
    assert [r.full_name for r in mine.requests.all()] == ["Hoàng Văn Đói"] and mine.unit == officer.unit
    assert storm.requests.get(full_name="Triệu Văn Khó").decision is None
    theirs = services.decision_prepare(user=other_officer, event=storm)
    assert theirs.unit == other_officer.unit
    with pytest.raises(PermissionDenied):  # A's leader does not decide B's list
        services.decision_approve(user=leader, decision=theirs, number="7/QĐ", decided_on=date(2026, 10, 3))
    services.decision_approve(user=other_leader, decision=theirs, number="7/QĐ", decided_on=date(2026, 10, 3))


def test_a_commune_joins_the_provinces_event_instead_of_recording_it_twice(province_officer, officer, commune,
                                                                         other_officer, other_commune):
    storm = make_event(province_officer, name="Bão số 3 (Yagi)", communes=[commune])
    assert list(selectors.joinable_events(other_officer)) == [storm]
    assert list(selectors.joinable_events(officer)) == []  # already in it
    with pytest.raises(PermissionDenied):  # not yet hit: no requests
        rice(other_officer, storm)
    assert services.event_communes_add(user=other_officer, event=storm) == [other_commune]
    assert list(selectors.joinable_events(other_officer)) == []
    assert rice(other_officer, storm).unit == other_commune
    with pytest.raises(ValidationError):
        services.event_communes_add(user=other_officer, event=storm)
    # An event another commune recorded for itself is that commune's: nobody joins it.
    own = make_event(officer, name="Lốc xoáy thôn Nà Pồng")
    assert own not in selectors.joinable_events(other_officer)
    with pytest.raises(PermissionDenied):
        services.event_communes_add(user=other_officer, event=own)


def test_the_province_adds_a_commune_later(province_officer, storm, legacy_tree):
    extra = make_unit("00712", "Xã Thái Bình", level=Level.COMMUNE, parent=province_officer.unit)
    services.event_communes_add(user=province_officer, event=storm, communes=[extra])
    assert EventCommune.objects.filter(event=storm).count() == 3
    _, _, legacy_commune = legacy_tree  # another province's commune
    with pytest.raises(PermissionDenied):
        services.event_communes_add(user=province_officer, event=storm, communes=[legacy_commune])


def test_a_district_officer_records_an_event_for_communes_of_the_district(legacy_tree):
    _, district, commune = legacy_tree
    second = make_unit("02506", "Xã Phúc Yên", level=Level.COMMUNE, parent=district, regime=district.regime)
    district_officer = UserFactory(unit=district, role=Role.DISTRICT_OFFICER, full_name="Cán Bộ Huyện")
    event = make_event(district_officer, name="Lũ quét", communes=[commune, second])
    assert selectors.event_communes(event) == [commune, second]


# -- pages -------------------------------------------------------------------------------


def test_the_province_ticks_the_communes_on_the_form(client, province_officer, commune, other_commune):
    client.force_login(province_officer)
    url = reverse("benefits:emergency-event-create")
    page = client.get(url).content.decode()
    assert "Các xã bị ảnh hưởng" in page and "Xã Phú Linh" in page
    response = client.post(url, {"kind": "flood", "name": "Lũ lớn", "occurred_on": "01/10/2026",
                                 "communes": [commune.pk, other_commune.pk]})
    event = EmergencyEvent.objects.get()
    assert response.status_code == 302 and selectors.event_communes(event) == [commune, other_commune]
    missing = client.post(url, {"kind": "flood", "name": "Lũ nhỏ", "occurred_on": "01/10/2026"})
    assert "Chọn ít nhất một xã bị ảnh hưởng." in missing.content.decode()


def test_a_commune_officer_sees_the_event_and_only_their_requests(client, storm, officer, other_officer,
                                                                  province_officer):
    rice(officer, storm, "Hoàng Văn Đói")
    rice(other_officer, storm, "Triệu Văn Khó")
    url = reverse("benefits:emergency-event-detail", args=[storm.pk])
    client.force_login(other_officer)
    page = client.get(url).content.decode()
    assert "Triệu Văn Khó" in page and "Hoàng Văn Đói" not in page
    assert "Xã Ngọc Đường, Xã Phú Linh" in page  # the communes the event hit
    client.force_login(province_officer)
    page = client.get(url).content.decode()
    assert "Triệu Văn Khó" in page and "Hoàng Văn Đói" in page and 'data-testid="event-commune-totals"' in page
    summary = client.get(reverse("benefits:emergency-summary") + "?nam=2026").content.decode()
    assert summary.count('data-testid="summary-event"') == 1 and summary.count('data-testid="summary-event-commune"') == 2


def test_a_commune_officer_joins_from_the_list(client, province_officer, commune, other_officer, other_commune):
    storm = make_event(province_officer, name="Bão số 3 (Yagi)", communes=[commune])
    client.force_login(other_officer)
    page = client.get(reverse("benefits:emergency-event-list")).content.decode()
    assert "Bão số 3 (Yagi)" in page and "Thêm Xã Phú Linh vào sự kiện" in page
    url = reverse("benefits:emergency-event-join", args=[storm.pk])
    assert client.get(url).status_code == 403
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse(
        "benefits:emergency-request-create", args=[storm.pk])
    assert other_commune in selectors.event_communes(storm)
    assert client.post(url).status_code == 404  # nothing left to join


def test_the_data_migration_gives_an_existing_event_its_one_commune(officer, commune):
    """benefits/0012: an event recorded before events had communes gets the commune that recorded it."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("benefits.migrations.0012_emergency_event_communes")
    old = EmergencyEvent.objects.create(declared_unit=commune, kind="fire", name="Cháy nhà 2025",
                                        occurred_on=date(2025, 12, 1), created_by=officer)
    assert not old.commune_links.exists()
    migration.communes_from_unit(apps, None)
    assert selectors.event_communes(old) == [commune] and list(selectors.events_for(officer)) == [old]


def test_the_event_page_counts_the_users_communes_requests_that_wait_for_a_decision(
    client, storm, officer, leader, other_officer
):
    rice(officer, storm, "Hoàng Văn Đói")
    decide(officer, leader, storm)  # decided: no longer waiting
    rice(officer, storm, "Lục Văn Chờ")
    injury(officer, storm, "Lò Văn Thương")
    rice(other_officer, storm, "Triệu Văn Khó")  # the other commune's: not counted for this one
    requests = list(selectors.event_requests(storm, officer))
    assert selectors.awaiting_decision(requests, officer.unit_id) == 2
    client.force_login(officer)
    page = client.get(reverse("benefits:emergency-event-detail", args=[storm.pk])).content.decode()
    assert "Lập dự thảo quyết định (2 đề nghị)" in page
