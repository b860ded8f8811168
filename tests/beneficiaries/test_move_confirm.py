"""A move sends the person to the receiving commune, whose approving level takes the cases in;
the old commune stops paying at the legal month either way."""

from datetime import date

import pytest
from django.urls import reverse

from beneficiaries.errors import NotAllowed, RegistryError
from beneficiaries.models import CaseEvent, CaseStatus
from beneficiaries.selectors import worklist
from beneficiaries.services import case_approve, case_move_confirm, person_move
from benefits.payroll import services as payroll
from btxh.models import Role
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person
from tests.btxh.factories import UserFactory

JUL, AUG = Month(2026, 7), Month(2026, 8)


@pytest.fixture
def elder(commune):
    person = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(person, "SP-75", start="2026-01")
    return person


@pytest.fixture
def leader_b(other_commune):
    return UserFactory(unit=other_commune, role=Role.COMMUNE_LEADER, full_name="Lãnh Đạo Xã Bê")


def move(elder, officer, other_commune, month=date(2026, 7, 1)):
    [new] = person_move(person=elder, to_unit=other_commune, month=month, user=officer, hamlet="Thôn Mới")
    return new


def test_a_moved_in_case_waits_unpaid_until_the_receiving_commune_confirms_then_pays_the_arrears(
    elder, officer, commune, other_commune, leader_b
):
    new = move(elder, officer, other_commune)
    assert (new.status, new.start_month) == (CaseStatus.SUBMITTED, None)
    roll = payroll.payroll_generate(unit=other_commune, month=AUG)
    assert not roll.lines.filter(person=elder).exists()
    # The old commune pays through June, the month before the move, as before: its July line has
    # no July money, only the months it still owes.
    old_line = payroll.payroll_generate(unit=commune, month=JUL).lines.get(person=elder)
    assert old_line.amount == 0 and "2026-07" not in (old_line.arrears_detail or {})

    case_move_confirm(case=new, user=leader_b)
    new.refresh_from_db()
    assert (new.status, new.start_month) == (CaseStatus.ACTIVE, Month(2026, 7))
    line = payroll.payroll_generate(unit=other_commune, month=AUG).lines.get(person=elder)
    assert (line.amount, line.arrears) == (500_000, 500_000)  # August, and July as arrears
    event = new.events.filter(kind=CaseEvent.Kind.ACTIVATED).get()
    assert event.by == leader_b and "Tiếp nhận" in event.note


def test_only_the_receiving_communes_approver_confirms(elder, officer, leader, other_commune, other_officer):
    new = move(elder, officer, other_commune)
    for user in (officer, leader, other_officer, UserFactory(unit=other_commune, role=Role.VIEWER)):
        with pytest.raises(NotAllowed):
            case_move_confirm(case=new, user=user)
    new.refresh_from_db()
    assert new.status == CaseStatus.SUBMITTED and new.start_month is None


def test_a_moved_in_case_is_confirmed_not_approved_again(elder, officer, other_commune, leader_b):
    new = move(elder, officer, other_commune)
    with pytest.raises(RegistryError, match="xác nhận tiếp nhận"):
        case_approve(case=new, user=leader_b, decision_number="1/QĐ", decision_date=date(2026, 11, 1))


def test_a_case_suspended_in_the_old_commune_is_taken_in_suspended(elder, officer, other_commune, leader_b):
    elder.cases.update(status=CaseStatus.SUSPENDED, suspended_from_month=date(2026, 5, 1), suspension_reason="Vắng")
    new = move(elder, officer, other_commune)
    case_move_confirm(case=new, user=leader_b)
    new.refresh_from_db()
    assert (new.status, new.suspended_from_month) == (CaseStatus.SUSPENDED, Month(2026, 5))


def test_the_move_is_on_the_receiving_communes_worklist_and_the_approvers_inbox(
    elder, officer, other_commune, other_officer, leader_b
):
    from beneficiaries.selectors import cases_awaiting

    new = move(elder, officer, other_commune)
    items = [i for i in worklist(user=other_officer) if i.kind == "move-in"]
    assert [i.case_id for i in items] == [new.pk]
    assert "chờ Xã Phú Linh xác nhận tiếp nhận" in items[0].text
    assert list(cases_awaiting(leader_b)) == [new]
    case_move_confirm(case=new, user=leader_b)
    assert not [i for i in worklist(user=other_officer) if i.kind == "move-in"]


def test_the_case_page_offers_the_confirmation_to_the_approver_and_it_starts_the_case(
    client, elder, officer, other_commune, leader_b, other_officer
):
    new = move(elder, officer, other_commune)
    url = reverse("beneficiaries:case-detail", args=[new.pk])
    client.force_login(other_officer)
    page = client.get(url).content.decode()
    assert "chờ Xã Phú Linh xác nhận tiếp nhận" in page and "Xác nhận tiếp nhận</button>" not in page
    assert client.post(reverse("beneficiaries:case-move-confirm", args=[new.pk])).status_code == 403
    client.force_login(leader_b)
    page = client.get(url).content.decode()
    assert "Xác nhận tiếp nhận</button>" in page and 'data-testid="case-approve"' not in page
    response = client.post(reverse("beneficiaries:case-move-confirm", args=[new.pk]), follow=True)
    assert "Đã tiếp nhận hồ sơ: hưởng tại Xã Phú Linh từ tháng 07/2026." in response.content.decode()
    new.refresh_from_db()
    assert new.status == CaseStatus.ACTIVE


def test_a_person_who_died_before_being_taken_in_is_paid_from_the_move_through_the_death_month(
    elder, officer, other_commune, other_officer, leader_b
):
    from beneficiaries.services import person_death_record

    new = move(elder, officer, other_commune)
    person_death_record(person=elder, death_date=date(2026, 8, 10), user=other_officer)
    case_move_confirm(case=new, user=leader_b)
    new.refresh_from_db()
    assert (new.status, new.start_month, new.end_month, new.termination_reason) == (
        CaseStatus.TERMINATED, Month(2026, 7), Month(2026, 8), "death",
    )
    line = payroll.payroll_generate(unit=other_commune, month=AUG).lines.get(person=elder)
    assert (line.amount, line.arrears) == (500_000, 500_000)
