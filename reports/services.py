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


# ---------------------------------------------------------------------------
# Payment roll documents
# ---------------------------------------------------------------------------
ROLL_DOCUMENT_FILES = {
    # kind: (list kind, renderer name, file name pattern)
    "pdf": ("all", "roll_pdf", "danh-sach-chi-tra-{month}.pdf"),
    "xlsx": ("all", "roll_xlsx", "danh-sach-chi-tra-{month}.xlsx"),
    "cash_pdf": ("cash", "roll_pdf", "danh-sach-tien-mat-{month}.pdf"),
    "bank_pdf": ("bank", "roll_pdf", "danh-sach-chuyen-khoan-{month}.pdf"),
    "bank_transfer": ("bank", "bank_transfer_xlsx", "tep-chuyen-khoan-{month}.xlsx"),
}


def roll_doc_build(roll, *, prepared_by: str, kind: str = "all"):
    """The plain data a roll document is rendered from (reports.roll_documents.RollDoc)."""
    from benefits.payroll.models import PaymentLine

    from .roll_documents import RollDoc, RollDocLine

    lines = [
        RollDocLine(
            full_name=r["full_name"], birth=r["birth"], national_id=r["national_id"], hamlet=r["hamlet"],
            category=r["categories"] or r["scheme"], decision=r["decision"], coefficient=r["coefficient"],
            base_rate=r["base_rate"], amount=r["amount"], arrears=r["arrears"], arrears_months=r["arrears_months"],
            recovery=r["recovery"], funeral=r["funeral"], total=r["total"], payment_method=r["payment_method"],
            bank_account=r["bank_account"], bank_name=r["bank_name"], receiver=r["receiver"],
            note="Chưa nhận tháng trước chuyển sang" if r["carried_over"] else "",
        )
        for r in PaymentLine.objects.filter(roll=roll).order_by("hamlet", "full_name", "id").values(
            "full_name", "birth", "national_id", "hamlet", "categories", "scheme", "decision", "coefficient",
            "base_rate", "amount", "arrears", "arrears_months", "recovery", "funeral", "total", "payment_method",
            "bank_account", "bank_name", "receiver", "carried_over",
        )
    ]
    unit = roll.unit
    return RollDoc(
        unit_name=unit.name, province_name=unit.parent.name if unit.parent_id else "",
        month=f"{roll.month:%Y-%m}", authority=authority_name(unit), place=place_name(unit),
        prepared_by=prepared_by, lines=lines, kind=kind,
    )


def roll_documents_render(*, roll, prepared_by: str, progress=None) -> list[str]:
    """Render every document of a roll and keep them with it (replacing older renders)."""
    from django.core.files.base import ContentFile

    from benefits.payroll.models import RollDocument

    from . import roll_documents

    if progress:
        progress.set_total(len(ROLL_DOCUMENT_FILES), "Đang xuất tài liệu")
    docs = {kind: roll_doc_build(roll, prepared_by=prepared_by, kind=kind) for kind in ("all", "cash", "bank")}
    made = []
    for kind, (list_kind, renderer, pattern) in ROLL_DOCUMENT_FILES.items():
        data = getattr(roll_documents, renderer)(docs[list_kind])
        RollDocument.objects.filter(roll=roll, kind=kind).delete()
        document = RollDocument(roll=roll, kind=kind, generation=roll.generation)
        document.file.save(pattern.format(month=f"{roll.month:%Y-%m}"), ContentFile(data), save=True)
        made.append(kind)
        if progress:
            progress.advance(message=f"Đã xuất {document.get_kind_display()}")
    return made


# ---------------------------------------------------------------------------
# Roll-up of payment rolls (district, province)
# ---------------------------------------------------------------------------
ROLLUP_COLUMNS = [("STT", 6), ("Mã xã", 9), ("Tên xã", 28), ("Trạng thái", 14), ("Số dòng", 10),
                  ("Tiền tháng này", 16), ("Truy lĩnh", 14), ("Truy thu", 14), ("Mai táng phí", 14),
                  ("Tổng cộng", 16)]


def rollup_workbook(*, unit: Unit | None, month, rows) -> bytes:
    """Every commune's roll of a month with its status and totals, in the official header layout."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"{month.month:02d}-{month.year}"
    header = DocumentHeader(authority=authority_name(unit), place=place_name(unit))
    title = f"TỔNG HỢP DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG {month.month:02d}/{month.year}"
    row = excel_header(ws, header, title, unit.name if unit else "Toàn quốc", width=len(ROLLUP_COLUMNS))
    bold = Font(name="Times New Roman", bold=True)
    for col, (text, width) in enumerate(ROLLUP_COLUMNS, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = bold
        ws.column_dimensions[cell.column_letter].width = width
    for i, r in enumerate(rows, start=1):
        roll = r.roll
        amounts = ([roll.line_count, roll.total_amount, roll.total_arrears, roll.total_recovery, roll.total_funeral,
                    roll.total] if roll else [0, 0, 0, 0, 0, 0])
        for col, value in enumerate([i, r.unit.code, r.unit.name, r.status_label, *amounts], start=1):
            cell = ws.cell(row=row + i, column=col, value=value)
            if col >= 6:
                cell.number_format = "#,##0"
    ws.print_title_rows = f"{row}:{row}"
    return workbook_bytes(wb)
