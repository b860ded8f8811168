"""The one way documents leave the system: a template to PDF (WeasyPrint) and rows to Excel.

Layout follows Decree 30/2020/NĐ-CP on administrative documents: A4, Times New Roman
(Liberation Serif, same metrics, bundled under static/fonts) 13 pt, the issuing body
on the left and the national motto on the right of the header block.
"""

import functools
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from btxh.formatting import format_date

NATIONAL_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUBTITLE = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class DocumentHeader:
    """The header block: issuing body (left) and national motto (right), then place and date."""

    authority: str  # e.g. "UBND XÃ TÂN LẬP"
    office: str = ""  # e.g. "PHÒNG VĂN HÓA - XÃ HỘI"
    place: str = ""
    on: date = field(default_factory=date.today)

    @property
    def date_line(self) -> str:
        place = f"{self.place}, " if self.place else ""
        return f"{place}ngày {self.on.day:02d} tháng {self.on.month:02d} năm {self.on.year}"


def authority_name(unit) -> str:
    """Upper-case issuing body for a unit: "UBND PHƯỜNG HOÀN KIẾM"."""
    if unit is None:
        return "BỘ Y TẾ"
    return f"UBND {unit.name.upper()}"


def place_name(unit) -> str:
    """The short place name used before the date: "Hoàn Kiếm"."""
    if unit is None:
        return "Hà Nội"
    name = unit.name
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Thị trấn ", "Đặc khu ", "Quận ", "Huyện ", "Thị xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def render_pdf(template_name: str, context: dict, *, landscape: bool = False) -> bytes:
    """Render a template that extends ``reports/document_base.html`` to PDF bytes."""
    html = render_to_string(template_name, {**context, "landscape": landscape, "format_date": format_date})
    return html_to_pdf(html, static_base_url())


def static_base_url() -> str:
    """Where the documents' ``css/…`` and ``fonts/…`` are found."""
    return str(settings.BASE_DIR / "static")


def html_to_pdf(html: str, base_url: str, *, lean: bool = False) -> bytes:
    """HTML to PDF bytes with WeasyPrint; safe to call in a worker process without Django set up.

    ``lean`` drops the universal pseudo-element rules of WeasyPrint's user-agent stylesheet
    (``::marker``, footnotes, notes): they give every element six more styles to compute,
    about a fifth of the time of a 2,000-row table. Only for documents without lists or notes.
    """
    from weasyprint import HTML  # imported here: ~1.5 s to import, only jobs need it

    html_class = _lean_html_class() if lean else HTML
    return html_class(string=html, base_url=base_url).write_pdf()


LEAN_UA_SKIP = ("::marker", "::footnote", "::note")


@functools.cache
def _lean_html_class():
    from weasyprint import CSS, HTML

    try:
        from weasyprint.html import UA, UA_COUNTER_STYLE
    except ImportError:  # another WeasyPrint layout: render as usual
        return HTML
    if not hasattr(HTML, "_ua_stylesheets"):
        return HTML
    text = "\n".join(line for line in UA.splitlines() if not line.lstrip().startswith(LEAN_UA_SKIP))
    stylesheet = CSS(string=text, counter_style=UA_COUNTER_STYLE)

    class LeanHTML(HTML):
        def __init__(self, *, string: str, base_url: str):
            root = _parse_generated_html(string)
            if root is None:  # not the shape we generate: the standard parser
                super().__init__(string=string, base_url=base_url)
                return
            import cssselect2
            from weasyprint.urls import URLFetcher, ensure_url

            self.base_url = ensure_url(str(base_url))
            self.url_fetcher = URLFetcher()
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms=False):
            return [stylesheet]

    return LeanHTML


# Start tags that end an open <p> in HTML5 (and so would give another tree than plain nesting).
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)
_VOID_ELEMENTS = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr")
)


def _parse_generated_html(html: str):
    """The element tree of HTML that our templates generate, with the standard library's parser.

    WeasyPrint parses with tinyhtml5, a character-by-character HTML5 tokenizer in pure Python:
    ~10 % of a 2,000-row roll's time. ``html.parser`` tokenizes with regular expressions, ~5×
    faster, and builds the same tree for markup that is explicit (``<html>``, ``<head>`` and
    ``<body>`` written out, every non-void element closed, no ``<base>``), which is what our
    templates produce; for anything else (the root is not ``<html>`` with a head and a body, an
    end tag closes nothing) this returns None and the standard parser is used.
    """
    from html.parser import HTMLParser
    from xml.etree.ElementTree import Element, SubElement

    class Builder(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.root = None
            self.stack: list = []
            self.broken = False

        def handle_starttag(self, tag, attrs):
            if tag in _CLOSES_P and any(element.tag == "p" for element in self.stack):
                self.broken = True  # HTML5 would close the <p> here: a tree of its own
            attrib = {name: "" if value is None else value for name, value in attrs}
            if self.stack:
                element = SubElement(self.stack[-1], tag, attrib)
            elif self.root is None:
                element = self.root = Element(tag, attrib)
            else:
                self.broken = True
                return
            if tag not in _VOID_ELEMENTS:
                self.stack.append(element)

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)
            if tag not in _VOID_ELEMENTS and self.stack:
                self.stack.pop()

        def handle_endtag(self, tag):
            if tag in _VOID_ELEMENTS:
                return
            if self.stack and self.stack[-1].tag == tag:
                self.stack.pop()
            else:
                self.broken = True

        def handle_data(self, data):
            current = self.stack[-1] if self.stack else None
            if len(self.stack) < 2 and self.root is not None and len(self.root) and self.root[-1].tag == "body":
                current = self.root[-1]  # after </body>: into the body, as the HTML5 parser does
            if current is None:
                return
            if len(current):
                current[-1].tail = (current[-1].tail or "") + data
            else:
                current.text = (current.text or "") + data

    builder = Builder()
    builder.feed(html)
    builder.close()
    root = builder.root
    if (
        builder.broken
        or builder.stack
        or root is None
        or root.tag != "html"
        or [child.tag for child in root] != ["head", "body"]
        or root.find("head/base") is not None
    ):
        return None
    return root


# Every xlsxwriter workbook of the project: a text is written as text whatever it starts with
# ("=", "+", "-", "@" would otherwise be a formula in ``write``/``write_row``; "http…" a link).
# The project's own totals use ``write_formula``.
XLSX_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def no_formulas(ws) -> None:
    """Turn every formula cell of an openpyxl sheet that holds user data back into text."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.data_type = "s"


def xlsx_header(
    wb, ws, header: DocumentHeader, title: str, subtitle: str, width: int, *, show_date: bool = True
) -> int:
    """The Decree 30/2020 header block (issuing body, national motto, date, title) of a workbook.

    xlsxwriter is the writer for big exports (about twice as fast as openpyxl). Rows are
    0-based here, as in xlsxwriter; returns the next free row.
    """
    font = {"font_name": "Times New Roman", "font_size": 12, "align": "center", "valign": "vcenter", "text_wrap": True}
    bold = wb.add_format({**font, "bold": True})
    normal = wb.add_format(font)
    italic = wb.add_format({**font, "italic": True})
    title_format = wb.add_format({**font, "bold": True, "font_size": 14})
    half = max(2, width // 2)
    rows = [
        (0, 0, half - 1, header.authority, bold),
        (1, 0, half - 1, header.office, bold),
        (0, half, width - 1, NATIONAL_MOTTO, bold),
        (1, half, width - 1, MOTTO_SUBTITLE, bold),
        (2, half, width - 1, header.date_line if show_date else "", italic),
        (4, 0, width - 1, title, title_format),
        (5, 0, width - 1, subtitle, normal),
    ]
    for row, c1, c2, text, cell_format in rows:
        if text:
            merge_text(ws, row, c1, row, c2, text, cell_format)
    return 7


def merge_text(ws, first_row: int, first_col: int, last_row: int, last_col: int, text: str, cell_format) -> None:
    """xlsxwriter's ``merge_range`` as text: it would write "=…" (a name, a hamlet) as a formula."""
    ws.merge_range(first_row, first_col, last_row, last_col, "", cell_format)
    ws.write_string(first_row, first_col, text, cell_format)


SIGN_HINT = "(Ký, ghi rõ họ tên)"
SIGN_SEAL_HINT = "(Ký, ghi rõ họ tên, đóng dấu)"
XLSX_PAGE_FOOTER = '&R&"Times New Roman,Italic"Trang &P/&N'


def xlsx_signatures(ws, row: int, signers, *, sign_format, hint_format, name_row: int = 6) -> None:
    """The signature blocks of a sheet from ``row`` (0-based): each signer ``(first_col, last_col,
    title, hint, name)`` has its title, the hint under it ("(Ký, ghi rõ họ tên)") and, ``name_row``
    rows below the title, the name when one is known."""
    for first, last, title, hint, name in signers:
        merge_text(ws, row, first, row, last, title, sign_format)
        merge_text(ws, row + 1, first, row + 1, last, hint, hint_format)
        if name:
            merge_text(ws, row + name_row, first, row + name_row, last, name, sign_format)


def xlsx_landscape_a4(ws, *, header: str = "", page_numbers: bool = True) -> None:
    """Print set-up of a wide list: A4 landscape, fitted to the page's width (as many pages as
    needed), an optional page header (the draft mark) and "Trang n/m" at the bottom right."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    if header:
        ws.set_header(header)
    if page_numbers:
        ws.set_footer(XLSX_PAGE_FOOTER)


def xlsx_numbered_tables(wb, ws, row: int, tables, *, widths, empty: str = "") -> int:
    """Numbered tables ``(title, head, body)`` of a report sheet, from ``row`` (0-based): a bold
    title, the column heads, then each body row after its number — numbers written as numbers, any
    other value as text ("" for None). ``empty`` is written under a table without rows. Sets the
    columns' ``widths`` (characters); returns the next free row."""
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "valign": "vcenter"}
    th = wb.add_format({**base, "bold": True, "align": "center", "text_wrap": True})
    text = wb.add_format({**base, "text_wrap": True})
    number = wb.add_format({**base, "num_format": "#,##0"})
    section = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True})
    for col, chars in enumerate(widths):
        ws.set_column(col, col, chars)
    for title_text, head, body in tables:
        ws.write_string(row, 0, title_text, section)
        row += 1
        for col, h in enumerate(head):
            ws.write_string(row, col, h, th)
        row += 1
        for i, values in enumerate(body, start=1):
            ws.write_number(row, 0, i, number)
            for col, value in enumerate(values, start=1):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(row, col, value, number)
                else:
                    ws.write_string(row, col, "" if value is None else str(value), text)
            row += 1
        if not body and empty:
            ws.write_string(row, 1, empty, text)
            row += 1
        row += 1
    return row
