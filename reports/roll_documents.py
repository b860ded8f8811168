"""The documents of the monthly payment roll (danh sách chi trả): PDF, Excel and the bank file.

Plain functions over plain data: the roll service builds a :class:`RollDoc` from the
database and calls :func:`roll_pdf`, :func:`roll_xlsx` or :func:`bank_transfer_xlsx`.
Columns follow legal-rules.md §12 (our proposal for Decree 20/2021 Art 34(4)–(5); no
national form exists): the hamlet (thôn/tổ dân phố) is the group, with a header row and a
subtotal row, then the grand total, the amount in words and the signatures of the
preparer, the accountant, the payment service and the commune chair.

A commune roll has up to ~2,000 lines (~100 landscape pages). WeasyPrint lays out about
75 rows/s in one process, so a big roll is cut at hamlet boundaries into as many chunks
as workers, the chunks are rendered in parallel processes without a footer, merged with
pypdf, and "Trang x/y" is stamped on the merged pages (the page count of a chunk is only
known once it is laid out). Small rolls render in one pass with the footer from CSS.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from btxh.amount_words import amount_in_words
from btxh.formatting import format_coefficient, format_month, format_number

from .documents import MOTTO_SUBTITLE, NATIONAL_MOTTO, DocumentHeader, xlsx_header

KIND_LABELS = {"all": "", "cash": "TIỀN MẶT", "bank": "CHUYỂN KHOẢN"}
PAYMENT_METHOD_LABELS = {"cash": "Tiền mặt", "bank": "Chuyển khoản"}
NO_HAMLET = "Chưa ghi thôn/tổ dân phố"

# Column widths in mm; they add up to the 277 mm between the landscape margins of roll.css.
PDF_WIDTHS = (7, 30, 14.5, 20.5, 9, 22, 7.5, 12.5, 16.5, 13, 15, 13, 14, 17.5, 23, 15, 14, 13.5)
# Excel column widths (characters) and the header texts, column by column.
XLSX_WIDTHS = (5, 24, 10.5, 14.5, 7, 19, 6, 10, 12, 10.5, 11, 10, 11, 13, 20, 16, 12, 12)
PARALLEL_MIN_LINES = 300  # below this, starting processes costs more than it saves
BANK_TRANSFER_CONTENT = "Chi trả trợ cấp xã hội tháng {month}"


@dataclass(frozen=True)
class RollDocLine:
    full_name: str
    birth: str  # "dd/mm/yyyy" or "yyyy"
    national_id: str
    hamlet: str
    category: str  # code, e.g. "K6"
    decision: str  # "125/QĐ-UBND ngày 12/03/2024"
    coefficient: Decimal | None
    base_rate: int
    amount: int  # this month's amount
    arrears: int
    arrears_months: str  # e.g. "07/2026-08/2026"
    recovery: int
    funeral: int
    total: int
    payment_method: str  # "cash" | "bank"
    bank_account: str
    bank_name: str
    receiver: str
    note: str


@dataclass(frozen=True)
class RollDoc:
    unit_name: str
    province_name: str
    month: str  # "2026-07"
    authority: str  # e.g. "UBND XÃ NGỌC ĐƯỜNG"
    place: str  # "Ngọc Đường"
    prepared_by: str
    lines: Sequence[RollDocLine]
    kind: str = "all"  # "all" | "cash" | "bank"
    on: date | None = None  # the date under the list; today (Asia/Ho_Chi_Minh) when None


@dataclass(frozen=True)
class RollTotals:
    count: int = 0
    amount: int = 0
    arrears: int = 0
    recovery: int = 0
    funeral: int = 0
    total: int = 0

    @classmethod
    def of(cls, lines: Sequence[RollDocLine]) -> RollTotals:
        return cls(
            count=len(lines),
            amount=sum(line.amount for line in lines),
            arrears=sum(line.arrears for line in lines),
            recovery=sum(line.recovery for line in lines),
            funeral=sum(line.funeral for line in lines),
            total=sum(line.total for line in lines),
        )

    def formatted(self) -> dict[str, str]:
        return {
            "count": format_number(self.count),
            "amount": format_number(self.amount),
            "arrears": format_number(self.arrears),
            "recovery": format_number(self.recovery),
            "funeral": format_number(self.funeral),
            "total": format_number(self.total),
        }


@dataclass(frozen=True)
class HamletGroup:
    label: str
    first_stt: int  # STT runs through the whole roll
    lines: tuple[RollDocLine, ...]
    totals: RollTotals


@dataclass
class RollView:
    """What every format needs: the selected lines grouped by hamlet, the totals and the texts."""

    doc: RollDoc
    groups: list[HamletGroup]
    totals: RollTotals
    header: DocumentHeader
    title: str
    subtitle: str
    chair_title: str
    month_label: str  # "07/2026"
    lines: list[RollDocLine] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Shared: selection, grouping, texts
# ---------------------------------------------------------------------------


def roll_title(doc: RollDoc) -> str:
    """ "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 07/2026 (TIỀN MẶT)"."""
    label = KIND_LABELS[_check_kind(doc.kind)]
    title = f"DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG {format_month(doc.month)}"
    return f"{title} ({label})" if label else title


def roll_lines(doc: RollDoc) -> list[RollDocLine]:
    """The lines of the list: all of them, or only those paid in cash or by bank transfer."""
    kind = _check_kind(doc.kind)
    if kind == "all":
        return list(doc.lines)
    return [line for line in doc.lines if line.payment_method == kind]


def roll_view(doc: RollDoc) -> RollView:
    lines = roll_lines(doc)
    # Hamlets in the order the roll lists them; lines keep their order inside a hamlet.
    by_hamlet: dict[str, list[RollDocLine]] = {}
    for line in lines:
        by_hamlet.setdefault(line.hamlet.strip(), []).append(line)
    groups, stt = [], 1
    for hamlet, members in by_hamlet.items():
        groups.append(HamletGroup(hamlet or NO_HAMLET, stt, tuple(members), RollTotals.of(members)))
        stt += len(members)
    ordered = [line for group in groups for line in group.lines]
    header = DocumentHeader(authority=doc.authority, place=doc.place, on=doc.on or timezone.localdate())
    return RollView(
        doc=doc,
        groups=groups,
        totals=RollTotals.of(ordered),
        header=header,
        title=roll_title(doc),
        subtitle=_subtitle(doc),
        chair_title=_chair_title(doc.authority),
        month_label=format_month(doc.month),
        lines=ordered,
    )


def _check_kind(kind: str) -> str:
    if kind not in KIND_LABELS:
        raise ValueError(f"Unknown roll kind: {kind!r}")
    return kind


def _subtitle(doc: RollDoc) -> str:
    # Inside a sentence the level is written in lower case: "Xã Ngọc Đường, tỉnh Tuyên Quang".
    province = doc.province_name.strip()
    for prefix in ("Tỉnh ", "Thành phố "):
        if province.startswith(prefix):
            province = prefix.lower() + province[len(prefix) :]
    return ", ".join(part for part in (doc.unit_name.strip(), province) if part)


def _chair_title(authority: str) -> str:
    level = "XÃ"
    for candidate in ("PHƯỜNG", "ĐẶC KHU", "THỊ TRẤN"):
        if authority.upper().startswith(f"UBND {candidate}"):
            level = candidate
    return f"CHỦ TỊCH UBND {level}"


def _money(value: int) -> str:
    """A cell: "1.500.000", blank for zero so that the few non-zero amounts stand out."""
    return format_number(value) if value else ""


def _method_text(line: RollDocLine) -> str:
    if line.payment_method == "bank":
        account = " ".join(part for part in (line.bank_account, line.bank_name) if part)
        return f"CK: {account}" if account else PAYMENT_METHOD_LABELS["bank"]
    return PAYMENT_METHOD_LABELS.get(line.payment_method, line.payment_method)


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _PdfRow:
    stt: int
    name: str
    birth: str
    national_id: str
    category: str
    decision: str
    coefficient: str
    base_rate: str
    amount: str
    arrears_months: str
    arrears: str
    recovery: str
    funeral: str
    total: str
    method: str
    receiver: str
    note: str


@dataclass(frozen=True)
class _Part:
    """A run of one hamlet's lines inside a chunk; a big hamlet may be cut between two chunks."""

    label: str
    rows: list[_PdfRow]
    head: bool
    continued: bool
    subtotal: dict | None


def _pdf_row(stt: int, line: RollDocLine) -> _PdfRow:
    return _PdfRow(
        stt=stt,
        name=line.full_name,
        birth=line.birth,
        national_id=line.national_id,
        category=line.category,
        decision=line.decision,
        coefficient=format_coefficient(line.coefficient),
        base_rate=format_number(line.base_rate) if line.base_rate else "",
        amount=_money(line.amount),
        arrears_months=line.arrears_months.replace("-", "-\u200b") if line.arrears else "",
        arrears=_money(line.arrears),
        recovery=_money(line.recovery),
        funeral=_money(line.funeral),
        total=format_number(line.total),
        method=_method_text(line),
        receiver=line.receiver,
        note=line.note,
    )


def _split_parts(groups: list[HamletGroup], chunks: int) -> list[list[_Part]]:
    """Cut the hamlets into ``chunks`` runs of about the same number of rows.

    Cuts fall between hamlets when that keeps the chunks within a quarter of each other;
    otherwise inside a hamlet, whose header then repeats with "(tiếp theo)".
    """
    total = sum(len(group.lines) for group in groups)
    chunks = max(1, min(chunks, total))
    target = -(-total // chunks) if total else 0
    result: list[list[_Part]] = [[]]
    filled = 0
    for group in groups:
        rows = [_pdf_row(group.first_stt + i, line) for i, line in enumerate(group.lines)]
        start = 0
        while True:
            room = target - filled
            rest = len(rows) - start
            last_chunk = len(result) == chunks
            if not last_chunk and filled and rest > room and room < target // 4:
                # Close to the target: move the whole hamlet to the next chunk.
                result.append([])
                filled = 0
                continue
            take = rest if last_chunk or rest <= room + target // 4 else room
            end = start + take
            result[-1].append(
                _Part(
                    label=group.label,
                    rows=rows[start:end],
                    head=True,
                    continued=start > 0,
                    subtotal=group.totals.formatted() if end == len(rows) else None,
                )
            )
            filled += take
            start = end
            if start >= len(rows):
                break
            result.append([])
            filled = 0
    return [chunk for chunk in result if chunk] or [[]]


def _pdf_html(view: RollView, parts: list[_Part], *, first: bool, last: bool, footer: bool) -> str:
    context = {
        "header": view.header,
        "motto": NATIONAL_MOTTO,
        "motto_subtitle": MOTTO_SUBTITLE,
        "title": view.title,
        "subtitle": view.subtitle,
        "page_class": "roll" if footer else "roll-bare",
        "widths": PDF_WIDTHS,
        "parts": parts,
        "first": first,
        "last": last,
        "grand_total": view.totals.formatted(),
        "total_in_words": amount_in_words(view.totals.total),
        "prepared_by": view.doc.prepared_by,
        "chair_title": view.chair_title,
    }
    return render_to_string("reports/roll_document.html", context)


def _static_dir() -> str:
    return str(settings.BASE_DIR / "static")


def _html_to_pdf(html: str, base_url: str) -> bytes:
    """Runs in a worker process: no Django here, only WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def _footer_pdf(pages: int, base_url: str) -> bytes:
    """``pages`` blank pages of the roll's page size carrying only "Trang x/y"."""
    from weasyprint import HTML

    html = (
        '<!doctype html><html><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="css/document.css"><link rel="stylesheet" href="css/roll.css">'
        '<style>div.p { break-before: page; }</style></head><body class="roll">'
        + "<div></div>"
        + '<div class="p"></div>' * (pages - 1)
        + "</body></html>"
    )
    return HTML(string=html, base_url=base_url).write_pdf()


def _merge_and_number(chunks: list[bytes], base_url: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in chunks:
        writer.append(PdfReader(io.BytesIO(data)))
    footer = PdfReader(io.BytesIO(_footer_pdf(len(writer.pages), base_url)))
    for page, stamp in zip(writer.pages, footer.pages, strict=True):
        page.merge_page(stamp)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _workers_default() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def _can_fork_workers() -> bool:
    # A daemonic process (e.g. a Celery prefork child) may not start children.
    return not multiprocessing.current_process().daemon


def roll_pdf(doc: RollDoc, *, workers: int | None = None) -> bytes:
    """The roll as an A4 landscape PDF; see the module docstring for how big rolls are split."""
    view = roll_view(doc)
    workers = _workers_default() if workers is None else max(1, workers)
    base_url = _static_dir()
    if workers == 1 or len(view.lines) < PARALLEL_MIN_LINES or not _can_fork_workers():
        parts = _split_parts(view.groups, 1)[0]
        return _html_to_pdf(_pdf_html(view, parts, first=True, last=True, footer=True), base_url)
    chunks = _split_parts(view.groups, workers)
    htmls = [
        _pdf_html(view, parts, first=i == 0, last=i == len(chunks) - 1, footer=False)
        for i, parts in enumerate(chunks)
    ]
    # forkserver, not fork: the job may run in a thread of the web process, and forking a
    # threaded process can deadlock in the children. The server preloads WeasyPrint once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint"])
    with ProcessPoolExecutor(max_workers=min(workers, len(htmls)), mp_context=context) as pool:
        pdfs = list(pool.map(_html_to_pdf, htmls, [base_url] * len(htmls)))
    return _merge_and_number(pdfs, base_url)


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------

XLSX_HEADINGS = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Số định danh cá nhân",
    "Mã đối tượng",
    "Số, ngày quyết định",
    "Hệ số",
    "Mức chuẩn (đồng)",
    "Số tiền tháng này (đồng)",
    "Truy lĩnh",  # spans two columns: month(s) and amount
    None,
    "Truy thu (đồng)",
    "Mai táng phí (đồng)",
    "Tổng cộng (đồng)",
    "Phương thức nhận",
    "Người nhận thay",
    "Ký nhận",
    "Ghi chú",
)
MONEY_COLUMNS = (8, 10, 11, 12, 13)  # 0-based: amount, arrears, recovery, funeral, total


def roll_xlsx(doc: RollDoc) -> bytes:
    """The roll as an Excel workbook: same columns and groups, amounts as numbers ('#,##0')."""
    import xlsxwriter

    view = roll_view(doc)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Danh sách chi trả")
    fmt = _xlsx_formats(wb)
    width = len(XLSX_HEADINGS)
    for col, chars in enumerate(XLSX_WIDTHS):
        ws.set_column(col, col, chars)
    row = xlsx_header(wb, ws, view.header, view.title, view.subtitle, width, show_date=False)
    ws.write(row, width - 1, "Đơn vị tính: đồng", fmt["unit_note"])
    row += 1
    head = row
    for col, heading in enumerate(XLSX_HEADINGS):
        if col in (9, 10):
            continue
        ws.merge_range(row, col, row + 1, col, heading, fmt["th"])
    ws.merge_range(row, 9, row, 10, "Truy lĩnh", fmt["th"])
    ws.write(row + 1, 9, "Tháng", fmt["th"])
    ws.write(row + 1, 10, "Số tiền (đồng)", fmt["th"])
    ws.set_row(row, 30)
    ws.set_row(row + 1, 30)
    for col in range(width):
        ws.write(row + 2, col, f"({col + 1})", fmt["th_n"])
    row += 3
    ws.repeat_rows(head, row - 1)

    for group in view.groups:
        ws.merge_range(row, 0, row, width - 1, group.label, fmt["group"])
        row += 1
        for stt, line in enumerate(group.lines, start=group.first_stt):
            _xlsx_line(ws, row, stt, line, fmt)
            row += 1
        _xlsx_total(ws, row, f"Cộng {group.label} ({format_number(group.totals.count)} người)", group.totals, fmt)
        row += 1
    _xlsx_total(ws, row, f"TỔNG CỘNG ({format_number(view.totals.count)} người)", view.totals, fmt, grand=True)
    row += 2
    ws.merge_range(row, 0, row, width - 1, f"Số tiền bằng chữ: {amount_in_words(view.totals.total)}./.", fmt["words"])
    row += 2
    ws.merge_range(row, 13, row, width - 1, view.header.date_line, fmt["date"])
    row += 1
    signers = (
        (0, 3, "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        (4, 7, "KẾ TOÁN", "(Ký, ghi rõ họ tên)"),
        (8, 12, "ĐẠI DIỆN ĐƠN VỊ CHI TRẢ", "(Ký, ghi rõ họ tên, đóng dấu)"),
        (13, width - 1, view.chair_title, "(Ký, ghi rõ họ tên, đóng dấu)"),
    )
    for first, last, title, hint in signers:
        ws.merge_range(row, first, row, last, title, fmt["sign"])
        ws.merge_range(row + 1, first, row + 1, last, hint, fmt["hint"])
    ws.merge_range(row + 6, 0, row + 6, 3, doc.prepared_by, fmt["sign"])

    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.3, top=0.5, bottom=0.6)
    ws.fit_to_pages(1, 0)  # fit to width, as many pages as needed
    ws.set_footer("&R&\"Times New Roman,Italic\"Trang &P/&N")
    ws.freeze_panes(head + 3, 0)
    wb.close()
    return buf.getvalue()


def bank_transfer_xlsx(doc: RollDoc) -> bytes:
    """The file for the bank: one row per bank line, header on row 1 so that it imports as is.

    Lines of the roll paid in cash are left out whatever ``doc.kind`` says, and so are lines
    with nothing to pay (a transfer of 0 đồng or less is rejected by the bank).
    """
    import xlsxwriter

    month = format_month(doc.month)
    content = BANK_TRANSFER_CONTENT.format(month=month)
    lines = [line for line in roll_view(doc).lines if line.payment_method == "bank" and line.total > 0]
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(f"CK {month.replace('/', '-')}")
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "valign": "vcenter"}
    th = wb.add_format({**base, "bold": True, "align": "center", "text_wrap": True})
    text = wb.add_format({**base, "num_format": "@"})
    center = wb.add_format({**base, "align": "center"})
    money = wb.add_format({**base, "num_format": "#,##0"})
    columns = (
        ("STT", 6),
        ("Họ và tên", 28),
        ("Số định danh cá nhân", 18),
        ("Số tài khoản", 22),
        ("Ngân hàng", 26),
        ("Số tiền (đồng)", 15),
        ("Nội dung", 42),
    )
    for col, (title, chars) in enumerate(columns):
        ws.set_column(col, col, chars)
        ws.write(0, col, title, th)
    for i, line in enumerate(lines, start=1):
        ws.write_number(i, 0, i, center)
        ws.write_string(i, 1, line.full_name, text)
        # Identifiers and account numbers are text: Excel would drop the leading zeros.
        ws.write_string(i, 2, line.national_id, text)
        ws.write_string(i, 3, line.bank_account, text)
        ws.write_string(i, 4, line.bank_name, text)
        ws.write_number(i, 5, line.total, money)
        ws.write_string(i, 6, content, text)
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()


def _xlsx_formats(wb) -> dict:
    base = {"font_name": "Times New Roman", "font_size": 11, "border": 1, "valign": "vcenter"}
    formats = {
        "th": {**base, "bold": True, "align": "center", "text_wrap": True},
        "th_n": {**base, "italic": True, "align": "center", "font_size": 9},
        "text": {**base, "text_wrap": True},
        "center": {**base, "align": "center"},
        "id": {**base, "align": "center", "num_format": "@"},
        "coef": {**base, "align": "center", "num_format": "0.0"},
        "money": {**base, "num_format": "#,##0"},
        "group": {**base, "bold": True},
        "sub_label": {**base, "bold": True},
        "sub_money": {**base, "bold": True, "num_format": "#,##0"},
        "sub_blank": {**base, "bold": True},
        "grand_label": {**base, "bold": True, "font_size": 12},
        "grand_money": {**base, "bold": True, "font_size": 12, "num_format": "#,##0"},
        "words": {"font_name": "Times New Roman", "font_size": 12, "italic": True},
        "date": {"font_name": "Times New Roman", "font_size": 12, "italic": True, "align": "center"},
        "sign": {"font_name": "Times New Roman", "font_size": 12, "bold": True, "align": "center"},
        "hint": {"font_name": "Times New Roman", "font_size": 11, "italic": True, "align": "center"},
        "unit_note": {"font_name": "Times New Roman", "font_size": 11, "italic": True, "align": "right"},
    }
    return {name: wb.add_format(props) for name, props in formats.items()}


def _xlsx_line(ws, row: int, stt: int, line: RollDocLine, fmt: dict) -> None:
    ws.write_number(row, 0, stt, fmt["center"])
    ws.write_string(row, 1, line.full_name, fmt["text"])
    ws.write_string(row, 2, line.birth, fmt["center"])
    ws.write_string(row, 3, line.national_id, fmt["id"])
    ws.write_string(row, 4, line.category, fmt["center"])
    ws.write_string(row, 5, line.decision, fmt["text"])
    if line.coefficient is None:
        ws.write_blank(row, 6, None, fmt["coef"])
    else:
        ws.write_number(row, 6, float(line.coefficient), fmt["coef"])
    ws.write_number(row, 7, line.base_rate, fmt["money"])
    ws.write_number(row, 8, line.amount, fmt["money"])
    ws.write_string(row, 9, line.arrears_months if line.arrears else "", fmt["center"])
    ws.write_number(row, 10, line.arrears, fmt["money"])
    ws.write_number(row, 11, line.recovery, fmt["money"])
    ws.write_number(row, 12, line.funeral, fmt["money"])
    ws.write_number(row, 13, line.total, fmt["money"])
    ws.write_string(row, 14, _method_text(line), fmt["text"])
    ws.write_string(row, 15, line.receiver, fmt["text"])
    ws.write_blank(row, 16, None, fmt["text"])
    ws.write_string(row, 17, line.note, fmt["text"])


def _xlsx_total(ws, row: int, label: str, totals: RollTotals, fmt: dict, *, grand: bool = False) -> None:
    label_fmt, money_fmt = (fmt["grand_label"], fmt["grand_money"]) if grand else (fmt["sub_label"], fmt["sub_money"])
    ws.merge_range(row, 0, row, 7, label, label_fmt)
    values = {8: totals.amount, 10: totals.arrears, 11: totals.recovery, 12: totals.funeral, 13: totals.total}
    for col in range(8, len(XLSX_HEADINGS)):
        if col in values:
            ws.write_number(row, col, values[col], money_fmt)
        else:
            ws.write_blank(row, col, None, label_fmt)
