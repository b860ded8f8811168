"""The incremental month (benefits/payroll/carry.py): a roll that copies last month's lines for the
people nothing changed for equals a full recomputation, line for line, whatever happened between
the months. One engine still decides every amount: the copy is only ever of its own answer."""

import contextlib
import os
import random
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from beneficiaries.models import (
    AssessmentStatus,
    CaseChild,
    CaseStatus,
    DisabilityAssessment,
    Hamlet,
    HouseholdPoverty,
    PensionPeriod,
)
from beneficiaries.services.hamlets import hamlet_update
from benefits.payroll import services
from benefits.payroll.models import LINE_COLUMNS, LedgerEntry, PaymentLine, PaymentRoll
from benefits.services import base_rate_add
from btxh.models import Role
from engine import Month
from reports.roll_documents import roll_view
from reports.services import roll_doc_build
from tests.beneficiaries.factories import poor_household
from tests.benefits.payroll_factories import make_case, make_person, record_death
from tests.btxh.factories import UserFactory

TODAY = date(2026, 11, 30)
START = Month(2025, 9)  # through a January (computed in full) into 2026
LAST = Month.of(TODAY) + 1  # the latest month a roll may be made for (services.payroll_month_check)

# (category, ages at START: the thresholds of the rules are inside the ranges, so birthdays cross them)
KINDS = {
    "SP-75": (73, 76), "K5A": (78, 80), "SP-70-POOR": (69, 71), "K6": (58, 60), "K6-child": (14, 16),
    "K1": (2, 4), "K2": (17, 22), "K4": (30, 40), "K6-mother": (25, 30),
}  # fmt: skip
POOR = {"K5A", "SP-70-POOR"}

person_plans = st.fixed_dictionaries({
    "kind": st.sampled_from(sorted(KINDS)),
    "age": st.integers(0, 3),
    "birth_month": st.integers(1, 12),
    "start_before": st.integers(0, 3),  # decided late: arrears on the first roll
    "bank": st.booleans(),
})  # fmt: skip


def _snapshot(roll: PaymentRoll) -> dict:
    columns = [c for c in LINE_COLUMNS if c != "roll_id"]
    lines = sorted(PaymentLine.objects.filter(roll=roll).values_list(*columns))
    ledger = sorted(LedgerEntry.objects.filter(roll=roll).values_list("person_id", "scheme", "month", "amount", "first"))
    roll.refresh_from_db()
    totals = {
        name: getattr(roll, name)
        for name in ("line_count", "people_count", "total", "total_amount", "total_arrears", "total_recovery", "total_funeral",
                     "total_carried_over", "total_cash", "total_bank", "totals_by_scheme", "totals_by_category")
    }  # fmt: skip
    return {"lines": lines, "ledger": ledger, "totals": totals, "errors": roll.errors}


def _differences(a: dict, b: dict) -> list:
    """What differs between two snapshots: (person, column, one, other) for lines, else the part."""
    columns = [c for c in LINE_COLUMNS if c != "roll_id"]
    out = []
    for x, y in zip(a["lines"], b["lines"], strict=False):
        out += [(x[2], col, u, v) for col, u, v in zip(columns, x, y, strict=True) if u != v]
    if len(a["lines"]) != len(b["lines"]):
        out.append(("lines", len(a["lines"]), len(b["lines"])))
    return out + [(k, a[k], b[k]) for k in ("ledger", "totals", "errors") if a[k] != b[k]]


class IncrementalMonths(RuleBasedStateMachine):
    """Months rolled one after the other, with the registry's changes between them; each month is
    generated both incrementally and in full (in either order) and the two must be equal."""

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()  # each example starts from the empty registry
        self.month = START
        self.people = []
        self.carried = 0
        self.compared = 0
        self.officer = UserFactory(unit=self.commune, role=Role.COMMUNE_OFFICER)
        self.leader = UserFactory(unit=self.commune, role=Role.COMMUNE_LEADER)
        self.rng = random.Random(0)

    @initialize(plans=st.lists(person_plans, min_size=2, max_size=7))
    def registry(self, plans):
        for i, plan in enumerate(plans):
            kind = plan["kind"]
            category = "K6" if kind.startswith("K6") else kind
            low, high = KINDS[kind]
            age = min(low + plan["age"], high)
            birth = date(START.year - age, plan["birth_month"], 1 + i)
            person = make_person(self.commune, f"Người thứ {i + 1}", birth=birth,
                                 payment_method="bank" if plan["bank"] else "cash")  # fmt: skip
            if category in POOR:
                poor_household(person, 2025)
                HouseholdPoverty.objects.create(household=person.household, year=2026, status="poor")
            extra = {"disability_level": "severe"} if category == "K6" else {}
            if category == "K2":
                extra["studying_until"] = (START + 2 + i).last_day
            case = make_case(person, category, start=str(START - plan["start_before"]), **extra)
            if category == "K4":
                CaseChild.objects.create(case=case, full_name="Con", birth_date=date(START.year - 15, plan["birth_month"], 2))
            if kind == "K6-mother":  # two lines, one person: the roll counts her once
                make_case(person, "CS-DISABLED-PARENT", start=str(START - plan["start_before"]), pregnant=True)
            self.people.append(person)
        self.roll_the_month(full_first=False, not_collected=False)

    def _person(self, i):
        person = self.people[i % len(self.people)]
        person.refresh_from_db()
        return person

    # -- the month --------------------------------------------------------------------------------
    @precondition(lambda self: self.month <= LAST)
    @rule(full_first=st.booleans(), not_collected=st.booleans())
    def roll_the_month(self, full_first, not_collected):
        generate = lambda full: services.payroll_generate(  # noqa: E731
            unit=self.commune, month=self.month, user=self.officer, today=TODAY, full=full
        )
        first = generate(full_first)
        before = _snapshot(first)
        second = generate(not full_first)
        after = _snapshot(second)
        assert before == after, f"{self.month}: incremental and full rolls differ: {_differences(before, after)}"
        # The roll's totals (summed by the database) agree with its lines, as the documents sum them.
        lines = list(
            PaymentLine.objects.filter(roll=second).values_list("total", "amount", "arrears", "payment_method", "person_id")
        )
        totals = after["totals"]
        assert totals["line_count"] == len(lines) and totals["total"] == sum(t for t, *_ in lines)
        assert totals["people_count"] == len({line[-1] for line in lines})  # a person with two lines counts once
        assert totals["total_amount"] == sum(a for _, a, *_ in lines)
        assert totals["total_bank"] == sum(t for t, _, _, m, _ in lines if m == "bank")
        assert totals["total_cash"] + totals["total_bank"] == totals["total"] == sum(totals["totals_by_scheme"].values())
        # ... and the printed roll says the same (its grand total row counts people and lines itself).
        printed = roll_view(roll_doc_build(second, prepared_by="Người lập biểu")).totals
        assert (printed.count, printed.lines, printed.total) == (
            totals["people_count"], totals["line_count"], totals["total"]
        )
        assert (printed.amount, printed.arrears, printed.recovery, printed.funeral) == (
            totals["total_amount"], totals["total_arrears"], totals["total_recovery"], totals["total_funeral"]
        )
        self.compared += 1
        roll = PaymentRoll.objects.get(pk=second.pk)
        self.carried += max(first.carried_lines, second.carried_lines)
        roll.errors = [dict(e, resolution="xác nhận") for e in roll.errors]  # the officer confirmed them
        roll.save()
        roll = services.payroll_lock(roll=roll, user=self.leader)
        ids = list(roll.lines.order_by("id").values_list("pk", flat=True)[:1]) if not_collected else []
        services.payroll_settle(roll=roll, not_collected_ids=ids, user=self.officer)
        self.month += 1

    @precondition(lambda self: self.month + 1 <= LAST)
    @rule(full_first=st.booleans())
    def roll_two_months(self, full_first):
        self.roll_the_month(full_first, False)
        self.roll_the_month(not full_first, False)

    # -- what happens between two months ---------------------------------------------------------
    @rule(i=st.integers(0, 6), birth_month=st.integers(1, 12))
    def birth_date_corrected(self, i, birth_month):
        person = self._person(i)
        person.birth_date = person.birth_date.replace(month=birth_month)
        person.save()

    @rule(i=st.integers(0, 6))
    def death(self, i):
        person = self._person(i)
        if person.death_date is None:
            record_death(person, (self.month - 1).first_day, end=str(self.month - 1), organiser="Con trai")

    @rule(i=st.integers(0, 6), level=st.sampled_from(["severe", "extra_severe"]))
    def disability_level_on_the_case(self, i, level):
        for case in self._person(i).cases.filter(category="K6"):
            case.disability_level = level
            case.save()

    @rule(i=st.integers(0, 6), later=st.integers(0, 2))
    def case_ends(self, i, later):
        for case in self._person(i).cases.exclude(status=CaseStatus.TERMINATED):
            case.end_month = (self.month + later).first_day
            case.save()

    @rule(i=st.integers(0, 6))
    def case_suspended(self, i):
        for case in self._person(i).cases.filter(status=CaseStatus.ACTIVE):
            case.status, case.suspended_from_month = CaseStatus.SUSPENDED, self.month.first_day
            case.save()

    @rule(i=st.integers(0, 6))
    def payment_method_changed(self, i):
        person = self._person(i)
        person.payment_method = "cash" if person.payment_method == "bank" else "bank"
        person.save()

    @rule(i=st.integers(0, 6), status=st.sampled_from(["near_poor", "none"]))
    def poverty_changed(self, i, status):
        person = self._person(i)
        if person.household_id:
            record = HouseholdPoverty.objects.filter(household=person.household, year=self.month.year).first()
            if record is not None:
                record.status = status
                record.save()

    @rule(i=st.integers(0, 6), later=st.integers(0, 1))
    def disability_assessed(self, i, later):
        person = self._person(i)
        if person.cases.filter(category="K6").exists():
            DisabilityAssessment.objects.create(
                person=person, level="extra_severe", from_month=(self.month + later).first_day,
                status=AssessmentStatus.DECIDED,
            )

    @rule(i=st.integers(0, 6), later=st.integers(0, 1))
    def pension_started(self, i, later):
        PensionPeriod.objects.create(person=self._person(i), start_month=(self.month + later).first_day)

    @rule(amount=st.sampled_from([550_000, 600_000]), later=st.integers(0, 1))
    def base_rate_raised(self, amount, later):
        with contextlib.suppress(ValidationError):  # refused before a row already in force: nothing happened
            base_rate_add(amount=amount, valid_from=self.month + later, basis="Nghị định thử nghiệm")

    @rule()
    def hamlet_renamed(self):
        hamlet = Hamlet.objects.filter(commune=self.commune).first()
        if hamlet is not None:
            hamlet_update(hamlet=hamlet, user=self.officer, name=f"Thôn Mới {self.month.index}")

    @invariant()
    def locked_months_are_consecutive(self):
        months = list(PaymentRoll.objects.filter(unit=self.commune).values_list("month", flat=True))
        assert len(months) == self.month.index - START.index

    def teardown(self):
        if self.people:  # an example hypothesis gave up on while drawing the registry has nothing to count
            IncrementalMonths.runs.append((self.compared, self.carried))
        transaction.savepoint_rollback(self.savepoint)


@pytest.mark.django_db
def test_an_incremental_roll_equals_a_full_recomputation_line_for_line(commune):
    IncrementalMonths.commune, IncrementalMonths.runs = commune, []
    runner = IncrementalMonths.TestCase
    runner.settings = settings(max_examples=int(os.environ.get("STATEFUL_EXAMPLES", 40)), stateful_step_count=14,
                               deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
    runner().runTest()
    # The test compared months, and the incremental path carried lines (it is not always "full").
    assert all(compared >= 1 for compared, _ in IncrementalMonths.runs)
    assert sum(carried for _, carried in IncrementalMonths.runs) > 0


# -- what the months carry, on a fixed registry ------------------------------------------------------


def _elderly(commune, paid_until: str) -> list:
    """Three elderly people paid outside the system until ``paid_until``; born in January,
    November and February."""
    people = []
    for i, birth in enumerate([date(1940, 1, 3), date(1945, 11, 9), date(1948, 2, 20)]):
        person = make_person(commune, f"Người cao tuổi {i + 1}", birth=birth)
        make_case(person, "SP-75", start="2025-07", paid_until=paid_until)
        people.append(person)
    return people


@pytest.fixture
def steady(commune):
    return _elderly(commune, "2026-04")


def _roll_and_lock(commune, month, officer, leader, **kw):
    roll = services.payroll_generate(unit=commune, month=month, user=officer, today=TODAY, **kw)
    return services.payroll_lock(roll=roll, user=leader)


def test_a_month_with_no_change_copies_every_line_with_its_facts(commune, officer, leader, steady):
    may = _roll_and_lock(commune, Month(2026, 5), officer, leader)
    assert may.carried_lines == 0 and may.full_reason == "chưa có danh sách đã khóa của tháng trước"
    june = services.payroll_generate(unit=commune, month=Month(2026, 6), user=officer, today=TODAY)
    assert (june.carried_lines, june.full_reason, june.line_count) == (3, "", 3)
    previous = {line.person_id: line for line in may.lines.all()}
    for line in june.lines.all():
        old = previous[line.person_id]
        assert (line.month, line.amount, line.total, line.status) == (Month(2026, 6), old.amount, old.total, "pending")
        assert line.facts == old.facts and line.rules == old.rules
        assert line.explanation == old.explanation.replace("tháng 5/2026:", "tháng 6/2026:") != old.explanation
    ledger = LedgerEntry.objects.filter(roll=june)
    assert sorted(ledger.values_list("month", "amount", "first", "locked")) == [(Month(2026, 6), 500_000, True, False)] * 3
    assert (june.total, june.total_amount, june.total_cash) == (1_500_000, 1_500_000, 1_500_000)


def test_a_changed_person_is_computed_and_the_others_carried(commune, officer, leader, steady):
    _roll_and_lock(commune, Month(2026, 5), officer, leader)
    died = steady[0]
    record_death(died, date(2026, 5, 20), end="2026-05", organiser="Con gái")
    june = services.payroll_generate(unit=commune, month=Month(2026, 6), user=officer, today=TODAY)
    assert june.carried_lines == 2
    assert sorted(june.lines.values_list("person_id", "funeral")) == sorted(
        [(steady[1].pk, 0), (steady[2].pk, 0), (died.pk, june.lines.get(person=died).funeral)]
    )
    assert june.lines.get(person=died).funeral > 0 and june.lines.get(person=died).amount == 0


def test_a_birthday_month_and_a_new_base_rate_are_computed(commune, officer, leader):
    _elderly(commune, "2026-09")
    _roll_and_lock(commune, Month(2026, 10), officer, leader)
    november = services.payroll_generate(unit=commune, month=Month(2026, 11), user=officer, today=TODAY)
    assert november.carried_lines == 2  # born in November: a new age in the explanation
    services.payroll_lock(roll=november, user=leader)
    base_rate_add(amount=600_000, valid_from=Month(2026, 12), basis="Nghị định thử nghiệm")
    december = services.payroll_generate(unit=commune, month=Month(2026, 12), user=officer, today=TODAY)
    assert december.carried_lines == 0 and "bảng định mức" in december.full_reason


def test_asked_for_it_the_roll_is_computed_in_full(commune, officer, leader, steady):
    _roll_and_lock(commune, Month(2026, 5), officer, leader)
    june = services.payroll_generate(unit=commune, month=Month(2026, 6), user=officer, today=TODAY, full=True)
    assert june.carried_lines == 0 and june.full_reason == "lập lại toàn bộ theo yêu cầu"


def test_the_roll_page_says_how_the_roll_was_computed_and_recomputes_in_full_on_request(
    client, commune, officer, leader, steady
):
    _roll_and_lock(commune, Month(2026, 5), officer, leader)
    june = services.payroll_generate(unit=commune, month=Month(2026, 6), user=officer, today=TODAY)
    client.force_login(officer)
    page = client.get(reverse("benefits:roll-detail", args=[june.pk])).content.decode()
    assert "Giữ nguyên 3 dòng của danh sách tháng trước đã khóa (không có thay đổi); tính lại 0 dòng." in page
    client.post(reverse("benefits:roll-regenerate", args=[june.pk]), {"full": "1"})
    june.refresh_from_db()
    assert (june.generation, june.carried_lines, june.line_count) == (2, 0, 3)
    page = client.get(reverse("benefits:roll-detail", args=[june.pk])).content.decode()
    assert "Tính toàn bộ: lập lại toàn bộ theo yêu cầu." in page


def test_the_roll_page_lists_the_first_fifty_people_it_cannot_pay_unhandled_first(client, commune, officer):
    roll = PaymentRoll.objects.create(unit=commune, month=date(2026, 6, 1), generation=1, errors=[
        {"kind": "zero", "person_id": i, "name": f"Người {i:03d}", "hamlet": "", "cases": {}, "error": "Thiếu dữ liệu",
         "resolution": "Tạm dừng" if i % 2 else ""}
        for i in range(1, 121)
    ])  # fmt: skip
    client.force_login(officer)
    page = client.get(reverse("benefits:roll-detail", args=[roll.pk])).content.decode()
    assert page.count("Thiếu dữ liệu") == 50 and "Người 002" in page and "Người 001<" not in page
    assert "Xem cả 70 người còn lại" in page
    assert 'data-testid="roll-computation"' not in page  # a roll made before the incremental month says nothing of it
    page = client.get(reverse("benefits:roll-detail", args=[roll.pk]) + "?problems=all").content.decode()
    assert page.count("Thiếu dữ liệu") == 120 and "Xem cả" not in page
