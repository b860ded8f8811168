"""The one bridge from the registry to the benefits engine: the facts of a person in a month and
the entitlements of their cases, built from rows.

Every view of an amount goes through here: the case page preview, payroll's roll and its arrears.
They load a :class:`FactsData` for the people they need (one person, or a commune in a constant
number of queries per 5,000 people) and ask it for ``month_input(person_id, month, cases)``.

Only ``engine`` (pure, no Django) is imported from the benefits app (floor rule).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from engine import Child, Entitlement, Month, PersonFacts

from .categories import category_info
from .models import (
    AssessmentStatus,
    Case,
    CaseChild,
    CaseStatus,
    DisabilityAssessment,
    HouseholdPoverty,
    PensionPeriod,
    Person,
    Poverty,
)

CHUNK = 5000
_LEVEL_RANK = {"severe": 1, "extra_severe": 2}

# Cases that give facts and may pay: decided ones, and terminated ones (their months up to the
# end month may still be owed, and their disability level is still a fact of the person).
PAYING_STATUSES = (CaseStatus.APPROVED, CaseStatus.ACTIVE, CaseStatus.SUSPENDED, CaseStatus.TERMINATED)


class PersonRow(NamedTuple):
    id: int
    unit_id: int
    birth_date: date | None
    birth_year: int | None
    death_date: date | None
    has_pension: bool
    household_id: int | None
    full_name: str
    hamlet: str
    national_id: str | None
    payment_method: str
    bank_account: str
    bank_name: str
    receiver_name: str
    updated_at: datetime | None  # (the roll recomputes the months of a person changed since its last lock)


class CaseRow(NamedTuple):
    id: int | None
    person_id: int
    unit_id: int
    category: str
    status: str
    start_month: Month | None
    end_month: Month | None
    paid_until_month: Month | None
    suspended_from_month: Month | None
    disability_level: str
    studying_until: date | None
    pregnant: bool
    pregnancy_due_date: date | None
    cared_person_id: int | None
    decision_number: str
    decision_date: date | None
    updated_at: datetime | None  # (None: a case being previewed, not saved)


class ChildRow(NamedTuple):
    case_id: int
    full_name: str
    birth_date: date | None
    studying_until: date | None


PERSON_COLUMNS = PersonRow._fields
CASE_COLUMNS = CaseRow._fields
CHILD_COLUMNS = ChildRow._fields


def case_row(case: Case) -> CaseRow:
    """The row of a case instance (for a case not saved yet, or changed but not saved: the preview)."""
    return CaseRow(*(getattr(case, name) for name in CASE_COLUMNS))


def pays_in(row: CaseRow, month: Month) -> bool:
    """Whether a case may pay ``month``: decided, started, not ended, not suspended from it."""
    if row.status not in PAYING_STATUSES or row.start_month is None:
        return False
    if row.start_month > month or (row.end_month is not None and row.end_month < month):
        return False
    return not (row.status == CaseStatus.SUSPENDED and row.suspended_from_month and row.suspended_from_month <= month)


def _disability_level(cases: Iterable[CaseRow]) -> str | None:
    """The highest level on the person's own-disability cases; open cases win over ended ones."""
    own = [c for c in cases if c.disability_level and (info := category_info(c.category)) and info.needs_own_disability]
    current = [c for c in own if c.status != CaseStatus.TERMINATED] or own
    levels = [c.disability_level for c in current]
    return max(levels, key=_LEVEL_RANK.__getitem__) if levels else None


class FactsData:
    """Rows of some people, their cases (of every unit), the children on those cases and their
    households' poverty status by year; the facts of a person in any month, built from them."""

    __slots__ = ("_cache", "cases", "children", "levels", "pensions", "people", "poverty")

    def __init__(self, people: dict, cases: dict, children: dict, poverty: dict, levels=None, pensions=None):
        self.people: dict[int, PersonRow] = people
        self.cases: dict[int, list[CaseRow]] = cases  # person id -> rows
        self.children: dict[int, list[ChildRow]] = children  # case id -> rows
        self.poverty: dict[int, dict[int, str]] = poverty  # household id -> {year: status}
        # person id -> [(from month, level)] of decided assessments, in order
        self.levels: dict[int, list[tuple[Month, str]]] = levels or {}
        # person id -> [(start, end or None)] of pension periods (when recorded, they replace has_pension)
        self.pensions: dict[int, list[tuple[Month, Month | None]]] = pensions or {}
        self._cache: dict[tuple[int, int], PersonFacts] = {}

    # -- facts ---------------------------------------------------------------
    def poverty_recorded(self, person_id: int, year: int) -> bool:
        """Whether the person's household has a poverty status (of any kind) recorded for ``year``."""
        p = self.people[person_id]
        return p.household_id is not None and year in self.poverty.get(p.household_id, {})

    def facts(self, person_id: int, month: Month) -> PersonFacts:
        """What the engine needs about the person in ``month``: birth, death, the household's
        poverty status of the month's year, disability level, pension, studies, pregnancy and
        children (from the person's cases), judged on the first day of the month."""
        key = (person_id, month.index)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._build(person_id, month)
        return found

    def _build(self, person_id: int, month: Month) -> PersonFacts:
        p = self.people[person_id]
        ref = month.first_day
        cases = self.cases.get(person_id, ())
        poverty = self.poverty.get(p.household_id, {}).get(month.year, Poverty.NONE) if p.household_id else Poverty.NONE
        studying = pregnant = False
        children: dict[tuple, Child] = {}
        for case in cases:
            info = category_info(case.category)
            if info is None:
                continue
            if case.studying_until and case.studying_until >= ref:
                studying = True
            elif info.needs_studying and case.studying_until is None and case.status != CaseStatus.TERMINATED:
                studying = True  # an imported K2 case whose end of studies is not known yet
            if info.needs_pregnancy and case.pregnant and (
                case.pregnancy_due_date is None or case.pregnancy_due_date >= ref
            ):
                pregnant = True
            if info.needs_children:
                for child in self.children.get(case.id, ()):
                    kid = Child(
                        birth_date=child.birth_date,
                        studying=bool(child.studying_until and child.studying_until >= ref),
                    )
                    key = (child.birth_date, child.full_name.strip().lower())
                    if key not in children or kid.studying:
                        children[key] = kid
        return PersonFacts(
            birth_date=p.birth_date,
            birth_year=None if p.birth_date else p.birth_year,
            death_date=p.death_date,
            household_poverty=poverty,
            disability_level=self._level(person_id, month) or _disability_level(cases),
            has_pension=self._pension(person_id, month, p.has_pension),
            studying=studying,
            pregnant=pregnant,
            children=tuple(sorted(children.values(), key=lambda c: c.birth_date or date.min)),
        )

    def _level(self, person_id: int, month: Month) -> str | None:
        """The level of the latest decided assessment in force in ``month`` (None: the cases' level)."""
        level = None
        for start, value in self.levels.get(person_id, ()):
            if start > month:
                break
            level = value
        return level

    def _pension(self, person_id: int, month: Month, undated: bool) -> bool:
        periods = self.pensions.get(person_id)
        if periods is None:
            return undated  # no dated period recorded: the person's yes/no
        return any(start <= month and (end is None or month <= end) for start, end in periods)

    # -- entitlements ---------------------------------------------------------
    def entitlement(self, row: CaseRow, month: Month) -> Entitlement:
        """The decided right of a case: its category from the start month through the end month
        (or the month before its suspension), ``ref`` = case id; for care support, the facts of
        the person cared for in ``month`` (their level falls back to the one on the case)."""
        info = category_info(row.category)
        cared = None
        if info is not None and info.needs_cared_person and row.cared_person_id in self.people:
            cared = self.facts(row.cared_person_id, month)
            if cared.disability_level is None and row.disability_level:
                cared = dataclasses.replace(cared, disability_level=row.disability_level)
        end = row.end_month
        if row.status == CaseStatus.SUSPENDED and row.suspended_from_month:
            before = row.suspended_from_month - 1
            end = before if end is None or before < end else end
        return Entitlement(
            category=row.category, start_month=row.start_month, end_month=end, cared_person=cared, ref=row.id
        )

    def month_input(
        self, person_id: int, month: Month, cases: Sequence[CaseRow]
    ) -> tuple[PersonFacts, tuple[Entitlement, ...]]:
        """The engine's input for ``person_id`` in ``month`` under ``cases`` (their rows)."""
        return self.facts(person_id, month), tuple(self.entitlement(c, month) for c in cases)


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def facts_data_load(person_ids: Iterable[int], *, extra_cases: Sequence[CaseRow] = ()) -> FactsData:
    """Load what the facts of ``person_ids`` need: their rows, their decided and terminated cases in
    every unit (plus ``extra_cases``, e.g. an undecided case being previewed), the people those
    cases care for (with their own cases), the children on the cases, every year's poverty status
    of their households, their decided disability levels by month and their pension periods.
    A constant number of queries per 5,000 people."""
    people: dict[int, PersonRow] = {}
    cases: dict[int, list[CaseRow]] = defaultdict(list)
    extra_ids = {c.id for c in extra_cases if c.id is not None}

    def load(ids: list[int]) -> list[CaseRow]:
        rows: list[CaseRow] = []
        for chunk in _chunks(ids):
            people.update(
                (r[0], PersonRow._make(r)) for r in Person.objects.filter(id__any=chunk).values_list(*PERSON_COLUMNS)
            )
            rows += [
                CaseRow._make(r)
                for r in Case.objects.filter(person_id__any=chunk, status__in=PAYING_STATUSES)
                .exclude(id__in=extra_ids)
                .order_by("id")
                .values_list(*CASE_COLUMNS)
            ]
        return rows

    rows = load(sorted(set(person_ids) | {c.person_id for c in extra_cases}))
    rows += list(extra_cases)
    cared = {
        r.cared_person_id
        for r in rows
        if r.cared_person_id and (info := category_info(r.category)) and info.needs_cared_person
    } - people.keys()
    if cared:
        rows += load(sorted(cared))
    for r in rows:
        cases[r.person_id].append(r)
    children: dict[int, list[ChildRow]] = defaultdict(list)
    child_cases = sorted(
        r.id for r in rows if r.id is not None and (info := category_info(r.category)) and info.needs_children
    )
    for chunk in _chunks(child_cases):
        for r in CaseChild.objects.filter(case_id__any=chunk).order_by("id").values_list(*CHILD_COLUMNS):
            children[r[0]].append(ChildRow._make(r))
    poverty: dict[int, dict[int, str]] = defaultdict(dict)
    households = sorted({p.household_id for p in people.values() if p.household_id})
    for chunk in _chunks(households):
        for household_id, year, status in HouseholdPoverty.objects.filter(household_id__any=chunk).values_list(
            "household_id", "year", "status"
        ):
            poverty[household_id][year] = status
    levels: dict[int, list[tuple[Month, str]]] = defaultdict(list)
    pensions: dict[int, list[tuple[Month, Month | None]]] = defaultdict(list)
    ids = sorted(people)
    for chunk in _chunks(ids):
        for pid, start, level in (
            DisabilityAssessment.objects.filter(person_id__any=chunk, status=AssessmentStatus.DECIDED)
            .order_by("person_id", "from_month", "id")
            .values_list("person_id", "from_month", "level")
        ):
            levels[pid].append((start, level))
        for pid, start, end in PensionPeriod.objects.filter(person_id__any=chunk).values_list(
            "person_id", "start_month", "end_month"
        ):
            pensions[pid].append((start, end))
    return FactsData(people, dict(cases), dict(children), dict(poverty), dict(levels), dict(pensions))
