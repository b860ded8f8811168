"""Reads for payroll: the facts of a commune's beneficiaries and the ledger of what was paid.

A constant number of queries per commune, rows read as tuples (no model instances), so
that a province of a million people loads in seconds.
"""

import functools
from collections import defaultdict
from datetime import date, datetime

from django.db.models import Min, Q

from beneficiaries.models import Case, CaseChild, CaseStatus, FuneralClaim, HouseholdPoverty, Person
from benefits.engine import Child, Entitlement, Month, PersonFacts
from benefits.models import BaseRate, Category, CoefficientBand, FlatAmount
from btxh.formatting import format_date

from .compute import Ledger, PayeeInput
from .models import LineStatus, PaymentLine, PaymentRoll, RollStatus

# Cases payroll reads: decided ones and terminated ones (a late termination means a recovery).
PAYABLE_STATUSES = (CaseStatus.APPROVED, CaseStatus.ACTIVE, CaseStatus.TERMINATED)
# How far back a recheck may reach (a decision older than this is reviewed by hand).
MAX_LOOKBACK_MONTHS = 60
LOCKED = (RollStatus.LOCKED, RollStatus.SETTLED)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


@functools.lru_cache(maxsize=4096)
def _m(day: date | None) -> Month | None:
    """The month of a date (cached: a commune's cases share a few hundred start months)."""
    return None if day is None else Month(day.year, day.month)


@functools.lru_cache(maxsize=4096)
def _month_after(day: date) -> Month:
    return _m(day) + 1


def province_code_of(unit) -> str | None:
    """The province code of a unit, from its path ("2025:01/00004/" → "01")."""
    return unit.path.split(":", 1)[1].split("/", 1)[0] if unit.path else None


def last_locked_roll(unit, month: Month) -> PaymentRoll | None:
    return (
        PaymentRoll.objects.filter(unit=unit, status__in=LOCKED, month__lt=month.first_day).order_by("-month").first()
    )


def rules_changed_from(since: datetime | None) -> Month | None:
    """The earliest month touched by a rule row added or changed after ``since``."""
    if since is None:
        return None
    earliest = None
    for model in (BaseRate, FlatAmount, CoefficientBand, Category):
        found = model.history.filter(history_date__gt=since).aggregate(m=Min("valid_from"))["m"]
        if found and (earliest is None or found < earliest):
            earliest = found
    return _m(earliest)


def payees_for_unit(unit, month: Month) -> list[PayeeInput]:
    """Everyone a commune's roll of ``month`` may pay, with the months to recheck for arrears."""
    first = month.first_day
    horizon = (month - MAX_LOOKBACK_MONTHS).first_day
    last = last_locked_roll(unit, month)
    since = last.generated_at if last else None
    gap_from = (_m(last.month) + 1) if last else None  # months never rolled since the last locked roll
    rules_from = rules_changed_from(since)

    cases_qs = Case.objects.filter(unit=unit, status__in=PAYABLE_STATUSES, start_month__lte=first).filter(
        Q(end_month__isnull=True) | Q(end_month__gte=horizon)
    )
    case_rows = list(
        cases_qs.values_list(
            "id", "person_id", "category", "start_month", "end_month", "paid_until_month", "status",
            "disability_level", "studying_until", "pregnant", "cared_person_id", "decision_number", "decision_date",
        )
    )
    if not case_rows:
        return []
    person_ids = cases_qs.values("person_id")
    # Most of a commune's beneficiaries live in it: read them by the unit index, then the few
    # others (moved away, or cared for by someone here) by id.
    person_cols = (
        "id", "birth_date", "birth_year", "death_date", "has_pension", "household_id", "sex",
        "full_name", "hamlet", "national_id", "payment_method", "bank_account", "bank_name", "receiver_name",
    )
    people = {r[0]: r for r in Person.objects.filter(unit=unit).values_list(*person_cols)}
    wanted = {r[1] for r in case_rows} | {r[10] for r in case_rows if r[10]}
    others = wanted - people.keys()
    if others:
        people.update((r[0], r) for r in Person.objects.filter(id__in=others).values_list(*person_cols))
    if since is None:
        changed_people = None  # the commune's first roll: everyone is checked
    else:
        changed_people = set(
            Person.objects.filter(id__in=person_ids, updated_at__gt=since).values_list("id", flat=True)
        ) | set(cases_qs.filter(updated_at__gt=since).values_list("person_id", flat=True))
    households = {people[pid][5] for pid in wanted if people.get(pid) and people[pid][5]}
    poverty = {}
    for chunk in _chunks(sorted(households), 5000):
        poverty.update(
            HouseholdPoverty.objects.filter(household_id__in=chunk, year=month.year).values_list("household_id", "status")
        )
    children: dict[int, list] = defaultdict(list)
    for case_id, birth, studying_until in CaseChild.objects.filter(case__in=cases_qs).values_list(
        "case_id", "birth_date", "studying_until"
    ):
        children[case_id].append(Child(birth_date=birth, studying=bool(studying_until and studying_until >= first)))
    # person id -> who organises the funeral (receives the support)
    funeral = dict(
        FuneralClaim.objects.filter(person_id__in=person_ids, paid_month__isnull=True).values_list(
            "person_id", "organiser_name"
        )
    )
    carried = carried_over(unit, month)

    by_person: dict[int, list] = defaultdict(list)
    for row in case_rows:
        by_person[row[1]].append(row)

    def facts_of(pid: int, cases: list, *, own: bool) -> PersonFacts:
        p = people[pid]
        disability = next((c[7] for c in cases if c[7]), None) if own else None
        return PersonFacts(
            birth_date=p[1], birth_year=p[2], death_date=p[3],
            household_poverty=poverty.get(p[5], "none") if p[5] else "none",
            disability_level=disability or None, has_pension=p[4],
            studying=any(c[8] and c[8] >= first for c in cases),
            pregnant=any(c[9] for c in cases),
            children=tuple(ch for c in cases for ch in children.get(c[0], ())),
        )

    base_candidates = [m for m in (gap_from, rules_from) if m is not None]
    lookback = month - MAX_LOOKBACK_MONTHS
    payees = []
    for pid, cases in by_person.items():
        p = people[pid]
        ents = []
        paid_until = {}
        for c in cases:
            cared = None
            if c[10] and c[10] in people:
                cp = people[c[10]]
                cared = PersonFacts(birth_date=cp[1], birth_year=cp[2], death_date=cp[3], disability_level=c[7] or None)
            ents.append(Entitlement(category=c[2], start_month=_m(c[3]), end_month=_m(c[4]), cared_person=cared, ref=c[0]))
            if c[5]:
                paid_until[c[0]] = _m(c[5])
        # The earliest month anything may still be owed: after what was paid outside the system.
        owed_from = min([_month_after(c[5]) if c[5] else _m(c[3]) for c in cases])
        candidates = list(base_candidates)
        if changed_people is None or pid in changed_people:
            candidates.append(owed_from)
        recheck = max(min(candidates), owed_from, lookback) if candidates else None
        decision = next((f"{c[11]} ngày {format_date(c[12])}" for c in cases if c[11]), "")
        payees.append(PayeeInput(
            person_id=pid,
            facts=facts_of(pid, cases, own=True),
            entitlements=tuple(ents),
            paid_until=paid_until,
            recheck_from=recheck if recheck is not None and recheck < month else None,
            funeral_due=pid in funeral,
            carried_over=carried.get(pid, {}),
            info={
                "full_name": p[7], "hamlet": p[8], "national_id": p[9] or "",
                "birth": f"{p[1].day:02d}/{p[1].month:02d}/{p[1].year}" if p[1] else str(p[2]),
                "payment_method": p[10], "bank_account": p[11], "bank_name": p[12], "receiver": p[13],
                "decision": decision,
                "funeral_organiser": funeral.get(pid) or "",
            },
        ))
    return payees


def ledger_for(person_ids, since: Month, unit) -> Ledger:
    """What this commune's locked rolls paid, per person, scheme and month, from ``since`` on.

    Each commune reconciles its own cases against its own payments: after a move recorded
    late, the old commune recovers the months it paid after the move and the new one pays
    them as arrears, so the person is paid each month once, by the commune that owes it."""
    ledger: Ledger = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    ids = list(person_ids)
    for i in range(0, len(ids), 5000):
        rows = PaymentLine.objects.filter(
            person_id__in=ids[i : i + 5000], unit=unit, roll__status__in=LOCKED
        ).values_list(
            "person_id", "scheme", "month", "amount", "arrears_detail", "recovery_detail"
        )
        for pid, scheme, line_month, amount, arrears, recovery in rows:
            per = ledger[pid][scheme]
            m = Month(line_month.year, line_month.month)
            if m >= since:
                per[m.index] += amount
            for key, value in (arrears or {}).items():
                per[Month.parse(key).index] += value
            for key, value in (recovery or {}).items():
                per[Month.parse(key).index] -= value
    return ledger


def carried_over(unit, month: Month) -> dict[int, dict[str, int]]:
    """Amounts not collected in the previous month's roll, carried to this one."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    rows = PaymentLine.objects.filter(
        unit=unit, month=(month - 1).first_day, status=LineStatus.NOT_COLLECTED, roll__status__in=LOCKED
    ).values_list("person_id", "scheme", "total")
    for pid, scheme, total in rows:
        out[pid][scheme] = total
    return out


def not_collected_streaks(unit, month: Month, months: int = 3) -> list[int]:
    """Cases whose lines were not collected in each of the last ``months`` rolls (suspension worklist)."""
    start = (month - months).first_day
    counts: dict[int, set] = defaultdict(set)
    for pid, m in PaymentLine.objects.filter(
        unit=unit, month__gte=start, month__lt=month.first_day, status=LineStatus.NOT_COLLECTED
    ).values_list("person_id", "month"):
        counts[pid].add(m)
    return sorted(pid for pid, ms in counts.items() if len(ms) >= months)


class RollupRow:
    STATUS_LABELS = {None: "Chưa lập", **dict(RollStatus.choices)}

    def __init__(self, unit, roll):
        self.unit = unit
        self.roll = roll

    @property
    def status(self) -> str:
        return self.roll.status if self.roll else "missing"

    @property
    def status_label(self) -> str:
        return str(self.STATUS_LABELS[self.roll.status if self.roll else None])


def rollup_for(user, month: Month) -> list[RollupRow]:
    """Every commune in the user's subtree with its roll of ``month`` (or none yet)."""
    from btxh.models import Level, Unit

    communes = list(Unit.objects.for_user(user).filter(level=Level.COMMUNE).order_by("path").only("id", "code", "name", "path"))
    rolls = {
        r.unit_id: r
        for r in PaymentRoll.objects.for_user(user).filter(month=month.first_day).only(
            "id", "unit_id", "status", "line_count", "total", "total_amount", "total_arrears", "total_recovery",
            "total_funeral", "total_cash", "total_bank", "month",
        )
    }
    return [RollupRow(u, rolls.get(u.pk)) for u in communes]


def rollup_totals(rows: list[RollupRow]) -> dict:
    rolls = [r.roll for r in rows if r.roll is not None]
    return {
        "communes": len(rows), "missing": len(rows) - len(rolls),
        "total": sum(r.total for r in rolls), "lines": sum(r.line_count for r in rolls),
    }


def suspension_worklist(user, month: Month):
    """People of the user's commune who did not collect their money three months running."""
    from btxh.models import Level

    unit = user.unit
    if unit is None or unit.level != Level.COMMUNE:
        return Person.objects.none()
    return Person.objects.for_user(user).filter(pk__in=not_collected_streaks(unit, month))
