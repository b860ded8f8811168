"""Decisions (quyết định) as documents: PDF and editable Word, in the Decree 30/2020/NĐ-CP layout
(Appendix I, form 1.4 — a decision of an individual: the header block, "Số: …/QĐ-UBND", the
place and date, the title, the authority, the "Căn cứ …" lines, the articles, "Nơi nhận" and the
signature block). The "Căn cứ" lines come from the legal bases of the rule rows the engine used;
each person's amount and its explanation are the engine's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from beneficiaries.categories import SCHEME_LABELS, category_info
from beneficiaries.facts import facts_data_load, pays_in
from beneficiaries.models import Case, Decision, DecisionKind, FuneralClaim
from benefits.payroll.selectors import province_code_of
from benefits.selectors import ruleset_load
from btxh.amount_words import amount_in_words
from btxh.documents import MOTTO_SUBTITLE, NATIONAL_MOTTO, DocumentHeader, authority_name, place_name, render_pdf
from btxh.docx import OfficialDocx
from btxh.formatting import format_money, format_number
from engine import EngineError, Month, compute
from engine.funeral import funeral_support

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
    category: str
    month: str  # start month (grant) or last paid month (ending)
    amount: int = 0
    explanation: str = ""
    reason: str = ""
    funeral: int = 0
    organiser: str = ""


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

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.rows) + sum(r.funeral for r in self.rows)


def _birth(person) -> str:
    return f"{person.birth_date:%d/%m/%Y}" if person.birth_date else str(person.birth_year)


def _grant_row(case: Case, rules, province, bases: list[str]) -> Row:
    month = Month.of(case.start_month)
    row = Row(case.person.full_name, _birth(case.person), case.person.hamlet, case.unit.name, case.category,
              f"{month.month:02d}/{month.year}")  # fmt: skip
    try:
        data = facts_data_load([case.person_id])
        cases = [c for c in data.cases.get(case.person_id, ()) if c.id == case.pk and pays_in(c, month)]
        facts, entitlements = data.month_input(case.person_id, month, cases)
        result = compute(facts, entitlements, month, rules, province)
    except (EngineError, ValueError) as exc:
        row.explanation = f"Chưa tính được: {exc}"
        return row
    row.amount, row.explanation = result.total, result.explanation
    for line in result.lines:
        for basis in line.basis.split("; "):
            basis = basis.split(": ", 1)[-1].strip()
            if basis and basis not in bases:
                bases.append(basis)
    return row


def _funeral(case: Case, rules, province) -> int:
    try:
        data = facts_data_load([case.person_id])
        month = Month.of(case.person.death_date)
        facts, entitlements = data.month_input(case.person_id, month, list(data.cases.get(case.person_id, ())))
        line = funeral_support(facts, entitlements, rules, province)
    except (EngineError, ValueError, TypeError):
        return 0
    return line.amount if line else 0


def decision_doc(decision: Decision) -> DecisionDoc:
    unit = decision.unit
    cases = list(decision.cases.select_related("person", "unit").order_by("person__hamlet", "person__full_name"))
    chair_unit = f"ỦY BAN NHÂN DÂN {unit.name.upper()}"
    header = DocumentHeader(authority=authority_name(unit), place=place_name(unit), on=decision.decision_date)
    rules, province = ruleset_load(), province_code_of(unit)
    bases: list[str] = list(FIXED_BASES)
    rows: list[Row] = []
    many = len(cases) > 1
    if decision.kind == DecisionKind.GRANT:
        rows = [_grant_row(c, rules, province, bases) for c in cases]
        schemes = {getattr(category_info(c.category), "scheme", "") for c in cases}
        what = " và ".join(sorted(SCHEME_LABELS.get(s, "trợ cấp xã hội").lower() for s in schemes if s)) or "trợ cấp xã hội"
        about = f"Về việc hưởng {what}"
        who = f"{len(cases)} đối tượng có tên trong danh sách kèm theo" if many else _one(rows[0]) if rows else ""
        articles = [
            f"Hưởng {what} đối với {who}, kể từ tháng ghi tại {'danh sách' if many else 'Quyết định này'}"
            + ("" if many else f" (tháng {rows[0].month})" if rows else "")
            + "; mức hưởng theo quy định của pháp luật hiện hành"
            + (f": {format_money(rows[0].amount)}/tháng ({rows[0].explanation})." if rows and not many else "."),
            "Công chức phụ trách lao động - thương binh và xã hội có trách nhiệm lập danh sách chi trả hằng tháng "
            "theo quy định, bắt đầu từ tháng được hưởng; các tháng trước ngày ký Quyết định được truy lĩnh.",
            "Quyết định này có hiệu lực kể từ ngày ký. Văn phòng HĐND và UBND, công chức phụ trách, "
            + ("các đối tượng có tên trong danh sách" if many else f"{'ông' if cases and cases[0].person.sex == 'male' else 'bà'} "
               f"{rows[0].name}" if rows else "")
            + " chịu trách nhiệm thi hành Quyết định này./.",
        ]
        list_title = f"DANH SÁCH ĐỐI TƯỢNG HƯỞNG {what.upper()}"
    else:
        claims = {c.person_id: c for c in FuneralClaim.objects.filter(decision=decision)}
        for c in cases:
            row = Row(c.person.full_name, _birth(c.person), c.person.hamlet, c.unit.name, c.category,
                      f"{c.end_month:%m/%Y}" if c.end_month else "", reason=c.get_termination_reason_display())  # fmt: skip
            if c.person.death_date:
                row.reason += f" ngày {c.person.death_date:%d/%m/%Y}"
            claim = claims.get(c.person_id)
            if claim is not None and not any(r.name == row.name and r.funeral for r in rows):
                row.funeral = _funeral(c, rules, province)
                row.organiser = claim.organiser_name
            rows.append(row)
        bases.append("Nghị định số 20/2021/NĐ-CP điều 8 khoản 3 (thôi hưởng) và điều 11 (hỗ trợ chi phí mai táng)")
        funeral_total = sum(r.funeral for r in rows)
        about = "Về việc thôi hưởng trợ cấp xã hội" + (" và hỗ trợ chi phí mai táng" if funeral_total else "")
        who = f"{len(rows)} đối tượng có tên trong danh sách kèm theo" if many else _one(rows[0]) if rows else ""
        articles = [
            f"Thôi hưởng trợ cấp đối với {who}, kể từ tháng sau tháng cuối cùng được hưởng ghi tại "
            + ("danh sách" if many else f"Quyết định này (hưởng đến hết tháng {rows[0].month}; lý do: {rows[0].reason})" if rows else "")
            + ".",
        ]
        if funeral_total:
            payees = "; ".join(f"{r.organiser or 'người tổ chức mai táng'} (mai táng cho {r.name}): {format_money(r.funeral)}"
                               for r in rows if r.funeral)  # fmt: skip
            articles.append(f"Hỗ trợ chi phí mai táng: {payees}. Tổng số tiền: {format_money(funeral_total)} "
                            f"({amount_in_words(funeral_total)}).")  # fmt: skip
        articles.append("Quyết định này có hiệu lực kể từ ngày ký. Văn phòng HĐND và UBND, công chức phụ trách và "
                        "các cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.")  # fmt: skip
        list_title = "DANH SÁCH ĐỐI TƯỢNG THÔI HƯỞNG TRỢ CẤP"
    return DecisionDoc(
        header=header, number=decision.number, title="QUYẾT ĐỊNH", about=about,
        chair=f"CHỦ TỊCH {chair_unit}", bases=bases,
        proposal="Xét đề nghị của công chức phụ trách lao động - thương binh và xã hội.",
        articles=articles, recipients=["Như Điều " + str(len(articles)), "Phòng Văn hóa - Xã hội", "Lưu: VT."],
        signer=decision.signer, sign_for="CHỦ TỊCH", rows=rows, list_title=list_title,
        kind=decision.kind,
    )


def _one(row: Row) -> str:
    return f"{row.name}, sinh ngày {row.birth}, thường trú tại {row.hamlet}, {row.unit}"


def decision_pdf(doc: DecisionDoc) -> bytes:
    return render_pdf(
        "reports/decision_document.html",
        {"doc": doc, "header": doc.header, "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
         "title": doc.title, "many": len(doc.rows) > 1},
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
    if len(doc.rows) > 1:
        d.page_break()
        d.para(doc.list_title, bold=True, align="center", space_after=0)
        d.para(f"(Kèm theo Quyết định số {doc.number} {doc.header.date_line})", italic=True, align="center")
        grant = doc.kind == DecisionKind.GRANT
        columns = ["STT", "Họ và tên", "Ngày sinh", "Thôn/tổ dân phố", "Diện"] + (
            ["Hưởng từ tháng", "Mức hưởng (đồng/tháng)"] if grant else ["Hưởng đến hết tháng", "Lý do", "Mai táng phí (đồng)"]
        )
        rows = [
            [str(i), r.name, r.birth, r.hamlet, r.category, r.month]
            + ([format_number(r.amount)] if grant else [r.reason, format_number(r.funeral) if r.funeral else ""])
            for i, r in enumerate(doc.rows, start=1)
        ]
        d.table(columns, rows, widths_mm=[10, 40, 22, 28, 20, 20, 25] if grant else [10, 36, 20, 24, 18, 18, 22, 17])
        d.para(f"Tổng cộng: {len(doc.rows)} người.", italic=True)
    return d.bytes()


def decision_filename(decision: Decision, ext: str) -> str:
    number = decision.number.split("/")[0].strip() or str(decision.pk)
    return f"quyet-dinh-{number}-{decision.decision_date:%Y}.{ext}"


__all__ = ["DecisionDoc", "date", "decision_doc", "decision_docx", "decision_filename", "decision_pdf"]
