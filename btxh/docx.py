"""Editable Word documents (python-docx) in the Decree 30/2020/NĐ-CP layout: the building blocks
every .docx the system writes is made of — A4 portrait, Times New Roman 13 pt, the header block
(issuing body and number on the left, national motto and the place and date line on the right),
paragraphs, a bordered table, and the "Nơi nhận" and signature block. Offices edit these files
before signing, so they use Word's own styles and tables (no text boxes, no images), which
LibreOffice opens as they are.

    doc = OfficialDocx()
    doc.header_block(authority="ỦY BAN NHÂN DÂN XÃ …", number="Số: 12/QĐ-UBND", date_line="…")
    doc.para("QUYẾT ĐỊNH", bold=True, align="center", size=14)
    doc.signature_block(recipients=[…], sign_for="CHỦ TỊCH", signer="Nguyễn Văn A")
    data = doc.bytes()
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from btxh.documents import MOTTO_SUBTITLE, NATIONAL_MOTTO

ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
FONT = "Times New Roman"


class OfficialDocx:
    """One Word document being written, top to bottom."""

    def __init__(self, *, font_size: int = 13):
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        for name in ("Normal", "Table Grid"):
            style = self.document.styles[name]
            style.font.name = FONT
        normal = self.document.styles["Normal"]
        normal.font.size = Pt(font_size)
        for level in (1, 2, 3):  # numbered section headings keep Word's heading styles, in black Times
            heading = self.document.styles[f"Heading {level}"]
            _drop_theme_fonts(heading)  # the theme's heading font would win over Times New Roman
            heading.font.name, heading.font.size = FONT, Pt(font_size)
            heading.font.bold, heading.font.italic = True, level == 3
            heading.font.color.rgb = None
            heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(6), Pt(3)

    def para(self, text: str = "", *, bold=False, italic=False, align: str | None = None, size: int | None = None,
             cell=None, space_after: int = 4, style: str | None = None, indent: float | None = None,
             color: str | None = None):  # fmt: skip
        """A paragraph of one run, in the body or in a table cell (a new cell's empty paragraph
        is used first); ``indent`` is the first line's indent in mm, ``color`` a hex RGB ("AA0000")."""
        if cell is not None:
            first = cell.paragraphs[0]
            p = first if len(cell.paragraphs) == 1 and not first.runs and not first.text else cell.add_paragraph()
        else:
            p = self.document.add_paragraph(style=style)
        if align:
            p.alignment = ALIGN[align]
        p.paragraph_format.space_after = Pt(space_after)
        if indent:
            p.paragraph_format.first_line_indent = Mm(indent)
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
        return p

    def runs(self, *parts: tuple[str, bool], align: str = "justify", space_after: int = 4):
        """A paragraph of several runs, each ``(text, bold)``: "Điều 1. " in bold, then the article."""
        p = self.document.add_paragraph()
        p.alignment = ALIGN[align]
        p.paragraph_format.space_after = Pt(space_after)
        for text, bold in parts:
            p.add_run(text).bold = bold
        return p

    def heading(self, text: str, level: int = 1):
        """A section heading ("I. MỤC ĐÍCH, YÊU CẦU") in Word's heading style, so the document's
        outline and navigation pane work in Word and LibreOffice."""
        return self.document.add_heading(text, level=level)

    def header_block(self, *, authority: str, number: str, date_line: str, parent: str = "") -> None:
        """The two-column header: issuing body (under its parent body, if any), a short rule and
        the number on the left; the national motto, its rule and the place and date on the right."""
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        left, right = table.rows[0].cells
        _widths(table, Mm(62), Mm(103))  # the motto fits on one line
        if parent:
            self.para(parent, align="center", cell=left, size=12, space_after=0)
        self.para(authority, bold=True, align="center", cell=left, size=12)
        self.para("________", align="center", cell=left, size=8)
        self.para(number, align="center", cell=left)
        self.para(NATIONAL_MOTTO, bold=True, align="center", cell=right, size=12)
        self.para(MOTTO_SUBTITLE, bold=True, align="center", cell=right)
        self.para("___________________", align="center", cell=right, size=8)
        self.para(date_line, italic=True, align="center", cell=right)

    def table(self, columns: list[str], rows: list[list[str]], *, size: int = 11, total: list[str] | None = None,
              widths_mm: list[int] | None = None):  # fmt: skip
        """A bordered table with a bold header row (repeated on every page) and an optional bold
        total row; ``widths_mm`` sets the columns' widths (they should add up to 165 on A4 portrait)."""
        table = self.document.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        header = table.rows[0]
        _repeat_header(header)
        for cell, text in zip(header.cells, columns, strict=True):
            self.para(text, bold=True, align="center", cell=cell, size=size, space_after=0)
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                self.para(str(text), cell=cell, size=size, space_after=0)
        if total:
            for cell, text in zip(table.add_row().cells, total, strict=True):
                self.para(str(text), bold=True, cell=cell, size=size, space_after=0)
        if widths_mm:
            table.autofit = False
            _widths(table, *(Mm(w) for w in widths_mm))
        return table

    def signature_block(self, *, recipients: list[str], sign_for: str, signer: str, sign_title: str = "",
                        note: str = "(Ký, ghi rõ họ tên, đóng dấu)") -> None:  # fmt: skip
        """"Nơi nhận" on the left; who signs for the body ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
        the title, room for the signature and seal, and the name on the right."""
        table = self.document.add_table(rows=1, cols=2)
        table.autofit = False
        left, right = table.rows[0].cells
        _widths(table, Mm(80), Mm(85))
        _keep_row_together(table.rows[0])  # the signature never breaks away from its title
        self.para("Nơi nhận:", bold=True, italic=True, cell=left, size=12, space_after=0)
        for i, r in enumerate(recipients):
            last = i == len(recipients) - 1
            self.para(f"- {r}{'.' if last else ';'}" if not r.endswith((".", ";")) else f"- {r}", cell=left, size=11,
                      space_after=0)  # fmt: skip
        self.para(sign_for, bold=True, align="center", cell=right, space_after=0 if sign_title else 4)
        if sign_title:
            self.para(sign_title, bold=True, align="center", cell=right)
        self.para(note, italic=True, align="center", cell=right, size=11, space_after=48)
        self.para(signer, bold=True, align="center", cell=right)

    def signatures(self, *blocks: tuple[str, str, str]) -> None:
        """Signatures side by side, each ``(title, hint, name)``: "NGƯỜI LẬP" and "THỦ TRƯỞNG ĐƠN VỊ"
        under a report, with room to sign between the hint and the name."""
        table = self.document.add_table(rows=1, cols=len(blocks))
        table.autofit = False
        _widths(table, *([Mm(165 / len(blocks))] * len(blocks)))
        _keep_row_together(table.rows[0])
        for cell, (title, hint, name) in zip(table.rows[0].cells, blocks, strict=True):
            self.para(title, bold=True, align="center", cell=cell, space_after=0)
            self.para(hint, italic=True, align="center", cell=cell, size=11, space_after=48)
            self.para(name, bold=True, align="center", cell=cell)

    def page_break(self) -> None:
        self.document.add_page_break()

    def bytes(self) -> bytes:
        buf = io.BytesIO()
        self.document.save(buf)
        return buf.getvalue()


def _drop_theme_fonts(style) -> None:
    from docx.oxml.ns import qn

    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


def _keep_row_together(row) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _widths(table, *widths) -> None:
    """Column widths that Word (cell widths) and LibreOffice (the table grid) both honour."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
