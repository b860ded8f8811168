"""Reading a list of emergency-aid requests for one event (.xlsx, docs/emergency-aid.md §8).

After a storm the commune draws up its list of households hit in Excel. The same machinery as the
beneficiary import (beneficiaries/importing.py): the header row is the one with a "Họ và tên"
cell, every row is checked, nothing is written here, and the report is the uploaded workbook with
a "Lỗi" column and the bad cells filled red (``import_report``). The facts each kind needs are
checked by the service that writes (``benefits.emergency.services.requests_import``), the same one
the entry form calls, so an imported row and a typed one meet the same rules.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from beneficiaries.identity import national_id_clean
from beneficiaries.importing import ImportFileError, RowError, import_report, list_rows, list_with_column
from beneficiaries.importing import _key as cell_key
from beneficiaries.importing import _parse_date as parse_date
from beneficiaries.importing import _text as cell_text

from .models import AidKind, HouseholdStatus

__all__ = ["HEADERS", "ImportFileError", "RequestPlan", "cell_key", "cell_text", "requests_read", "requests_report", "template_xlsx"]

HEADERS = {
    "stt": "STT",
    "full_name": "Họ và tên",
    "national_id": "Số định danh cá nhân",
    "birth_year": "Năm sinh",
    "sex": "Giới tính",
    "hamlet": "Thôn/Tổ dân phố",
    "kind": "Loại trợ giúp",
    "people": "Số nhân khẩu",
    "months": "Số tháng",
    "household_status": "Tình trạng hộ",
    "subject_name": "Người chết, mất tích, bị thương",
    "hospital_days": "Số ngày điều trị",
    "cost": "Chi phí mai táng",
    "damage": "Thiệt hại nhà ở",
    "received_on": "Ngày nhận đề nghị",
    "confirm_duplicate": "Xác nhận khác người",
}
RESULT_HEADER = "Sổ đối tượng"
REQUIRED = ("full_name", "kind")
ALIASES = {
    cell_key(text): key
    for text, key in (
        ("Họ và tên chủ hộ", "full_name"), ("Thôn", "hamlet"), ("Số CCCD", "national_id"),
        ("Số nhân khẩu thiếu đói", "people"), ("Số tháng đề nghị", "months"), ("Mức thiệt hại nhà ở", "damage"),
        ("Chi phí mai táng thực tế", "cost"),
    )
}  # fmt: skip
# Loại trợ giúp: the code, the label, or the words an officer types.
KIND_WORDS = {
    **{cell_key(k.value): k.value for k in AidKind},
    **{cell_key(k.label): k.value for k in AidKind},
    **{cell_key(text): kind for text, kind in (
        ("Gạo Tết", AidKind.RICE_TET), ("Gạo cứu đói Tết", AidKind.RICE_TET), ("Thiếu đói Tết", AidKind.RICE_TET),
        ("Gạo", AidKind.RICE_DISASTER), ("Gạo cứu đói", AidKind.RICE_DISASTER), ("Thiếu đói", AidKind.RICE_DISASTER),
        ("Giáp hạt", AidKind.RICE_DISASTER),
        ("Bị thương", AidKind.INJURY), ("Bị thương nặng", AidKind.INJURY),
        ("Mai táng", AidKind.FUNERAL), ("Người chết", AidKind.FUNERAL), ("Mất tích", AidKind.FUNERAL),
        ("Chết, mất tích", AidKind.FUNERAL),
        ("Mai táng không có người nhận", AidKind.FUNERAL_UNCLAIMED), ("Không có người nhận", AidKind.FUNERAL_UNCLAIMED),
        ("Làm nhà", AidKind.HOUSE_REBUILD), ("Nhà sập", AidKind.HOUSE_REBUILD), ("Nhà đổ", AidKind.HOUSE_REBUILD),
        ("Nhà cháy", AidKind.HOUSE_REBUILD), ("Nhà trôi", AidKind.HOUSE_REBUILD),
        ("Di dời", AidKind.HOUSE_RELOCATE), ("Di dời nhà", AidKind.HOUSE_RELOCATE),
        ("Sửa nhà", AidKind.HOUSE_REPAIR), ("Sửa chữa nhà", AidKind.HOUSE_REPAIR), ("Nhà hư hỏng", AidKind.HOUSE_REPAIR),
    )},
}  # fmt: skip
STATUS_WORDS = {
    "": "",
    **{cell_key(s.label): s.value for s in HouseholdStatus},
    **{cell_key(text): status for text, status in (
        ("Nghèo", "poor"), ("Cận nghèo", "near_poor"), ("Khó khăn", "hardship"),
        ("Hoàn cảnh khó khăn", "hardship"), ("Không", "none"),
    )},
}  # fmt: skip
SEX_WORDS = {"": "", "nam": "male", "nu": "female", "male": "male", "female": "female"}
NUMBERS = {"people": (1, 50), "months": (1, 12), "hospital_days": (0, 3650), "cost": (0, 10**10)}


@dataclass
class RequestRow:
    row: int
    values: dict


@dataclass
class RequestPlan:
    today: date
    rows: list[RequestRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)  # row → how it met the registry
    header_row: int = 0
    columns: dict[str, int] = field(default_factory=dict)

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row, HEADERS[key], message))

    def summary(self, *, created: int, linked: int, added: int = 0) -> dict:
        return {"rows": len(self.rows), "created": created, "linked": linked, "added": added,
                "errors": len(self.errors), "error_rows": self.error_rows}  # fmt: skip


def _integer(plan, row, values, cells, key):
    raw = cells.get(key)
    text = cell_text(raw).replace(".", "").replace(",", "").replace(" ", "")
    if key == "cost":
        text = text.removesuffix("đ").removesuffix("đồng")
    if text == "":
        values[key] = None
        return
    low, high = NUMBERS[key]
    if not text.isdigit() or not low <= int(text) <= high:
        plan.error(row, key, f'"{cell_text(raw)}" không hợp lệ: ghi một số từ {low} đến {high:,}.'.replace(",", "."))
        values[key] = None
        return
    values[key] = int(text)


def _parse_row(plan: RequestPlan, row: int, cells: dict) -> dict:
    values: dict = {}
    for key in REQUIRED:
        if cell_text(cells.get(key)) == "":
            plan.error(row, key, "bắt buộc, đang để trống.")
    for key in ("full_name", "hamlet", "subject_name", "damage"):
        values[key] = cell_text(cells.get(key))
    raw_kind = cell_text(cells.get("kind"))
    values["kind"] = KIND_WORDS.get(cell_key(raw_kind), "") if raw_kind else ""
    if raw_kind and not values["kind"]:
        plan.error(row, "kind", f'"{raw_kind}" không phải loại trợ giúp nào: ghi theo danh mục ở trang "Hướng dẫn".')
    raw_status = cell_text(cells.get("household_status"))
    values["household_status"] = STATUS_WORDS.get(cell_key(raw_status))
    if values["household_status"] is None:
        values["household_status"] = ""
        plan.error(row, "household_status", f'"{raw_status}" không hợp lệ: ghi "Nghèo", "Cận nghèo", "Khó khăn" hoặc "Không".')
    values["national_id"] = national_id_clean(cells.get("national_id")) or ""
    raw_sex = cell_text(cells.get("sex"))
    values["sex"] = SEX_WORDS.get(cell_key(raw_sex))
    if values["sex"] is None:
        values["sex"] = ""
        plan.error(row, "sex", f'"{raw_sex}" không hợp lệ: ghi "Nam" hoặc "Nữ".')
    values["confirm_duplicate"] = cell_key(cells.get("confirm_duplicate")) not in ("", "khong", "0", "false")
    raw_year = cell_text(cells.get("birth_year"))
    values["birth_year"] = None
    if raw_year:
        if raw_year.isdigit() and 1900 <= int(raw_year) <= plan.today.year:
            values["birth_year"] = int(raw_year)
        else:
            plan.error(row, "birth_year", f'"{raw_year}" không phải năm sinh 4 chữ số.')
    for key in NUMBERS:
        _integer(plan, row, values, cells, key)
    raw_date = cells.get("received_on")
    values["received_on"] = plan.today
    if cell_text(raw_date):
        try:
            values["received_on"] = parse_date(raw_date)
        except ValueError:
            plan.error(row, "received_on", "không phải ngày dd/mm/yyyy.")
    return values


def requests_read(data: bytes, *, today: date) -> RequestPlan:
    """Parse and check the cells of every row; the rules of each kind are the service's."""
    plan = RequestPlan(today=today)
    wanted = {cell_key(h): k for k, h in HEADERS.items()} | ALIASES
    rows = list_rows(plan, data, headers=HEADERS, required=REQUIRED, wanted=wanted,
                     anchors=(HEADERS["full_name"], "Họ và tên chủ hộ"))  # fmt: skip
    for number, values in rows:
        if all(cell_text(v) == "" for k, v in values.items() if k != "stt"):
            continue  # an empty row, or a numbered empty row
        if cell_text(values.get("full_name")) == "" and cell_text(values.get("kind")) == "":
            continue  # a total row ("Tổng cộng" under STT)
        plan.rows.append(RequestRow(row=number, values=_parse_row(plan, number, values)))
    return plan


def requests_report(data: bytes, plan: RequestPlan) -> bytes:
    """The uploaded workbook with its "Lỗi" column and the bad cells red (the beneficiary import's report)."""
    return import_report(data, plan, headers=HEADERS)


def requests_result_report(data: bytes, plan: RequestPlan) -> bytes:
    """The uploaded workbook, imported, with a "Sổ đối tượng" column: for each row, whether its
    person was found in the registry (and who) or added to it with a new household."""
    return list_with_column(data, plan, RESULT_HEADER, plan.notes)


def template_xlsx() -> bytes:
    """The blank list to fill in: the columns, a drop-down of the kinds, and a sheet of guidance."""
    import xlsxwriter

    from btxh.documents import XLSX_OPTIONS

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet("Danh sách")
    guide = wb.add_worksheet("Hướng dẫn")
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter",
                          "font_name": "Times New Roman"})  # fmt: skip
    text = wb.add_format({"num_format": "@", "font_name": "Times New Roman"})
    keys = list(HEADERS)
    widths = {"full_name": 26, "national_id": 16, "confirm_duplicate": 14, "sex": 9, "hamlet": 18, "kind": 34, "subject_name": 24, "damage": 28,
              "received_on": 14, "household_status": 16}  # fmt: skip
    for col, key in enumerate(keys):
        ws.write_string(0, col, HEADERS[key], head)
        ws.set_column(col, col, widths.get(key, 11), text if key in ("national_id", "received_on") else None)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 0)
    labels = [str(k.label) for k in AidKind]
    ws.data_validation(1, keys.index("kind"), 1000, keys.index("kind"),
                       {"validate": "list", "source": "='Hướng dẫn'!$A$2:$A$9", "error_type": "warning"})
    ws.data_validation(1, keys.index("household_status"), 1000, keys.index("household_status"),
                       {"validate": "list", "source": [str(s.label) for s in HouseholdStatus], "error_type": "warning"})
    ws.data_validation(1, keys.index("sex"), 1000, keys.index("sex"),
                       {"validate": "list", "source": ["Nam", "Nữ"], "error_type": "warning"})
    guide.write_string(0, 0, "Loại trợ giúp", head)
    guide.write_string(0, 1, "Cần ghi", head)
    needs = {
        AidKind.RICE_TET: "Số nhân khẩu (1 tháng)",
        AidKind.RICE_DISASTER: "Số nhân khẩu, số tháng (tối đa 3)",
        AidKind.INJURY: "Người bị thương, số ngày điều trị",
        AidKind.FUNERAL: "Người chết, mất tích",
        AidKind.FUNERAL_UNCLAIMED: "Người được mai táng; chi phí thực tế (nếu có)",
        AidKind.HOUSE_REBUILD: "Thiệt hại nhà ở, tình trạng hộ",
        AidKind.HOUSE_RELOCATE: "Thiệt hại nhà ở",
        AidKind.HOUSE_REPAIR: "Thiệt hại nhà ở, tình trạng hộ",
    }
    for row, kind in enumerate(AidKind, start=1):
        guide.write_string(row, 0, labels[row - 1])
        guide.write_string(row, 1, needs[kind])
    guide.write_string(11, 0, "Mỗi dòng là một hộ (hoặc một người) và một loại trợ giúp. Ngày nhận đề nghị để "
                              "trống: lấy ngày tải tệp lên. Có số định danh cá nhân của người trong sổ đối tượng "
                              "thì đề nghị được nối với hồ sơ. Có dòng lỗi thì không nhập dòng nào.")
    guide.set_column(0, 0, 42)
    guide.set_column(1, 1, 48)
    wb.close()
    return buf.getvalue()
