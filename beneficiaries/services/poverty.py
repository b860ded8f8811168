"""The annual poverty review (rà soát hộ nghèo, hộ cận nghèo).

Every December the commune issues the list of poor and near-poor households approved for the
next year. K3, K4, K5A, K5D, K7, K8 and SP-70-POOR depend on it month by month: without a
status for the year their cases compute to nothing (the roll lists them as "không tính được").
The officer imports the approved list for a year, or confirms households one by one
(``household_poverty_set``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone

from btxh.models import Unit, User

from ..identity import name_normalize, national_id_clean
from ..importing import (
    HEADERS,
    ImportFileError,
    ImportPlan,
    ImportRow,
    RowError,
    _key,
    _parse_birth,
    _text,
    list_rows,
)
from ..models import HouseholdPoverty, Person, Poverty
from .imports import ImportResult
from .people import _require_editor, household_create_for

REVIEW_REQUIRED = ("full_name", "birth", "poverty")
_REVIEW_STATUS = {
    "ngheo": Poverty.POOR,
    "ho ngheo": Poverty.POOR,
    "can ngheo": Poverty.NEAR_POOR,
    "ho can ngheo": Poverty.NEAR_POOR,
}


def poverty_year_check(year: int, *, today: date) -> None:
    if not 2000 <= year <= today.year + 1:
        raise ImportFileError(f"Năm {year} không hợp lệ: chỉ nhập danh sách đến năm {today.year + 1}.")


def _read(data: bytes, *, unit: Unit, today: date) -> ImportPlan:
    plan = ImportPlan(unit=unit, today=today, communes={unit.code: unit})
    for number, values in list_rows(plan, data, headers=HEADERS, required=REVIEW_REQUIRED):
        if _text(values.get("full_name")) == "":
            continue  # an empty or a total row
        row = ImportRow(row=number, values={"full_name": _text(values["full_name"])})
        plan.rows.append(row)

        def error(key, message, row=row):
            plan.errors.append(RowError(row.row, HEADERS[key], message))

        try:
            row.values["birth_date"], row.values["birth_year"] = _parse_birth(values.get("birth"))
        except (ValueError, TypeError):
            error("birth", "không phải ngày dd/mm/yyyy hoặc năm yyyy.")
        row.values["national_id"] = national_id_clean(_text(values.get("national_id"))) or ""
        raw = _text(values.get("poverty"))
        status = _REVIEW_STATUS.get(_key(raw))
        if status is None:
            error("poverty", f'"{raw}" không hợp lệ: ghi "Nghèo" hoặc "Cận nghèo".')
        row.values["poverty"] = status
    _match(plan)
    return plan


def _match(plan: ImportPlan) -> None:
    """Each row to one person of the commune: by national ID, else by name and birth."""
    people = list(
        Person.objects.filter(unit=plan.unit).values_list(
            "pk", "national_id", "name_normalized", "birth_date", "birth_year", "household_id"
        )
    )
    by_id = {nid: pk for pk, nid, *_ in people if nid}
    by_name: dict[tuple, list[int]] = defaultdict(list)
    for pk, _nid, name, birth_date, birth_year, _h in people:
        by_name[(name, birth_date or birth_year)].append(pk)
        if birth_date:
            by_name[(name, birth_year)].append(pk)
    household_of = {pk: h for pk, *_, h in people}
    seen: dict[int, ImportRow] = {}
    status_of_household: dict[int, tuple[str, ImportRow]] = {}
    for row in plan.rows:
        v = row.values
        if "birth_year" not in v:
            continue
        if v["national_id"]:
            found = [by_id[v["national_id"]]] if v["national_id"] in by_id else []
        else:
            found = by_name.get((name_normalize(v["full_name"]), v["birth_date"] or v["birth_year"]), [])
        if not found:
            plan.errors.append(RowError(row.row, HEADERS["full_name"], "không tìm thấy người này trong xã."))
            continue
        if len(set(found)) > 1:
            plan.errors.append(
                RowError(row.row, HEADERS["national_id"], "có nhiều người cùng họ tên và ngày sinh: ghi số định danh.")
            )
            continue
        row.existing_person_id = found[0]
        if (earlier := seen.setdefault(found[0], row)) is not row:
            plan.errors.append(RowError(row.row, HEADERS["full_name"], f"trùng với dòng {earlier.row}."))
        household = household_of[found[0]]
        if household and v["poverty"]:
            status, first = status_of_household.setdefault(household, (v["poverty"], row))
            if status != v["poverty"]:
                plan.errors.append(
                    RowError(row.row, HEADERS["poverty"], f"cùng hộ với dòng {first.row} nhưng khác tình trạng.")
                )


def poverty_review_import(
    *, data: bytes, unit: Unit, year: int, user: User | None, dry_run: bool = False, today: date | None = None
) -> ImportResult:
    """Record the commune's approved list of poor and near-poor households for ``year``: each row
    is matched to a person of the commune (by national ID, else name and birth) and their
    household (created with them as head if they have none) gets the status for that year.
    All or nothing: a row that cannot be matched writes nothing, and the report says why."""
    today = today or timezone.localdate()
    poverty_year_check(year, today=today)
    if user is not None:
        _require_editor(user, unit)
    plan = _read(data, unit=unit, today=today)
    summary = {"rows": len(plan.rows), "year": year, "errors": len(plan.errors), "error_rows": plan.error_rows}
    if plan.errors or dry_run:
        return ImportResult(plan, {**summary, "households": 0}, data)
    with transaction.atomic():
        written = _write(plan, year=year, user=user)
    return ImportResult(plan, {**summary, "households": written}, data)


def _write(plan: ImportPlan, *, year: int, user: User | None) -> int:
    households = set()
    for row in plan.rows:
        person = Person.objects.select_for_update().get(pk=row.existing_person_id)
        if person.household_id is None:
            household_create_for(person=person, user=user)
        record = HouseholdPoverty.objects.filter(household_id=person.household_id, year=year).first()
        record = record or HouseholdPoverty(household_id=person.household_id, year=year)
        record.status = row.values["poverty"]
        record._history_user = user
        record.save()
        households.add(person.household_id)
    return len(households)
