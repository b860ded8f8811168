"""Documents built from data (writes files; called by jobs)."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from btxh.models import Unit

from .documents import (
    MOTTO_SUBTITLE,
    NATIONAL_MOTTO,
    XLSX_OPTIONS,
    DocumentHeader,
    authority_name,
    excel_header,
    merge_text,
    place_name,
    render_pdf,
    text_cell,
    workbook_bytes,
    xlsx_header,
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
                "header": header,
                "motto": NATIONAL_MOTTO,
                "motto_subtitle": MOTTO_SUBTITLE,
                "title": UNIT_LIST_TITLE,
                "subtitle": subtitle,
                "units": units,
                "prepared_by": prepared_by,
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
            cell = text_cell(ws, row, col, title)
            cell.font = Font(name="Times New Roman", bold=True)
            cell.alignment = Alignment(horizontal="center")
            cell.border = border
            ws.column_dimensions[cell.column_letter].width = width
        for i, u in enumerate(units, start=1):
            for col, value in enumerate([i, u.code, u.name, u.type], start=1):
                text_cell(ws, row + i, col, value).border = border
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
    # kind: (list kind, renderer name, file name stem, extension)
    "pdf": ("all", "roll_pdf", "danh-sach-chi-tra", "pdf"),
    "xlsx": ("all", "roll_xlsx", "danh-sach-chi-tra", "xlsx"),
    "cash_pdf": ("cash", "roll_pdf", "danh-sach-tien-mat", "pdf"),
    "bank_pdf": ("bank", "roll_pdf", "danh-sach-chuyen-khoan", "pdf"),
    "bank_transfer": ("bank", "bank_transfer_xlsx", "tep-chuyen-khoan", "xlsx"),
}


def unit_slug(unit) -> str:
    """ "Xã Ngọc Đường" -> "xa-ngoc-duong" (ASCII, for file names)."""
    from django.utils.text import slugify
    from unidecode import unidecode

    return slugify(unidecode(unit.name)) if unit else "toan-quoc"


def roll_document_filename(roll, kind: str) -> str:
    """ "danh-sach-chi-tra-xa-ngoc-duong-07-2026.pdf"; a draft's documents end in "-ban-nhap"."""
    _list_kind, _renderer, stem, extension = ROLL_DOCUMENT_FILES[kind]
    draft = "-ban-nhap" if roll.is_draft else ""
    return f"{stem}-{unit_slug(roll.unit)}-{roll.month:%m-%Y}{draft}.{extension}"


def roll_doc_build(roll, *, prepared_by: str, kind: str = "all"):
    """The plain data a roll document is rendered from (reports.roll_documents.RollDoc)."""
    from benefits.payroll.models import PaymentLine

    from .roll_documents import RollDoc, RollDocLine

    lines = [
        RollDocLine(
            full_name=r["full_name"],
            birth=r["birth"],
            national_id=r["national_id"],
            hamlet=r["hamlet"],
            category=r["categories"] or r["scheme"],
            decision=r["decision"],
            coefficient=r["coefficient"],
            base_rate=r["base_rate"],
            amount=r["amount"],
            arrears=r["arrears"],
            arrears_months=r["arrears_months"],
            recovery=r["recovery"],
            funeral=r["funeral"],
            total=r["total"],
            payment_method=r["payment_method"],
            bank_account=r["bank_account"],
            bank_name=r["bank_name"],
            receiver=r["receiver"],
            note="Chưa nhận tháng trước chuyển sang" if r["carried_over"] else "",
            scheme=r["scheme"],
            person=r["person_id"],
        )
        # A person's lines stay together, even beside a namesake in the same hamlet.
        for r in PaymentLine.objects.filter(roll=roll)
        .order_by("hamlet", "full_name", "person_id", "id")
        .values(
            "full_name",
            "birth",
            "national_id",
            "hamlet",
            "categories",
            "scheme",
            "decision",
            "coefficient",
            "base_rate",
            "amount",
            "arrears",
            "arrears_months",
            "recovery",
            "funeral",
            "total",
            "payment_method",
            "bank_account",
            "bank_name",
            "receiver",
            "carried_over",
            "person_id",
        )
    ]
    unit = roll.unit
    return RollDoc(
        unit_name=unit.name,
        province_name=unit.parent.name if unit.parent_id else "",
        month=f"{roll.month:%Y-%m}",
        authority=authority_name(unit),
        place=place_name(unit),
        prepared_by=prepared_by,
        lines=lines,
        kind=kind,
        draft=roll.is_draft,
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
    for kind, (list_kind, renderer, _stem, _extension) in ROLL_DOCUMENT_FILES.items():
        data = getattr(roll_documents, renderer)(docs[list_kind])
        for old in RollDocument.objects.filter(roll=roll, kind=kind):
            old.file.delete(save=False)  # frees the name: the new file keeps it, without a random suffix
            old.delete()
        document = RollDocument(roll=roll, kind=kind, generation=roll.generation)
        # In a folder of the roll: two communes of the same name do not share a file name.
        document.file.save(f"{roll.pk}/{roll_document_filename(roll, kind)}", ContentFile(data), save=True)
        made.append(kind)
        if progress:
            progress.advance(message=f"Đã xuất {document.get_kind_display()}")
    return made


# ---------------------------------------------------------------------------
# Roll-up of payment rolls (district, province)
# ---------------------------------------------------------------------------
ROLLUP_COLUMNS = [
    ("STT", 6),
    ("Mã xã", 9),
    ("Tên xã", 28),
    ("Trạng thái", 14),
    ("Số người", 10),
    ("Tiền tháng này (đồng)", 16),
    ("Truy lĩnh (đồng)", 14),
    ("Truy thu (đồng)", 14),
    ("Mai táng phí (đồng)", 14),
    ("Tổng cộng (đồng)", 16),
]
ROLLUP_SUM_COLUMNS = range(4, 10)  # people and the amounts


def rollup_filename(unit, month) -> str:
    """ "tong-hop-chi-tra-tinh-tuyen-quang-07-2026.xlsx"."""
    return f"tong-hop-chi-tra-{unit_slug(unit)}-{month.month:02d}-{month.year}.xlsx"


def rollup_people(rows) -> dict[int, int]:
    """Roll id -> the number of people it pays (lines count a person once per scheme)."""
    from django.db.models import Count

    from benefits.payroll.models import PaymentLine

    ids = [r.roll.pk for r in rows if r.roll is not None]
    counts = PaymentLine.objects.filter(roll_id__in=ids).values("roll_id").annotate(n=Count("person_id", distinct=True))
    return {c["roll_id"]: c["n"] for c in counts}


def rollup_workbook(*, unit: Unit | None, month, rows, prepared_by: str = "") -> bytes:
    """Every commune's roll of a month with its status and totals, in the official header layout,
    then a grand total (SUM formulas with their values) and the signatures."""
    import io

    import xlsxwriter

    from benefits.payroll.models import PaymentLine

    from .roll_documents import _col, _sum_formula, schemes_phrase

    rows = list(rows)
    people = rollup_people(rows)
    ids = [r.roll.pk for r in rows if r.roll is not None]
    schemes = PaymentLine.objects.filter(roll_id__in=ids).values_list("scheme", flat=True).distinct()
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet(f"{month.month:02d}-{month.year}")
    width = len(ROLLUP_COLUMNS)
    header = DocumentHeader(authority=authority_name(unit), place=place_name(unit))
    title = f"TỔNG HỢP DANH SÁCH CHI TRẢ {schemes_phrase(schemes).upper()} THÁNG {month.month:02d}/{month.year}"
    row = xlsx_header(wb, ws, header, title, unit.name if unit else "Toàn quốc", width)
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "valign": "vcenter"}
    fmt = {
        "th": wb.add_format({**base, "bold": True, "align": "center", "text_wrap": True}),
        "text": wb.add_format(base),
        "center": wb.add_format({**base, "align": "center"}),
        "number": wb.add_format({**base, "num_format": "#,##0"}),
        "total_label": wb.add_format({**base, "bold": True}),
        "total_number": wb.add_format({**base, "bold": True, "num_format": "#,##0"}),
        "sign": wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True, "align": "center"}),
        "hint": wb.add_format({"font_name": "Times New Roman", "font_size": 11, "italic": True, "align": "center"}),
        "date": wb.add_format({"font_name": "Times New Roman", "font_size": 12, "italic": True, "align": "center"}),
    }
    for col, (text, chars) in enumerate(ROLLUP_COLUMNS):
        ws.set_column(col, col, chars)
        ws.write_string(row, col, text, fmt["th"])
    ws.set_row(row, 32)
    ws.repeat_rows(row)
    head = row
    totals = [0] * width
    for i, r in enumerate(rows, start=1):
        roll = r.roll
        values = (
            [
                people.get(roll.pk, 0),
                roll.total_amount,
                roll.total_arrears,
                roll.total_recovery,
                roll.total_funeral,
                roll.total,
            ]
            if roll
            else [0] * 6
        )
        ws.write_number(head + i, 0, i, fmt["center"])
        # Names and codes are written as strings: never a formula, whatever they hold.
        ws.write_string(head + i, 1, str(r.unit.code), fmt["center"])
        ws.write_string(head + i, 2, str(r.unit.name), fmt["text"])
        ws.write_string(head + i, 3, str(r.status_label), fmt["text"])
        for col, value in enumerate(values, start=4):
            ws.write_number(head + i, col, value, fmt["number"])
            totals[col] += value
    last = head + len(rows) + 1
    merge_text(ws, last, 0, last, 3, f"TỔNG CỘNG ({len(rows)} xã)", fmt["total_label"])
    for col in ROLLUP_SUM_COLUMNS:
        refs = [f"{_col(col)}{head + 2}:{_col(col)}{last}"] if rows else []
        ws.write_formula(last, col, _sum_formula(refs), fmt["total_number"], totals[col])
    row = last + 2
    merge_text(ws, row, 6, row, width - 1, header.date_line, fmt["date"])
    row += 1
    signers = (
        (0, 2, "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        (3, 5, "KẾ TOÁN", "(Ký, ghi rõ họ tên)"),
        (6, width - 1, "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    for first, end, signer, hint in signers:
        merge_text(ws, row, first, row, end, signer, fmt["sign"])
        merge_text(ws, row + 1, first, row + 1, end, hint, fmt["hint"])
    if prepared_by:
        merge_text(ws, row + 6, 0, row + 6, 2, prepared_by, fmt["sign"])
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_footer('&R&"Times New Roman,Italic"Trang &P/&N')
    wb.close()
    return buf.getvalue()
