"""From facts and the ledger to the lines of a roll. Pure: no database.

For the month of the roll, each beneficiary is owed what the engine says. For each past
month that may have changed (never rolled, a late decision, a back-dated rule row, a death
recorded late) the engine's answer is compared with what locked rolls paid: the
difference is arrears (truy lĩnh) when positive, a recovery (truy thu) when negative
(Decree 20/2021/NĐ-CP art. 34(4): the list includes arrears and funeral money).
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from btxh.formatting import format_money, format_month
from engine import Entitlement, Month, PersonFacts, RuleSet, compute
from engine.funeral import FUNERAL, funeral_support

# ledger[person_id][scheme][month_index] = Paid: what locked rolls of every commune paid for that
# month, what this commune's paid, and whether the month's first payment is locked.
Paid = tuple[int, int, bool]
Ledger = dict[int, dict[str, dict[int, Paid]]]
NOTHING_PAID: Paid = (0, 0, False)


@dataclass(slots=True)  # built once per beneficiary and never changed (not frozen: ten times as many are built)
class PayeeInput:
    person_id: int
    facts: PersonFacts
    entitlements: tuple[Entitlement, ...]  # ref = case id
    # Per case: the last month already paid outside the system (an imported list).
    paid_until: dict = field(default_factory=dict)
    # The earliest past month whose amount may differ from what was paid (None: no check).
    recheck_from: Month | None = None
    funeral_due: bool = False
    carried_over: dict = field(default_factory=dict)  # scheme -> amount not collected last month
    info: dict = field(default_factory=dict)  # name, hamlet, payment method… copied to the line
    # The facts and entitlements of another month (arrears are computed on each month's own facts:
    # the poverty status of that year, studies and children as they were). None: ``facts`` always.
    facts_at: Callable[[Month], tuple[PersonFacts, tuple[Entitlement, ...]]] | None = None
    # Approved or active cases that should pay the roll's month (case id -> category).
    open_cases: dict = field(default_factory=dict)
    # Whether the household has a poverty status recorded for the roll's year.
    poverty_recorded: bool = True
    # The entitlements of the person's cases in other communes that pay a month (a move): a month
    # is owed once, whichever commune's case owes it. None: no other case.
    others_at: Callable[[Month], tuple[Entitlement, ...]] | None = None
    # A locked roll (of any commune) already paid something for the roll's own month.
    month_paid: bool = False

    def at(self, month: Month) -> tuple[PersonFacts, tuple[Entitlement, ...]]:
        return self.facts_at(month) if self.facts_at is not None else (self.facts, self.entitlements)


@dataclass(slots=True)
class LineRow:
    person_id: int
    scheme: str
    categories: str
    case_ids: list
    coefficient: Decimal | None
    base_rate: int
    amount: int
    arrears: int
    arrears_detail: dict
    recovery: int
    recovery_detail: dict
    funeral: int
    carried_over: int
    total: int
    explanation: str
    rules: list
    facts: str  # JSON text
    info: dict


def _owed_by_scheme(result, month: Month, paid_until: dict) -> dict[str, list]:
    """Engine lines of a month grouped by scheme, without those already paid outside the system."""
    out: dict[str, list] = defaultdict(list)
    for line in result.lines:
        until = paid_until.get(line.ref)
        if until is not None and month <= until:
            continue
        out[line.scheme].append(line)
    return out


# Compact JSON. One encoder object: json.dumps would build one per call.
_snapshot_json = json.JSONEncoder(separators=(",", ":")).encode


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _person_data(p: PersonFacts | None) -> dict | None:
    if p is None:
        return None
    return {
        "birth_date": _iso(p.birth_date), "birth_year": p.birth_year, "death_date": _iso(p.death_date),
        "household_poverty": p.household_poverty, "disability_level": p.disability_level,
        "has_pension": p.has_pension, "studying": p.studying, "pregnant": p.pregnant,
        "children": [{"birth_date": _iso(c.birth_date), "birth_year": c.birth_year, "studying": c.studying}
                     for c in p.children],
    }  # fmt: skip


def facts_snapshot(facts: PersonFacts, entitlements: Sequence[Entitlement]) -> str:
    """The facts a line was computed from, as JSON text (written as-is by COPY)."""
    return _snapshot_json({
        "person": _person_data(facts),
        "entitlements": [
            {"case": e.ref, "category": e.category, "start_month": str(e.start_month),
             "end_month": str(e.end_month) if e.end_month else None, "cared_person": _person_data(e.cared_person)}
            for e in entitlements
        ],
    })  # fmt: skip


def months_label(indexes: Iterable[int]) -> str:
    idx = sorted(indexes)
    if not idx:
        return ""
    first, last = Month.from_index(idx[0]), Month.from_index(idx[-1])
    if first == last:
        return format_month(str(first))
    return f"{format_month(str(first))}-{format_month(str(last))}"


def payee_lines(p: PayeeInput, month: Month, rules: RuleSet, province_code: str | None, ledger: Ledger) -> list[LineRow]:
    """The lines of one beneficiary in the roll of ``month``."""
    result = compute(p.facts, p.entitlements, month, rules, province_code)
    if (
        (p.recheck_from is None or p.recheck_from >= month)
        and not p.month_paid
        and not p.carried_over
        and not p.funeral_due
        and len(result.lines) == 1
    ):
        # The common case: one line this month, nothing to reconcile.
        line = result.lines[0]
        until = p.paid_until.get(line.ref)
        if until is not None and month <= until:
            return []
        return [LineRow(
            person_id=p.person_id, scheme=line.scheme, categories=line.category,
            case_ids=[line.ref] if line.ref is not None else [], coefficient=line.coefficient,
            base_rate=line.base_rate, amount=line.amount, arrears=0, arrears_detail={}, recovery=0,
            recovery_detail={}, funeral=0, carried_over=0, total=line.amount, explanation=result.explanation,
            rules=[line.basis], facts=facts_snapshot(p.facts, p.entitlements), info=p.info,
        )]
    now = _owed_by_scheme(result, month, p.paid_until)
    if p.month_paid:
        now = _not_yet_paid(p, month, now, rules, province_code, ledger)
    arrears, recovery, notes = _reconcile(p, month, rules, province_code, ledger)
    rows: list[LineRow] = []
    snapshot = None
    for scheme in sorted(set(now) | set(arrears) | set(recovery) | set(p.carried_over)):
        lines = now.get(scheme, [])
        amount = sum(line.amount for line in lines)
        arr = arrears.get(scheme, {})
        rec = recovery.get(scheme, {})
        carried = p.carried_over.get(scheme, 0)
        if not (amount or arr or rec or carried):
            continue
        if snapshot is None:
            snapshot = facts_snapshot(p.facts, p.entitlements)
        explanation = result.explanation
        if arr or rec:
            explanation += "\nĐối chiếu các tháng trước: " + "; ".join(notes[scheme])
        if carried:
            explanation += f"\nChưa nhận tháng trước chuyển sang: {format_money(carried)}"
        rows.append(LineRow(
            person_id=p.person_id, scheme=scheme,
            categories="+".join(line.category for line in lines),
            case_ids=sorted({line.ref for line in lines if line.ref is not None}),
            coefficient=sum((line.coefficient for line in lines), Decimal(0)) if lines else None,
            base_rate=lines[0].base_rate if lines else 0,
            amount=amount,
            arrears=sum(arr.values()), arrears_detail={str(Month.from_index(k)): v for k, v in sorted(arr.items())},
            recovery=sum(rec.values()), recovery_detail={str(Month.from_index(k)): v for k, v in sorted(rec.items())},
            funeral=0, carried_over=carried, total=amount + sum(arr.values()) - sum(rec.values()) + carried,
            explanation=explanation, rules=sorted({line.basis for line in lines}), facts=snapshot, info=p.info,
        ))
    if p.funeral_due and (row := _funeral_row(p, rules, province_code, snapshot)) is not None:
        rows.append(row)
    return rows


def _owed_everywhere(p: PayeeInput, month: Month, rules: RuleSet, province_code: str | None):
    """(owed under every commune's cases, the refs of this commune's cases) for one month."""
    facts, own = p.at(month)
    others = p.others_at(month) if p.others_at is not None else ()
    result = compute(facts, (*own, *others), month, rules, province_code)
    return _owed_by_scheme(result, month, p.paid_until), {e.ref for e in own}


def _not_yet_paid(p: PayeeInput, month: Month, now: dict, rules, province_code, ledger: Ledger) -> dict:
    """This month's lines less what a locked roll (another commune's, after a move) already paid."""
    owed, _own = _owed_everywhere(p, month, rules, province_code)
    paid = ledger.get(p.person_id, {})
    out = {}
    for scheme, lines in now.items():
        left = sum(line.amount for line in owed.get(scheme, ())) - paid.get(scheme, {}).get(month.index, NOTHING_PAID)[0]
        if left <= 0:
            continue
        kept, total = [], 0
        for line in lines:
            if total + line.amount <= left:
                kept.append(line)
                total += line.amount
        out[scheme] = kept
    return out


def _reconcile(p: PayeeInput, month: Month, rules: RuleSet, province_code: str | None, ledger: Ledger):
    """Per scheme, the past months where what the engine says was owed (under the person's cases
    in every commune) differs from what locked rolls of every commune paid: ``(arrears, recovery,
    notes)``, months as indexes. A month is paid once: arrears go to the commune whose case owes
    the month, a recovery to the commune that paid it."""
    arrears: dict[str, dict[int, int]] = defaultdict(dict)
    recovery: dict[str, dict[int, int]] = defaultdict(dict)
    notes: dict[str, list[str]] = defaultdict(list)
    if p.recheck_from is None or p.recheck_from >= month:
        return arrears, recovery, notes
    paid_by_scheme = ledger.get(p.person_id, {})
    for past in Month.range(p.recheck_from, month - 1):
        owed, own = _owed_everywhere(p, past, rules, province_code)
        for scheme in (set(owed) | set(paid_by_scheme)) - {FUNERAL}:
            lines = owed.get(scheme, ())
            due = sum(line.amount for line in lines)
            paid, paid_here, _first = paid_by_scheme.get(scheme, {}).get(past.index, NOTHING_PAID)
            if due == paid:
                continue
            if due > paid:
                value = min(due - paid, sum(line.amount for line in lines if line.ref in own))
                if value <= 0:
                    continue
                arrears[scheme][past.index] = value
            else:
                value = min(paid - due, paid_here)
                if value <= 0:
                    continue
                recovery[scheme][past.index] = value
            notes[scheme].append(f"{format_month(str(past))}: phải trả {format_money(due)}, đã trả {format_money(paid)}")
    return arrears, recovery, notes


def line_ledger(row: LineRow, month: Month, ledger: Ledger, funeral_month: Month | None = None) -> list[tuple]:
    """The months a line pays, as ledger rows ``(scheme, month, amount, first)``: its own month, each
    arrears month, each recovered month (negative) and funeral support. A positive amount is the
    month's first payment unless a locked roll already paid that month first."""
    paid = ledger.get(row.person_id, {}).get(row.scheme, {})
    entries = []

    def add(m: Month, amount: int) -> None:
        first = amount > 0 and not paid.get(m.index, NOTHING_PAID)[2]
        entries.append((row.scheme, m.first_day, amount, first))

    if row.amount:
        add(month, row.amount)
    for text, value in row.arrears_detail.items():
        add(Month.parse(text), value)
    for text, value in row.recovery_detail.items():
        add(Month.parse(text), -value)
    if row.funeral:
        add(funeral_month or month, row.funeral)
    return entries


def _funeral_row(p: PayeeInput, rules: RuleSet, province_code: str | None, snapshot: str | None) -> LineRow | None:
    """Funeral support, paid once to whoever organises the funeral (Decree 20/2021 art. 11 for the
    monthly allowance; Law 41/2024 art. 22(3) for the social pension: a flat amount)."""
    line = funeral_support(p.facts, p.entitlements, rules, province_code)
    if line is None:
        return None
    if line.coefficient == 1:
        how = format_money(line.amount)
    else:
        how = f"{line.coefficient} × {format_money(line.base_rate)} = {format_money(line.amount)}"
    return LineRow(
        person_id=p.person_id, scheme=FUNERAL, categories=FUNERAL, case_ids=[line.ref],
        coefficient=line.coefficient, base_rate=line.base_rate, amount=0, arrears=0, arrears_detail={},
        recovery=0, recovery_detail={}, funeral=line.amount, carried_over=0, total=line.amount,
        explanation=f"Hỗ trợ chi phí mai táng: {how} ({line.basis})",
        rules=[line.basis], facts=snapshot or facts_snapshot(p.facts, p.entitlements),
        info={**p.info, "receiver": p.info.get("funeral_organiser") or p.info.get("receiver", "")},
    )


def payee_problem(
    p: PayeeInput, month: Month, rules: RuleSet, province_code: str | None, rows: Sequence[LineRow]
) -> str | None:
    """Why an approved or active case pays nothing in the roll's month, or None.

    Nothing is dropped silently: a case that should pay and computes to 0 (no poverty status
    recorded for the year, a missing cared person, child or disability level, an age or study
    limit passed without a decision) is listed on the roll with this reason."""
    due = [ref for ref in p.open_cases if not (ref in p.paid_until and month <= p.paid_until[ref])]
    if not due or any(r.amount > 0 for r in rows):
        return None
    needs_poverty = any((cat := rules.category(p.open_cases[ref])) is not None and cat.poverty for ref in due)
    if needs_poverty and not p.poverty_recorded:
        return f"Chưa có tình trạng hộ nghèo, cận nghèo của hộ năm {month.year}"
    result = compute(p.facts, p.entitlements, month, rules, province_code)
    notes = [line.split("không hưởng – ", 1)[1].rstrip(".") for line in result.explanation.splitlines()
             if "không hưởng – " in line]  # fmt: skip
    return "; ".join(notes) or (result.explanation.splitlines() or ["Số tiền tính được bằng 0"])[0]
