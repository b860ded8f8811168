"""Facts as they were in each month: back pay across a change of level or a pension pays each
month at that month's amount (Decree 20/2021 art. 8: an adjustment applies from the month the
person qualifies)."""

from datetime import date

import pytest

from beneficiaries.errors import NotAllowed
from beneficiaries.services.assessments import (
    disability_assessment_decide,
    disability_assessment_propose,
    pension_period_record,
)
from benefits.payroll import services
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person


def roll(unit, month: Month, today: date):
    return services.payroll_generate(unit=unit, month=month, today=today)


def lock_months(unit, months, user):
    for m in months:
        services.payroll_lock(roll=roll(unit, m, m.last_day), user=user)


@pytest.fixture
def adult(commune):
    person = make_person(commune, "Ma Văn Nặng", birth=date(1980, 4, 4), sex="male")
    make_case(person, "K6", start="2025-01", disability_level="severe")  # 1,5 × 500.000
    return person


def test_a_later_recorded_extra_severe_certificate_pays_the_difference_for_each_month_since_it(
    adult, commune, officer, leader
):
    lock_months(commune, Month.range(Month(2025, 1), Month(2025, 8)), leader)
    proposal = disability_assessment_propose(person=adult, user=officer, level="extra_severe", month=date(2025, 3, 1),
                                             certificate_number="17/GXN", certificate_date=date(2025, 3, 12))  # fmt: skip
    september = roll(commune, Month(2025, 9), date(2025, 9, 20))
    assert september.lines.get().arrears == 0  # proposed, not decided: nothing changes yet
    disability_assessment_decide(assessment=proposal, user=leader, decision_number="45/QĐ-UBND",
                                 decision_date=date(2025, 9, 15))  # fmt: skip
    line = roll(commune, Month(2025, 9), date(2025, 9, 20)).lines.get()
    assert line.amount == 1_000_000  # 2,0 × 500.000
    assert line.arrears_detail == {f"2025-{m:02d}": 250_000 for m in range(3, 9)}  # (2,0 − 1,5) × 500.000
    assert line.recovery == 0


def test_the_reverse_change_recovers_the_difference(commune, officer, leader):
    person = make_person(commune, "Ma Thị Nhẹ", birth=date(1980, 4, 4))
    make_case(person, "K6", start="2025-01", disability_level="extra_severe")
    lock_months(commune, Month.range(Month(2025, 1), Month(2025, 8)), leader)
    proposal = disability_assessment_propose(person=person, user=officer, level="severe", month=date(2025, 3, 1))
    disability_assessment_decide(assessment=proposal, user=leader, decision_number="46/QĐ-UBND",
                                 decision_date=date(2025, 9, 15))  # fmt: skip
    line = roll(commune, Month(2025, 9), date(2025, 9, 20)).lines.get()
    assert (line.amount, line.arrears) == (750_000, 0)
    assert line.recovery_detail == {f"2025-{m:02d}": 250_000 for m in range(3, 9)}


def test_a_pension_recorded_late_recovers_only_the_social_pension_months_not_owed(commune, officer, leader):
    elder = make_person(commune, "Lý Văn Hưu", birth=date(1945, 2, 2), sex="male")
    make_case(elder, "SP-75", start="2025-07")
    lock_months(commune, [Month(2025, 7)], leader)
    # A social-insurance pension from 05/2025, recorded in 08/2025 before the August roll.
    pension_period_record(person=elder, user=officer, start_month=date(2025, 5, 1), note="Lương hưu")
    line = roll(commune, Month(2025, 8), date(2025, 8, 20)).lines.filter(person=elder).first()
    assert line is not None and line.amount == 0
    assert set(line.recovery_detail) == {"2025-07"}


def test_a_pension_from_may_changes_nothing_before_may(commune, officer):
    elder = make_person(commune, "Lý Thị Hưu", birth=date(1945, 2, 2))
    make_case(elder, "SP-75", start="2025-07")
    pension_period_record(person=elder, user=officer, start_month=date(2025, 9, 1))
    line = roll(commune, Month(2025, 9), date(2025, 9, 20)).lines.filter(person=elder).first()
    assert line is not None and line.amount == 0 and line.arrears_detail == {"2025-07": 500_000, "2025-08": 500_000}


def test_only_the_approving_level_decides_a_level_change(adult, officer):
    proposal = disability_assessment_propose(person=adult, user=officer, level="extra_severe", month=date(2025, 3, 1))
    with pytest.raises(NotAllowed):
        disability_assessment_decide(assessment=proposal, user=officer, decision_number="1", decision_date=date(2025, 9, 1))


def test_the_person_page_shows_the_timeline_and_the_leader_decides_a_proposal_there(client, adult, officer, leader):
    proposal = disability_assessment_propose(person=adult, user=officer, level="extra_severe", month=date(2025, 3, 1),
                                             certificate_number="17/GXN")  # fmt: skip
    client.force_login(officer)
    page = client.get(f"/doi-tuong/{adult.pk}/").content.decode()
    assert "Diễn biến dữ kiện theo tháng" in page and "chờ cấp phê duyệt quyết định" in page
    response = client.post(f"/doi-tuong/{adult.pk}/luong-huu/", {"start_month": "05/2025", "note": "Lương hưu"})
    assert response.status_code == 302 and adult.pension_periods.get().start_month == Month(2025, 5)
    assert client.post(f"/doi-tuong/danh-gia-khuyet-tat/{proposal.pk}/quyet-dinh/", {}).status_code == 403
    client.force_login(leader)
    response = client.post(f"/doi-tuong/danh-gia-khuyet-tat/{proposal.pk}/quyet-dinh/",
                           {"decision_number": "45/QĐ-UBND", "decision_date": "15/09/2025"})  # fmt: skip
    assert response.status_code == 302
    proposal.refresh_from_db()
    # One record of the decision: a Decision of kind "change" of the approving unit, which the page links.
    assert (proposal.status, proposal.decision.number, proposal.decision.kind) == ("decided", "45/QĐ-UBND", "change")
    page = client.get(f"/doi-tuong/{adult.pk}/").content.decode()
    assert "Quyết định điều chỉnh số 45/QĐ-UBND ngày 15/09/2025" in page
    assert f"/doi-tuong/quyet-dinh/{proposal.decision_id}/" in page
