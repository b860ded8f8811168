"""The bridge from the registry to the benefits engine: the facts of a person, the entitlement of
a case, and a bulk loader for payroll.

Only ``benefits.engine`` (pure, no Django) is imported from the benefits app (floor rule).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

from django.db.models import Prefetch, Q

from benefits.engine import Child, Entitlement, Month, PersonFacts

from .categories import category_info
from .errors import RegistryError
from .models import Case, CaseStatus, Person, Poverty

_LEVEL_RANK = {"severe": 1, "extra_severe": 2}

# Cases payroll may owe for: decided ones, and terminated ones whose last months may still be owed.
ENTITLEMENT_STATUSES = (CaseStatus.APPROVED, CaseStatus.ACTIVE, CaseStatus.SUSPENDED, CaseStatus.TERMINATED)


def _reference_day(year: int, month: Month | None) -> date:
    return month.first_day if month is not None else date(year, 1, 1)


def _disability_level(cases: list[Case]) -> str | None:
    """The highest level on the person's own-disability cases; open cases win over ended ones."""
    own = [c for c in cases if c.disability_level and (info := category_info(c.category)) and info.needs_own_disability]
    current = [c for c in own if c.status != CaseStatus.TERMINATED] or own
    levels = [c.disability_level for c in current]
    return max(levels, key=_LEVEL_RANK.__getitem__) if levels else None


def person_facts(person: Person, *, year: int, month: Month | None = None) -> PersonFacts:
    """What the engine needs about ``person``: birth, death, the household's poverty status of
    ``year``, disability level, pension, studies, pregnancy and children (from the person's cases).

    Studies, pregnancy and children's studies are judged on the first day of ``month`` when given,
    else on 1 January of ``year``. Uses prefetched ``cases`` / ``children`` /
    ``household.poverty_records`` when present (see ``unit_entitlements``).
    """
    ref = _reference_day(year, month)
    cases = list(person.cases.all())
    household = person.household if person.household_id else None
    poverty = household.poverty_in(year) if household else Poverty.NONE

    studying = False
    pregnant = False
    children: dict[tuple, Child] = {}
    for case in cases:
        info = category_info(case.category)
        if info is None:
            continue
        if case.studying_until and case.studying_until >= ref:
            studying = True
        elif info.needs_studying and case.studying_until is None and case.status != CaseStatus.TERMINATED:
            studying = True  # an imported K2 case whose end of studies is not known yet
        if (
            info.needs_pregnancy
            and case.pregnant
            and (case.pregnancy_due_date is None or case.pregnancy_due_date >= ref)
        ):
            pregnant = True
        if info.needs_children:
            for child in case.children.all():
                key = (child.birth_date, child.full_name.strip().lower())
                kid = Child(
                    birth_date=child.birth_date, studying=bool(child.studying_until and child.studying_until >= ref)
                )
                if key not in children or kid.studying:
                    children[key] = kid
    return PersonFacts(
        birth_date=person.birth_date,
        birth_year=None if person.birth_date else person.birth_year,
        death_date=person.death_date,
        household_poverty=poverty,
        disability_level=_disability_level(cases),
        has_pension=person.has_pension,
        studying=studying,
        pregnant=pregnant,
        children=tuple(sorted(children.values(), key=lambda c: c.birth_date)),
    )


def _month(day: date | None) -> Month | None:
    return None if day is None else Month(day.year, day.month)


def case_entitlement(case: Case, *, year: int | None = None, month: Month | None = None) -> Entitlement:
    """The decided right of a case: its category from ``start_month`` through ``end_month``,
    ``ref=case.pk``; for care support, the facts of the person cared for (their disability
    level falls back to the one recorded on the case)."""
    if case.start_month is None:
        raise RegistryError(f"Hồ sơ {case.pk} chưa được phê duyệt (chưa có tháng bắt đầu hưởng).")
    info = category_info(case.category)
    cared = None
    if info is not None and info.needs_cared_person:
        year = year or (month.year if month else case.start_month.year)
        cared = person_facts(case.cared_person, year=year, month=month) if case.cared_person_id else PersonFacts()
        if cared.disability_level is None and case.disability_level:
            cared = dataclasses.replace(cared, disability_level=case.disability_level)
    return Entitlement(
        category=case.category,
        start_month=_month(case.start_month),
        end_month=_month(case.end_month),
        cared_person=cared,
        ref=case.pk,
    )


def case_paid_until(case: Case) -> Month | None:
    """The last month already paid outside the system ("Đã chi trả đến tháng"): arrears only after it."""
    return _month(case.paid_until_month)


def _payable(month: Month) -> Q:
    return Q(status__in=ENTITLEMENT_STATUSES, start_month__isnull=False) & (
        Q(end_month__isnull=True) | Q(end_month__gte=month.first_day)
    )


def _people_with_facts(ids: list[int]):
    cared_cases = Case.objects.prefetch_related("children")
    return (
        Person.objects.filter(pk__in=ids)
        .select_related("household", "unit")
        .prefetch_related(
            "household__poverty_records",
            Prefetch(
                "cases",
                queryset=Case.objects.select_related("cared_person__household").prefetch_related("children"),
            ),
            Prefetch("cases__cared_person__cases", queryset=cared_cases),
            "cases__cared_person__household__poverty_records",
        )
        .order_by("pk")
    )


def unit_entitlements(
    unit_ids, *, month: Month, chunk_size: int = 1000
) -> Iterator[tuple[Person, PersonFacts, list[Entitlement]]]:
    """For payroll: every person with a case in ``unit_ids`` that is approved, active, suspended
    or terminated with ``end_month`` ≥ ``month``, with their facts for ``month`` and the
    entitlements of those cases (``ref`` = case id; the case itself, with ``status``,
    ``suspended_from_month`` and ``paid_until_month``, is in ``person.cases.all()``).

    People are read in chunks of ``chunk_size`` with a constant number of queries per chunk.
    Suspended cases are included: whether a suspended month is paid is payroll's rule.
    """
    units = frozenset(unit_ids)
    payable = _payable(month) & Q(unit_id__in=units)
    ids_qs = Case.objects.filter(payable).values_list("person_id", flat=True).distinct().order_by("person_id")
    last = 0
    while True:
        ids = list(ids_qs.filter(person_id__gt=last)[:chunk_size])
        if not ids:
            return
        last = ids[-1]
        for person in _people_with_facts(ids):
            facts = person_facts(person, year=month.year, month=month)
            entitlements = [
                case_entitlement(case, year=month.year, month=month)
                for case in person.cases.all()
                if case.unit_id in units and _is_payable(case, month)
            ]
            yield person, facts, entitlements


def _is_payable(case: Case, month: Month) -> bool:
    return (
        case.status in ENTITLEMENT_STATUSES
        and case.start_month is not None
        and (case.end_month is None or case.end_month >= month.first_day)
    )
