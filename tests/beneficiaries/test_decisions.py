"""Decisions of the approving level (issue 10 items 2 and 3): batch approval, all or nothing;
numbers unique per issuing unit and year; endings recorded by the officer wait for a decision
while payment already stops at the legal month."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from beneficiaries.errors import RegistryError
from beneficiaries.models import Case, CaseStatus, Decision, DecisionKind, FuneralClaim
from beneficiaries.services import (
    BatchRefused,
    case_approve,
    case_submit,
    decision_grant_batch,
    decision_next_number,
    decision_terminate,
    ends_awaiting,
    person_death_record,
)
from benefits.payroll import services as payroll
from btxh.models import Role
from engine import Month
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case
from tests.btxh.factories import UserFactory


def submitted(officer, commune, name, birth=date(1940, 2, 2), category="SP-75", **kw):
    person = PersonFactory(unit=commune, full_name=name, birth_date=birth)
    case = CaseFactory(person=person, category=category, disability_level=kw.pop("disability_level", ""), **kw)
    return case_submit(case=case, user=officer)


@pytest.fixture
def three(officer, commune):
    return [submitted(officer, commune, f"Người Cao Tuổi {i}") for i in range(3)]


def test_a_batch_approves_every_case_under_one_number_and_date_each_with_its_own_start_month(three, leader):
    on = date(2026, 7, 10)
    decision = decision_grant_batch(
        cases=three, user=leader, decision_number="25/QĐ-UBND", decision_date=on,
        start_months={three[0].pk: date(2026, 6, 1)},
    )
    assert (decision.kind, decision.number, decision.year, decision.unit_id) == ("grant", "25/QĐ-UBND", 2026, three[0].unit_id)
    assert set(decision.cases.all()) == set(three)
    starts = []
    for case in three:
        case.refresh_from_db()
        assert (case.status, case.decision_number, case.decision_date) == (CaseStatus.ACTIVE, "25/QĐ-UBND", on)
        starts.append(case.start_month)
    assert starts == [Month(2026, 6), Month(2026, 7), Month(2026, 7)]


def test_a_leader_who_submitted_one_of_the_cases_cannot_decide_the_batch(three, officer, commune):
    chair = UserFactory(unit=commune, role=Role.COMMUNE_LEADER)
    own = submitted(officer, commune, "Người Do Lãnh Đạo Nộp")
    Case.objects.filter(pk=own.pk).update(submitted_by=chair)  # as if the chair had submitted it
    with pytest.raises(BatchRefused) as refused:
        decision_grant_batch(cases=[*three, own], user=chair, decision_number="1/QĐ-UBND", decision_date=date(2026, 7, 1))
    assert list(refused.value.failures) == [own.pk] and not Decision.objects.exists()


def test_one_case_that_cannot_be_approved_decides_nothing_and_says_why_for_that_case(three, leader, officer, commune):
    dead = three[1].person
    dead.death_date = date(2026, 5, 1)
    dead.save()
    k6 = submitted(officer, commune, "Hoàng Văn Khuyết", birth=date(1980, 5, 5), category="K6", disability_level="severe")
    cases = [*three, k6]
    with pytest.raises(BatchRefused) as refused:
        decision_grant_batch(
            cases=cases, user=leader, decision_number="25/QĐ-UBND", decision_date=date(2026, 7, 10),
            start_months={k6.pk: date(2019, 1, 1)},  # before the category existed in the rules
        )
    failures = refused.value.failures
    assert set(failures) == {three[1].pk, k6.pk}
    assert "đã chết" in failures[three[1].pk]
    assert "K6" in failures[k6.pk] or "áp dụng" in failures[k6.pk]
    assert not Decision.objects.exists()
    assert set(Case.objects.values_list("status", flat=True)) == {CaseStatus.SUBMITTED}
    assert not Case.objects.exclude(decision_number="").exists()


def test_an_officer_cannot_decide_a_batch(three, officer, commune):
    with pytest.raises(BatchRefused):
        decision_grant_batch(cases=three, user=officer, decision_number="1/QĐ-UBND", decision_date=date(2026, 7, 1))
    assert not Decision.objects.exists()


def test_a_decision_number_is_unique_per_issuing_unit_and_year(
    officer, leader, commune, other_commune, other_officer, other_leader
):
    first = [submitted(officer, commune, "Người A")]
    decision_grant_batch(cases=first, user=leader, decision_number="25/QĐ-UBND", decision_date=date(2026, 7, 10))
    again = [submitted(officer, commune, "Người B")]
    with pytest.raises(RegistryError, match="đã được Xã Ngọc Đường dùng"):
        decision_grant_batch(cases=again, user=leader, decision_number="25/qđ-ubnd ", decision_date=date(2026, 8, 1))
    # Another decision of the same number and date of the same unit lists one more person (entered one by one)…
    case_approve(case=again[0], user=leader, decision_number="25/QĐ-UBND", decision_date=date(2026, 7, 10))
    assert Decision.objects.get(number="25/QĐ-UBND").cases.count() == 2
    # …but a different date under a used number is another decision: refused.
    third = submitted(officer, commune, "Người C")
    with pytest.raises(RegistryError, match="đã được Xã Ngọc Đường dùng"):
        case_approve(case=third, user=leader, decision_number="25/QĐ-UBND", decision_date=date(2026, 7, 11))
    # The same number is free in another year, and in another issuing unit.
    decision_grant_batch(cases=[third], user=leader, decision_number="25/QĐ-UBND", decision_date=date(2025, 12, 30))
    elsewhere = [submitted(other_officer, other_commune, "Người D")]
    decision_grant_batch(cases=elsewhere, user=other_leader, decision_number="25/QĐ-UBND", decision_date=date(2026, 7, 10))
    assert Decision.objects.filter(number="25/QĐ-UBND").count() == 3
    assert decision_next_number(commune, 2026) == "26/QĐ-UBND"
    assert decision_next_number(commune, 2027) == "01/QĐ-UBND"
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(unit=commune, kind=DecisionKind.GRANT, number="25/QĐ-UBND", year=2026,
                                decision_date=date(2026, 1, 2))  # fmt: skip


@pytest.fixture
def pensioner(commune):
    person = PersonFactory(unit=commune, full_name="Lục Thị Thọ", birth_date=date(1940, 3, 1))
    active_case(person, "SP-75", start=date(2026, 5, 1))
    return person


def test_a_death_recorded_by_the_officer_waits_for_the_leaders_decision_and_payment_stops_at_the_death_month(
    pensioner, officer, leader, commune, rule_tables
):
    person_death_record(person=pensioner, death_date=date(2026, 6, 14), user=officer, organiser_name="Lục Văn Tâm")
    case = pensioner.cases.get()
    assert (case.status, case.end_month, case.end_proposed) == (CaseStatus.TERMINATED, Month(2026, 6), True)
    assert ends_awaiting(leader) == [case] and ends_awaiting(officer) == []

    def paid(roll):
        return list(roll.lines.order_by("scheme").values_list("scheme", "amount", "arrears", "arrears_detail", "funeral"))

    pension = ("SOCIAL_PENSION", 0, 1_000_000, {"2026-05": 500_000, "2026-06": 500_000}, 0)  # nothing for July
    # Not decided yet: the roll already stops at June (the legal month); the funeral support, a
    # one-off the leader decides with the termination, is not on it.
    july = payroll.payroll_generate(unit=commune, month=Month(2026, 7), user=officer)
    assert paid(july) == [pension]
    # The decision, dated later, moves no monthly money; it lets the funeral support be paid.
    decision = decision_terminate(
        cases=[case], user=leader, decision_number="30/QĐ-UBND", decision_date=date(2026, 7, 20)
    )
    case.refresh_from_db()
    assert (decision.kind, case.end_proposed, case.end_month) == ("terminate", False, Month(2026, 6))
    assert FuneralClaim.objects.get(person=pensioner).decision == decision
    assert ends_awaiting(leader) == []
    for _ in range(2):  # regenerated twice: one funeral line, not two
        july = payroll.payroll_generate(unit=commune, month=Month(2026, 7), user=officer)
        assert paid(july) == [("FUNERAL", 0, 0, {}, 10_000_000), pension]
    payroll.payroll_lock(roll=july, user=leader)
    assert FuneralClaim.objects.get(person=pensioner).paid_month == Month(2026, 7)
    # Paid once: the next roll (and the next again, regenerated) has nothing for the person.
    for _ in range(2):
        august = payroll.payroll_generate(unit=commune, month=Month(2026, 8), user=officer)
        assert paid(august) == []


def test_only_the_approving_level_decides_an_ending_and_only_a_proposed_one(pensioner, officer, leader, other_leader):
    person_death_record(person=pensioner, death_date=date(2026, 6, 14), user=officer)
    case = pensioner.cases.get()
    for user in (officer, other_leader):
        with pytest.raises(BatchRefused):
            decision_terminate(cases=[case], user=user, decision_number="1/QĐ-UBND", decision_date=date(2026, 7, 1))
    decision_terminate(cases=[case], user=leader, decision_number="1/QĐ-UBND", decision_date=date(2026, 7, 1))
    with pytest.raises(BatchRefused):
        decision_terminate(cases=[case], user=leader, decision_number="2/QĐ-UBND", decision_date=date(2026, 7, 1))
