"""Documents of a celebration round (Decree 30/2020/NĐ-CP layout, through btxh/documents.py):
the list of people to be celebrated with the gift receipt column (PDF, Excel), the budget estimate
in it with the amount in words, and the certificates (Giấy mừng thọ), one A5 page per person."""

from __future__ import annotations

from django.utils import timezone

from btxh.amount_words import amount_in_words
from btxh.documents import (
    MOTTO_SUBTITLE,
    NATIONAL_MOTTO,
    XLSX_OPTIONS,
    DocumentHeader,
    authority_name,
    place_name,
    render_pdf,
    xlsx_header,
)
from btxh.formatting import format_date, format_number

from .models import CelebrationRound
from .selectors import round_listing

LIST_TITLE = "DANH SÁCH NGƯỜI CAO TUỔI ĐƯỢC CHÚC THỌ, MỪNG THỌ"
LEVEL_TEXT = {"100+": "Trên 100 tuổi"}


def level_text(level: str) -> str:
    return LEVEL_TEXT.get(level, f"{level} tuổi")


def _subtitle(round_: CelebrationRound) -> str:
    day = f" (ngày {format_date(round_.date)})" if round_.date else ""
    return f"Dịp {round_.title}{day} – {round_.unit.name}"


def _header(round_: CelebrationRound) -> DocumentHeader:
    return DocumentHeader(authority=authority_name(round_.unit), place=place_name(round_.unit),
                          on=timezone.localdate())  # fmt: skip


def filename(round_: CelebrationRound, stem: str, ext: str) -> str:
    return f"{stem}-{round_.occasion}-{round_.year}-{round_.unit.code}.{ext}"


def gifts_text(entry) -> str:
    parts = []
    for g in entry.gifts:
        what = ", ".join(x for x in (g.get("items") or "", f"{format_number(g['cash'])} đ" if g.get("cash") else "") if x)
        if what:
            parts.append(f"{g['giver']}: {what}")
    return "; ".join(parts) or "Chưa có mức quà của tỉnh"


def round_list_pdf(*, round_: CelebrationRound, prepared_by: str) -> bytes:
    """Danh sách người cao tuổi được chúc thọ, mừng thọ, by hamlet and level, with the gift
    receipt (signature) column and the budget estimate with its amount in words."""
    listing = round_listing(round_)
    rows = []
    n = 0
    for hamlet, levels in listing["by_hamlet"].items():
        rows.append({"kind": "hamlet", "text": hamlet})
        for level, entries in levels.items():
            rows.append({"kind": "level", "text": f"{level_text(level)} – {entries[0].ceremony}"})
            for e in entries:
                n += 1
                rows.append({"kind": "person", "n": n, "e": e, "gifts": gifts_text(e),
                             "amount": format_number(e.amount)})  # fmt: skip
    grand = listing["grand"]
    return render_pdf(
        "plans/round_list_document.html",
        {
            "header": _header(round_), "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
            "title": LIST_TITLE, "subtitle": _subtitle(round_), "rows": rows, "listing": listing,
            "totals": [(level_text(t.level), t.count, format_number(t.national), format_number(t.province),
                        format_number(t.amount)) for t in listing["totals"]],
            "grand": grand, "grand_amount": format_number(grand.amount),
            "grand_words": amount_in_words(grand.amount), "prepared_by": prepared_by,
        },
        landscape=True,
    )


def round_list_xlsx(*, round_: CelebrationRound, prepared_by: str) -> bytes:
    """The same list as Excel (xlsxwriter; every value from people written as a string)."""
    import io

    import xlsxwriter

    listing = round_listing(round_)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet("Danh sách")
    columns = [("STT", 6), ("Họ và tên", 26), ("Ngày/năm sinh", 12), ("Giới tính", 8), ("Thôn/Tổ dân phố", 18),
               ("Tuổi", 6), ("Mức", 8), ("Nghi lễ", 22), ("Thiếp chúc thọ", 16), ("Quà tặng", 40),
               ("Số tiền (đồng)", 14), ("Ký nhận", 14)]  # fmt: skip
    row = xlsx_header(wb, ws, _header(round_), LIST_TITLE, _subtitle(round_), len(columns))
    base = {"font_name": "Times New Roman", "font_size": 11, "border": 1, "valign": "top", "text_wrap": True}
    head = wb.add_format({**base, "bold": True, "align": "center"})
    text = wb.add_format(base)
    money = wb.add_format({**base, "num_format": "#,##0"})
    bold = wb.add_format({**base, "bold": True})
    bold_money = wb.add_format({**base, "bold": True, "num_format": "#,##0"})
    for col, (title, width) in enumerate(columns):
        ws.write_string(row, col, title, head)
        ws.set_column(col, col, width)
    ws.repeat_rows(row)
    row += 1
    sex = {"male": "Nam", "female": "Nữ"}
    for i, e in enumerate(listing["entries"], start=1):
        values = [str(i), e.full_name, e.birth_text, sex.get(e.sex, ""), e.hamlet, str(e.age), e.get_level_display(),
                  e.ceremony, e.card, gifts_text(e)]  # fmt: skip
        for col, value in enumerate(values):
            ws.write_string(row, col, value, text)
        ws.write_number(row, 10, e.amount, money)
        ws.write_string(row, 11, "", text)
        row += 1
    row += 1
    ws.write_string(row, 1, "Tổng hợp theo mức tuổi", bold)
    row += 1
    for col, title in enumerate(["Mức", "Số người", "Mức toàn quốc", "Mức của tỉnh", "Tổng"]):
        ws.write_string(row, col + 1, title, head)
    row += 1
    for t in listing["totals"]:
        ws.write_string(row, 1, level_text(t.level), text)
        for col, value in enumerate((t.count, t.national, t.province, t.amount), start=2):
            ws.write_number(row, col, value, money)
        row += 1
    g = listing["grand"]
    ws.write_string(row, 1, "Tổng cộng", bold)
    for col, value in enumerate((g.count, g.national, g.province, g.amount), start=2):
        ws.write_number(row, col, value, bold_money)
    row += 2
    ws.write_string(row, 1, f"Bằng chữ: {amount_in_words(g.amount)}", wb.add_format({"italic": True}))
    ws.write_string(row + 2, 1, "NGƯỜI LẬP BIỂU", wb.add_format({"bold": True}))
    ws.write_string(row + 3, 1, prepared_by)
    ws.write_string(row + 2, 8, "CHỦ TỊCH UBND", wb.add_format({"bold": True}))
    wb.close()
    return buf.getvalue()


def certificates_pdf(*, round_: CelebrationRound) -> bytes:
    """Giấy mừng thọ: one A5 page per person listed, merged into one PDF for the commune."""
    listing = round_listing(round_)
    return render_pdf(
        "plans/certificates_document.html",
        {"header": _header(round_), "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
         "title": "GIẤY MỪNG THỌ", "round": round_, "entries": listing["entries"],
         "chairman_of": round_.unit.name[:1].lower() + round_.unit.name[1:]},
    )


RECEIPT_TITLE = "DANH SÁCH KÝ NHẬN QUÀ CHÚC THỌ, MỪNG THỌ"
BUDGET_TITLE = "DỰ TOÁN KINH PHÍ CHÚC THỌ, MỪNG THỌ"


def _receipt_groups(listing) -> list[dict]:
    groups, n = [], 0
    for hamlet, levels in listing["by_hamlet"].items():
        rows, amount = [], 0
        for entries in levels.values():
            for e in entries:
                n += 1
                amount += e.amount
                rows.append({"n": n, "e": e, "gifts": gifts_text(e), "amount": format_number(e.amount)})
        groups.append({"hamlet": hamlet, "rows": rows, "entries": rows, "amount": format_number(amount), "total": amount})
    return groups


def receipt_list_pdf(*, round_: CelebrationRound, prepared_by: str) -> bytes:
    """Danh sách ký nhận quà: one table per hamlet (each on its own page, for the team handing the
    gifts over there) with the receiver's name and a signature column, the total in words."""
    listing = round_listing(round_)
    grand = listing["grand"]
    return render_pdf(
        "plans/receipt_list_document.html",
        {
            "header": _header(round_), "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
            "title": RECEIPT_TITLE, "subtitle": _subtitle(round_), "groups": _receipt_groups(listing),
            "count": grand.count, "amount": format_number(grand.amount), "words": amount_in_words(grand.amount),
            "prepared_by": prepared_by,
        },
        landscape=True,
    )


def receipt_list_xlsx(*, round_: CelebrationRound, prepared_by: str) -> bytes:
    """The same receipt list as Excel: one sheet per hamlet (names written as strings)."""
    import io

    import xlsxwriter

    listing = round_listing(round_)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    base = {"font_name": "Times New Roman", "font_size": 11, "border": 1, "valign": "top", "text_wrap": True}
    head, text = wb.add_format({**base, "bold": True, "align": "center"}), wb.add_format(base)
    money = wb.add_format({**base, "num_format": "#,##0"})
    sign = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True})
    columns = [("STT", 6), ("Họ và tên người được mừng thọ", 28), ("Ngày/năm sinh", 12), ("Tuổi", 6),
               ("Quà tặng", 40), ("Số tiền (đồng)", 14), ("Họ tên người nhận", 22), ("Ký nhận", 16), ("Ghi chú", 14)]
    used: set[str] = set()
    groups = _receipt_groups(listing) or [{"hamlet": "Danh sách", "rows": [], "total": 0}]
    for group in groups:
        name = "".join(ch for ch in group["hamlet"] if ch not in "[]:*?/\\")[:28] or "Thôn"
        while name in used:
            name = name[:25] + f"~{len(used)}"
        used.add(name)
        ws = wb.add_worksheet(name)
        row = xlsx_header(wb, ws, _header(round_), RECEIPT_TITLE, f"{_subtitle(round_)} – {group['hamlet']}", len(columns))
        for col, (title, width) in enumerate(columns):
            ws.write_string(row, col, title, head)
            ws.set_column(col, col, width)
        ws.repeat_rows(row)
        for r in group["rows"]:
            row += 1
            e = r["e"]
            for col, value in enumerate([str(r["n"]), e.full_name, e.birth_text, str(e.age), r["gifts"]]):
                ws.write_string(row, col, value, text)
            ws.write_number(row, 5, e.amount, money)
            for col in (6, 7, 8):
                ws.write_string(row, col, "", text)
            ws.set_row(row, 30)
        row += 1
        ws.write_string(row, 4, "Cộng", head)
        ws.write_number(row, 5, group["total"], money)
        ws.write_string(row + 2, 1, "NGƯỜI LẬP BIỂU", sign)
        ws.write_string(row + 3, 1, prepared_by)
        ws.write_string(row + 2, 4, "NGƯỜI TRAO QUÀ", sign)
        ws.write_string(row + 2, 7, "CHỦ TỊCH UBND", sign)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()


def budget_pdf(*, round_: CelebrationRound, prepared_by: str) -> bytes:
    """Dự toán kinh phí: the gifts by level (national minimums, provincial levels) and the ceremony
    budget line (the commune's: certificates and frames, refreshments per attendee, hall and other
    costs), the total with its amount in words, and the budget by source."""
    listing = round_listing(round_)
    grand = listing["grand"]
    return render_pdf(
        "plans/budget_document.html",
        {
            "header": _header(round_), "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
            "title": BUDGET_TITLE, "subtitle": _subtitle(round_),
            "totals": [(level_text(t.level), t.count, format_number(t.national), format_number(t.province),
                        format_number(t.amount)) for t in listing["totals"]],
            "gifts_total": format_number(grand.amount), "national": format_number(grand.national),
            "province": format_number(grand.province),
            "ceremony": [(what, format_number(q), format_number(u), format_number(a)) for what, q, u, a in listing["ceremony"]],
            "ceremony_total": format_number(listing["ceremony_total"]), "total": format_number(listing["budget_total"]),
            "words": amount_in_words(listing["budget_total"]), "note": round_.ceremony_note,
            "unrecorded": listing["unrecorded"], "prepared_by": prepared_by,
        },
    )  # fmt: skip


__all__ = ["budget_pdf", "certificates_pdf", "filename", "receipt_list_pdf", "receipt_list_xlsx", "round_list_pdf",
           "round_list_xlsx"]
