"""manage.py lock_payroll (issue 8 item 7): lock a commune's roll from the command line, for
back-filling months, with the same checks as the roll page (payroll_lock)."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from beneficiaries.models import FuneralClaim
from benefits.payroll import services
from benefits.payroll.models import PaymentRoll, RollStatus
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person, record_death

JUL, AUG = Month(2026, 7), Month(2026, 8)


@pytest.fixture
def elder(commune):
    person = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(person, "SP-75", start="2026-07")
    return person


def lock(commune, month, *args):
    out = StringIO()
    call_command("lock_payroll", "--unit", commune.code, "--month", str(month), *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_the_command_locks_a_generated_draft_and_records_who_locked_it(elder, commune, officer, leader):
    roll = services.payroll_generate(unit=commune, month=JUL, user=officer)
    summary = lock(commune, JUL, "--user", leader.username)
    roll.refresh_from_db()
    assert (roll.status, roll.locked_by, roll.locked_at is not None) == (RollStatus.LOCKED, leader, True)
    assert summary == {
        "unit": commune.code,
        "month": "2026-07",
        "roll_id": roll.pk,
        "status": "locked",
        "people": 1,
        "lines": 1,
        "total": 500_000,
        "locked_by": leader.username,
    }
    # What it paid now counts as paid: the next roll owes no arrears for July.
    august = services.payroll_generate(unit=commune, month=AUG)
    assert august.lines.get().arrears == 0


def test_without_a_user_the_roll_is_locked_by_nobody(elder, commune):
    roll = services.payroll_generate(unit=commune, month=JUL)
    lock(commune, JUL)
    roll.refresh_from_db()
    assert roll.status == RollStatus.LOCKED and roll.locked_by is None


def test_a_locked_roll_marks_its_funeral_support_paid_as_the_page_does(elder, commune):
    record_death(elder, date(2026, 7, 20), end="2026-07", organiser="Lục Văn Tâm")
    services.payroll_generate(unit=commune, month=JUL)
    lock(commune, JUL)
    assert FuneralClaim.objects.get(person=elder).paid_month == JUL


def test_a_roll_not_generated_is_refused(elder, commune):
    with pytest.raises(CommandError, match="Chưa lập danh sách chi trả tháng 07/2026"):
        lock(commune, JUL)
    PaymentRoll.objects.create(unit=commune, month=JUL.first_day)  # created, never generated
    with pytest.raises(CommandError, match="Danh sách chưa được lập"):
        lock(commune, JUL)
    assert PaymentRoll.objects.get().status == RollStatus.DRAFT


def test_a_roll_already_locked_is_refused(elder, commune, officer, leader):
    services.payroll_lock(roll=services.payroll_generate(unit=commune, month=JUL), user=leader)
    with pytest.raises(CommandError, match="Chỉ khóa được danh sách đang ở trạng thái nháp"):
        lock(commune, JUL)


def test_an_unknown_user_a_user_of_another_commune_the_maker_or_a_non_commune_unit_is_refused(
    elder, commune, officer, other_officer, other_leader, province
):
    roll = services.payroll_generate(unit=commune, month=JUL, user=officer)
    with pytest.raises(CommandError, match="Không có người dùng"):
        lock(commune, JUL, "--user", "khong.ton.tai")
    with pytest.raises(CommandError, match="không được khóa"):
        lock(commune, JUL, "--user", other_officer.username)
    with pytest.raises(CommandError, match="không được khóa"):
        lock(commune, JUL, "--user", other_leader.username)  # the leader of another commune
    with pytest.raises(CommandError, match="Người lập danh sách không được tự khóa"):
        lock(commune, JUL, "--user", officer.username)  # maker-checker, as the page
    with pytest.raises(CommandError, match="Không có xã mã"):
        lock(province, JUL)
    with pytest.raises(CommandError, match="Tháng không hợp lệ"):
        lock(commune, "2026-13")
    roll.refresh_from_db()
    assert roll.status == RollStatus.DRAFT


def test_the_roll_page_says_a_roll_locked_without_a_user_was_locked_from_the_command_line(
    elder, commune, officer_client
):
    roll = services.payroll_generate(unit=commune, month=JUL)
    lock(commune, JUL)
    page = officer_client.get(f"/che-do/chi-tra/{roll.pk}/").content.decode()
    assert "bởi lệnh quản trị" in page and "bởi None" not in page


def test_a_month_before_a_locked_roll_can_be_neither_generated_nor_locked(elder, commune, officer):
    # August's roll, locked, paid July as arrears: a July roll would pay July a second time.
    july = services.payroll_generate(unit=commune, month=JUL)
    august = services.payroll_generate(unit=commune, month=AUG)
    assert august.lines.get().arrears_detail == {"2026-07": 500_000}
    lock(commune, AUG)
    with pytest.raises(CommandError, match="Đã khóa danh sách tháng 08/2026"):
        lock(commune, JUL)
    with pytest.raises(services.PayrollError, match="Đã khóa danh sách tháng 08/2026"):
        services.payroll_generate(unit=commune, month=JUL)
    july.refresh_from_db()
    assert july.status == RollStatus.DRAFT


def test_back_filled_months_locked_in_order_pay_each_month_once(elder, commune, officer, leader):
    for month in (JUL, AUG):
        services.payroll_generate(unit=commune, month=month, user=officer)
        lock(commune, month, "--user", leader.username)
    september = services.payroll_generate(unit=commune, month=AUG + 1)
    line = september.lines.get()
    assert (line.amount, line.arrears, line.recovery) == (500_000, 0, 0)
