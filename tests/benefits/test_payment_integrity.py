"""A month is paid once, whatever the order of generations, locks, settlements and moves: the
payment ledger (one row per month a line pays) and its unique index over locked first payments."""

import contextlib
import os
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from beneficiaries.models import CaseStatus
from benefits.payroll import services
from benefits.payroll.models import LedgerEntry, LineStatus, LineStatusChange, PaymentLine, PaymentRoll, RollStatus
from benefits.preview import person_month_result
from btxh.models import Role
from engine import EngineError, Month
from tests.benefits.payroll_factories import make_case, make_person
from tests.btxh.factories import UserFactory

OCT, NOV, DEC = Month(2026, 10), Month(2026, 11), Month(2026, 12)


@pytest.fixture
def person(commune):
    p = make_person(commune, "Hoàng Văn Khuyết", birth=date(1980, 5, 5), sex="male")
    make_case(p, "K6", start="2026-09", disability_level="severe")  # 750.000 a month
    return p


def paid_by_month(person) -> dict[date, int]:
    out: dict[date, int] = {}
    for month, amount in LedgerEntry.objects.filter(person=person, locked=True).values_list("month", "amount"):
        out[month] = out.get(month, 0) + amount
    return out


def test_a_draft_computed_before_an_earlier_roll_was_locked_is_stale_and_cannot_be_locked(person, commune, officer, leader):
    october = services.payroll_generate(unit=commune, month=OCT)
    november = services.payroll_generate(unit=commune, month=NOV)  # its arrears include 09-10, not yet locked
    assert set(november.lines.get().arrears_detail) == {"2026-09", "2026-10"}
    services.payroll_lock(roll=october, user=leader)
    assert services.roll_stale_reason(november)
    with pytest.raises(services.PayrollError, match="lập lại"):
        services.payroll_lock(roll=november, user=leader)
    november = services.payroll_generate(unit=commune, month=NOV)
    assert november.lines.get().arrears_detail == {}
    services.payroll_lock(roll=november, user=leader)
    assert paid_by_month(person) == {Month(2026, 9): 750_000, Month(2026, 10): 750_000, Month(2026, 11): 750_000}


def test_the_database_refuses_a_second_first_payment_of_a_month_among_locked_rolls(person, commune, officer, leader):
    october = services.payroll_generate(unit=commune, month=OCT)
    november = services.payroll_generate(unit=commune, month=NOV)
    services.payroll_lock(roll=october, user=leader)
    # Even if the staleness check were bypassed, the unique index refuses the lock.
    PaymentRoll.objects.filter(pk=november.pk).update(generated_at=timezone.now())
    with pytest.raises(services.PayrollError, match="chi trả lần thứ hai một tháng mà danh sách khác đã khóa đã chi trả"):
        services.payroll_lock(roll=november, user=leader)
    assert PaymentRoll.objects.get(pk=november.pk).status == RollStatus.DRAFT
    entry = LedgerEntry.objects.filter(roll=october, locked=True, first=True).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(roll=november, line=november.lines.get(), unit=commune, person=person,
                                   scheme=entry.scheme, month=entry.month, amount=1, first=True, locked=True)  # fmt: skip


def test_a_top_up_of_a_month_already_paid_is_not_a_second_first_payment(person, commune, officer, leader):
    services.payroll_lock(roll=services.payroll_generate(unit=commune, month=OCT), user=leader)
    case = person.cases.get()
    case.disability_level = "extra_severe"  # recorded late: 2.0 × 500.000 from the start
    case.save()
    november = services.payroll_generate(unit=commune, month=NOV)
    assert november.lines.get().arrears_detail == {"2026-09": 250_000, "2026-10": 250_000}
    services.payroll_lock(roll=november, user=leader)
    assert paid_by_month(person) == {Month(2026, 9): 1_000_000, Month(2026, 10): 1_000_000, Month(2026, 11): 1_000_000}


def test_a_roll_is_settled_once_and_corrected_only_by_the_approving_level_with_a_reason(person, commune, officer, leader):
    october = services.payroll_lock(roll=services.payroll_generate(unit=commune, month=OCT), user=leader)
    line = october.lines.get()
    services.payroll_settle(roll=october, not_collected_ids=[line.pk], user=officer)
    with pytest.raises(services.PayrollError, match="đã được ghi nhận"):
        services.payroll_settle(roll=october, not_collected_ids=[], user=officer)
    with pytest.raises(services.PayrollError, match="cấp phê duyệt"):
        services.payroll_settlement_correct(roll=october, line_ids=[line.pk], user=officer, reason="Nhầm")
    with pytest.raises(services.PayrollError, match="lý do"):
        services.payroll_settlement_correct(roll=october, line_ids=[line.pk], user=leader, reason=" ")
    services.payroll_settlement_correct(roll=october, line_ids=[line.pk], user=leader, reason="Đã nhận, sổ ký sót")
    line.refresh_from_db()
    assert line.status == LineStatus.PAID
    assert list(LineStatusChange.objects.filter(line=line).values_list("old_status", "new_status", "changed_by", "reason")) == [
        ("pending", "not_collected", officer.pk, ""), ("not_collected", "paid", leader.pk, "Đã nhận, sổ ký sót"),
    ]  # fmt: skip


def test_a_correction_is_refused_once_the_next_roll_carried_the_money(person, commune, officer, leader):
    october = services.payroll_lock(roll=services.payroll_generate(unit=commune, month=OCT), user=leader)
    line = october.lines.get()
    services.payroll_settle(roll=october, not_collected_ids=[line.pk], user=officer)
    november = services.payroll_generate(unit=commune, month=NOV)
    assert november.lines.get().carried_over == 1_500_000  # September (arrears) and October
    services.payroll_lock(roll=november, user=leader)
    with pytest.raises(services.PayrollError, match="tháng sau đã khóa"):
        services.payroll_settlement_correct(roll=october, line_ids=[line.pk], user=leader, reason="Nhầm")


def test_generate_payroll_exits_non_zero_with_the_reason_when_it_refuses(person, commune, officer, leader):
    services.payroll_lock(roll=services.payroll_generate(unit=commune, month=OCT), user=leader)
    with pytest.raises(CommandError, match="đã khóa"):
        call_command("generate_payroll", "--unit", commune.code, "--month", "2026-10", stdout=StringIO())


# ---------------------------------------------------------------------------
# Any order: a state machine over two communes, three people, four months, moves.
# ---------------------------------------------------------------------------
MONTHS = [Month(2026, 9), OCT, NOV]


class PaymentOrders(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.units = [self.commune, self.other]
        self.people = []
        for i, (birth, category, start) in enumerate(
            [(date(1980, 5, 5), "K6", "2026-08"), (date(1948, 3, 1), "SP-75", "2026-07"), (date(2015, 2, 2), "K1", "2026-09")]
        ):
            person = make_person(self.commune, f"Người {i}", birth=birth)
            make_case(person, category, start=start, disability_level="severe" if category == "K6" else "")
            self.people.append(person)
        self.officers = {u.pk: UserFactory(unit=u, role=Role.COMMUNE_OFFICER) for u in self.units}
        self.leaders = {u.pk: UserFactory(unit=u, role=Role.COMMUNE_LEADER) for u in self.units}

    @rule(u=st.integers(0, 1), m=st.integers(0, 2))
    def generate(self, u, m):
        with contextlib.suppress(services.PayrollError):
            services.payroll_generate(unit=self.units[u], month=MONTHS[m], today=date(2026, 11, 30))

    @rule(u=st.integers(0, 1), m=st.integers(0, 2))
    def lock(self, u, m):
        roll = PaymentRoll.objects.filter(unit=self.units[u], month=MONTHS[m].first_day).first()
        if roll is not None:
            try:
                roll.errors = []  # the officer confirmed what the roll cannot pay
                roll.save()
                services.payroll_lock(roll=roll, user=self.leaders[self.units[u].pk])
            except services.PayrollError:
                pass

    @rule(u=st.integers(0, 1))
    def lock_every_draft_in_month_order(self, u):
        for m in range(len(MONTHS)):
            self.lock(u, m)

    @rule(u=st.integers(0, 1), m=st.integers(0, 2), not_collected=st.booleans())
    def settle(self, u, m, not_collected):
        roll = PaymentRoll.objects.filter(unit=self.units[u], month=MONTHS[m].first_day).first()
        if roll is not None:
            ids = list(roll.lines.values_list("pk", flat=True)[:1]) if not_collected else []
            with contextlib.suppress(services.PayrollError):
                services.payroll_settle(roll=roll, not_collected_ids=ids, user=self.officers[self.units[u].pk])

    @precondition(lambda self: True)
    @rule(p=st.integers(0, 2), m=st.integers(0, 2))
    def move(self, p, m):
        """Recorded now, from month m: the open case ends the month before in its commune and
        continues in the other one from m."""
        person = self.people[p]
        case = person.cases.exclude(status=CaseStatus.TERMINATED).first()
        start = MONTHS[m]
        if case is None or Month.of(case.start_month) >= start:
            return
        to = self.other if case.unit_id == self.commune.pk else self.commune
        case.status, case.end_month, case.termination_reason = CaseStatus.TERMINATED, (start - 1).first_day, "moved"
        case.save()
        make_case(person, case.category, start=str(start), disability_level=case.disability_level).__class__.objects.filter(
            person=person, status=CaseStatus.ACTIVE
        ).update(unit=to)
        person.unit = to
        person.save()

    @invariant()
    def no_month_is_paid_more_than_it_is_owed(self):
        for person in self.people:
            for day, paid in paid_by_month(person).items():
                try:
                    owed = person_month_result(person.pk, Month.of(day), province_code="08").total
                except EngineError:
                    continue
                assert paid <= owed, (person.full_name, day, paid, owed)

    @invariant()
    def every_first_payment_is_locked_once(self):
        rows = LedgerEntry.objects.filter(locked=True, first=True).values_list("person_id", "scheme", "month")
        assert len(rows) == len(set(rows))

    def teardown(self):
        LedgerEntry.objects.all().delete()
        PaymentLine.objects.all().delete()
        PaymentRoll.objects.all().delete()


@pytest.mark.django_db
def test_no_order_of_generations_locks_settlements_and_moves_pays_a_month_twice(commune, other_commune):
    PaymentOrders.commune, PaymentOrders.other = commune, other_commune
    runner = PaymentOrders.TestCase
    runner.settings = settings(max_examples=int(os.environ.get("STATEFUL_EXAMPLES", 60)), stateful_step_count=15, deadline=None,
                               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
    runner().runTest()
