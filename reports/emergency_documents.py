"""The one-off lists of emergency aid, per decision: the cash list (danh sách chi trả hỗ trợ đột
xuất) and the rice list (danh sách cấp gạo, after forms 5a/5b of Decree 20/2021), as PDF and Excel.

Same building blocks as the monthly roll (btxh/documents.py): the Decree 30/2020 header, the
motto, a table grouped by hamlet with a subtotal per hamlet and the grand total, the amount in
words, a signature column and the signature blocks. Totals count people (or households), not
lines; in Excel every subtotal and total is a SUM formula over the rows (stored with its value)
and every user text is written as a string, never a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from btxh.amount_words import amount_in_words
from btxh.documents import (
    MOTTO_SUBTITLE,
    NATIONAL_MOTTO,
    SIGN_HINT,
    SIGN_SEAL_HINT,
    XLSX_OPTIONS,
    DocumentHeader,
    authority_name,
    merge_text,
    place_name,
    render_pdf,
    xlsx_header,
    xlsx_landscape_a4,
    xlsx_signatures,
)
from btxh.formatting import NO_HAMLET, format_date, format_number

CASH_TITLE = "DANH SÁCH CHI TRẢ HỖ TRỢ ĐỘT XUẤT"
RICE_TITLE = "DANH SÁCH HỘ GIA ĐÌNH ĐƯỢC HỖ TRỢ GẠO CỨU ĐÓI"


@dataclass(frozen=True)
class ListLine:
    full_name: str
    birth_year: str
    national_id: str
    hamlet: str
    kind_label: str
    content: str  # what was aided: the person hurt or dead, the house damage, the basis
    amount: int = 0
    people: int = 0
    months: int = 0
    rice_kg: int = 0
    who: str = ""  # a key: one person or household counts once


@dataclass
class ListDoc:
    kind: str  # "cash" or "rice"
    unit_name: str
    authority: str
    place: str
    decision_number: str
    decision_date: date
    approver_name: str  # "Xã Ngọc Đường"
    event_name: str
    event_date: date
    prepared_by: str
    signer: str
    lines: list[ListLine] = field(default_factory=list)


def list_doc(decision, *, kind: str, prepared_by: str) -> ListDoc:
    """The decided requests of a decision as a list (rice for ``kind`` "rice", money otherwise)."""
    requests = decision.requests.filter(status__in=("approved", "paid")).order_by("hamlet", "full_name", "id")
    rice = kind == "rice"
    lines = []
    for r in requests:
        if r.is_rice != rice:
            continue
        content = r.subject_name if r.subject_name and r.subject_name != r.full_name else ""
        if r.damage:
            content = f"{content}; {r.damage}" if content else r.damage
        lines.append(ListLine(
            full_name=r.full_name, birth_year=str(r.birth_year or ""), national_id=r.national_id,
            hamlet=r.hamlet or NO_HAMLET, kind_label=r.get_kind_display(), content=content, amount=r.amount,
            people=r.people or 0, months=r.months or 0, rice_kg=r.rice_kg,
            who=r.national_id or f"{r.full_name}|{r.hamlet}".lower(),
        ))
    unit = decision.unit
    return ListDoc(
        kind=kind, unit_name=unit.name, authority=authority_name(unit), place=place_name(unit),
        decision_number=decision.number, decision_date=decision.decided_on,
        approver_name=decision.approving_unit.name, event_name=decision.event.name,
        event_date=decision.event.occurred_on, prepared_by=prepared_by, signer=decision.signer, lines=lines,
    )


@dataclass
class Group:
    label: str
    lines: list
    first_stt: int
    people: int  # cash: persons/households paid; rice: people in the households
    households: int
    amount: int
    rice_kg: int


def _groups(doc: ListDoc) -> list[Group]:
    groups: list[Group] = []
    by_label: dict[str, list[ListLine]] = {}
    for line in doc.lines:
        by_label.setdefault(line.hamlet, []).append(line)
    stt = 1
    for label, lines in by_label.items():
        groups.append(Group(
            label=label, lines=lines, first_stt=stt,
            people=sum(x.people for x in lines) if doc.kind == "rice" else len({x.who for x in lines}),
            households=len({x.who for x in lines}), amount=sum(x.amount for x in lines),
            rice_kg=sum(x.rice_kg for x in lines),
        ))
        stt += len(lines)
    return groups


def _title(doc: ListDoc) -> str:
    return RICE_TITLE if doc.kind == "rice" else CASH_TITLE


def _subtitle(doc: ListDoc) -> str:
    approver = doc.approver_name[:1].lower() + doc.approver_name[1:]
    return (f"(Kèm theo Quyết định số {doc.decision_number} ngày {format_date(doc.decision_date)} của Chủ tịch "
            f"Ủy ban nhân dân {approver})\n"
            f"Sự kiện: {doc.event_name} ngày {format_date(doc.event_date)} – {doc.unit_name}")


def _chair(authority: str) -> str:
    return "CHỦ TỊCH " + " ".join(authority.split()[:2]) if authority.startswith("UBND") else "THỦ TRƯỞNG ĐƠN VỊ"


def _count_label(prefix: str, doc: ListDoc, g) -> str:
    if doc.kind == "rice":
        return f"{prefix}: {g.households} hộ, {g.people} nhân khẩu"
    return f"{prefix}: {g.people} người"


def _list_context(doc: ListDoc) -> dict:
    """What the list's table, totals and signatures show (reports/_emergency_list_body.html)."""
    groups = _groups(doc)
    total = Group("", doc.lines, 1, sum(g.people for g in groups),
                  len({x.who for x in doc.lines}), sum(g.amount for g in groups), sum(g.rice_kg for g in groups))
    if doc.kind != "rice":
        total.people = len({x.who for x in doc.lines})
    return {
        "title": _title(doc), "subtitle_lines": _subtitle(doc).split("\n"), "rice": doc.kind == "rice",
        "groups": [(g, _count_label(f"Cộng {g.label}", doc, g)) for g in groups],
        "total": total, "total_label": _count_label("TỔNG CỘNG", doc, total),
        "amount_words": amount_in_words(total.amount) if doc.kind != "rice" else "",
        "rice_words": f"{format_number(total.rice_kg)} kg gạo" if doc.kind == "rice" else "",
        "prepared_by": doc.prepared_by, "signer": doc.signer, "chair_title": _chair(doc.authority),
    }


def emergency_list_pdf(doc: ListDoc) -> bytes:
    header = DocumentHeader(authority=doc.authority, place=doc.place, on=doc.decision_date)
    context = _list_context(doc)
    return render_pdf("reports/emergency_list_document.html", {
        "header": header, "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE, "title": context["title"],
        "list": context,
    }, landscape=True)


def emergency_list_xlsx(doc: ListDoc) -> bytes:
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell

    rice = doc.kind == "rice"
    if rice:
        headings = ("STT", "Họ và tên chủ hộ", "Năm sinh", "Số định danh cá nhân", "Thôn/tổ dân phố",
                    "Số nhân khẩu", "Số tháng", "Số gạo (kg)", "Ký nhận", "Ghi chú")
        widths = (5, 26, 9, 16, 18, 10, 8, 12, 16, 18)
        sum_cols = {5: "people", 7: "rice_kg"}
    else:
        headings = ("STT", "Họ và tên", "Năm sinh", "Số định danh cá nhân", "Thôn/tổ dân phố", "Loại trợ giúp",
                    "Nội dung", "Số tiền (đồng)", "Ký nhận", "Ghi chú")
        widths = (5, 26, 9, 16, 18, 24, 26, 14, 16, 14)
        sum_cols = {7: "amount"}
    groups = _groups(doc)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet("Danh sách")
    base = {"font_name": "Times New Roman", "font_size": 11, "border": 1, "valign": "vcenter"}
    fmt = {name: wb.add_format(props) for name, props in {
        "th": {**base, "bold": True, "align": "center", "text_wrap": True},
        "text": {**base, "text_wrap": True},
        "center": {**base, "align": "center"},
        "id": {**base, "align": "center", "num_format": "@"},
        "num": {**base, "num_format": "#,##0"},
        "group": {**base, "bold": True},
        "sub": {**base, "bold": True},
        "sub_num": {**base, "bold": True, "num_format": "#,##0"},
        "words": {"font_name": "Times New Roman", "font_size": 12, "italic": True},
        "date": {"font_name": "Times New Roman", "font_size": 12, "italic": True, "align": "center"},
        "sign": {"font_name": "Times New Roman", "font_size": 12, "bold": True, "align": "center"},
        "hint": {"font_name": "Times New Roman", "font_size": 11, "italic": True, "align": "center"},
    }.items()}
    width = len(headings)
    for col, chars in enumerate(widths):
        ws.set_column(col, col, chars)
    header = DocumentHeader(authority=doc.authority, place=doc.place, on=doc.decision_date)
    row = xlsx_header(wb, ws, header, _title(doc), _subtitle(doc).replace("\n", " – "), width, show_date=False)
    for col, heading in enumerate(headings):
        ws.write_string(row, col, heading, fmt["th"])
    ws.set_row(row, 32)
    ws.repeat_rows(row, row)
    row += 1
    subtotal_rows = []
    for g in groups:
        merge_text(ws, row, 0, row, width - 1, g.label, fmt["group"])
        row += 1
        first = row
        for stt, line in enumerate(g.lines, start=g.first_stt):
            ws.write_number(row, 0, stt, fmt["center"])
            ws.write_string(row, 1, line.full_name, fmt["text"])
            ws.write_string(row, 2, line.birth_year, fmt["center"])
            ws.write_string(row, 3, line.national_id, fmt["id"])
            ws.write_string(row, 4, line.hamlet, fmt["text"])
            if rice:
                ws.write_number(row, 5, line.people, fmt["num"])
                ws.write_number(row, 6, line.months, fmt["center"])
                ws.write_number(row, 7, line.rice_kg, fmt["num"])
            else:
                ws.write_string(row, 5, line.kind_label, fmt["text"])
                ws.write_string(row, 6, line.content, fmt["text"])
                ws.write_number(row, 7, line.amount, fmt["num"])
            ws.write_blank(row, 8, None, fmt["text"])
            ws.write_blank(row, 9, None, fmt["text"])
            row += 1
        merge_text(ws, row, 0, row, 4, _count_label(f"Cộng {g.label}", doc, g), fmt["sub"])
        for col in range(5, width):
            if col in sum_cols:
                formula = f"=SUM({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(row - 1, col)})"
                ws.write_formula(row, col, formula, fmt["sub_num"], getattr(g, sum_cols[col]))
            else:
                ws.write_blank(row, col, None, fmt["sub"])
        subtotal_rows.append(row)
        row += 1
    total_people = sum(g.people for g in groups) if rice else len({x.who for x in doc.lines})
    total = Group("", doc.lines, 1, total_people, len({x.who for x in doc.lines}),
                  sum(g.amount for g in groups), sum(g.rice_kg for g in groups))
    merge_text(ws, row, 0, row, 4, _count_label("TỔNG CỘNG", doc, total), fmt["sub"])
    for col in range(5, width):
        if col in sum_cols:
            refs = ",".join(xl_rowcol_to_cell(r, col) for r in subtotal_rows) or "0"
            ws.write_formula(row, col, f"=SUM({refs})", fmt["sub_num"], getattr(total, sum_cols[col]))
        else:
            ws.write_blank(row, col, None, fmt["sub"])
    row += 2
    words = f"Tổng số gạo: {format_number(total.rice_kg)} kg" if rice else \
        f"Số tiền bằng chữ: {amount_in_words(total.amount)}./."
    merge_text(ws, row, 0, row, width - 1, words, fmt["words"])
    row += 2
    merge_text(ws, row, 6, row, width - 1, header.date_line, fmt["date"])
    row += 1
    signers = (
        (0, 2, "NGƯỜI LẬP BIỂU", SIGN_HINT, doc.prepared_by),
        (3, 5, "KẾ TOÁN", SIGN_HINT, ""),
        (6, width - 1, _chair(doc.authority), SIGN_SEAL_HINT, doc.signer),
    )
    xlsx_signatures(ws, row, signers, sign_format=fmt["sign"], hint_format=fmt["hint"])
    xlsx_landscape_a4(ws)
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------------------
# The decision (quyết định hỗ trợ), Decree 30/2020 layout, with its lists attached


ND20_FULL = ("Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính sách "
             "trợ giúp xã hội đối với đối tượng bảo trợ xã hội")  # fmt: skip


def _unit_words(unit) -> str:
    """"Xã Ngọc Đường" → "xã Ngọc Đường" (inside a sentence)."""
    return unit.name[:1].lower() + unit.name[1:]


def _provincial_bases(requests) -> list[str]:
    """The provincial resolutions the amounts used ("mức của tỉnh: …" in a request's basis)."""
    found = []
    for r in requests:
        for part in r.basis.split("; "):
            if part.startswith("mức của tỉnh: ") and part[14:] not in found:
                found.append(part[14:])
    return found


def decision_context(decision, *, request=None) -> dict:
    """The decision's text: who decides, the bases, what it grants (by kind, in money and rice) and
    the attached lists. ``request``: the decision for that one request (its extract)."""
    from benefits.emergency.models import AidKind

    requests = list(decision.requests.filter(status__in=("approved", "paid")).order_by("hamlet", "full_name", "id"))
    if request is not None:
        requests = [r for r in requests if r.pk == request.pk]
    approver = decision.approving_unit
    by_kind: dict[str, list] = {}
    for r in requests:
        by_kind.setdefault(r.kind, []).append(r)
    kinds = []
    for code in AidKind.values:
        rows = by_kind.get(code, [])
        if rows:
            rice = rows[0].is_rice
            kinds.append({
                "label": AidKind(code).label, "count": len(rows), "rice": rice,
                "amount": sum(r.amount for r in rows), "rice_kg": sum(r.rice_kg for r in rows),
                "people": sum(r.people or 0 for r in rows),
            })
    amount = sum(r.amount for r in requests)
    rice_kg = sum(r.rice_kg for r in requests)
    attachments = []
    for kind in ("cash", "rice"):
        doc = list_doc(decision, kind=kind, prepared_by=decision.prepared_by.full_name)
        if request is not None:
            wanted = {(request.full_name, request.hamlet or NO_HAMLET, request.get_kind_display())}
            doc.lines = [x for x in doc.lines if (x.full_name, x.hamlet, x.kind_label) in wanted]
        if doc.lines:
            attachments.append(_list_context(doc))
    chair = "CHỦ TỊCH ỦY BAN NHÂN DÂN " + approver.name.upper()
    commune_words = _unit_words(decision.unit)
    event = decision.event
    # The articles' text, once: the PDF template and the Word writer both print these strings.
    whom = (f"{request.full_name}{', ' + request.hamlet if request and request.hamlet else ''}, {commune_words}"
            if request is not None else f"{len(requests)} đối tượng (hộ gia đình, cá nhân) của {commune_words}")
    article1 = (f"Trợ giúp xã hội đột xuất cho {whom} bị ảnh hưởng bởi {event.name} xảy ra ngày "
                f"{format_date(event.occurred_on)}, cụ thể:")
    totals_lines = []
    if amount:
        totals_lines.append((f"Tổng số tiền hỗ trợ: {format_number(amount)} đồng",
                             f" (Bằng chữ: {amount_in_words(amount)})."))
    if rice_kg:
        totals_lines.append((f"Tổng số gạo hỗ trợ: {format_number(rice_kg)} kg", "."))
    article2 = (f"Kinh phí, gạo hỗ trợ bảo đảm theo phân cấp ngân sách nhà nước hiện hành. Công chức Văn hóa - "
                f"Xã hội và bộ phận Tài chính - Kế toán {commune_words} tổ chức chi trả, cấp phát kịp thời, đúng "
                f"đối tượng; lưu danh sách ký nhận theo quy định.")
    article3 = ("Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân, công "
                "chức Văn hóa - Xã hội, bộ phận Tài chính - Kế toán, Trưởng thôn, tổ dân phố có liên quan và "
                + (f"ông (bà) {request.full_name}" if request is not None
                   else "các hộ gia đình, cá nhân có tên trong danh sách kèm theo")
                + " chịu trách nhiệm thi hành Quyết định này./.")
    kind_rows = [[k["label"], f"{k['count']}" + (f" hộ ({k['people']} khẩu)" if k["rice"] else ""),
                  "" if k["rice"] else format_number(k["amount"]), format_number(k["rice_kg"]) if k["rice"] else ""]
                 for k in kinds]
    kind_total = ["Tổng cộng", str(len(requests)), format_number(amount) if amount else "",
                  format_number(rice_kg) if rice_kg else ""]
    return {
        "authority_top": "ỦY BAN NHÂN DÂN", "authority_name": approver.name.upper(),
        "number": f"Số: {decision.number}", "place": place_name(approver),
        "header": DocumentHeader(authority=authority_name(approver), place=place_name(approver),
                                 on=decision.decided_on),
        "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
        "title": "QUYẾT ĐỊNH",
        "about": (f"Về việc trợ giúp xã hội đột xuất cho "
                  f"{'hộ gia đình, cá nhân' if request is None else _who(request)} bị ảnh hưởng bởi "
                  f"{event.name} ngày {format_date(event.occurred_on)}"),
        "chair": chair,
        "bases": ["Căn cứ Luật Tổ chức chính quyền địa phương;", f"Căn cứ {ND20_FULL};",
                  *[f"Căn cứ {b};" for b in _provincial_bases(requests)]],
        "proposal": (f"Xét đề nghị của công chức Văn hóa - Xã hội {commune_words} "
                     f"({decision.prepared_by.full_name}) về danh sách hộ gia đình, cá nhân cần trợ giúp xã hội "
                     f"đột xuất."),
        "event": event, "unit": decision.unit, "kinds": kinds, "single": request,
        "n_requests": len(requests), "amount": amount, "rice_kg": rice_kg,
        "amount_words": amount_in_words(amount) if amount else "",
        "commune_words": commune_words,
        "article1": article1, "kind_columns": KIND_COLUMNS, "kind_rows": kind_rows, "kind_total": kind_total,
        "totals_lines": totals_lines, "article2": article2, "article3": article3,
        "recipients": ["Như Điều 3", "Lưu: VT, VHXH"],
        "signer_title": "CHỦ TỊCH", "signer": decision.signer,
        "attachments": attachments,
    }


KIND_COLUMNS = ["Loại trợ giúp", "Số đối tượng", "Số tiền (đồng)", "Gạo (kg)"]


def _who(request) -> str:
    return ("hộ ông (bà) " if request.kind in ("EM-RICE-TET", "EM-RICE-DISASTER", "EM-HOUSE-REBUILD",
                                                "EM-HOUSE-RELOCATE", "EM-HOUSE-REPAIR") else "ông (bà) ") + request.full_name


def emergency_decision_pdf(decision, *, request=None) -> bytes:
    """The decision as PDF: portrait pages of the decision, then the lists on landscape pages."""
    return render_pdf("reports/emergency_decision_document.html", decision_context(decision, request=request))


def emergency_decision_docx(decision, *, request=None) -> bytes:
    """The same decision as an editable Word document (btxh.docx.OfficialDocx): the text of
    ``decision_context``, then the attached lists on landscape pages."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    from btxh.docx import OfficialDocx

    c = decision_context(decision, request=request)
    d = OfficialDocx()
    d.header_block(authority=f"{c['authority_top']}\n{c['authority_name']}", number=c["number"],
                   date_line=c["header"].date_line)
    d.para(c["title"], bold=True, align="center", size=14, space_after=0)
    d.para(c["about"], bold=True, align="center")
    d.para(c["chair"], bold=True, align="center")
    for basis in [*c["bases"], c["proposal"]]:
        d.para(basis, italic=True, align="justify", space_after=2)
    d.para("QUYẾT ĐỊNH:", bold=True, align="center")
    d.runs(("Điều 1. ", True), (c["article1"], False))
    d.table(c["kind_columns"], c["kind_rows"], total=c["kind_total"], widths_mm=[75, 35, 30, 25])
    for figure, words in c["totals_lines"]:
        d.runs((figure, True), (words, False))
    d.para("(Có danh sách kèm theo)", italic=True)
    d.runs(("Điều 2. ", True), (c["article2"], False))
    d.runs(("Điều 3. ", True), (c["article3"], False))
    d.signature_block(recipients=c["recipients"], sign_for=c["signer_title"], signer=c["signer"])
    for lst in c["attachments"]:
        section = d.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin, section.right_margin = Mm(20), Mm(15)
        d.para(c["header"].authority, bold=True, size=12, space_after=0)
        d.para(lst["title"], bold=True, align="center", size=14, space_after=0)
        for line in lst["subtitle_lines"]:
            d.para(line, italic=True, align="center", space_after=0)
        d.para("Đơn vị tính: kg" if lst["rice"] else "Đơn vị tính: đồng", italic=True, align="right", size=11)
        _list_table(d, lst)
        d.para(f"Tổng số gạo: {lst['rice_words']}." if lst["rice"] else f"Số tiền bằng chữ: {lst['amount_words']}./.",
               italic=True)
        _list_signatures(d, lst)
    return d.bytes()


def _list_table(d, lst: dict) -> None:
    """The attached list as a Word table: a row per hamlet, its lines, its subtotal, the total."""
    rice = lst["rice"]
    if rice:
        columns = ["STT", "Họ và tên chủ hộ", "Năm sinh", "Số định danh cá nhân", "Thôn/tổ dân phố",
                   "Số nhân khẩu", "Số tháng", "Số gạo (kg)", "Ký nhận"]
        widths = [12, 52, 18, 34, 36, 20, 18, 24, 48]
    else:
        columns = ["STT", "Họ và tên", "Năm sinh", "Số định danh cá nhân", "Thôn/tổ dân phố", "Loại trợ giúp",
                   "Nội dung", "Số tiền (đồng)", "Ký nhận"]
        widths = [12, 42, 16, 32, 30, 36, 30, 26, 38]
    rows, spans = [], []  # spans: (row index, last merged column) of the hamlet and subtotal rows
    for g, label in lst["groups"]:
        spans.append((len(rows) + 1, 8))
        rows.append([g.label] + [""] * 8)
        for stt, line in enumerate(g.lines, start=g.first_stt):
            rows.append([str(stt), line.full_name, line.birth_year, line.national_id, line.hamlet]
                        + ([str(line.people), str(line.months), format_number(line.rice_kg)] if rice
                           else [line.kind_label, line.content, format_number(line.amount)]) + [""])
        spans.append((len(rows) + 1, 4))
        rows.append([label, "", "", "", ""] + ([str(g.people), "", format_number(g.rice_kg)] if rice
                                               else ["", "", format_number(g.amount)]) + [""])
    total = lst["total"]
    spans.append((len(rows) + 1, 4))
    table = d.table(columns, rows, size=10, widths_mm=widths,
                    total=[lst["total_label"], "", "", "", ""] + (
                        [str(total.people), "", format_number(total.rice_kg)] if rice
                        else ["", "", format_number(total.amount)]) + [""])
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    hamlet_rows = {index for index, last in spans if last == 8}
    for index, row in enumerate(table.rows[1:], start=1):  # numbers to the right, as in the PDF
        if index not in hamlet_rows:
            for col in (5, 7) if rice else (7,):
                row.cells[col].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for index, last in spans:  # the label over the merged cells, in bold
        row = table.rows[index]
        text = row.cells[0].text
        merged = row.cells[0].merge(row.cells[last])
        for paragraph in merged.paragraphs[1:]:
            paragraph._element.getparent().remove(paragraph._element)
        merged.paragraphs[0].runs[0].text = text
        merged.paragraphs[0].runs[0].bold = True
        for run in merged.paragraphs[0].runs[1:]:
            run.text = ""


def _list_signatures(d, lst: dict) -> None:
    from docx.shared import Mm

    from btxh.docx import _widths

    table = d.document.add_table(rows=1, cols=3)
    table.autofit = False
    _widths(table, Mm(87), Mm(87), Mm(88))
    for cell, (title, note, name) in zip(table.rows[0].cells, (
            ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", lst["prepared_by"]),
            ("KẾ TOÁN", "(Ký, ghi rõ họ tên)", ""),
            (lst["chair_title"], "(Ký, ghi rõ họ tên, đóng dấu)", lst["signer"])), strict=True):
        d.para(title, bold=True, align="center", cell=cell, space_after=0)
        d.para(note, italic=True, align="center", cell=cell, size=11, space_after=48)
        d.para(name, bold=True, align="center", cell=cell)
