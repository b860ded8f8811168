"""Reading a commune's existing beneficiary list (.xlsx, docs/import-format.md).

``import_read`` parses and checks every row and plans what to create; nothing is written
here. ``beneficiaries.services.imports`` writes a clean plan; ``import_report`` returns the
workbook with a "Lỗi" column and the bad cells filled red.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl.styles import Font, PatternFill

from btxh.documents import no_formulas
from btxh.formatting import format_month
from btxh.models import Level, Unit
from btxh.uploads import UploadError, xlsx_open
from engine import EngineError, Month

from .categories import category_info
from .hamlets import hamlet_key, inactive_hamlet_message, unknown_hamlet_message
from .identity import name_normalize, national_id_clean, national_id_errors
from .models import OPEN_STATUSES, Case, DisabilityLevel, Hamlet, PaymentMethod, Person, Poverty, Sex

# Column keys and their headers (matched trimmed and case-insensitively).
HEADERS = {
    "stt": "STT",
    "full_name": "Họ và tên",
    "birth": "Ngày sinh",
    "sex": "Giới tính",
    "national_id": "Số định danh cá nhân",
    "ethnicity": "Dân tộc",
    "hamlet": "Thôn/Tổ dân phố",
    "commune_code": "Mã xã",
    "category": "Mã diện",
    "disability_level": "Mức độ khuyết tật",
    "poverty": "Hộ nghèo/cận nghèo",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "start_month": "Tháng bắt đầu hưởng",
    "payment_method": "Hình thức chi trả",
    "bank_account": "Số tài khoản",
    "bank_name": "Ngân hàng",
    "paid_until": "Đã chi trả đến tháng",
}
REQUIRED = (
    "full_name",
    "birth",
    "sex",
    "hamlet",
    "commune_code",
    "category",
    "decision_number",
    "decision_date",
    "start_month",
)
# What the import page says beside a column's header.
HINTS = {"birth": "dd/mm/yyyy hoặc năm", "sex": "Nam/Nữ", "category": "K1 … K8, CS-…, SP-…", "start_month": "mm/yyyy"}


def column_guide() -> list[str]:
    """The columns as the import page lists them: each header of HEADERS, in order, with its hint."""
    return [f"{header} ({HINTS[key]})" if key in HINTS else header for key, header in HEADERS.items()]


ERROR_HEADER = "Lỗi"
ERROR_FILL = PatternFill(fill_type="solid", fgColor="FFFFC7CE", bgColor="FFFFC7CE")
ERROR_FONT = Font(color="FF9C0006")

_SEX = {"nam": Sex.MALE, "nu": Sex.FEMALE}
_LEVELS = {"nang": DisabilityLevel.SEVERE, "dac biet nang": DisabilityLevel.EXTRA_SEVERE}
_POVERTY = {
    "": Poverty.NONE,
    "ngheo": Poverty.POOR,
    "ho ngheo": Poverty.POOR,
    "can ngheo": Poverty.NEAR_POOR,
    "ho can ngheo": Poverty.NEAR_POOR,
    "khong": Poverty.NONE,
}
_PAYMENT = {"": PaymentMethod.CASH, "tien mat": PaymentMethod.CASH, "chuyen khoan": PaymentMethod.BANK}
# The oldest date a list may hold: a birth, a decision or a month before it is a typing error.
EARLIEST = date(1900, 1, 1)
# Text columns and the model field they are stored in: a longer value is a row error.
_STORED_IN = {
    "full_name": (Person, "full_name"),
    "ethnicity": (Person, "ethnicity"),
    "hamlet": (Person, "hamlet"),
    "decision_number": (Case, "decision_number"),
    "bank_account": (Person, "bank_account"),
    "bank_name": (Person, "bank_name"),
}
_DATE_TEXT = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


class ImportFileError(ValueError):
    """The file itself cannot be read (not an .xlsx, no header row)."""


@dataclass
class RowError:
    row: int  # Excel row number
    column: str  # header text
    message: str

    def __str__(self):
        return f'Dòng {self.row}, cột "{self.column}": {self.message}'


@dataclass
class ImportRow:
    row: int
    values: dict
    person_key: tuple = ()
    existing_person_id: int | None = None
    skip: bool = False  # the person already has an open case of this category


@dataclass
class ImportPlan:
    unit: Unit
    today: date
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header_row: int = 0
    columns: dict[str, int] = field(default_factory=dict)  # key -> 1-based column index
    communes: dict[str, Unit] = field(default_factory=dict)
    # Communes with no hamlet list yet: commune id -> the file's hamlet names, first spelling of each.
    new_hamlets: dict[int, list[str]] = field(default_factory=dict)

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def summary(self, *, people_created: int, cases_created: int) -> dict:
        return {
            "rows": len(self.rows),
            "people_created": people_created,
            "cases_created": cases_created,
            "skipped_existing": sum(1 for r in self.rows if r.skip),
            "hamlets_created": sum(len(names) for names in self.new_hamlets.values()) if not self.errors else 0,
            "errors": len(self.errors),
            "error_rows": self.error_rows,
        }


def _key(text) -> str:
    return " ".join(name_normalize(str(text or "")).split())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _parse_date(value) -> date | None:
    """A date cell or dd/mm/yyyy text; raises ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_TEXT.fullmatch(_text(value))
    if not match:
        raise ValueError
    return date(int(match[3]), int(match[2]), int(match[1]))


def _parse_month(value) -> Month:
    if isinstance(value, (datetime, date)):
        return Month.of(value)
    try:  # mm/yyyy, or with "." or "-" as some spreadsheets write it
        return Month.parse(re.sub(r"[.-]", "/", _text(value)))
    except EngineError:
        return Month.of(_parse_date(value))


def _parse_birth(value) -> tuple[date | None, int]:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return None, int(value)
    text = _text(value)
    if re.fullmatch(r"\d{4}", text):
        return None, int(text)
    day = _parse_date(value)
    return day, day.year


def commune_by_code(unit: Unit) -> dict[str, Unit]:
    """The communes inside the importing unit, by code (one regime: the unit's own)."""
    if unit.level == Level.COMMUNE:
        return {unit.code: unit}
    return {u.code: u for u in Unit.objects.filter(level=Level.COMMUNE, path__startswith=unit.path)}


def unit_by_code(code: str) -> Unit | None:
    """The unit an import names: a commune code first, the 2025 regime when codes collide."""
    units = list(Unit.objects.filter(code=code.strip()))
    units.sort(key=lambda u: (u.level != Level.COMMUNE, u.regime != "2025", -u.level))
    return units[0] if units else None


def header_find(sheet, wanted: dict[str, str], anchors: tuple[str, ...]) -> tuple[int, dict[str, int]]:
    """The first row (of 50) with one of the ``anchors`` cells ("Họ và tên"), wherever its columns
    start, and the columns it names (``wanted`` maps a header's ``_key`` to a column key). Rows are
    read as values: a read-only sheet pads a row that starts further right with empty cells that
    have no row or column of their own."""
    anchor_keys = {_key(text) for text in anchors}
    for number, values in enumerate(sheet.iter_rows(min_row=1, max_row=50, values_only=True), start=1):
        texts = {col: _key(value) for col, value in enumerate(values, start=1) if value is not None}
        if anchor_keys & set(texts.values()):
            return number, {wanted[t]: col for col, t in texts.items() if t in wanted}
    raise ImportFileError('Không tìm thấy dòng tiêu đề (dòng có ô "Họ và tên") trong trang tính đầu tiên.')


def list_rows(plan, data: bytes, *, headers: dict[str, str], required, wanted: dict[str, str] | None = None,
              anchors: tuple[str, ...] = ()) -> Iterator[tuple[int, dict]]:
    """An uploaded list's first sheet: its header row and columns go on ``plan`` (``header_row``,
    ``columns``); a list without a ``required`` column is refused, naming it by its ``headers``
    text; then each row under the header, as (row number, {column key: cell value}).
    ``wanted`` defaults to the ``headers`` texts, ``anchors`` to the "full_name" header."""
    sheet = _open(data, read_only=True).worksheets[0]
    wanted = wanted or {_key(text): key for key, text in headers.items()}
    plan.header_row, plan.columns = header_find(sheet, wanted, anchors or (headers["full_name"],))
    missing = [headers[k] for k in required if k not in plan.columns]
    if missing:
        raise ImportFileError("Thiếu cột: " + ", ".join(f'"{m}"' for m in missing) + ".")
    return _rows_under(sheet, plan.header_row, plan.columns)


def _rows_under(sheet, header_row: int, columns: dict[str, int]) -> Iterator[tuple[int, dict]]:
    for offset, cells in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True)):
        yield header_row + 1 + offset, {k: cells[c - 1] if c - 1 < len(cells) else None for k, c in columns.items()}


def _open(data: bytes, *, read_only: bool):
    """The workbook, once its size and uncompressed size are within the limits (btxh.uploads)."""
    try:
        return xlsx_open(data, read_only=read_only, data_only=True)
    except UploadError as exc:
        raise ImportFileError(str(exc)) from exc


class _RowReader:
    """Parses one row's cells into values, recording errors by column."""

    def __init__(self, plan: ImportPlan, row: int, cells: dict[str, object]):
        self.plan, self.row, self.cells = plan, row, cells
        self.values: dict = {}
        self.failed = False

    def error(self, key: str, message: str) -> None:
        self.failed = True
        self.plan.errors.append(RowError(self.row, HEADERS[key], message))

    def parse(self) -> dict:
        cells, today = self.cells, self.plan.today
        for key in REQUIRED:
            if _text(cells.get(key)) == "":
                self.error(key, "bắt buộc, đang để trống.")
        v = self.values
        v["full_name"] = _text(cells.get("full_name"))
        v["ethnicity"] = _text(cells.get("ethnicity"))
        v["hamlet"] = _text(cells.get("hamlet"))
        v["decision_number"] = _text(cells.get("decision_number"))
        v["bank_name"] = _text(cells.get("bank_name"))
        self._birth(today)
        self._sex()
        self._commune()
        info = self._category()
        self._national_id()
        self._disability(info)
        self._poverty(info)
        self._decision(today, info)
        self._payment()
        self._lengths()
        return v

    def _lengths(self):
        for key, (model, name) in _STORED_IN.items():
            value = self.values.get(key) or ""
            limit = model._meta.get_field(name).max_length
            if len(value) > limit:
                self.error(key, f"dài {len(value)} ký tự, tối đa {limit} ký tự.")

    def _born(self) -> date | None:
        if self.values.get("birth_date"):
            return self.values["birth_date"]
        return date(self.values["birth_year"], 1, 1) if self.values.get("birth_year") else None

    def _not_too_early(self, key: str, day: date | Month, what: str) -> bool:
        """Refuse a date (or a month) before 1900 or before the person's birth (a month: before the birth month)."""
        born = self._born()
        if day.year < EARLIEST.year:
            self.error(key, f"{what} trước năm 1900 không hợp lệ.")
            return False
        if born and (day < Month.of(born) if isinstance(day, Month) else day < born):
            self.error(key, f"{what} trước ngày sinh của đối tượng.")
            return False
        return True

    def _birth(self, today):
        raw = self.cells.get("birth")
        if _text(raw) == "":
            return
        try:
            self.values["birth_date"], self.values["birth_year"] = _parse_birth(raw)
        except ValueError:
            self.error("birth", "không phải ngày dd/mm/yyyy hoặc năm sinh 4 chữ số.")
            return
        born = self.values["birth_date"] or date(self.values["birth_year"], 1, 1)
        if born > today:
            self.error("birth", "ngày sinh ở tương lai.")
        elif self.values["birth_year"] < EARLIEST.year:
            self.error("birth", "năm sinh trước năm 1900 không hợp lệ.")

    def _sex(self):
        raw = _text(self.cells.get("sex"))
        if raw:
            self.values["sex"] = _SEX.get(_key(raw))
            if self.values["sex"] is None:
                self.error("sex", f'"{raw}" không hợp lệ: ghi "Nam" hoặc "Nữ".')

    def _commune(self):
        raw = _text(self.cells.get("commune_code"))
        if not raw:
            return
        code = raw.zfill(5) if raw.isdigit() else raw
        unit = self.plan.communes.get(code)
        if unit is None:
            self.error("commune_code", f"mã xã {raw} không phải một xã/phường thuộc {self.plan.unit.name}.")
        self.values["unit"] = unit

    def _category(self):
        raw = _text(self.cells.get("category")).upper().replace(" ", "")
        info = category_info(raw) if raw else None
        if raw and info is None:
            self.error("category", f'mã diện "{raw}" không có trong danh mục (K1 … K8, CS-…, SP-…).')
        self.values["category"] = raw
        return info

    def _national_id(self):
        raw = self.cells.get("national_id")
        value = national_id_clean(raw)
        self.values["national_id"] = value
        if value:
            year = self.values.get("birth_year")
            for message in national_id_errors(value, sex=self.values.get("sex"), birth_year=year):
                self.error("national_id", message)

    def _disability(self, info):
        raw = _text(self.cells.get("disability_level"))
        level = _LEVELS.get(_key(raw)) if raw else ""
        if level is None:
            self.error("disability_level", f'"{raw}" không hợp lệ: ghi "Nặng" hoặc "Đặc biệt nặng".')
            return
        if info and info.needs_disability_level:
            if not level:
                self.error("disability_level", f"diện {info.code} cần mức độ khuyết tật.")
            elif level not in info.disability_levels:
                self.error("disability_level", f"diện {info.code} chỉ dành cho mức độ khuyết tật đặc biệt nặng.")
        self.values["disability_level"] = level or ""

    def _poverty(self, info):
        raw = _text(self.cells.get("poverty"))
        status = _POVERTY.get(_key(raw))
        if status is None:
            self.error("poverty", f'"{raw}" không hợp lệ: ghi "Nghèo", "Cận nghèo" hoặc để trống.')
            return
        if info and info.poverty and status not in info.poverty:
            wanted = " hoặc ".join(str(Poverty(p).label).lower() for p in info.poverty)
            self.error("poverty", f"diện {info.code} cần {wanted}.")
        self.values["poverty"] = status

    def _decision(self, today, info):
        raw = self.cells.get("decision_date")
        if _text(raw):
            try:
                self.values["decision_date"] = _parse_date(raw)
            except ValueError:
                self.error("decision_date", "không phải ngày dd/mm/yyyy.")
            else:
                if self.values["decision_date"] > today:
                    self.error("decision_date", "ngày quyết định ở tương lai.")
                else:
                    self._not_too_early("decision_date", self.values["decision_date"], "ngày quyết định")
        raw = self.cells.get("start_month")
        if _text(raw):
            try:
                start = self.values["start_month"] = _parse_month(raw)
            except ValueError:
                self.error("start_month", "không phải tháng mm/yyyy.")
            else:
                if not self._not_too_early("start_month", start, "tháng bắt đầu hưởng"):
                    pass
                elif info and not info.in_force(start):
                    until = f" đến {format_month(info.valid_to)}" if info.valid_to else ""
                    self.error("start_month", f"diện {info.code} chỉ áp dụng từ {format_month(info.valid_from)}{until}.")
        raw = self.cells.get("paid_until")
        if _text(raw):
            try:
                self.values["paid_until_month"] = _parse_month(raw)
            except ValueError:
                self.error("paid_until", "không phải tháng mm/yyyy.")
            else:
                self._not_too_early("paid_until", self.values["paid_until_month"], "tháng đã chi trả")
        else:
            self.values["paid_until_month"] = Month.of(today) - 1

    def _payment(self):
        raw = _text(self.cells.get("payment_method"))
        method = _PAYMENT.get(_key(raw))
        if method is None:
            self.error("payment_method", f'"{raw}" không hợp lệ: ghi "Tiền mặt" hoặc "Chuyển khoản".')
            return
        self.values["payment_method"] = method
        account = _text(self.cells.get("bank_account")).replace(" ", "")
        self.values["bank_account"] = account if method == PaymentMethod.BANK else ""
        if method == PaymentMethod.BANK:
            if not account:
                self.error("bank_account", "chuyển khoản cần số tài khoản.")
            elif not account.isdigit():
                self.error("bank_account", "số tài khoản chỉ gồm chữ số.")
            if not self.values["bank_name"]:
                self.error("bank_name", "chuyển khoản cần tên ngân hàng.")
        else:
            self.values["bank_name"] = ""


def import_read(data: bytes, *, unit: Unit, today: date, progress=None) -> ImportPlan:
    """Parse and check the list; match rows to people and cases already in the system."""
    plan = ImportPlan(unit=unit, today=today, communes=commune_by_code(unit))
    raw_rows = []
    for number, values in list_rows(plan, data, headers=HEADERS, required=REQUIRED):
        if all(_text(v) == "" for v in values.values()):
            continue  # an empty row
        if _text(values.get("full_name")) == "" and all(
            _text(values.get(k)) == "" for k in ("birth", "sex", "category")
        ):
            continue  # a total row
        raw_rows.append((number, values))
    if progress:
        progress.set_total(len(raw_rows), "Đang kiểm tra từng dòng")
    for row, values in raw_rows:
        plan.rows.append(ImportRow(row=row, values=_RowReader(plan, row, values).parse()))
        if progress:
            progress.advance()
    _hamlets(plan)
    _match(plan)
    return plan


def _hamlets(plan: ImportPlan) -> None:
    """Each row's hamlet from its commune's list, matched with case, spacing and diacritics ignored
    (the row then carries the list's spelling). A commune with no list yet takes the file's hamlets
    as its list (its first import); otherwise a hamlet not on the list is an error at that cell."""
    communes = {u.pk: u for u in plan.communes.values()}
    listed: dict[int, dict[str, Hamlet]] = {}
    for chunk in _chunks(communes):
        for hamlet in Hamlet.objects.filter(commune_id__in=chunk):
            listed.setdefault(hamlet.commune_id, {})[hamlet.name_key] = hamlet
    first_lists: dict[int, dict[str, str]] = {}
    for row in plan.rows:
        v = row.values
        name, unit = v.get("hamlet"), v.get("unit")
        if not name or unit is None:
            continue
        key = hamlet_key(name)
        if unit.pk in listed:
            hamlet = listed[unit.pk].get(key)
            if hamlet is None:
                plan.errors.append(RowError(row.row, HEADERS["hamlet"], unknown_hamlet_message(name)))
            elif not hamlet.active:
                plan.errors.append(RowError(row.row, HEADERS["hamlet"], inactive_hamlet_message(hamlet.name)))
            else:
                v["hamlet"], v["hamlet_key"] = hamlet.name, key
        else:
            v["hamlet"] = first_lists.setdefault(unit.pk, {}).setdefault(key, name)
            v["hamlet_key"] = key
    plan.new_hamlets = {unit_id: list(names.values()) for unit_id, names in first_lists.items()}


def _chunks(items, size=500):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _match(plan: ImportPlan) -> None:
    """One person per national ID (or per name + birth + commune when there is none); rows of
    people and categories already in the system are skipped, IDs held elsewhere are errors."""

    def err(row, key, message):
        plan.errors.append(RowError(row.row, HEADERS[key], message))

    first_of: dict[tuple, ImportRow] = {}
    seen_case: dict[tuple, ImportRow] = {}
    for row in plan.rows:
        v = row.values
        if not v.get("full_name") or not v.get("birth_year"):
            continue
        unit_id = v["unit"].pk if v.get("unit") else None
        row.person_key = (
            ("id", v["national_id"])
            if v.get("national_id")
            else (
                "name",
                name_normalize(v["full_name"]),
                v.get("birth_date") or v["birth_year"],
                unit_id,
            )
        )
        first = first_of.setdefault(row.person_key, row)
        if first is not row:
            fv = first.values
            if (name_normalize(fv["full_name"]), fv.get("birth_date"), fv["birth_year"], fv.get("sex")) != (
                name_normalize(v["full_name"]),
                v.get("birth_date"),
                v["birth_year"],
                v.get("sex"),
            ):
                err(
                    row,
                    "national_id",
                    f"cùng số định danh với dòng {first.row} nhưng khác họ tên, ngày sinh hoặc giới tính.",
                )
            elif fv.get("unit") != v.get("unit"):
                err(row, "commune_code", f"cùng người với dòng {first.row} nhưng khác mã xã.")
        case_key = (row.person_key, v.get("category"))
        earlier = seen_case.setdefault(case_key, row)
        if earlier is not row:
            err(row, "category", f"trùng với dòng {earlier.row}: cùng người, cùng diện.")

    ids = {r.values["national_id"] for r in plan.rows if r.values.get("national_id")}
    by_id: dict[str, Person] = {}
    for chunk in _chunks(ids):
        for p in Person.objects.filter(national_id__in=chunk).select_related("unit"):
            by_id[p.national_id] = p
    names = {
        name_normalize(r.values["full_name"])
        for r in plan.rows
        if not r.values.get("national_id") and r.values.get("full_name")
    }
    by_name: dict[tuple, int] = {}
    unit_ids = [u.pk for u in plan.communes.values()]
    for chunk in _chunks(names):
        for pk, name, bd, by, unit_id in Person.objects.filter(
            name_normalized__in=chunk, unit_id__in=unit_ids
        ).values_list("pk", "name_normalized", "birth_date", "birth_year", "unit_id"):
            by_name[("name", name, bd or by, unit_id)] = pk
            by_name.setdefault(("name", name, by, unit_id), pk)

    for row in plan.rows:
        if not row.person_key:
            continue
        v = row.values
        if row.person_key[0] == "id":
            holder = by_id.get(v["national_id"])
            if holder is None:
                continue
            if v.get("unit") and holder.unit_id != v["unit"].pk:
                err(row, "national_id", f"số định danh đã có trong hệ thống, do {holder.unit.name} quản lý.")
            elif name_normalize(holder.full_name) != name_normalize(v["full_name"]):
                err(row, "national_id", f"số định danh đã có trong hệ thống cho người khác ({holder.full_name}).")
            else:
                row.existing_person_id = holder.pk
        else:
            row.existing_person_id = by_name.get(row.person_key)

    existing = {r.existing_person_id for r in plan.rows if r.existing_person_id}
    open_cases = set()
    for chunk in _chunks(existing):
        open_cases |= set(
            Case.objects.filter(person_id__in=chunk, status__in=OPEN_STATUSES).values_list("person_id", "category")
        )
    for row in plan.rows:
        if row.existing_person_id and (row.existing_person_id, row.values.get("category")) in open_cases:
            row.skip = True


def import_report(data: bytes, plan: ImportPlan, *, headers: dict[str, str] | None = None) -> bytes:
    """The uploaded workbook with a "Lỗi" column (row by row, in Vietnamese) and the bad cells filled red.
    ``headers`` maps the plan's column keys to their header texts (this import's ``HEADERS`` by default)."""
    headers = headers or HEADERS
    by_row: dict[int, list[RowError]] = {}
    for error in plan.errors:
        by_row.setdefault(error.row, []).append(error)
    header_to_col = {headers[k]: c for k, c in plan.columns.items()}
    notes = {row: "; ".join(f"{e.column}: {e.message}" for e in errors) for row, errors in by_row.items()}
    marks = [(row, header_to_col.get(e.column, plan.columns["full_name"])) for row, errors in by_row.items()
             for e in errors]  # fmt: skip
    return list_with_column(data, plan, ERROR_HEADER, notes, note_font=ERROR_FONT, marks=marks)


def list_with_column(data: bytes, plan, title: str, notes: dict[int, str], *, note_font=None, marks=()) -> bytes:
    """The uploaded list given back with one more column ``title`` (the one of the header row
    already named so, else the first after the list's columns): ``notes`` row by row, and the
    ``marks`` cells (row, column) filled red. The uploaded texts ("=1+1" in a hamlet) stay texts."""
    book = _open(data, read_only=False)
    sheet = book.worksheets[0]
    col = max(plan.columns.values()) + 1
    for cell in sheet[plan.header_row]:
        if _key(cell.value) == _key(title):
            col = cell.column
    sheet.cell(row=plan.header_row, column=col, value=title).font = Font(bold=True)
    for row, note in notes.items():
        cell = sheet.cell(row=row, column=col, value=note)
        if note_font is not None:
            cell.font = note_font
    for row, column in marks:
        sheet.cell(row=row, column=column).fill = ERROR_FILL
    sheet.column_dimensions[sheet.cell(row=plan.header_row, column=col).column_letter].width = 60
    no_formulas(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
