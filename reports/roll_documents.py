"""The documents of the monthly payment roll (danh sách chi trả): PDF, Excel and the bank file.

Plain functions over plain data: the roll service builds a :class:`RollDoc` from the
database and calls :func:`roll_pdf`, :func:`roll_xlsx` or :func:`bank_transfer_xlsx`.
Columns follow docs/legal-rules.md §10 (our proposal to meet Decree 20/2021 Art 34(4)–(5); no
national form exists): the hamlet (thôn/tổ dân phố) is the group, with a header row and a
subtotal row, then the grand total, the amount in words and the signatures of the
preparer, the accountant, the payment service and the commune chair.

A commune roll has up to ~2,000 lines (~90 landscape pages) and WeasyPrint needs ~6 ms of
CPU per row even with lean markup (benchmarks/roll_documents.py). So the PDF is rendered
in chunks of at most CHUNK_LINES lines, cut at hamlet boundaries where possible, by up to
two processes (this one and a worker), merged with pypdf, and "Trang x/y" is stamped on the
merged pages: a chunk cannot know its page offset or the total before every chunk is laid
out. Small rolls take the same path with one chunk.
"""

from __future__ import annotations

import base64
import gc
import io
import logging
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from beneficiaries.categories import SCHEME_LABELS, CategoryName, category_legend, category_shorts
from btxh.amount_words import amount_in_words
from btxh.documents import (
    MOTTO_SUBTITLE,
    NATIONAL_MOTTO,
    SIGN_HINT,
    SIGN_SEAL_HINT,
    XLSX_OPTIONS,
    DocumentHeader,
    html_to_pdf,
    merge_text,
    static_base_url,
    xlsx_header,
    xlsx_landscape_a4,
    xlsx_signatures,
)
from btxh.formatting import NO_HAMLET, format_coefficient, format_date, format_month, format_number
from engine import SOCIAL_PENSION

logger = logging.getLogger(__name__)

KIND_LABELS = {"all": "", "cash": "TIỀN MẶT", "bank": "CHUYỂN KHOẢN"}
PAYMENT_METHOD_LABELS = {"cash": "Tiền mặt", "bank": "Chuyển khoản"}
# Column 17: a signature, or for transfers the bank's voucher (docs/legal-rules.md §10).
SIGN_HEADINGS = {"all": "Ký nhận", "cash": "Ký nhận", "bank": "Chứng từ chuyển khoản"}

# Excel column widths, in characters.
XLSX_WIDTHS = (5, 24, 10.5, 14.5, 7, 19, 6, 10, 12, 10.5, 11, 10, 11, 13, 20, 16, 12, 12)
PARALLEL_MIN_LINES = 300  # below this, starting processes costs more than it saves
CHUNK_LINES = 500  # per chunk: ~3 s and ~75-110 MB in WeasyPrint; more chunks, less memory, more overhead
BANK_TRANSFER_CONTENT = "Chi trả {schemes} tháng {month}"
DRAFT_MARK = "BẢN NHÁP"
DRAFT_NOTE = "BẢN NHÁP: danh sách chưa khóa, không dùng để chi trả"
# What the title calls the money paid: the social pension by its name, everything else (monthly
# allowance, care support, funeral support) is social assistance, "trợ cấp xã hội".
SOCIAL_ASSISTANCE = "trợ cấp xã hội"


@dataclass(frozen=True)
class RollDocLine:
    full_name: str
    birth: str  # "dd/mm/yyyy" or "yyyy"
    national_id: str
    hamlet: str
    category: str  # code(s), e.g. "K6" or "K4+K5A"; documents show the Vietnamese short form
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
    scheme: str = ""  # e.g. "SOCIAL_PENSION"; names the list in the title
    person: int | None = None  # who is paid: people are counted, and paid by transfer once per account

    @property
    def person_key(self):
        if self.person is not None:
            return self.person
        return (_text(self.full_name), _text(self.birth), _text(self.national_id))


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
    draft: bool = False  # a roll not locked yet: every document carries "BẢN NHÁP"


@dataclass(frozen=True)
class RollTotals:
    count: int = 0  # people (a person with two entitlements has two lines)
    lines: int = 0
    amount: int = 0
    arrears: int = 0
    recovery: int = 0
    funeral: int = 0
    total: int = 0

    @classmethod
    def of(cls, lines: Sequence[RollDocLine]) -> RollTotals:
        return cls(
            count=len({line.person_key for line in lines}),
            lines=len(lines),
            amount=sum(line.amount for line in lines),
            arrears=sum(line.arrears for line in lines),
            recovery=sum(line.recovery for line in lines),
            funeral=sum(line.funeral for line in lines),
            total=sum(line.total for line in lines),
        )


@dataclass(frozen=True)
class HamletGroup:
    label: str
    first_stt: int  # STT runs through the whole roll
    lines: tuple[RollDocLine, ...]
    totals: RollTotals


@dataclass(frozen=True)
class RollView:
    """What every format needs: the selected lines grouped by hamlet, the totals and the texts."""

    doc: RollDoc
    lines: list[RollDocLine]  # in the order of the list (by hamlet)
    groups: list[HamletGroup]
    totals: RollTotals
    header: DocumentHeader
    title: str
    subtitle: str
    chair_title: str
    legend: list[CategoryName]  # the short forms of the category column, in full


# ---------------------------------------------------------------------------
# Shared: selection, grouping, texts
# ---------------------------------------------------------------------------


def schemes_phrase(schemes) -> str:
    """What a list pays, for its title: "trợ cấp xã hội", "trợ cấp hưu trí xã hội" or both joined by "và"."""
    schemes = {scheme for scheme in schemes if scheme}
    parts = []
    if not schemes or schemes - {SOCIAL_PENSION}:
        parts.append(SOCIAL_ASSISTANCE)
    if SOCIAL_PENSION in schemes:
        parts.append(SCHEME_LABELS[SOCIAL_PENSION].lower())
    return " và ".join(parts)


def roll_title(doc: RollDoc) -> str:
    """ "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI [VÀ TRỢ CẤP HƯU TRÍ XÃ HỘI] THÁNG 07/2026 (TIỀN MẶT)"."""
    label = KIND_LABELS[_check_kind(doc.kind)]
    schemes = schemes_phrase(line.scheme for line in roll_lines(doc)).upper()
    title = f"DANH SÁCH CHI TRẢ {schemes} THÁNG {format_month(doc.month)}"
    return f"{title} ({label})" if label else title


def count_label(prefix: str, totals: RollTotals) -> str:
    """ "TỔNG CỘNG (97 người)", or "(97 người, 98 dòng)" when someone is paid under two schemes."""
    people = f"{format_number(totals.count)} người"
    if totals.lines != totals.count:
        people += f", {format_number(totals.lines)} dòng"
    return f"{prefix} ({people})"


def roll_lines(doc: RollDoc) -> list[RollDocLine]:
    """The lines of the list: all of them, or only those paid in cash or by bank transfer."""
    kind = _check_kind(doc.kind)
    if kind == "all":
        return list(doc.lines)
    return [line for line in doc.lines if line.payment_method == kind]


def roll_view(doc: RollDoc) -> RollView:
    """Select the lines of ``doc.kind``, group them by hamlet and add up the totals."""
    lines = roll_lines(doc)
    # Hamlets in the order the roll lists them; lines keep their order inside a hamlet.
    by_hamlet: dict[str, list[RollDocLine]] = {}
    for line in lines:
        by_hamlet.setdefault(_text(line.hamlet).strip(), []).append(line)
    groups, stt = [], 1
    for hamlet, members in by_hamlet.items():
        groups.append(HamletGroup(hamlet or NO_HAMLET, stt, tuple(members), RollTotals.of(members)))
        stt += len(members)
    ordered = [line for group in groups for line in group.lines]
    header = DocumentHeader(authority=doc.authority, place=doc.place, on=doc.on or timezone.localdate())
    return RollView(
        doc=doc,
        lines=ordered,
        groups=groups,
        totals=RollTotals.of(ordered),
        header=header,
        title=roll_title(doc),
        subtitle=_subtitle(doc),
        chair_title=_chair_title(_text(doc.authority)),
        legend=category_legend(_text(line.category) for line in ordered),
    )


def _check_kind(kind: str) -> str:
    if kind not in KIND_LABELS:
        raise ValueError(f"Unknown roll kind: {kind!r}")
    return kind


def _subtitle(doc: RollDoc) -> str:
    # Inside a sentence the level is written in lower case: "Xã Ngọc Đường, tỉnh Tuyên Quang".
    province = _text(doc.province_name).strip()
    for prefix in ("Tỉnh ", "Thành phố "):
        if province.startswith(prefix):
            province = prefix.lower() + province[len(prefix) :]
    return ", ".join(part for part in (_text(doc.unit_name).strip(), province) if part)


def _chair_title(authority: str) -> str:
    level = "XÃ"
    for candidate in ("PHƯỜNG", "ĐẶC KHU", "THỊ TRẤN"):
        if authority.upper().startswith(f"UBND {candidate}"):
            level = candidate
    return f"CHỦ TỊCH UBND {level}"


def _text(value) -> str:
    """A cell's text; tolerant of None and of a date where the contract says a string."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _money(value: int) -> str:
    """A cell: "1.500.000", blank for zero so that the few non-zero amounts stand out."""
    return format_number(value) if value else ""


def _method_text(line: RollDocLine) -> str:
    if line.payment_method == "bank":
        account = " ".join(part for part in (_text(line.bank_account), _text(line.bank_name)) if part)
        return f"CK: {account}" if account else PAYMENT_METHOD_LABELS["bank"]
    return PAYMENT_METHOD_LABELS.get(line.payment_method, line.payment_method)


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------

# Column widths in mm; they add up to the 277 mm between the landscape margins of roll.css,
# so that the column lines of grid_url() fall exactly on the cell edges.
PDF_WIDTHS_MM = (7.5, 27, 15, 20, 9.5, 22, 7, 11, 17.5, 11.5, 15.5, 14, 14.5, 18.5, 26.5, 14, 13, 13)
PDF_CELL_CLASSES = ("c", "", "c", "c", "c", "", "c", "r", "r", "c", "r", "r", "r", "r", "", "", "", "")
LINE_MM = 0.5 * 25.4 / 72  # 0.5 pt


def grid_url(widths: Sequence[float] = PDF_WIDTHS_MM) -> str:
    """The column lines of the table body as an SVG data URL, stretched over the table on each page."""
    total = sum(widths)
    edges, x = [LINE_MM / 2], 0.0
    for width in widths[:-1]:
        x += width
        edges.append(x)
    edges.append(total - LINE_MM / 2)
    lines = "".join(f'<line x1="{x:.3f}" y1="0" x2="{x:.3f}" y2="100"/>' for x in edges)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total:g} 100" preserveAspectRatio="none" '
        f'width="{total:g}mm" height="100mm"><g stroke="#000" stroke-width="{LINE_MM:.4f}">{lines}</g></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _row_html(cells: Sequence[str], classes: Sequence[str] = PDF_CELL_CLASSES) -> str:
    """One body row; runs of empty cells become one cell (the column lines are in the background)."""
    out, empty = ["<tr>"], 0
    for text, css_class in zip(cells, classes, strict=True):
        if not text:
            empty += 1
            continue
        if empty:
            out.append(f'<td colspan="{empty}"></td>' if empty > 1 else "<td></td>")
            empty = 0
        out.append(f'<td class="{css_class}">{escape(text)}</td>' if css_class else f"<td>{escape(text)}</td>")
    if empty:
        out.append(f'<td colspan="{empty}"></td>' if empty > 1 else "<td></td>")
    out.append("</tr>")  # no newline: 2,000 whitespace text nodes less to parse, style and drop
    return "".join(out)


def _line_cells(stt: int, line: RollDocLine) -> tuple[str, ...]:
    return (
        str(stt),
        _text(line.full_name),
        _text(line.birth),
        _text(line.national_id),
        category_shorts(_text(line.category)),
        _text(line.decision),
        format_coefficient(line.coefficient),
        _money(line.base_rate),
        _money(line.amount),
        # Let "07/2026-08/2026" wrap after the dash.
        _text(line.arrears_months).replace("-", "-\u200b") if line.arrears else "",
        _money(line.arrears),
        _money(line.recovery),
        _money(line.funeral),
        format_number(line.total),
        _method_text(line),
        _text(line.receiver),
        "",  # ký nhận
        _text(line.note),
    )


def _total_row_html(label: str, totals: RollTotals) -> str:
    money = [format_number(value) for value in (totals.amount, totals.arrears, totals.recovery, totals.funeral)]
    return (
        f'<tr><td class="s" colspan="8">{escape(label)}</td><td class="sr">{money[0]}</td><td></td>'
        f'<td class="sr">{money[1]}</td><td class="sr">{money[2]}</td><td class="sr">{money[3]}</td>'
        f'<td class="sr">{format_number(totals.total)}</td><td colspan="4"></td></tr>'
    )


def _group_row_html(label: str) -> str:
    return f'<tr><td class="g" colspan="{len(PDF_WIDTHS_MM)}">{escape(label)}</td></tr>'


def _cuts(view: RollView, chunks: int) -> list[int]:
    """Where the chunks start (line positions in the roll), cutting about evenly.

    A cut moves to the nearest hamlet boundary when one is within a tenth of a chunk; otherwise
    it falls inside a hamlet, whose header row repeats with "(tiếp theo)" on the next chunk.
    """
    total = len(view.lines)
    chunks = max(1, min(chunks, total))
    edges, position = [], 0
    for group in view.groups:
        position += len(group.lines)
        edges.append(position)
    slack = total // chunks // 10
    cuts = [0]
    for j in range(1, chunks):
        ideal = round(j * total / chunks)
        nearest = min(edges, key=lambda edge: abs(edge - ideal))
        cut = nearest if abs(nearest - ideal) <= slack else ideal
        if cuts[-1] < cut < total:
            cuts.append(cut)
    return cuts


def _chunk_rows(view: RollView, chunks: int) -> list[str]:
    """The body rows (hamlet headers, lines, subtotals, grand total) cut into about ``chunks`` runs."""
    starts = set(_cuts(view, chunks))
    out: list[list[str]] = []
    position = 0
    for group in view.groups:
        for i, line in enumerate(group.lines):
            if position in starts:
                out.append([])
                if i:
                    out[-1].append(_group_row_html(f"{group.label} (tiếp theo)"))
            if not i:
                out[-1].append(_group_row_html(group.label))
            out[-1].append(_row_html(_line_cells(group.first_stt + i, line)))
            position += 1
        out[-1].append(_total_row_html(count_label(f"Cộng {group.label}", group.totals), group.totals))
    if not out:
        out.append([])
    out[-1].append(_total_row_html(count_label("TỔNG CỘNG", view.totals), view.totals))
    return ["".join(rows) for rows in out]


def _pdf_html(view: RollView, rows: str, *, first: bool, last: bool) -> str:
    context = {
        "header": view.header,
        "motto": NATIONAL_MOTTO,
        "motto_subtitle": MOTTO_SUBTITLE,
        "title": view.title,
        "subtitle": view.subtitle,
        "widths": [f"{width:g}mm" for width in PDF_WIDTHS_MM],
        "grid_url": grid_url(),
        "rows": mark_safe(rows),  # noqa: S308 -- built by _row_html, every text escaped
        "first": first,
        "last": last,
        "total_in_words": amount_in_words(view.totals.total),
        "prepared_by": view.doc.prepared_by,
        "chair_title": view.chair_title,
        "sign_heading": SIGN_HEADINGS[view.doc.kind],
        "legend": view.legend,
        "draft": view.doc.draft,
        "draft_mark": DRAFT_MARK,
        "draft_note": DRAFT_NOTE,
    }
    return render_to_string("reports/roll_document.html", context)


# Where "Trang x/y" goes: right-aligned on the right edge of the text area of roll.css
# (297 mm - 8 mm), baseline where WeasyPrint puts a 10 pt @bottom-right box in a 13 mm margin.
FOOTER_RIGHT_PT = (297 - 8) * 72 / 25.4
FOOTER_BASELINE_PT = 15.07
FOOTER_SIZE_PT = 10
# Advance widths of Times-Italic (a PDF standard font, Liberation Serif Italic on screen) for
# the only characters of the footer, in 1/1000 em.
_TIMES_ITALIC_WIDTHS = {"T": 556, "r": 389, "a": 500, "n": 500, "g": 500, " ": 250, "/": 278} | dict.fromkeys(
    "0123456789", 500
)


def _number_pages(writer) -> None:
    """Stamp "Trang x/y" on every page of a pypdf writer.

    The chunks are laid out separately, so no chunk knows its page offset or the total; the
    footer is drawn after merging, with a standard font (ASCII only, nothing to embed).
    """
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Times-Italic"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/FPageNo"): font})})
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        text = f"Trang {number}/{total}"
        width = sum(_TIMES_ITALIC_WIDTHS[char] for char in text) * FOOTER_SIZE_PT / 1000
        content = DecodedStreamObject()
        content.set_data(
            f"BT /FPageNo {FOOTER_SIZE_PT} Tf {FOOTER_RIGHT_PT - width:.2f} {FOOTER_BASELINE_PT:.2f} Td ({text}) Tj ET".encode()
        )
        stamp = PageObject.create_blank_page(width=page.mediabox.width, height=page.mediabox.height)
        stamp[NameObject("/Resources")] = resources
        stamp[NameObject("/Contents")] = content
        page.merge_page(stamp)
        page.compress_content_streams()


def _merge_and_number(chunks: list[bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in chunks:
        writer.append(PdfReader(io.BytesIO(data)))
    _number_pages(writer)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _render_chunks(htmls: list[str], base_url: str) -> list[bytes]:
    """Runs in a worker process (no Django needed): the chunks one after the other.

    The cyclic garbage collector is paused while a chunk renders: WeasyPrint allocates
    millions of objects and the collector's passes over them cost ~20 % of the time. The
    cycles are collected between chunks, so memory stays bounded by one chunk.
    """
    pdfs = []
    for html in htmls:
        enabled = gc.isenabled()
        gc.disable()
        try:
            pdfs.append(html_to_pdf(html, base_url, lean=True))
        finally:
            if enabled:
                gc.enable()
        gc.collect()
    return pdfs


def _single_threaded() -> bool:
    try:  # threads not started through ``threading`` count too (pytest-xdist's execnet)
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def _pool_context():
    # A forked child shares WeasyPrint, imported here first (~1 s saved per child), but forking
    # a process with threads (the "thread" jobs backend runs jobs in the web process) can
    # deadlock the child: then the children come from a forkserver that imports it once.
    if _single_threaded():
        html_to_pdf("<p></p>", static_base_url(), lean=True)  # imports, builds the lean stylesheet
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint", "reports.roll_documents"])
    return context


def _render_shared(htmls: list[str], shares: list[list[int]], base_url: str, workers: int, pdfs: list) -> None:
    """Render the chunks of the other slots in worker processes and the last slot here."""
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=_pool_context()) as pool:
        futures = {
            slot: pool.submit(_render_chunks, [htmls[i] for i in shares[slot]], base_url) for slot in range(workers - 1)
        }
        for i, data in zip(shares[-1], _render_chunks([htmls[i] for i in shares[-1]], base_url), strict=True):
            pdfs[i] = data
        for slot, future in futures.items():
            for i, data in zip(shares[slot], future.result(), strict=True):
                pdfs[i] = data


def roll_pdf(doc: RollDoc, *, workers: int | None = None) -> bytes:
    """The roll as an A4 landscape PDF, "Trang x/y" at the foot of every page.

    A big roll is cut at hamlet boundaries into chunks of at most CHUNK_LINES lines (memory
    grows with the chunk); ``workers`` processes (default: the CPUs, at most 2; this process
    is one of them) render the chunks, and the PDFs are merged. A daemonic process (a Celery
    prefork child) may not start processes: it renders the chunks itself.
    """
    view = roll_view(doc)
    if workers is None:
        workers = max(1, min(2, os.cpu_count() or 1))
    if len(view.lines) < PARALLEL_MIN_LINES or multiprocessing.current_process().daemon:
        workers = 1
    per_round = CHUNK_LINES * workers
    chunks = _chunk_rows(view, workers * max(1, -(-len(view.lines) // per_round)))
    htmls = [_pdf_html(view, rows, first=i == 0, last=i == len(chunks) - 1) for i, rows in enumerate(chunks)]
    base_url = static_base_url()
    # Chunk i goes to worker i % workers; the last worker is this process.
    shares = [list(range(slot, len(htmls), workers)) for slot in range(workers)]
    pdfs: list[bytes | None] = [None] * len(htmls)
    if workers > 1 and len(htmls) > 1:
        try:
            _render_shared(htmls, shares, base_url, workers, pdfs)
        except (BrokenProcessPool, OSError):
            # A worker died (killed for memory?) or could not start: finish in this process.
            logger.warning("Payment roll PDF: worker processes failed, rendering in one process", exc_info=True)
    missing = [i for i, data in enumerate(pdfs) if data is None]
    for i, data in zip(missing, _render_chunks([htmls[i] for i in missing], base_url), strict=True):
        pdfs[i] = data
    return _merge_and_number(pdfs)


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------

XLSX_HEADINGS = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Số định danh cá nhân",
    "Diện đối tượng",
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


def roll_xlsx(doc: RollDoc) -> bytes:
    """The roll as an Excel workbook: same columns and groups, amounts as numbers ('#,##0').

    Subtotals and the grand total are SUM formulas over the rows (stored with their values, so
    that they show before Excel recalculates); every other cell is a plain value, user texts are
    written as strings (never formulas).
    """
    import xlsxwriter

    view = roll_view(doc)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet("Danh sách chi trả")
    fmt = _xlsx_formats(wb)
    width = len(XLSX_HEADINGS)
    for col, chars in enumerate(XLSX_WIDTHS):
        ws.set_column(col, col, chars)
    row = xlsx_header(wb, ws, view.header, view.title, view.subtitle, width, show_date=False)
    if doc.draft:
        merge_text(ws, row - 1, 0, row - 1, 7, DRAFT_NOTE, fmt["draft"])
    ws.write(row, width - 1, "Đơn vị tính: đồng", fmt["unit_note"])
    row += 1
    head = row
    for col, heading in enumerate(XLSX_HEADINGS):
        if col in (9, 10):
            continue
        if col == 16:
            heading = SIGN_HEADINGS[doc.kind]
        merge_text(ws, row, col, row + 1, col, heading, fmt["th"])
    merge_text(ws, row, 9, row, 10, "Truy lĩnh", fmt["th"])
    ws.write(row + 1, 9, "Tháng", fmt["th"])
    ws.write(row + 1, 10, "Số tiền (đồng)", fmt["th"])
    ws.set_row(row, 30)
    ws.set_row(row + 1, 30)
    for col in range(width):
        ws.write(row + 2, col, f"({col + 1})", fmt["th_n"])
    row += 3
    ws.repeat_rows(head, row - 1)

    subtotal_rows = []
    for group in view.groups:
        merge_text(ws, row, 0, row, width - 1, group.label, fmt["group"])
        row += 1
        first = row
        for stt, line in enumerate(group.lines, start=group.first_stt):
            _xlsx_line(ws, row, stt, line, fmt)
            row += 1
        sums = {col: _sum_formula([f"{_col(col)}{first + 1}:{_col(col)}{row}"]) for col in XLSX_MONEY_COLUMNS}
        _xlsx_total(ws, row, count_label(f"Cộng {group.label}", group.totals), group.totals, sums, fmt)
        subtotal_rows.append(row)
        row += 1
    grand = {col: _sum_formula([f"{_col(col)}{r + 1}" for r in subtotal_rows]) for col in XLSX_MONEY_COLUMNS}
    _xlsx_total(ws, row, count_label("TỔNG CỘNG", view.totals), view.totals, grand, fmt, grand=True)
    row += 2
    merge_text(ws, row, 0, row, width - 1, f"Số tiền bằng chữ: {amount_in_words(view.totals.total)}./.", fmt["words"])
    row += 1
    if view.legend:
        merge_text(ws, row, 0, row, width - 1, "Ghi chú cột (5) Diện đối tượng:", fmt["words"])
        row += 1
        for name in view.legend:
            merge_text(ws, row, 0, row, width - 1, legend_text(name), fmt["legend"])
            row += 1
    row += 1
    merge_text(ws, row, 13, row, width - 1, view.header.date_line, fmt["date"])
    row += 1
    signers = (
        (0, 3, "NGƯỜI LẬP BIỂU", SIGN_HINT, _text(doc.prepared_by)),
        (4, 7, "KẾ TOÁN", SIGN_HINT, ""),
        (8, 12, "ĐẠI DIỆN ĐƠN VỊ CHI TRẢ", SIGN_SEAL_HINT, ""),
        (13, width - 1, view.chair_title, SIGN_SEAL_HINT, ""),
    )
    xlsx_signatures(ws, row, signers, sign_format=fmt["sign"], hint_format=fmt["hint"])

    ws.set_margins(left=0.4, right=0.3, top=0.5, bottom=0.6)
    xlsx_landscape_a4(ws, header=XLSX_DRAFT_HEADER if doc.draft else "")
    wb.close()
    return buf.getvalue()


XLSX_MONEY_COLUMNS = (8, 10, 11, 12, 13)  # this month, arrears, recovery, funeral, total
XLSX_DRAFT_HEADER = f'&C&"Times New Roman,Bold"&16{DRAFT_MARK}'
SUM_ARGUMENTS = 250  # Excel takes at most 255 arguments in a function call


def _col(col: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(col)


def _sum_formula(refs: Sequence[str]) -> str:
    """ "=SUM(I12:I40)", "=SUM(I41,I70)"; nested when there are too many arguments for Excel."""
    refs = list(refs) or ["0"]
    while len(refs) > SUM_ARGUMENTS:
        refs = [f"SUM({','.join(refs[i : i + SUM_ARGUMENTS])})" for i in range(0, len(refs), SUM_ARGUMENTS)]
    return f"=SUM({','.join(refs)})"


def legend_text(name: CategoryName) -> str:
    """ "K5a Đ5: Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng (Nghị định 20/2021/NĐ-CP điều 5 …)"."""
    text = f"{name.short}: {name.label}" if name.short != name.label else name.label
    return f"{text} ({name.clause})" if name.clause else text


@dataclass(frozen=True)
class BankTransfer:
    full_name: str
    national_id: str
    bank_account: str
    bank_name: str
    amount: int
    content: str
    person: object = None  # RollDocLine.person_key


def bank_transfers(doc: RollDoc) -> list[BankTransfer]:
    """One transfer per person and account: the total of the person's bank lines, if more than 0.

    A person paid under two schemes has two lines but gets one transfer; lines paid in cash are
    left out whatever ``doc.kind`` says, and so are transfers of 0 đồng or less (the bank rejects
    them; a recovery larger than what is paid is settled on the roll).
    """
    month = format_month(doc.month)
    by_key: dict[tuple, list[RollDocLine]] = {}
    for line in roll_view(doc).lines:
        if line.payment_method == "bank":
            by_key.setdefault((line.person_key, _text(line.bank_account).strip()), []).append(line)
    transfers = []
    for (_person, account), lines in by_key.items():
        amount = sum(line.total for line in lines)
        if amount <= 0:
            continue
        first = lines[0]
        schemes = schemes_phrase(line.scheme for line in lines)
        transfers.append(
            BankTransfer(
                full_name=_text(first.full_name),
                national_id=_text(first.national_id),
                bank_account=account,
                bank_name=next((_text(line.bank_name) for line in lines if _text(line.bank_name)), ""),
                amount=amount,
                content=BANK_TRANSFER_CONTENT.format(schemes=schemes, month=month),
                person=first.person_key,
            )
        )
    return transfers


def bank_transfer_xlsx(doc: RollDoc) -> bytes:
    """The file for the bank: one row per transfer (:func:`bank_transfers`), header on row 1 so that
    it imports as is, then a total row (a SUM formula over the amounts).
    """
    import xlsxwriter

    month = format_month(doc.month)
    transfers = bank_transfers(doc)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet(f"{'NHÁP ' if doc.draft else ''}CK {month.replace('/', '-')}")
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "valign": "vcenter"}
    th = wb.add_format({**base, "bold": True, "align": "center", "text_wrap": True})
    text = wb.add_format({**base, "num_format": "@"})
    center = wb.add_format({**base, "align": "center"})
    money = wb.add_format({**base, "num_format": "#,##0"})
    total_label = wb.add_format({**base, "bold": True})
    total_money = wb.add_format({**base, "bold": True, "num_format": "#,##0"})
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
    for i, transfer in enumerate(transfers, start=1):
        ws.write_number(i, 0, i, center)
        ws.write_string(i, 1, transfer.full_name, text)
        # Identifiers and account numbers are text: Excel would drop the leading zeros.
        ws.write_string(i, 2, transfer.national_id, text)
        ws.write_string(i, 3, transfer.bank_account, text)
        ws.write_string(i, 4, transfer.bank_name, text)
        ws.write_number(i, 5, transfer.amount, money)
        ws.write_string(i, 6, transfer.content, text)
    last = len(transfers) + 1
    people = len({transfer.person for transfer in transfers})
    label = f"TỔNG CỘNG ({format_number(people)} người"
    label += f", {format_number(len(transfers))} giao dịch)" if people != len(transfers) else ")"
    merge_text(ws, last, 0, last, 4, label, total_label)
    total = sum(transfer.amount for transfer in transfers)
    ws.write_formula(last, 5, _sum_formula([f"F2:F{last}"] if transfers else []), total_money, total)
    ws.write_blank(last, 6, None, total_label)
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    xlsx_landscape_a4(ws, header=XLSX_DRAFT_HEADER if doc.draft else "", page_numbers=False)
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
        "legend": {"font_name": "Times New Roman", "font_size": 10, "italic": True},
        "draft": {"font_name": "Times New Roman", "font_size": 14, "bold": True, "font_color": "#C00000"},
    }
    return {name: wb.add_format(props) for name, props in formats.items()}


def _xlsx_line(ws, row: int, stt: int, line: RollDocLine, fmt: dict) -> None:
    ws.write_number(row, 0, stt, fmt["center"])
    ws.write_string(row, 1, _text(line.full_name), fmt["text"])
    ws.write_string(row, 2, _text(line.birth), fmt["center"])
    ws.write_string(row, 3, _text(line.national_id), fmt["id"])
    ws.write_string(row, 4, category_shorts(_text(line.category)), fmt["center"])
    ws.write_string(row, 5, _text(line.decision), fmt["text"])
    if line.coefficient is None:
        ws.write_blank(row, 6, None, fmt["coef"])
    else:
        ws.write_number(row, 6, float(line.coefficient), fmt["coef"])
    ws.write_number(row, 7, line.base_rate, fmt["money"])
    ws.write_number(row, 8, line.amount, fmt["money"])
    ws.write_string(row, 9, _text(line.arrears_months) if line.arrears else "", fmt["center"])
    ws.write_number(row, 10, line.arrears, fmt["money"])
    ws.write_number(row, 11, line.recovery, fmt["money"])
    ws.write_number(row, 12, line.funeral, fmt["money"])
    ws.write_number(row, 13, line.total, fmt["money"])
    ws.write_string(row, 14, _method_text(line), fmt["text"])
    ws.write_string(row, 15, _text(line.receiver), fmt["text"])
    ws.write_blank(row, 16, None, fmt["text"])
    ws.write_string(row, 17, _text(line.note), fmt["text"])


def _xlsx_total(
    ws, row: int, label: str, totals: RollTotals, formulas: dict[int, str], fmt: dict, *, grand: bool = False
) -> None:
    """A subtotal or total row: the SUM formulas, with their values for readers that do not recalculate."""
    label_fmt, money_fmt = (fmt["grand_label"], fmt["grand_money"]) if grand else (fmt["sub_label"], fmt["sub_money"])
    merge_text(ws, row, 0, row, 7, label, label_fmt)
    values = {8: totals.amount, 10: totals.arrears, 11: totals.recovery, 12: totals.funeral, 13: totals.total}
    for col in range(8, len(XLSX_HEADINGS)):
        if col in values:
            ws.write_formula(row, col, formulas[col], money_fmt, values[col])
        else:
            ws.write_blank(row, col, None, label_fmt)
