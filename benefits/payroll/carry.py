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
from .selectors import paid_in_month

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
    candidates = _plain_people(previous)
    if not candidates:
        return None, "tháng trước không có dòng nào giữ nguyên được"
    carried = frozenset(candidates - _changed_people(unit, month, previous, sorted(candidates)))
    if not carried:
        return None, "mọi người đều có thay đổi"
    return CarryForward(previous, carried), ""


def _plain_people(previous: PaymentRoll) -> set[int]:
    """The people with exactly one line in ``previous``, and a plain one: this month's amount only
    (no arrears, recovery, funeral support or money carried over), collected or pending."""
    counts: dict[int, int] = {}
    plain: set[int] = set()
    rows = PaymentLine.objects.filter(roll=previous).values_list(
        "person_id", "arrears", "recovery", "funeral", "carried_over", "status", "amount", "total"
    )
    for pid, arrears, recovery, funeral, carried, status, amount, total in rows:
        counts[pid] = counts.get(pid, 0) + 1
        if not (arrears or recovery or funeral or carried) and status != LineStatus.NOT_COLLECTED and 0 < amount == total:
            plain.add(pid)
    return {pid for pid in plain if counts[pid] == 1}


def _changed_people(unit, month: Month, previous: PaymentRoll, candidates: list[int]) -> set[int]:
    """Those of ``candidates`` (people with a plain line in ``previous``) whose line this month may
    differ from last month's (the list in the module docstring): each condition is one query
    returning person ids, over the candidates' ids (one array on PostgreSQL)."""
    since = previous.generated_at
    window = ((month - 1).first_day, month.last_day)
    dated = Q()
    for name in ("start_month", "end_month", "paid_until_month", "suspended_from_month", "studying_until",
                 "pregnancy_due_date"):  # fmt: skip
        dated |= Q(**{f"{name}__range": window})
    assessed_since = DisabilityAssessment.history.filter(history_date__gt=since).values("id")
    queries = [
        # the person row written; a birthday this month (the age in the explanation); under two
        Person.objects.filter(id__any=candidates).filter(
            Q(updated_at__gt=since) | Q(birth_date__isnull=True) | Q(birth_date__month=month.month)
            | Q(birth_date__gte=(month - 24).first_day)
        ).values_list("id", flat=True),
        # a case written, in another commune, of a category that reads other people, or dated now
        Case.objects.filter(person_id__any=candidates).filter(
            Q(updated_at__gt=since) | ~Q(unit=unit) | Q(category__in=_sensitive_categories()) | dated
        ).values_list("person_id", flat=True),
        Person.objects.filter(
            id__any=candidates, household_id__in=HouseholdPoverty.history.filter(history_date__gt=since).values("household_id")
        ).values_list("id", flat=True),
        DisabilityAssessment.objects.filter(person_id__any=candidates)
        .filter(Q(from_month__range=window) | Q(id__in=assessed_since)).values_list("person_id", flat=True),
        PensionPeriod.objects.filter(person_id__any=candidates)
        .filter(Q(updated_at__gt=since) | Q(start_month__range=window) | Q(end_month__range=window))
        .values_list("person_id", flat=True),
        Case.objects.filter(
            id__in=CaseChild.history.filter(history_date__gt=since).values("case_id"), person_id__any=candidates
        ).values_list("person_id", flat=True),
        FuneralClaim.objects.filter(person_id__any=candidates, paid_month__isnull=True).values_list("person_id", flat=True),
    ]  # fmt: skip
    # a locked roll (another commune's, after a move) already paid this month
    changed = paid_in_month(candidates, month)
    for query in queries:
        changed.update(query)
    return changed


# -- writes -------------------------------------------------------------------------------------

# What the copy writes instead of the previous line's value, per column (every other column is
# copied as it is): the roll, the month, the explanation's month line, the collection status.
_LINE_COPY_SET = {"roll_id": "%s", "month": "%s", "explanation": "REPLACE(explanation, %s, %s)", "status": "%s"}
_LINE_COPY = (
    "INSERT INTO {table} ({columns}) SELECT "  # noqa: S608 (column and table names from the models)
    + ", ".join(_LINE_COPY_SET.get(c, c) for c in LINE_COLUMNS)
    + " FROM {table} WHERE roll_id = %s AND {people}"
)

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
    values = {"roll_id": [roll.pk], "month": [month.first_day], "explanation": [total_heading(month - 1),
              total_heading(month)], "status": [LineStatus.PENDING]}  # fmt: skip
    params = [p for c in LINE_COLUMNS if c in values for p in values[c]] + [carry.previous.pk]
    lines = _by_people(sql, params, carry.people)
    ledger_sql = _LEDGER_COPY.format(ledger=LedgerEntry._meta.db_table, table=table, people="{people}")
    _by_people(ledger_sql, [True, False, roll.pk], carry.people)
    return lines
