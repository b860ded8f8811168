from datetime import date

import pytest

from beneficiaries.errors import NotAllowed
from beneficiaries.models import CaseStatus
from benefits.conversion import k5c_convert, k5c_open_cases
from benefits.payroll import services
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person


@pytest.fixture
def k5c_case(commune):
    person = make_person(commune, "Ma Thị Trường Thọ", birth=date(1938, 4, 4))
    return make_case(person, "K5C", start="2021-07")


def test_the_leader_converts_open_k5c_cases_to_the_social_pension_without_losing_a_month(k5c_case, commune, leader, officer):
    assert list(k5c_open_cases(leader)) == [k5c_case]
    created = k5c_convert(user=leader, cases=[k5c_case], decision_number="45/QĐ-UBND", decision_date=date(2025, 7, 3))
    k5c_case.refresh_from_db()
    assert (k5c_case.status, k5c_case.end_month) == (CaseStatus.TERMINATED, Month(2025, 6))
    [pension] = created
    assert (pension.category, pension.status, pension.start_month) == ("SP-75", CaseStatus.ACTIVE, Month(2025, 7))
    assert pension.previous_case == k5c_case and pension.decision_number == "45/QĐ-UBND"
    assert not k5c_open_cases(leader).exists()
    june = services.payroll_generate(unit=commune, month=Month(2025, 6))
    services.payroll_lock(roll=june, user=leader)
    july = services.payroll_generate(unit=commune, month=Month(2025, 7))
    assert [(line.scheme, line.amount) for line in june.lines.all()] == [("MONTHLY_ALLOWANCE", 500_000)]
    assert [(line.scheme, line.amount, line.arrears) for line in july.lines.all()] == [("SOCIAL_PENSION", 500_000, 0)]


def test_an_officer_cannot_convert(k5c_case, officer):
    with pytest.raises(NotAllowed):
        k5c_convert(user=officer, cases=[k5c_case], decision_number="1/QĐ", decision_date=date(2025, 7, 3))


def test_the_conversion_page_lists_and_converts(client, leader, k5c_case):
    client.force_login(leader)
    page = client.get("/che-do/chuyen-doi-k5c/")
    assert "Ma Thị Trường Thọ" in page.content.decode()
    response = client.post("/che-do/chuyen-doi-k5c/", {"case": [k5c_case.pk], "decision_number": "45/QĐ-UBND",
                                                        "decision_date": "03/07/2025"})
    assert response.status_code == 302
    k5c_case.refresh_from_db()
    assert k5c_case.status == CaseStatus.TERMINATED
