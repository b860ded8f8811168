"""The province's deadline for deciding a request (default 2 days, Decree 20/2021 art. 12(3)):
each request keeps the deadline in force when it was received; the worklist and the on-time share
follow it (docs/emergency-aid.md §6)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from benefits.emergency import selectors, services
from tests.benefits.emergency_factories import decide, make_event, rice

pytestmark = pytest.mark.django_db


def test_without_a_provincial_setting_the_deadline_is_two_days(officer):
    request = rice(officer, make_event(officer))
    assert request.decide_by == date(2026, 10, 4)  # received 02/10
    assert selectors.deadline_for(officer.unit, date(2026, 10, 2)) == (2, selectors.DEADLINE_CLAUSE)


def test_a_provincial_deadline_applies_to_requests_received_from_its_date(officer, leader, province,
                                                                           province_officer):
    services.deadline_set(user=province_officer, province=province, days=5, valid_from=date(2026, 10, 2),
                          basis="Quyết định số 12/2026/QĐ-UBND")
    event = make_event(officer)
    before = rice(officer, event, "Hộ Trước", received_on=date(2026, 10, 1))
    after = rice(officer, event, "Hộ Sau", received_on=date(2026, 10, 2))
    assert before.decide_by == date(2026, 10, 3) and after.decide_by == date(2026, 10, 7)
    overdue = {r.full_name for r in selectors.overdue_requests(officer, as_of=date(2026, 10, 5))}
    assert overdue == {"Hộ Trước"}
    decide(officer, leader, event, on=date(2026, 10, 6))
    timeliness = selectors.emergency_timeliness(province, 2026, as_of=date(2026, 10, 8))
    assert (timeliness.judged, timeliness.decided_on_time) == (2, 1)


def test_only_the_provinces_officer_sets_it_with_a_basis(officer, province, province_officer):
    with pytest.raises(PermissionDenied):
        services.deadline_set(user=officer, province=province, days=3, valid_from=date(2026, 1, 1), basis="x")
    with pytest.raises(ValidationError) as err:
        services.deadline_set(user=province_officer, province=province, days=0, valid_from=date(2026, 1, 1), basis="")
    assert {"days", "basis"} <= set(err.value.message_dict)


def test_the_page_sets_the_deadline_and_refuses_a_commune_officer(client, officer, province_officer):
    url = reverse("benefits:emergency-deadline")
    client.force_login(officer)
    assert client.post(url, {"days": 3, "valid_from": "01/01/2026", "basis": "QĐ 1"}).status_code == 403
    client.force_login(province_officer)
    response = client.post(url, {"days": 3, "valid_from": "01/01/2026", "basis": "Quyết định số 1/QĐ-UBND"})
    assert response.status_code == 302
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "3 ngày" in page and "Quyết định số 1/QĐ-UBND" in page
