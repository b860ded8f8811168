"""Who may lock (issue 10 item 4): the officer generates the roll, the commune leader (or the
approving level of a legacy chain) locks it, never the person who generated it."""

from datetime import date

import pytest

from benefits.payroll import services
from benefits.payroll.forms import RollGenerateForm
from benefits.payroll.models import PaymentRoll, RollStatus
from btxh.models import Role
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person
from tests.btxh.factories import UserFactory, client_of

JUL = Month(2026, 7)


@pytest.fixture
def elder(commune):
    person = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(person, "SP-75", start="2026-07")
    return person


def test_the_officer_who_generated_the_roll_cannot_lock_it_the_leader_can(elder, commune, officer, leader):
    roll = services.payroll_generate(unit=commune, month=JUL, user=officer)
    assert services.may_lock(officer, roll) == "Người lập danh sách không được tự khóa: lãnh đạo xã kiểm tra và khóa danh sách."
    with pytest.raises(services.PayrollError, match="không được tự khóa"):
        services.payroll_lock(roll=roll, user=officer)
    assert PaymentRoll.objects.get().status == RollStatus.DRAFT
    assert services.may_lock(leader, roll) == ""
    roll = services.payroll_lock(roll=roll, user=leader)
    assert (roll.status, roll.locked_by, roll.generated_by) == (RollStatus.LOCKED, leader, officer)


def test_another_officer_a_viewer_or_another_communes_leader_cannot_lock(elder, commune, officer, other_leader):
    roll = services.payroll_generate(unit=commune, month=JUL, user=officer)
    colleague = UserFactory(unit=commune, role=Role.COMMUNE_OFFICER)
    viewer = UserFactory(unit=commune, role=Role.VIEWER)
    for user in (colleague, viewer, other_leader):
        with pytest.raises(services.PayrollError, match="Chỉ lãnh đạo xã được khóa"):
            services.payroll_lock(roll=roll, user=user)
    assert PaymentRoll.objects.get().status == RollStatus.DRAFT


def test_a_leader_who_generated_the_roll_may_not_lock_it_either(elder, commune, leader):
    roll = services.payroll_generate(unit=commune, month=JUL, user=leader)
    with pytest.raises(services.PayrollError, match="không được tự khóa"):
        services.payroll_lock(roll=roll, user=leader)


def test_in_a_legacy_chain_the_district_locks(legacy_tree):
    _, district, commune = legacy_tree
    person = make_person(commune, "Lục Thị Thọ", birth=date(1940, 3, 1))
    make_case(person, "SP-75", start="2026-07")
    officer = UserFactory(unit=commune, role=Role.COMMUNE_OFFICER)
    district_officer = UserFactory(unit=district, role=Role.DISTRICT_OFFICER)
    roll = services.payroll_generate(unit=commune, month=JUL, user=officer)
    assert services.payroll_lock(roll=roll, user=district_officer).status == RollStatus.LOCKED


def test_the_page_refuses_the_maker_with_the_reason_and_offers_the_leader_the_lock(elder, commune, officer, leader):
    roll = services.payroll_generate(unit=commune, month=JUL, user=officer)
    page = client_of(officer).get(f"/che-do/chi-tra/{roll.pk}/").content.decode()
    assert 'data-testid="roll-lock"' not in page and "không được tự khóa" in page
    response = client_of(officer).post(f"/che-do/chi-tra/{roll.pk}/khoa/")
    assert response.status_code == 403
    assert "Người lập danh sách không được tự khóa" in response.content.decode()
    assert PaymentRoll.objects.get().status == RollStatus.DRAFT
    page = client_of(leader).get(f"/che-do/chi-tra/{roll.pk}/").content.decode()
    assert 'data-testid="roll-lock"' in page
    assert "Khóa danh sách tháng 07/2026 của Xã Ngọc Đường: 1 người, 500.000 đ. Sau khi khóa không sửa được" in page
    assert client_of(leader).post(f"/che-do/chi-tra/{roll.pk}/khoa/").status_code == 302
    assert PaymentRoll.objects.get().status == RollStatus.LOCKED


def test_a_locked_month_is_no_longer_offered_for_generation(elder, commune, officer, leader):
    services.payroll_lock(roll=services.payroll_generate(unit=commune, month=JUL, user=officer), user=leader)
    form = RollGenerateForm({"month": "07/2026"}, unit=commune, today=date(2026, 7, 10))
    assert not form.is_valid()
    assert "đã khóa" in form.errors["month"][0]
    # The month proposed is the first one not locked.
    assert RollGenerateForm(unit=commune, today=date(2026, 7, 10)).initial["month"] == "08/2026"
    page = client_of(officer).get("/che-do/chi-tra/?month=07/2026").content.decode()
    assert 'value="08/2026"' in page
