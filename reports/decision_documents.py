"""Decisions (quyết định) as documents: PDF and editable Word, in the Decree 30/2020/NĐ-CP layout
(Appendix I, form 1.4 — a decision of an individual: the header block, "Số: …/QĐ-UBND", the
place and date, the title, the authority, the "Căn cứ …" lines, the articles, "Nơi nhận" and the
signature block). The "Căn cứ" lines come from the legal bases of the rule rows the engine used;
each person's amount and its explanation are the engine's."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm

from beneficiaries.categories import SCHEME_LABELS, category_codes, category_info, category_name
from beneficiaries.facts import FactsData, facts_data_load, pays_in
from beneficiaries.models import Case, Decision, DecisionKind, DisabilityLevel, FuneralClaim
from benefits.payroll.selectors import province_code_of
from benefits.selectors import ruleset_load
from btxh.amount_words import amount_in_words
from btxh.documents import MOTTO_SUBTITLE, NATIONAL_MOTTO, DocumentHeader, authority_name, place_name, render_pdf
from btxh.docx import OfficialDocx
from btxh.formatting import format_coefficient, format_money, format_number
from engine import SOCIAL_PENSION, EngineError, Month, compute
from engine.funeral import SECONDARY_SOURCE_NOTE, funeral_support

FIXED_BASES = (
    "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
    "Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính sách trợ giúp xã hội "
    "đối với đối tượng bảo trợ xã hội, được sửa đổi, bổ sung bởi Nghị định số 76/2024/NĐ-CP",
)


@dataclass
class Row:
    name: str
    birth: str
    hamlet: str
    unit: str
    category: str  # the category's Vietnamese name, never its code
    month: str  # start month (grant), the month a change / suspension / resumption applies from, last paid month (ending)
    amount: int = 0
    explanation: str = ""
    reason: str = ""
    funeral: int = 0
    organiser: str = ""
    sex: str = ""
    # A change of the amount: the level and coefficient before and after, the amount before.
    old_level: str = ""
    new_level: str = ""
    old_coefficient: str = ""
    new_coefficient: str = ""
    old_amount: int = 0
    old_explanation: str = ""
    certificate: str = ""
    subject: str = ""  # whose level changed, when it is the person cared for


@dataclass
class DecisionDoc:
    header: DocumentHeader
    number: str
    title: str
    about: str
    chair: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC ĐƯỜNG"
    bases: list[str]
    proposal: str
    articles: list[str]
    recipients: list[str]
    signer: str
    sign_for: str  # "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"
    rows: list[Row] = field(default_factory=list)
    list_title: str = ""
    kind: str = DecisionKind.GRANT
    # The list attached to a decision about several people: headings, widths (%), cells, total line.
    list_columns: list[str] = field(default_factory=list)
    list_widths: list[int] = field(default_factory=list)
    list_rows: list[list[str]] = field(default_factory=list)
    list_total: str = ""

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.rows) + sum(r.funeral for r in self.rows)

    @property
    def many(self) -> bool:
        return len(self.rows) > 1


def _birth(person) -> str:
    return f"{person.birth_date:%d/%m/%Y}" if person.birth_date else str(person.birth_year)


def _category(code: str) -> str:
    """The Vietnamese name of a category for a document ("Người từ đủ 75 tuổi…"), never the code."""
    return category_name(code).label


def _row(case: Case, month: str, **kw) -> Row:
    p = case.person
    return Row(p.full_name, _birth(p), p.hamlet, case.unit.name, _category(case.category), month, sex=p.sex, **kw)


def _cite(result, bases: list[str]) -> None:
    """The legal bases of the rule rows the engine used, each once, after the fixed ones (a bare
    decree already cited by a fixed line, "Nghị định 76/2024/NĐ-CP", is not repeated)."""
    for line in result.lines:
        _add_bases(line.basis, bases)


def _add_bases(text: str, bases: list[str]) -> None:
    for basis in text.split("; "):
        basis = basis.split(": ", 1)[-1].split(f" ({SECONDARY_SOURCE_NOTE}", 1)[0].strip()
        bare = _BARE_DECREE.fullmatch(basis)
        if bare and any(bare.group(1) in b for b in bases):
            continue
        if basis and basis not in bases:
            bases.append(basis)


_BARE_DECREE = re.compile(r"(?:Nghị định|Luật)(?: số)? (\S+)")


def _plain(text: str) -> str:
    """The engine's explanation for a document: a category's code ("K6 – Người khuyết tật…",
    "SP-75: không hưởng…") gives way to its Vietnamese name; without the closing full stop (it is
    quoted inside a sentence)."""
    for code in _codes_longest_first():
        text = re.sub(rf"(?<![\w-]){re.escape(code)} – ", "", text)
        text = re.sub(rf"(?<![\w-]){re.escape(code)}: ", f"{category_name(code).label}: ", text)
    return " ".join(text.split()).rstrip(".")


@cache
def _codes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(category_codes(), key=len, reverse=True))


def _compute(data, case: Case, month: Month, rules, province):
    """What the engine says the case pays in ``month`` with ``data``'s facts (None: not computable)."""
    cases = [c for c in data.cases.get(case.person_id, ()) if c.id == case.pk and pays_in(c, month)]
    facts, entitlements = data.month_input(case.person_id, month, cases)
    return compute(facts, entitlements, month, rules, province)


def _grant_row(case: Case, rules, province, bases: list[str]) -> Row:
    month = Month.of(case.start_month)
    return _amount_row(_row(case, month.text), case, month, rules, province, bases)


def _amount_row(row: Row, case: Case, month: Month, rules, province, bases: list[str]) -> Row:
    """``row`` with the engine's monthly amount for ``month`` and its explanation; the rule rows'
    legal bases join ``bases`` (the "Căn cứ" lines)."""
    try:
        result = _compute(facts_data_load([case.person_id]), case, month, rules, province)
    except (EngineError, ValueError) as exc:
        row.explanation = f"Chưa tính được: {exc}"
        return row
    row.amount, row.explanation = result.total, _plain(result.explanation)
    _cite(result, bases)
    return row


def _funeral(case: Case, rules, province, bases: list[str]) -> int:
    """The funeral support the engine owes for the person (0 when none); its rule row is cited."""
    try:
        data = facts_data_load([case.person_id])
        month = Month.of(case.person.death_date)
        facts, entitlements = data.month_input(case.person_id, month, list(data.cases.get(case.person_id, ())))
        line = funeral_support(facts, entitlements, rules, province)
    except (EngineError, ValueError, TypeError):
        return 0
    if line is None:
        return 0
    _add_bases(line.basis, bases)
    return line.amount


def _level_label(level: str | None) -> str:
    return f"khuyết tật {DisabilityLevel(level).label.lower()}" if level in DisabilityLevel.values else "chưa xác định mức độ"


def _coefficient(result, case: Case) -> str:
    lines = [line for line in result.lines if line.ref == case.pk] if result is not None else []
    return format_coefficient(sum(line.coefficient for line in lines)) if lines else ""


def _change_rows(decision: Decision, rules, province, bases: list[str]) -> list[Row]:
    """Per decided level: the case whose amount it changes, the level, coefficient and monthly
    amount before and after, from the month the new level applies (the engine's figures: the
    facts with the level and without it)."""
    rows = []
    assessments = decision.assessments.select_related("person__unit", "case__person", "case__unit").order_by(
        "person__hamlet", "person__full_name", "id"
    )
    for a in assessments:
        case = a.case or a.person.cases.decided().filter(disability_level__gt="").select_related("person", "unit").first()
        if case is None:
            continue
        month = Month.of(a.from_month)
        row = _row(case, f"{month.month:02d}/{month.year}")
        row.certificate = a.certificate_number + (f" ngày {a.certificate_date:%d/%m/%Y}" if a.certificate_date else "")
        if a.person_id != case.person_id:
            row.subject = a.person.full_name
        try:
            data = facts_data_load([case.person_id, a.person_id])
            levels = list(data.levels.get(a.person_id, ()))
            if (a.from_month, a.level) in levels:
                levels.remove((a.from_month, a.level))
            before = FactsData(data.people, data.cases, data.children, data.poverty,
                               {**data.levels, a.person_id: levels}, data.pensions)  # fmt: skip
            new, old = _compute(data, case, month, rules, province), _compute(before, case, month, rules, province)
        except (EngineError, ValueError) as exc:
            row.explanation = f"Chưa tính được: {exc}"
            rows.append(row)
            continue
        row.old_level = _level_label(before.facts(a.person_id, month).disability_level or case.disability_level)
        row.new_level = _level_label(a.level)
        row.amount, row.explanation = new.total, _plain(new.explanation)
        row.old_amount, row.old_explanation = old.total, _plain(old.explanation)
        row.new_coefficient, row.old_coefficient = _coefficient(new, case), _coefficient(old, case)
        _cite(new, bases)
        rows.append(row)
    return rows


def _single_row(decision: Decision, case: Case, rules, province, bases: list[str], *, amount_month: Month) -> Row:
    month = Month.of(decision.month) if decision.month else amount_month
    row = _row(case, month.text, reason=decision.reason)
    return _amount_row(row, case, amount_month, rules, province, bases)


def _who(rows: list[Row]) -> str:
    if len(rows) > 1:
        return f"{len(rows)} đối tượng có tên trong danh sách kèm theo"
    return _one(rows[0]) if rows else ""


def _title_of(row: Row) -> str:
    return "ông" if row.sex == "male" else "bà"


def _scheme_of(cases) -> str:
    schemes = {getattr(category_info(c.category), "scheme", "") for c in cases}
    return " và ".join(sorted(SCHEME_LABELS.get(s, "trợ cấp xã hội").lower() for s in schemes if s)) or "trợ cấp xã hội"


def _effect(rows: list[Row]) -> str:
    who = "các đối tượng có tên trong danh sách" if len(rows) > 1 else f"{_title_of(rows[0])} {rows[0].name}" if rows else ""
    return ("Quyết định này có hiệu lực kể từ ngày ký. Văn phòng HĐND và UBND, công chức phụ trách lao động - "
            f"thương binh và xã hội, {who} chịu trách nhiệm thi hành Quyết định này./.")  # fmt: skip


def _list(doc: DecisionDoc) -> None:
    """The attached list's columns and cells for the kind (one table for the PDF and the .docx)."""
    rows = doc.rows
    head = ["STT", "Họ và tên", "Ngày sinh", "Thôn/tổ dân phố", "Diện đối tượng"]
    def first(i, r):
        return [str(i), r.name, r.birth, r.hamlet, r.category]
    people = f"Tổng cộng: {len(rows)} người."
    if doc.kind == DecisionKind.GRANT:
        doc.list_columns = [*head, "Hưởng từ tháng", "Mức hưởng (đồng/tháng)", "Cách tính"]
        doc.list_widths = [5, 15, 11, 11, 17, 9, 10, 22]
        doc.list_rows = [[*first(i, r), r.month, format_number(r.amount), r.explanation] for i, r in enumerate(rows, 1)]
        doc.list_total = f"{people} Mức hưởng cộng: {format_money(sum(r.amount for r in rows))}/tháng."
    elif doc.kind == DecisionKind.CHANGE:
        doc.list_columns = [*head, "Từ tháng", "Mức độ khuyết tật (cũ → mới)", "Mức cũ (đồng/tháng)", "Mức mới (đồng/tháng)"]
        doc.list_widths = [5, 15, 11, 11, 18, 8, 14, 9, 9]
        doc.list_rows = [[*first(i, r), r.month, f"{r.old_level} → {r.new_level}", format_number(r.old_amount),
                          format_number(r.amount)] for i, r in enumerate(rows, 1)]  # fmt: skip
        doc.list_total = people
    elif doc.kind in (DecisionKind.SUSPEND, DecisionKind.RESUME):
        when = "Tạm dừng từ tháng" if doc.kind == DecisionKind.SUSPEND else "Hưởng tiếp từ tháng"
        doc.list_columns = [*head, when, "Mức (đồng/tháng)", "Lý do"]
        doc.list_widths = [5, 16, 11, 12, 20, 9, 10, 17]
        doc.list_rows = [[*first(i, r), r.month, format_number(r.amount), r.reason] for i, r in enumerate(rows, 1)]
        doc.list_total = people
    else:
        doc.list_columns = [*head, "Hưởng đến hết tháng", "Lý do", "Mai táng phí (đồng)"]
        doc.list_widths = [5, 16, 11, 12, 19, 9, 16, 12]
        doc.list_rows = [[*first(i, r), r.month, r.reason, format_number(r.funeral) if r.funeral else ""]
                         for i, r in enumerate(rows, 1)]  # fmt: skip
        funeral = sum(r.funeral for r in rows)
        doc.list_total = people + (f" Mai táng phí cộng: {format_money(funeral)}." if funeral else "")


def decision_doc(decision: Decision) -> DecisionDoc:
    """The content of a decision of any kind, once, for the PDF and the .docx alike."""
    unit = decision.unit
    cases = list(decision.cases.select_related("person", "unit").order_by("person__hamlet", "person__full_name"))
    chair_unit = f"ỦY BAN NHÂN DÂN {unit.name.upper()}"
    header = DocumentHeader(authority=authority_name(unit), place=place_name(unit), on=decision.decision_date)
    rules, province = ruleset_load(), province_code_of(unit)
    bases: list[str] = list(FIXED_BASES)
    rows: list[Row] = []
    many = len(cases) > 1
    what = _scheme_of(cases)
    if decision.kind == DecisionKind.GRANT:
        rows = [_grant_row(c, rules, province, bases) for c in cases]
        about = f"Về việc hưởng {what}"
        who = _who(rows)
        articles = [
            f"Hưởng {what} đối với {who}, kể từ tháng ghi tại {'danh sách' if many else 'Quyết định này'}"
            + ("" if many else f" (tháng {rows[0].month})" if rows else "")
            + "; mức hưởng theo quy định của pháp luật hiện hành"
            + (f": {format_money(rows[0].amount)}/tháng ({rows[0].explanation})." if rows and not many else "."),
            "Công chức phụ trách lao động - thương binh và xã hội có trách nhiệm lập danh sách chi trả hằng tháng "
            "theo quy định, bắt đầu từ tháng được hưởng; các tháng trước ngày ký Quyết định được truy lĩnh.",
            _effect(rows),
        ]
        list_title = f"DANH SÁCH ĐỐI TƯỢNG HƯỞNG {what.upper()}"
    elif decision.kind == DecisionKind.CHANGE:
        rows = _change_rows(decision, rules, province, bases)
        many = len(rows) > 1
        bases.append("Nghị định số 20/2021/NĐ-CP điều 8 (điều chỉnh mức trợ cấp khi đối tượng thay đổi điều kiện hưởng)")
        about = f"Về việc điều chỉnh mức {what}"
        if many:
            first = (f"Điều chỉnh mức {what} đối với {_who(rows)} do thay đổi mức độ khuyết tật, kể từ tháng ghi tại "
                     "danh sách; mức cũ và mức mới theo danh sách.")  # fmt: skip
        elif rows:
            r = rows[0]
            whose = f" của người được chăm sóc ({r.subject})" if r.subject else ""
            cert = f" theo giấy xác nhận khuyết tật số {r.certificate}" if r.certificate else ""
            old_coef = f"hệ số {r.old_coefficient}, " if r.old_coefficient else ""
            new_coef = f"hệ số {r.new_coefficient}, " if r.new_coefficient else ""
            first = (f"Điều chỉnh mức {what} đối với {_one(r)}, do thay đổi mức độ khuyết tật{whose}{cert}: "
                     f"từ {r.old_level} ({old_coef}{format_money(r.old_amount)}/tháng) sang {r.new_level} "
                     f"({new_coef}{format_money(r.amount)}/tháng; cách tính: {r.explanation}), "
                     f"kể từ tháng {r.month}.")  # fmt: skip
        else:
            first = f"Điều chỉnh mức {what} theo mức độ khuyết tật mới."
        articles = [
            first,
            "Phần chênh lệch của các tháng từ tháng được điều chỉnh đến trước tháng chi trả kế tiếp được truy lĩnh "
            "(hoặc truy thu) trong danh sách chi trả hằng tháng.",
            _effect(rows),
        ]
        list_title = f"DANH SÁCH ĐỐI TƯỢNG ĐIỀU CHỈNH MỨC {what.upper()}"
    elif decision.kind in (DecisionKind.SUSPEND, DecisionKind.RESUME):
        suspend = decision.kind == DecisionKind.SUSPEND
        month = Month.of(decision.month) if decision.month else Month.of(decision.decision_date)
        # A suspension states the amount being paid until then (the month before); a resumption the amount from then.
        rows = [_single_row(decision, c, rules, province, bases, amount_month=month - 1 if suspend else month) for c in cases]
        decree_20 = any(getattr(category_info(c.category), "scheme", "") != SOCIAL_PENSION for c in cases)
        if suspend:
            if decree_20:  # the social pension's own rule rows (Law on Social Insurance, Decree 176/2025) are cited above
                bases.append("Nghị định số 20/2021/NĐ-CP điều 8 khoản 1 (tạm dừng trợ cấp xã hội hằng tháng)")
            about = f"Về việc tạm dừng hưởng {what}"
            body = (f"Tạm dừng chi trả {what} đối với {_who(rows)}, kể từ tháng "
                    + (f"{rows[0].month}; mức đang hưởng {format_money(rows[0].amount)}/tháng. Lý do: "
                       f"{rows[0].reason or 'theo đề nghị của công chức phụ trách'}." if rows and not many else
                       "ghi tại danh sách; lý do theo danh sách."))  # fmt: skip
            second = ("Khi không còn lý do tạm dừng, công chức phụ trách lao động - thương binh và xã hội đề nghị "
                      "Chủ tịch Ủy ban nhân dân xem xét cho hưởng tiếp theo quy định.")  # fmt: skip
            list_title = f"DANH SÁCH ĐỐI TƯỢNG TẠM DỪNG HƯỞNG {what.upper()}"
        else:
            if decree_20:
                bases.append("Nghị định số 20/2021/NĐ-CP điều 8 (tạm dừng, hưởng tiếp trợ cấp xã hội hằng tháng)")
            about = f"Về việc hưởng tiếp {what}"
            body = (f"Hưởng tiếp {what} đối với {_who(rows)}, kể từ tháng "
                    + (f"{rows[0].month}; mức hưởng {format_money(rows[0].amount)}/tháng ({rows[0].explanation})"
                       + (f". Trước đó: {rows[0].reason}." if rows[0].reason else ".") if rows and not many else
                       "ghi tại danh sách."))  # fmt: skip
            second = ("Công chức phụ trách lao động - thương binh và xã hội đưa đối tượng vào danh sách chi trả hằng "
                      "tháng kể từ tháng được hưởng tiếp.")  # fmt: skip
            list_title = f"DANH SÁCH ĐỐI TƯỢNG HƯỞNG TIẾP {what.upper()}"
        articles = [body, second, _effect(rows)]
    else:
        claims = {c.person_id: c for c in FuneralClaim.objects.filter(decision=decision)}
        for c in cases:
            row = _row(c, f"{c.end_month:%m/%Y}" if c.end_month else "", reason=c.get_termination_reason_display())
            if c.person.death_date:
                row.reason += f" ngày {c.person.death_date:%d/%m/%Y}"
            claim = claims.get(c.person_id)
            if claim is not None and not any(r.name == row.name and r.funeral for r in rows):
                row.funeral = _funeral(c, rules, province, bases)
                row.organiser = claim.organiser_name
            rows.append(row)
        bases.append("Nghị định số 20/2021/NĐ-CP điều 8 khoản 3 (thôi hưởng) và điều 11 (hỗ trợ chi phí mai táng)")
        funeral_total = sum(r.funeral for r in rows)
        about = "Về việc thôi hưởng trợ cấp xã hội" + (" và hỗ trợ chi phí mai táng" if funeral_total else "")
        who = _who(rows)
        articles = [
            f"Thôi hưởng trợ cấp đối với {who}, kể từ tháng sau tháng cuối cùng được hưởng ghi tại "
            + ("danh sách" if many else f"Quyết định này (hưởng đến hết tháng {rows[0].month}; lý do: "
               f"{rows[0].reason[:1].lower()}{rows[0].reason[1:]})" if rows else "")
            + ".",
        ]
        if funeral_total:
            payees = "; ".join(f"{r.organiser or 'người tổ chức mai táng'} (mai táng cho {r.name}): {format_money(r.funeral)}"
                               for r in rows if r.funeral)  # fmt: skip
            articles.append(f"Hỗ trợ chi phí mai táng: {payees}. Tổng số tiền: {format_money(funeral_total)} "
                            f"({amount_in_words(funeral_total)}), chi trả trong danh sách chi trả hằng tháng.")  # fmt: skip
        articles.append("Quyết định này có hiệu lực kể từ ngày ký. Văn phòng HĐND và UBND, công chức phụ trách và "
                        "các cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.")  # fmt: skip
        list_title = "DANH SÁCH ĐỐI TƯỢNG THÔI HƯỞNG TRỢ CẤP"
    doc = DecisionDoc(
        header=header, number=decision.number, title="QUYẾT ĐỊNH", about=about,
        chair=f"CHỦ TỊCH {chair_unit}", bases=bases,
        proposal="Xét đề nghị của công chức phụ trách lao động - thương binh và xã hội.",
        articles=articles, recipients=["Như Điều " + str(len(articles)), "Phòng Văn hóa - Xã hội", "Lưu: VT."],
        signer=decision.signer, sign_for="CHỦ TỊCH", rows=rows, list_title=list_title,
        kind=decision.kind,
    )
    _list(doc)
    return doc


def _one(row: Row) -> str:
    return f"{_title_of(row)} {row.name}, sinh ngày {row.birth}, thường trú tại {row.hamlet}, {row.unit} ({row.category})"


def decision_pdf(doc: DecisionDoc) -> bytes:
    return render_pdf(
        "reports/decision_document.html",
        {"doc": doc, "header": doc.header, "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
         "title": doc.title, "many": doc.many, "columns": list(zip(doc.list_columns, doc.list_widths, strict=True))},
    )


def decision_docx(doc: DecisionDoc) -> bytes:
    """The same decision as an editable Word document."""
    d = OfficialDocx()
    d.header_block(authority=doc.header.authority, number=f"Số: {doc.number}", date_line=doc.header.date_line)
    d.para(doc.title, bold=True, align="center", size=14, space_after=0)
    d.para(doc.about, bold=True, align="center")
    d.para(doc.chair, bold=True, align="center")
    for basis in doc.bases:
        d.para(f"Căn cứ {basis};", italic=True, align="justify", space_after=2)
    d.para(doc.proposal, italic=True, align="justify")
    d.para("QUYẾT ĐỊNH:", bold=True, align="center")
    for i, article in enumerate(doc.articles, start=1):
        d.runs((f"Điều {i}. ", True), (article, False))
    d.signature_block(recipients=list(doc.recipients), sign_for=doc.sign_for, signer=doc.signer)
    if doc.many:
        # The list on pages of its own, A4 landscape: eight or nine columns do not fit an office's
        # portrait page at a readable size (the margins stay those of Decree 30/2020).
        section = d.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        d.para(doc.list_title, bold=True, align="center", space_after=0)
        d.para(f"(Kèm theo Quyết định số {doc.number} {doc.header.date_line})", italic=True, align="center")
        usable = 297 - 30 - 15  # mm between the margins
        d.table(doc.list_columns, doc.list_rows, size=11, widths_mm=[round(usable * w / 100) for w in doc.list_widths])
        d.para(doc.list_total, italic=True)
    return d.bytes()


def decision_filename(decision: Decision, ext: str) -> str:
    number = decision.number.split("/")[0].strip() or str(decision.pk)
    return f"quyet-dinh-{number}-{decision.decision_date:%Y}.{ext}"


__all__ = ["DecisionDoc", "date", "decision_doc", "decision_docx", "decision_filename", "decision_pdf"]
