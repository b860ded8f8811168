import json
import threading
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from benefits.payroll import services
from benefits.payroll.models import LedgerEntry, PaymentLine, PaymentRoll, RollStatus
from benefits.payroll.selectors import not_collected_streaks
from benefits.services import base_rate_add
from btxh.models import Job, JobStatus
from btxh.services import job_create
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person, record_death

JUL, AUG, SEP = Month(2026, 7), Month(2026, 8), Month(2026, 9)


@pytest.fixture
def people(commune):
    disabled = make_person(commune, "Hoàng Văn Khuyết", birth=date(1980, 5, 5), sex="male")
    make_case(disabled, "K6", start="2024-01", disability_level="severe", paid_until="2026-06")
    elder = make_person(commune, "Lục Thị Thọ", birth=date(1948, 3, 1), hamlet="Bản Khuổi Luông",
                        payment_method="bank", bank_account="8888000123", bank_name="Agribank")
    make_case(elder, "SP-75", start="2025-07", paid_until="2026-06")
    return disabled, elder


def generate(unit, month, user=None):
    return services.payroll_generate(unit=unit, month=month, user=user)


def test_a_communes_roll_pays_each_beneficiary_what_the_engine_says(people, commune, officer):
    roll = generate(commune, JUL, officer)
    lines = {line.full_name: line for line in roll.lines.all()}
    assert lines["Hoàng Văn Khuyết"].amount == 750_000  # K6 severe, adult: 1.5 × 500.000
    assert lines["Lục Thị Thọ"].amount == 500_000  # social pension, flat
    assert lines["Lục Thị Thọ"].scheme == "SOCIAL_PENSION" and lines["Lục Thị Thọ"].bank_account == "8888000123"
    assert (roll.line_count, roll.total, roll.total_cash, roll.total_bank) == (2, 1_250_000, 750_000, 500_000)
    assert roll.totals_by_scheme == {"MONTHLY_ALLOWANCE": 750_000, "SOCIAL_PENSION": 500_000}
    line = lines["Hoàng Văn Khuyết"]
    assert line.arrears == line.recovery == 0
    assert "Nghị định 20/2021" in line.explanation and line.facts["person"]["disability_level"] == "severe"
    assert line.rules and line.decision.startswith("12/QĐ-UBND")


def test_two_communes_drafts_may_both_hold_a_month_but_only_one_is_locked(people, commune, other_commune, officer, leader):
    disabled, _ = people
    first = generate(commune, JUL)
    # Moved from July, recorded after the old commune's draft: the new commune's draft pays July too.
    case = disabled.cases.get()
    case.status, case.end_month, case.termination_reason = "terminated", date(2026, 6, 1), "moved"
    case.save()
    make_case(disabled, "K6", start="2026-07", disability_level="severe").__class__.objects.filter(
        person=disabled, status="active"
    ).update(unit=other_commune)
    second = generate(other_commune, JUL)
    assert second.lines.get(person=disabled).amount == 750_000
    services.payroll_lock(roll=second, user=None)
    with pytest.raises(services.PayrollError, match="chi trả lần thứ hai một tháng mà danh sách khác đã khóa đã chi trả"):
        services.payroll_lock(roll=first, user=leader)
    assert not generate(commune, JUL).lines.filter(person=disabled).exists()


def test_regenerating_a_draft_replaces_its_lines(people, commune):
    generate(commune, JUL)
    roll = generate(commune, JUL)
    assert roll.generation == 2
    assert PaymentLine.objects.filter(roll=roll).count() == 2
    assert PaymentRoll.objects.count() == 1


def test_a_locked_roll_never_changes(people, commune, officer, leader):
    roll = services.payroll_lock(roll=generate(commune, JUL), user=leader)
    before = list(roll.lines.values_list("pk", "total"))
    disabled, _ = people
    disabled.cases.update(disability_level="extra_severe")
    with pytest.raises(services.PayrollError, match="đã khóa"):
        generate(commune, JUL)
    assert list(roll.lines.values_list("pk", "total")) == before
    with pytest.raises(services.PayrollError):
        services.payroll_lock(roll=roll, user=leader)


def test_a_job_that_dies_while_writing_leaves_the_draft_as_it_was(people, commune, monkeypatch):
    roll = generate(commune, JUL)
    before = sorted(roll.lines.values_list("full_name", "total"))
    disabled, _ = people
    disabled.cases.update(disability_level="extra_severe")
    real_write = services._lines_write

    def write_then_die(roll, rows):
        real_write(roll, rows[:1])  # half the lines are in...
        raise SystemExit("worker killed")  # ...when the worker dies

    monkeypatch.setattr(services, "_lines_write", write_then_die)
    with pytest.raises(SystemExit):
        generate(commune, JUL)
    roll.refresh_from_db()
    assert sorted(roll.lines.values_list("full_name", "total")) == before
    assert roll.generation == 1


def test_a_base_rate_added_for_past_months_gives_arrears_to_those_it_raises_and_no_one_else(people, commune, officer, leader):
    services.payroll_lock(roll=generate(commune, JUL), user=leader)
    # August: a decree signed now raises the base from July.
    base_rate_add(amount=540_000, valid_from=JUL, basis="Nghị định thử nghiệm")
    roll = generate(commune, AUG)
    lines = {line.full_name: line for line in roll.lines.all()}
    k6 = lines["Hoàng Văn Khuyết"]
    assert k6.amount == 810_000  # 1.5 × 540.000
    assert k6.arrears == 60_000 and k6.arrears_detail == {"2026-07": 60_000} and k6.arrears_months == "07/2026"
    assert k6.total == 870_000
    pension = lines["Lục Thị Thọ"]
    assert (pension.amount, pension.arrears, pension.recovery) == (500_000, 0, 0)  # a flat amount, not base-linked


def test_a_death_recorded_two_months_late_gives_a_recovery_and_funeral_support_once(people, commune, officer, leader):
    disabled, _ = people
    services.payroll_lock(roll=generate(commune, JUL), user=leader)
    services.payroll_lock(roll=generate(commune, AUG), user=leader)
    # Died in June, recorded in September; the daughter organised the funeral.
    record_death(disabled, date(2026, 6, 20), end="2026-06", organiser="Hoàng Thị Hiếu")
    roll = generate(commune, SEP)
    lines = {(line.full_name, line.scheme): line for line in roll.lines.all()}
    allowance = lines[("Hoàng Văn Khuyết", "MONTHLY_ALLOWANCE")]
    assert allowance.amount == 0
    assert allowance.recovery == 1_500_000 and allowance.recovery_detail == {"2026-07": 750_000, "2026-08": 750_000}
    assert allowance.total == -1_500_000
    funeral = lines[("Hoàng Văn Khuyết", "FUNERAL")]
    assert funeral.funeral == 10_000_000 and funeral.total == 10_000_000  # 20 × 500.000
    assert funeral.receiver == "Hoàng Thị Hiếu"
    services.payroll_lock(roll=roll, user=leader)
    october = generate(commune, SEP + 1)
    assert not october.lines.filter(person=disabled).exists()  # recovered once, funeral paid once


def test_a_late_decision_is_paid_its_arrears(commune, officer, leader):
    services.payroll_lock(roll=generate(commune, JUL), user=leader)
    late = make_person(commune, "Đàm Thị Muộn", birth=date(1995, 2, 2))
    make_case(late, "K6", start="2026-06", disability_level="extra_severe")  # decided in August, from June
    roll = generate(commune, AUG)
    line = roll.lines.get(person=late)
    assert line.amount == 1_000_000 and line.arrears == 2_000_000 and line.arrears_months == "06/2026-07/2026"


def test_months_paid_before_the_system_are_not_paid_again(commune):
    imported = make_person(commune, "Nông Văn Cũ", birth=date(1950, 1, 1))
    make_case(imported, "SP-75", start="2025-07", paid_until="2026-07", source="imported")
    roll = generate(commune, AUG)
    line = roll.lines.get(person=imported)
    assert (line.amount, line.arrears) == (500_000, 0)


def test_not_collected_money_carries_over_and_three_months_go_to_the_suspension_worklist(people, commune, officer, leader):
    _, elder = people
    month = JUL
    for _ in range(3):
        roll = services.payroll_lock(roll=generate(commune, month), user=leader)
        not_collected = list(roll.lines.filter(person=elder).values_list("pk", flat=True))
        services.payroll_settle(roll=roll, not_collected_ids=not_collected, user=officer)
        month = month + 1
    october = generate(commune, month)
    line = october.lines.get(person=elder)
    assert line.carried_over == 1_500_000 and line.total == 2_000_000  # three months waiting + this month
    assert not_collected_streaks(commune, month) == [elder.pk]


def test_generate_payroll_command_prints_a_json_summary(people, commune):
    out = StringIO()
    call_command("generate_payroll", "--unit", commune.code, "--month", "2026-07", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary == {"unit": commune.code, "month": "2026-07", "people": 2, "lines": 2, "carried_lines": 0,
                       "total": 1_250_000, "arrears": 0, "recoveries": 0, "refused": 0}


def test_a_province_job_fans_out_one_roll_per_commune(people, province, commune, other_commune, province_officer):
    other = make_person(other_commune, "Triệu Văn Xa", birth=date(1940, 1, 1))
    make_case(other, "SP-75", start="2026-07")
    job = job_create(kind="payroll_generate", params={"unit_id": province.pk, "month": "2026-07",
                                                      "user_id": province_officer.pk},
                     user=province_officer, unit=province)
    assert job.status == JobStatus.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert Job.objects.filter(parent=job, status=JobStatus.SUCCEEDED).count() == 2
    assert set(PaymentRoll.objects.values_list("unit__code", "line_count")) == {(commune.code, 2), (other_commune.code, 1)}


@pytest.mark.django_db(transaction=True)
def test_two_generations_of_the_same_roll_at_once_make_one_roll(rule_tables, commune):
    for i in range(30):
        person = make_person(commune, f"Người Thứ {i}", birth=date(1940, 1, 1))
        make_case(person, "SP-75", start="2026-07")
    errors = []

    def run():
        try:
            generate(commune, JUL)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert PaymentRoll.objects.count() == 1
    roll = PaymentRoll.objects.get()
    assert roll.status == RollStatus.DRAFT and roll.generation == 2
    assert PaymentLine.objects.count() == 30 == roll.line_count


def test_a_move_recorded_late_pays_each_month_once_whichever_commune_paid_it(
    people, commune, other_commune, officer, other_officer, leader, other_leader,
):
    from beneficiaries.services import person_move

    disabled, _ = people
    services.payroll_lock(roll=generate(commune, JUL), user=leader)
    services.payroll_lock(roll=generate(commune, AUG), user=leader)
    services.payroll_lock(roll=generate(other_commune, AUG), user=other_leader)
    # Recorded in September: the person has lived in the other commune since August. The old
    # commune paid August: that payment stands; the new commune pays from September.
    [moved] = person_move(
        person=disabled, to_unit=other_commune, month=date(2026, 8, 1), user=officer, hamlet="Thôn Mới"
    )
    from beneficiaries.services import case_move_confirm
    from btxh.models import Role
    from tests.btxh.factories import UserFactory

    case_move_confirm(case=moved, user=UserFactory(unit=other_commune, role=Role.COMMUNE_LEADER))
    old = generate(commune, SEP)
    assert not old.lines.filter(person=disabled).exists()
    new = generate(other_commune, SEP).lines.get(person=disabled)
    assert (new.amount, new.arrears, new.recovery) == (750_000, 0, 0)
    services.payroll_lock(roll=old, user=leader)
    services.payroll_lock(roll=new.roll, user=other_leader)
    paid = LedgerEntry.objects.filter(person=disabled, locked=True).values_list("month", "amount")
    assert sorted(paid) == [(Month(2026, 7), 750_000), (Month(2026, 8), 750_000), (Month(2026, 9), 750_000)]


def test_each_lines_explanation_reconciles_its_own_scheme(commune):
    mother = make_person(commune, "Lò Thị Mang", birth=date(1995, 4, 4))
    make_case(mother, "K6", start="2026-06", disability_level="extra_severe")  # 2,0 × 500.000
    make_case(mother, "CS-DISABLED-PARENT", start="2026-06", pregnant=True)  # 1,5 × 500.000
    lines = {line.scheme: line for line in generate(commune, AUG).lines.all()}
    allowance, care = lines["MONTHLY_ALLOWANCE"], lines["CARE_SUPPORT"]
    assert (allowance.arrears, care.arrears) == (2_000_000, 1_500_000)
    assert "06/2026: phải trả 1.000.000 đ, đã trả 0 đ" in allowance.explanation
    assert "phải trả 750.000 đ" not in allowance.explanation
    assert "06/2026: phải trả 750.000 đ, đã trả 0 đ" in care.explanation
    assert "phải trả 1.000.000 đ" not in care.explanation


def test_a_roll_moves_only_along_its_state_machine(commune, officer):
    """draft → locked → settled, by the roll's own transitions; no step is skipped or repeated."""
    from django_fsm import TransitionNotAllowed

    from benefits.payroll.models import PaymentRoll, RollStatus

    roll = PaymentRoll.objects.create(unit=commune, month=date(2026, 1, 1))
    with pytest.raises(TransitionNotAllowed):
        roll.settle()  # a draft is locked first
    roll.lock(officer)
    assert roll.status == RollStatus.LOCKED and roll.locked_by == officer and roll.locked_at
    with pytest.raises(TransitionNotAllowed):
        roll.lock(officer)  # locked once
    roll.settle()
    assert roll.status == RollStatus.SETTLED and roll.settled_at
    with pytest.raises(TransitionNotAllowed):
        roll.settle()  # settled once; a correction is payroll_settlement_correct
