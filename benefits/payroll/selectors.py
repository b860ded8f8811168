"""Reads for payroll: a commune's beneficiaries with their facts (from the registry's one facts
builder, ``beneficiaries.facts``) and the ledger of what was paid.

A constant number of queries per 5,000 people, rows read as tuples (no model instances), so
that a province of a million people loads in seconds.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from beneficiaries.categories import SCHEME_LABELS
from beneficiaries.facts import PAYING_STATUSES, FactsData, facts_data_load, pays_in
from beneficiaries.models import Case, CaseStatus, FuneralClaim, HouseholdPoverty, Person
from benefits.models import BaseRate, Category, CoefficientBand, FlatAmount
from btxh.cache import cached, ids_key
from btxh.formatting import format_date
from btxh.models import Level, Unit
from engine import Month

from .compute import Ledger, PayeeInput
from .filters import RollLineFilter
from .models import LedgerEntry, LineStatus, PaymentLine, PaymentRoll, RollStatus

# Cases that should pay the roll's month: an approved or active one that computes to nothing is
# listed as "không tính được", never dropped silently.
OPEN_PAYING = (CaseStatus.APPROVED, CaseStatus.ACTIVE)
# How far back a recheck may reach (a decision older than this is reviewed by hand).
MAX_LOOKBACK_MONTHS = 60
LOCKED = (RollStatus.LOCKED, RollStatus.SETTLED)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


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
    return Month.of(earliest)


@dataclass(slots=True)
class _Commune:
    """What one commune's roll reads, in a constant number of queries per 5,000 people."""

    month: Month
    unit_id: int
    cases_by_person: dict  # person id -> [case row] of this commune that may pay the month or be owed
    data: FactsData  # the facts of those people and of the people they care for
    funeral: dict  # person id -> funeral organiser, for funeral support decided and not yet paid
    carried: dict  # person id -> {scheme: amount not collected last month}
    changed: set | None  # people whose person or case rows changed since the last locked roll (None: all)
    recheck_floor: list  # months every payee is rechecked from (never rolled, rule rows changed)
    paid_now: set  # people a locked roll already paid for this month (in another commune)


def payable_cases(month: Month):
    """The cases a commune's roll of ``month`` reads: decided and started by then, and not ended
    longer ago than arrears can reach."""
    return Case.objects.filter(status__in=PAYING_STATUSES, start_month__lte=month.first_day).filter(
        Q(end_month__isnull=True) | Q(end_month__gte=(month - MAX_LOOKBACK_MONTHS).first_day)
    )


@dataclass(slots=True)
class FuneralBeyondLookback:
    """Funeral support decided and not paid for someone no roll of the month reads any more."""

    person_id: int
    name: str
    hamlet: str
    death_date: date
    decision: str  # "số 12/QĐ-UBND ngày 20/10/2026"
    cases: dict  # case id (text) -> category, the person's cases in the commune


def funeral_beyond_lookback(unit, month: Month) -> list[FuneralBeyondLookback]:
    """The funeral claims of the commune, decided and not paid, of people none of whose cases (in
    any commune) a roll of ``month`` reads: they ended more than MAX_LOOKBACK_MONTHS before it.
    ``payable_cases`` never loads them, so the roll would drop them silently; a claim decided
    that late is reviewed by hand (the roll lists it). One query, on the few unpaid claims."""
    rows = (
        FuneralClaim.objects.filter(unit=unit, paid_month__isnull=True, decision__isnull=False)
        .exclude(Exists(payable_cases(month).filter(person_id=OuterRef("person_id"))))
        .order_by("person__hamlet", "person__full_name", "person_id")
        .values_list(
            "person_id", "person__full_name", "person__hamlet", "death_date", "decision__number", "decision__decision_date"
        )
    )
    found = [
        FuneralBeyondLookback(pid, name, hamlet, death, f"số {number} ngày {format_date(signed)}", {})
        for pid, name, hamlet, death, number, signed in rows
    ]
    if found:
        cases = Case.objects.filter(unit=unit, person_id__in=[f.person_id for f in found]).order_by("pk")
        by_person = {f.person_id: f for f in found}
        for pk, pid, category in cases.values_list("pk", "person_id", "category"):
            by_person[pid].cases[str(pk)] = category
    return found


def communes_with_payees(communes, month: Month) -> set[int]:
    """Ids of the communes (a Unit queryset or ids) whose roll of ``month`` would pay someone: the
    others have no beneficiaries, so a roll-up does not count them among those not done."""
    return set(payable_cases(month).filter(unit__in=communes).values_list("unit_id", flat=True).distinct())


def _commune_load(unit, month: Month, skip=frozenset()) -> _Commune | None:
    last = last_locked_roll(unit, month)
    since = last.generated_at if last else None
    cases_qs = payable_cases(month).filter(unit=unit)
    person_ids = sorted(set(cases_qs.values_list("person_id", flat=True)) - skip)
    if not person_ids:
        return None
    data = facts_data_load(person_ids)
    cases_by_person = {
        pid: rows
        for pid in person_ids
        if (rows := [c for c in data.cases.get(pid, ()) if c.unit_id == unit.pk and _may_be_owed(c, month)])
    }
    changed = None  # the commune's first roll: everyone is checked
    if since is not None:
        changed = _changed_since(data, cases_by_person, since)
        households = HouseholdPoverty.history.filter(history_date__gt=since).values("household_id")
        changed |= set(Person.objects.filter(id__any=person_ids, household_id__in=households).values_list("id", flat=True))
    # The funeral support is a one-off the approving level decides together with the termination
    # (Decree 20/2021 art. 11): a claim waits for that decision, while the monthly allowance
    # already stops at the legal month whatever the decision's date.
    funeral = dict(
        FuneralClaim.objects.filter(
            person_id__in=cases_qs.values("person_id"), paid_month__isnull=True, decision__isnull=False
        ).values_list("person_id", "organiser_name")
    )
    gap_from = (Month.of(last.month) + 1) if last else None  # months never rolled since the last locked roll
    recheck_floor = [m for m in (gap_from, rules_changed_from(since)) if m is not None]
    return _Commune(month, unit.pk, cases_by_person, data, funeral, carried_over(unit, month), changed, recheck_floor,
                    paid_in_month(person_ids, month))  # fmt: skip


def _changed_since(data: FactsData, cases_by_person: dict, since: datetime) -> set[int]:
    """The payees whose person row, case rows of this commune or cared person's row were written
    after ``since`` (from the rows already read: their ``updated_at``)."""

    def written(row) -> bool:
        return row is not None and (row.updated_at is None or row.updated_at > since)

    people = data.people
    return {
        pid
        for pid, rows in cases_by_person.items()
        if written(people[pid])
        or any(written(c) or (c.cared_person_id is not None and written(people.get(c.cared_person_id))) for c in rows)
    }


def _may_be_owed(c, month: Month) -> bool:
    return (
        c.status in PAYING_STATUSES
        and c.start_month is not None
        and c.start_month <= month
        and (c.end_month is None or c.end_month >= month - MAX_LOOKBACK_MONTHS)
    )


def _payee(data: _Commune, pid: int, cases: list) -> PayeeInput:
    month = data.month
    facts_data = data.data
    p = facts_data.people[pid]
    paid_until = {c.id: Month.of(c.paid_until_month) for c in cases if c.paid_until_month}
    # The earliest month anything may still be owed: after what was paid outside the system.
    owed_from = min([Month.of(c.paid_until_month) + 1 if c.paid_until_month else Month.of(c.start_month) for c in cases])
    candidates = list(data.recheck_floor)
    if data.changed is None or pid in data.changed:
        candidates.append(owed_from)
    recheck = max(min(candidates), owed_from, month - MAX_LOOKBACK_MONTHS) if candidates else None
    decision = next((f"{c.decision_number} ngày {format_date(c.decision_date)}" for c in cases if c.decision_number), "")
    facts, entitlements = facts_data.month_input(pid, month, cases)
    others = [c for c in facts_data.cases.get(pid, ()) if c.unit_id != data.unit_id and c.start_month is not None]
    return PayeeInput(
        person_id=pid,
        facts=facts,
        entitlements=entitlements,
        facts_at=functools.partial(facts_data.month_input, pid, cases=cases),
        others_at=functools.partial(_entitlements_in, facts_data, others) if others else None,
        month_paid=pid in data.paid_now,
        paid_until=paid_until,
        recheck_from=recheck if recheck is not None and recheck < month else None,
        funeral_due=pid in data.funeral,
        carried_over=data.carried.get(pid, {}),
        open_cases={c.id: c.category for c in cases if c.status in OPEN_PAYING and pays_in(c, month)},
        poverty_recorded=facts_data.poverty_recorded(pid, month.year),
        info={
            "full_name": p.full_name, "hamlet": p.hamlet, "national_id": p.national_id or "",
            "birth": format_date(p.birth_date) if p.birth_date else str(p.birth_year),
            "payment_method": p.payment_method, "bank_account": p.bank_account, "bank_name": p.bank_name,
            "receiver": p.receiver_name, "decision": decision, "funeral_organiser": data.funeral.get(pid) or "",
        },
    )


def _entitlements_in(data: FactsData, cases: list, month: Month) -> tuple:
    return tuple(data.entitlement(c, month) for c in cases if pays_in(c, month))


def payees_for_unit(unit, month: Month, skip=frozenset()) -> list[PayeeInput]:
    """Everyone a commune's roll of ``month`` may pay (but the people in ``skip``), with the months
    to recheck for arrears: months never rolled, months of rule rows changed since the last locked
    roll, and all of a person's months when their person or case rows changed since then."""
    data = _commune_load(unit, month, skip)
    if data is None:
        return []
    return [_payee(data, pid, cases) for pid, cases in data.cases_by_person.items()]


def ledger_for(person_ids, since: Month, unit) -> Ledger:
    """What locked rolls paid, per person, scheme and month from ``since`` on: in every commune,
    in this one, and whether the month's first payment is locked. One grouped query per 5,000
    people over the ledger (``LedgerEntry``), not the lines.

    A month is owed once, whichever commune's case owes it: after a move recorded late, what the
    old commune paid stands, and the new commune pays only the months nobody paid."""
    ledger: Ledger = defaultdict(lambda: defaultdict(dict))
    ids = sorted(person_ids)
    for i in range(0, len(ids), 5000):
        rows = (
            LedgerEntry.objects.filter(person_id__any=ids[i : i + 5000], locked=True, month__gte=since.first_day)
            .values("person_id", "scheme", "month")
            .annotate(
                paid=Sum("amount"),
                here=Coalesce(Sum("amount", filter=Q(unit_id=unit.pk)), 0),
                firsts=Count("id", filter=Q(first=True)),
            )
            .values_list("person_id", "scheme", "month", "paid", "here", "firsts")
        )
        for pid, scheme, day, paid, here, firsts in rows:
            ledger[pid][scheme][day.index] = (paid, here, firsts > 0)
    return ledger


def paid_in_month(person_ids, month: Month) -> set[int]:
    """Those of ``person_ids`` for whom a locked roll (of any commune) already paid ``month``
    (the ledger's index of locked months: none at all until a roll of the month is locked)."""
    return set(
        LedgerEntry.objects.filter(month=month.first_day, locked=True, amount__gt=0, person_id__any=list(person_ids))
        .values_list("person_id", flat=True)
        .distinct()
    )


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
    """A commune in a month's roll-up: its roll, or none yet ("missing"), or none needed because
    nobody in the commune is paid that month ("no_payees")."""

    NO_PAYEES_LABEL = "Không có đối tượng"
    STATUS_LABELS = {"missing": "Chưa lập", "no_payees": NO_PAYEES_LABEL, **dict(RollStatus.choices)}

    def __init__(self, unit, roll, has_payees: bool = True):
        self.unit = unit
        self.roll = roll
        self.has_payees = has_payees

    @property
    def status(self) -> str:
        if self.roll:
            return self.roll.status
        return "missing" if self.has_payees else "no_payees"

    @property
    def status_label(self) -> str:
        return str(self.STATUS_LABELS[self.status])


def rollup_for(user, month: Month) -> list[RollupRow]:
    """Every commune in the user's subtree with its roll of ``month`` (or none yet)."""

    communes = list(Unit.objects.for_user(user).filter(level=Level.COMMUNE).order_by("path").only("id", "code", "name", "path"))
    rolls = {
        r.unit_id: r
        for r in PaymentRoll.objects.for_user(user).filter(month=month.first_day).only(
            "id", "unit_id", "status", "line_count", "people_count", "total", "total_amount", "total_arrears",
            "total_recovery", "total_funeral", "total_cash", "total_bank", "month",
        )
    }
    without_roll = [u.pk for u in communes if u.pk not in rolls]
    # Which communes without a roll have payees is a scan of the province's cases (0.3 s with a
    # million people): the page and the home page keep it until a record changes (at most five minutes).
    paying = (
        cached(f"payroll:paying:{month}:{ids_key(without_roll)}", lambda: communes_with_payees(without_roll, month))
        if without_roll
        else set()
    )
    return [RollupRow(u, rolls.get(u.pk), u.pk in rolls or u.pk in paying) for u in communes]


def rollup_totals(rows: list[RollupRow]) -> dict:
    rolls = [r.roll for r in rows if r.roll is not None]
    no_payees = sum(1 for r in rows if r.status == "no_payees")
    return {
        "communes": len(rows), "missing": len(rows) - len(rolls) - no_payees, "no_payees": no_payees,
        "total": sum(r.total for r in rolls), "lines": sum(r.line_count for r in rolls),
        # The people each roll pays (a person paid under two schemes has two lines), summed over the rolls.
        "people": sum(r.people_count for r in rolls),
    }


def suspension_worklist(user, month: Month):
    """People of the user's commune who did not collect their money three months running."""

    unit = user.unit
    if unit is None or unit.level != Level.COMMUNE:
        return Person.objects.none()
    return Person.objects.for_user(user).filter(pk__in=not_collected_streaks(unit, month))


def roll_lines_page(roll: PaymentRoll, data=None):
    """The roll's lines as its page lists them, filtered and ordered by ``data`` (the page's query
    string, ``filters.RollLineFilter``); nothing when it does not validate."""
    return RollLineFilter(data, roll=roll).qs


PROBLEMS_SHOWN = 50


def roll_problems_shown(roll: PaymentRoll, everyone: bool = False) -> dict:
    """The roll's "không tính được" entries as its page lists them: those not handled first, the
    first ``PROBLEMS_SHOWN`` unless ``everyone`` (a province's test roll may hold hundreds), and
    how many more there are."""
    problems = sorted(roll.errors or (), key=lambda e: bool(e.get("resolution")))
    shown = problems if everyone else problems[:PROBLEMS_SHOWN]
    return {"problems": shown, "problems_hidden": len(problems) - len(shown)}


def roll_overview(roll: PaymentRoll) -> dict:
    """What the roll page shows beside its lines: totals by hamlet, the people it pays (a person
    with two entitlements has two lines: the roll counts people), its documents, and whether they
    were rendered before the lock (they carry the draft mark and must be rendered again)."""
    lines = PaymentLine.objects.filter(roll=roll)
    documents = list(roll.documents.all())
    rank = {scheme: i for i, scheme in enumerate(SCHEME_LABELS)}  # the law's order, not the database's JSON order
    return {
        "scheme_totals": sorted((roll.totals_by_scheme or {}).items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])),
        "hamlets": lines.values("hamlet").annotate(total=Sum("total")).order_by("hamlet"),
        "people": roll.people_count,
        "documents": documents,
        "draft_documents": bool(roll.locked_at) and any(d.created_at < roll.locked_at for d in documents),
    }
