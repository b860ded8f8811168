"""Reading the Elderly Association's list of a commune (.xlsx, docs/longevity.md §7).

The same machinery as the beneficiary import (beneficiaries/importing.py): the header row is the
one with a "Họ và tên" cell, every row is checked, nothing is written here, and the report is the
uploaded workbook with a "Lỗi" column and the bad cells filled red (``import_report``).
Columns: STT, Họ và tên, Ngày sinh (or Năm sinh), Giới tính, Số định danh cá nhân, Thôn/Tổ dân phố.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from beneficiaries.hamlets import hamlet_key, inactive_hamlet_message, unknown_hamlet_message
from beneficiaries.identity import name_normalize, national_id_clean, national_id_errors
from beneficiaries.importing import HEADERS, ImportFileError, RowError, import_report, list_rows
from beneficiaries.importing import _key as cell_key
from beneficiaries.importing import _parse_birth as parse_birth
from beneficiaries.importing import _text as cell_text
from beneficiaries.models import Hamlet, Person
from btxh.models import Level, Unit

from .models import ElderlyPerson

__all__ = ["ElderlyPlan", "ImportFileError", "elderly_read", "import_report"]

# Keys are the beneficiary import's (so that its report writer marks the cells); "Năm sinh" is
# another header of the birth column.
COLUMNS = ("stt", "full_name", "birth", "sex", "national_id", "hamlet")
REQUIRED = ("full_name", "birth", "sex", "hamlet")
ALIASES = {cell_key("Năm sinh"): "birth", cell_key("Thôn"): "hamlet", cell_key("Số CCCD"): "national_id"}
MIN_AGE = 60  # người cao tuổi: from full 60 (Law 39/2009 art. 2)
_SEX = {"nam": "male", "nu": "female"}


@dataclass
class ElderlyRow:
    row: int
    values: dict
    key: tuple = ()
    existing_id: int | None = None  # the ElderlyPerson already in the register
    person_id: int | None = None  # the registry's Person it is linked to


@dataclass
class ElderlyPlan:
    unit: Unit
    today: date
    rows: list[ElderlyRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header_row: int = 0
    columns: dict[str, int] = field(default_factory=dict)

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def summary(self, *, created: int, updated: int) -> dict:
        return {
            "rows": len(self.rows),
            "created": created,
            "updated": updated,
            "linked": sum(1 for r in self.rows if r.person_id),
            "errors": len(self.errors),
            "error_rows": self.error_rows,
        }


def _parse_row(plan: ElderlyPlan, row: int, cells: dict) -> dict:
    values: dict = {}

    def error(key, message):
        plan.errors.append(RowError(row, HEADERS[key], message))

    for key in REQUIRED:
        if cell_text(cells.get(key)) == "":
            error(key, "bắt buộc, đang để trống.")
    values["full_name"] = cell_text(cells.get("full_name"))
    values["hamlet"] = cell_text(cells.get("hamlet"))
    raw = cells.get("birth")
    if cell_text(raw):
        try:
            values["birth_date"], values["birth_year"] = parse_birth(raw)
        except ValueError:
            error("birth", "không phải ngày dd/mm/yyyy hoặc năm sinh 4 chữ số.")
        else:
            born = values["birth_date"] or date(values["birth_year"], 1, 1)
            if born > plan.today:
                error("birth", "ngày sinh ở tương lai.")
            elif values["birth_year"] < 1880:
                error("birth", "năm sinh không hợp lệ.")
            elif plan.today.year - values["birth_year"] < MIN_AGE:
                error("birth", f"chưa đến tuổi người cao tuổi (từ đủ {MIN_AGE} tuổi, Luật Người cao tuổi điều 2).")
    sex = cell_text(cells.get("sex"))
    if sex:
        values["sex"] = _SEX.get(cell_key(sex))
        if values["sex"] is None:
            error("sex", f'"{sex}" không hợp lệ: ghi "Nam" hoặc "Nữ".')
    national_id = national_id_clean(cells.get("national_id"))
    values["national_id"] = national_id
    if national_id:
        for message in national_id_errors(national_id, sex=values.get("sex"), birth_year=values.get("birth_year")):
            error("national_id", message)
    return values


def elderly_read(data: bytes, *, unit: Unit, today: date) -> ElderlyPlan:
    """Parse and check the list; match each row to the register and to the registry's people."""
    if unit is None or unit.level != Level.COMMUNE:
        raise ImportFileError("Danh sách người cao tuổi được nhập cho một xã/phường.")
    plan = ElderlyPlan(unit=unit, today=today)
    wanted = {cell_key(HEADERS[k]): k for k in COLUMNS} | ALIASES
    for number, values in list_rows(plan, data, headers=HEADERS, required=REQUIRED, wanted=wanted):
        if all(cell_text(v) == "" for k, v in values.items() if k != "stt"):
            continue  # an empty row, or a numbered empty row
        plan.rows.append(ElderlyRow(row=number, values=_parse_row(plan, number, values)))
    _hamlets(plan)
    _match(plan)
    return plan


def _hamlets(plan: ElderlyPlan) -> None:
    """Each row's hamlet from the commune's list once it has one (case, spacing and diacritics
    ignored; the row then carries the list's spelling): a hamlet not on it is an error at the cell."""
    listed = {h.name_key: h for h in Hamlet.objects.filter(commune=plan.unit)}
    if not listed:
        return
    for row in plan.rows:
        name = row.values.get("hamlet")
        if not name:
            continue
        hamlet = listed.get(hamlet_key(name))
        if hamlet is None:
            plan.errors.append(RowError(row.row, HEADERS["hamlet"], unknown_hamlet_message(name)))
        elif not hamlet.active:
            plan.errors.append(RowError(row.row, HEADERS["hamlet"], inactive_hamlet_message(hamlet.name)))
        else:
            row.values["hamlet"] = hamlet.name


def _by_name_and_birth(rows) -> dict[tuple, int]:
    """The ids of ``rows`` (people of the register or of the registry) by (normalized name, birth
    date or year) and by (normalized name, birth year), the first row of a key kept for the year."""
    found: dict[tuple, int] = {}
    for pk, name, birth_date, birth_year in rows.values_list("pk", "name_normalized", "birth_date", "birth_year"):
        found[(name, birth_date or birth_year)] = pk
        found.setdefault((name, birth_year), pk)
    return found


def _match(plan: ElderlyPlan) -> None:
    """One register entry per national ID, else per name and birth; an ID held in another commune
    is an error. Rows are linked to the registry's Person by ID, else by name and birth in the commune."""

    def err(row, key, message):
        plan.errors.append(RowError(row.row, HEADERS[key], message))

    first: dict[tuple, ElderlyRow] = {}
    for row in plan.rows:
        v = row.values
        if not v.get("full_name") or not v.get("birth_year"):
            continue
        v["name_normalized"] = name_normalize(v["full_name"])
        row.key = ("id", v["national_id"]) if v.get("national_id") else (
            "name", v["name_normalized"], v.get("birth_date") or v["birth_year"])  # fmt: skip
        earlier = first.setdefault(row.key, row)
        if earlier is not row:
            err(row, "full_name" if row.key[0] == "name" else "national_id",
                f"trùng với dòng {earlier.row}: cùng một người.")  # fmt: skip

    ids = [r.values["national_id"] for r in plan.rows if r.values.get("national_id")]
    names = {r.values["name_normalized"] for r in plan.rows if r.values.get("name_normalized")}
    register_by_id = {e.national_id: e for e in ElderlyPerson.objects.filter(national_id__in=ids).select_related("unit")}
    register_by_name = _by_name_and_birth(ElderlyPerson.objects.filter(unit=plan.unit, name_normalized__in=names))
    people_by_id = {p.national_id: p for p in Person.objects.filter(national_id__in=ids).select_related("unit")}
    people_by_name = _by_name_and_birth(Person.objects.filter(unit=plan.unit, name_normalized__in=names))

    for row in plan.rows:
        if not row.key:
            continue
        v = row.values
        name_key = (v["name_normalized"], v.get("birth_date") or v["birth_year"])
        nid = v.get("national_id")
        held = register_by_id.get(nid) if nid else None
        if held is not None and held.unit_id != plan.unit.pk:
            err(row, "national_id", f"số định danh đã có trong danh sách người cao tuổi của {held.unit.name}.")
            continue
        row.existing_id = held.pk if held is not None else register_by_name.get(name_key)
        person = people_by_id.get(nid) if nid else None
        if person is not None:
            if person.unit_id != plan.unit.pk:
                err(row, "national_id", f"số định danh đã có trong sổ đối tượng, do {person.unit.name} quản lý.")
            elif person.name_normalized != v["name_normalized"]:
                err(row, "national_id", f"số định danh đã có trong sổ đối tượng cho người khác ({person.full_name}).")
            else:
                row.person_id = person.pk
        else:
            row.person_id = people_by_name.get(name_key)
