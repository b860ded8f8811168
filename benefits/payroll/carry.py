"""The incremental month: the lines of last month's locked roll that this month's roll carries
forward unchanged, and the SQL that copies them.

Most people's line this month is last month's with the month changed: same facts, same cases,
same rule rows, no birthday, nothing owed, recovered or carried over. Their lines are copied with
one ``INSERT … SELECT`` per table (the line with its frozen facts, rules and explanation, whose
last line names the new month; its ledger row); everybody else goes through the engine as in a full computation, and so does
everybody on a first month. The property test ``tests/benefits/test_payroll_incremental.py``
holds the promise this module makes: an incremental roll equals a full recomputation line for
line.

A person is computed (not carried) when any of these holds since last month's roll was computed
(its ``generated_at``) or between its month and this one:

- their line last month was not the plain case: two lines, arrears, a recovery, funeral
  support, money carried over, or the money was not collected (it is carried over now);
- their person row, any of their cases (in any commune), their household's poverty status, a
  disability assessment, a pension period or a child on their cases was written;
- a case of theirs starts, ends, is suspended, was paid outside the system, or a study or
  pregnancy date runs out, in last month or this one;
- their age in years changes this month (their birth month), or they are under two;
- their case pays care support or depends on children (the facts of other people);
- a locked roll already paid them this month (after a move), or funeral support is due.

The whole month is computed when: there is no locked roll for last month; a rule row was
written since, or one starts or ends at this month; it is January (a new year's poverty status,
ages known by year only); or the code that computes amounts changed since last month's roll
(``COMPUTATION_VERSION``).
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.models import Q

import engine
from beneficiaries import categories as registry_categories
from beneficiaries import facts as registry_facts
from beneficiaries.models import (
    Case,
    CaseChild,
    DisabilityAssessment,
    FuneralClaim,
    HouseholdPoverty,
    PensionPeriod,
    Person,
)
from benefits.models import BaseRate, Category, CoefficientBand, FlatAmount
from engine import Month, total_heading

from . import compute as payroll_compute
from .models import LINE_COLUMNS, LedgerEntry, LineStatus, PaymentLine, PaymentRoll, RollStatus

LOCKED = (RollStatus.LOCKED, RollStatus.SETTLED)


def _computation_version() -> str:
    """A digest of the code that turns facts into lines (the engine, the facts builder, the
    categories and the line builder): a roll computed by other code is not carried forward."""
    digest = hashlib.sha256()
    files = sorted(Path(engine.__file__).parent.glob("*.py"))
    files += [Path(m.__file__) for m in (registry_facts, registry_categories, payroll_compute)]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


COMPUTATION_VERSION = _computation_version()


@dataclass(frozen=True)
class CarryForward:
    """Last month's locked roll and the people whose one line it carries forward."""

    previous: PaymentRoll
    people: frozenset[int]


def full_month_reason(unit, month: Month) -> tuple[str, PaymentRoll | None]:
    """Why the roll of ``month`` must be computed in full ("" when it may carry lines forward),
    and last month's locked roll."""
    previous = PaymentRoll.objects.filter(unit=unit, month=(month - 1).first_day, status__in=LOCKED).first()
    if previous is None or previous.generated_at is None:
        return "chưa có danh sách đã khóa của tháng trước", None
    if previous.computation_version != COMPUTATION_VERSION:
        return "cách tính đã được cập nhật từ tháng trước", previous
    if month.month == 1:
        return "sang năm mới (hộ nghèo, cận nghèo của năm mới; tuổi tính theo năm sinh)", previous
    since = previous.generated_at
    starts, last_month = month.first_day, (month - 1).first_day
    for model in (BaseRate, FlatAmount, CoefficientBand, Category):
        if model.history.filter(history_date__gt=since).exists():
            return "bảng định mức đã thay đổi từ khi lập danh sách tháng trước", previous
        if model.objects.filter(Q(valid_from=starts) | Q(valid_to=last_month)).exists():
            return f"định mức mới áp dụng từ tháng {month.text}", previous
    return "", previous


def _sensitive_categories() -> list[str]:
    """Categories whose amount depends on other people's facts (the cared person, children)."""
    return [c.code for c in registry_categories.all_categories() if c.needs_cared_person or c.needs_children]


def carry_forward_plan(unit, month: Month) -> tuple[CarryForward | None, str]:
    """The lines of last month's locked roll that ``month``'s roll may copy (see the module
    docstring), or None with the reason the month is computed in full."""
    reason, previous = full_month_reason(unit, month)
    if reason:
        return None, reason
    since = previous.generated_at
    window = ((month - 1).first_day, month.last_day)
    counts: dict[int, int] = {}
    plain: set[int] = set()
    for pid, arrears, recovery, funeral, carried, status, amount, total in PaymentLine.objects.filter(
        roll=previous
    ).values_list("person_id", "arrears", "recovery", "funeral", "carried_over", "status", "amount", "total"):
        counts[pid] = counts.get(pid, 0) + 1
        if (
            not (arrears or recovery or funeral or carried)
            and status != LineStatus.NOT_COLLECTED
            and amount > 0
            and total == amount
        ):
            plain.add(pid)
    candidates = {pid for pid in plain if counts[pid] == 1}
    if not candidates:
        return None, "tháng trước không có dòng nào giữ nguyên được"

    in_roll = Q(payment_lines__roll=previous)
    computed: set[int] = set()
    computed |= set(
        Person.objects.filter(in_roll)
        .filter(
            Q(updated_at__gt=since)
            | Q(birth_date__isnull=True)
            | Q(birth_date__month=month.month)
            | Q(birth_date__gte=(month - 24).first_day)
        )
        .values_list("id", flat=True)
    )
    dated = Q()
    for name in ("start_month", "end_month", "paid_until_month", "suspended_from_month", "studying_until",
                 "pregnancy_due_date"):  # fmt: skip
        dated |= Q(**{f"{name}__range": window})
    computed |= set(
        Case.objects.filter(person__payment_lines__roll=previous)
        .filter(Q(updated_at__gt=since) | ~Q(unit=unit) | Q(category__in=_sensitive_categories()) | dated)
        .values_list("person_id", flat=True)
    )
    people = Person.objects.filter(in_roll).values("id")
    households = HouseholdPoverty.history.filter(history_date__gt=since).values("household_id")
    computed |= set(Person.objects.filter(in_roll, household_id__in=households).values_list("id", flat=True))
    computed |= set(
        DisabilityAssessment.objects.filter(person__in=people)
        .filter(Q(from_month__range=window) | Q(id__in=DisabilityAssessment.history.filter(history_date__gt=since).values("id")))
        .values_list("person_id", flat=True)
    )
    computed |= set(
        PensionPeriod.objects.filter(person__in=people)
        .filter(Q(updated_at__gt=since) | Q(start_month__range=window) | Q(end_month__range=window))
        .values_list("person_id", flat=True)
    )
    computed |= set(
        Case.objects.filter(
            id__in=CaseChild.history.filter(history_date__gt=since).values("case_id"), person__in=people
        ).values_list("person_id", flat=True)
    )
    computed |= set(
        LedgerEntry.objects.filter(person__in=people, month=month.first_day, locked=True, amount__gt=0)
        .values_list("person_id", flat=True)
    )
    computed |= set(
        FuneralClaim.objects.filter(person__in=people, paid_month__isnull=True).values_list("person_id", flat=True)
    )
    carried = frozenset(candidates - computed)
    if not carried:
        return None, "mọi người đều có thay đổi"
    return CarryForward(previous, carried), ""


# -- writes -------------------------------------------------------------------------------------

_LINE_COPY = """
INSERT INTO {table} ({columns})
SELECT %s, unit_id, %s, person_id, scheme, categories, case_ids, coefficient, base_rate, amount, arrears,
       arrears_detail, arrears_months, recovery, recovery_detail, funeral, carried_over, total, payment_method, bank_account, bank_name, receiver, full_name, birth, national_id, hamlet,
       decision, facts, rules, REPLACE(explanation, %s, %s), %s
FROM {table} WHERE roll_id = %s AND {people}
"""

_LEDGER_COPY = """
INSERT INTO {ledger} (roll_id, line_id, unit_id, person_id, scheme, month, amount, first, locked)
SELECT roll_id, id, unit_id, person_id, scheme, month, amount, %s, %s
FROM {table} WHERE roll_id = %s AND {people}
"""


def _by_people(sql: str, params: list, people: frozenset[int]) -> int:
    """Run ``sql`` for ``people``: one statement with an array on PostgreSQL, chunks elsewhere."""
    ids = sorted(people)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql.replace("{people}", "person_id = ANY(%s)"), [*params, ids])
            return cursor.rowcount
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            cursor.execute(sql.replace("{people}", f"person_id IN ({', '.join(['%s'] * len(chunk))})"), [*params, *chunk])
            written += cursor.rowcount
    return written


def carry_forward_write(roll: PaymentRoll, carry: CarryForward) -> int:
    """Copy the carried people's lines from last month's roll into ``roll`` (its month, pending),
    and their ledger rows (this month, first payment, unlocked until the roll is). Returns the
    number of lines copied."""
    table = PaymentLine._meta.db_table
    sql = _LINE_COPY.format(table=table, columns=", ".join(LINE_COLUMNS), people="{people}")
    month = Month.of(roll.month)
    params = [roll.pk, roll.month, total_heading(month - 1), total_heading(month), LineStatus.PENDING, carry.previous.pk]
    lines = _by_people(sql, params, carry.people)
    ledger_sql = _LEDGER_COPY.format(ledger=LedgerEntry._meta.db_table, table=table, people="{people}")
    _by_people(ledger_sql, [True, False, roll.pk], carry.people)
    return lines
