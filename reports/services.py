"""Documents built from data (writes files; called by jobs)."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from btxh.models import Unit

from .documents import (
    MOTTO_SUBTITLE,
    NATIONAL_MOTTO,
    DocumentHeader,
    authority_name,
    excel_header,
    place_name,
    render_pdf,
    workbook_bytes,
)

UNIT_LIST_TITLE = "DANH SÁCH ĐƠN VỊ HÀNH CHÍNH"


def unit_list_document(*, unit: Unit | None, units, prepared_by: str, fmt: str, progress=None) -> tuple[str, bytes]:
    """The sample document: the units under ``unit`` as PDF or Excel."""
    units = list(units)
    if progress:
        progress.set_total(len(units), "Đang lập danh sách")
    header = DocumentHeader(authority=authority_name(unit), office="", place=place_name(unit))
    subtitle = f"Trực thuộc: {unit.name}" if unit else "Toàn quốc"
    if fmt == "pdf":
        data = render_pdf(
            "reports/unit_list_document.html",
            {
                "header": header, "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
                "title": UNIT_LIST_TITLE, "subtitle": subtitle, "units": units, "prepared_by": prepared_by,
            },
        )
        filename = "danh-sach-don-vi.pdf"
    else:
        wb = Workbook()
        ws = wb.active
        ws.title = "Danh sách"
        row = excel_header(ws, header, UNIT_LIST_TITLE, subtitle, width=4)
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for col, (title, width) in enumerate([("STT", 6), ("Mã", 10), ("Tên đơn vị", 40), ("Loại", 20)], start=1):
            cell = ws.cell(row=row, column=col, value=title)
            cell.font = Font(name="Times New Roman", bold=True)
            cell.alignment = Alignment(horizontal="center")
            cell.border = border
            ws.column_dimensions[cell.column_letter].width = width
        for i, u in enumerate(units, start=1):
            for col, value in enumerate([i, u.code, u.name, u.type], start=1):
                ws.cell(row=row + i, column=col, value=value).border = border
        ws.print_title_rows = f"{row}:{row}"
        data = workbook_bytes(wb)
        filename = "danh-sach-don-vi.xlsx"
    if progress:
        progress.set_done(len(units))
    return filename, data
