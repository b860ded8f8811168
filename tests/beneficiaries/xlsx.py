"""Building import workbooks in tests (no binary fixtures)."""

import io
from datetime import date

from openpyxl import Workbook

from beneficiaries.importing import HEADERS
from tests.beneficiaries.factories import national_id

HEADER = list(HEADERS.values())  # the importer's own header list, in the documented order
FAMILY = ["Nguyễn", "Hoàng", "Nông", "Ma", "Triệu", "Lý", "Giàng", "Vàng", "Sầm", "Lò"]
GIVEN = [
    "Văn Páo",
    "Thị Sương",
    "Văn Thành",
    "Thị Mai",
    "Văn Sơn",
    "Thị Hoa",
    "Mí Sình",
    "Thị Dở",
    "Văn Pảo",
    "Thị Lan",
]


def row(n: int, commune: str = "00700", **overrides) -> dict:
    """One clean row: a K6 (severe) woman, a SP-75 man, a K5A poor elderly, alternately."""
    kind = n % 3
    sex = "Nữ" if kind != 1 else "Nam"
    year = {0: 1985, 1: 1945, 2: 1955}[kind]
    values = {
        "STT": n,
        "Họ và tên": f"{FAMILY[n % 10]} {GIVEN[(n // 10) % 10]} {n}",
        "Ngày sinh": f"{(n % 27) + 1:02d}/03/{year}",
        "Giới tính": sex,
        "Số định danh cá nhân": national_id(
            sex="female" if sex == "Nữ" else "male", birth_year=year, serial=500000 + n
        ),
        "Dân tộc": "Tày",
        "Thôn/Tổ dân phố": "Thôn Nà Pồng" if n % 2 else "Bản Khuổi Luông",
        "Mã xã": commune,
        "Mã diện": {0: "K6", 1: "SP-75", 2: "K5A"}[kind],
        "Mức độ khuyết tật": "Nặng" if kind == 0 else "",
        "Hộ nghèo/cận nghèo": "Nghèo" if kind == 2 else "",
        "Số quyết định": f"{100 + n}/QĐ-UBND",
        "Ngày quyết định": "15/08/2025",
        "Tháng bắt đầu hưởng": "08/2025",
        "Hình thức chi trả": "Chuyển khoản" if n % 5 == 0 else "Tiền mặt",
        "Số tài khoản": "8800123456" if n % 5 == 0 else "",
        "Ngân hàng": "Agribank" if n % 5 == 0 else "",
        "Đã chi trả đến tháng": "",
    }
    values.update(overrides)
    return values


def workbook(rows: list[dict], *, title: bool = True, total: bool = True, header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    if title:
        sheet.append(["DANH SÁCH ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI ĐANG HƯỞNG"])
        sheet.append(["Xã Ngọc Đường, tỉnh Tuyên Quang"])
        sheet.append([])
    sheet.append(header)
    for values in rows:
        sheet.append([values.get(h) for h in header])
    if total:
        sheet.append([None, None, None, None, None, None, None, None, None, None, None, "Tổng cộng", len(rows)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def clean_file(n: int = 40, commune: str = "00700") -> bytes:
    return workbook([row(i, commune) for i in range(1, n + 1)])


FIRST_DATA_ROW = 5  # three title rows, then the header
__all__ = ["FIRST_DATA_ROW", "HEADER", "clean_file", "date", "row", "workbook"]
