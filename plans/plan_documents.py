"""The plan as a document (Decree 30/2020 layout) and the year-end results report, a report kind
plugged into ``reports`` (submitted up the chain with the shared submit / return / accept)."""

from __future__ import annotations

from btxh.documents import MOTTO_SUBTITLE, NATIONAL_MOTTO, DocumentHeader, authority_name, place_name, render_pdf

from .plan_models import AnnualPlan, PlanStatus, SignerTitle

SIGNER_LINES = {
    SignerTitle.CHAIRMAN: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    SignerTitle.DEPUTY: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
}


def _slug(plan) -> str:
    from reports.services import unit_slug

    return f"{unit_slug(plan.unit)}-{plan.year}"


def _header(unit, on) -> DocumentHeader:
    from django.utils import timezone

    return DocumentHeader(authority=authority_name(unit), place=place_name(unit), on=on or timezone.localdate())


def _lines(text: str) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()]


def plan_content(plan: AnnualPlan) -> dict:
    """What the plan's documents say, computed once for the PDF and the Word file alike:
    ``plan_detail`` plus the header, the bases sentence, the lists of purposes, requirements and
    funding, the opening and closing sentences and the signature lines."""
    from .plan_selectors import plan_detail

    detail = plan_detail(plan)
    header = _header(plan.unit, plan.issued_on)
    if plan.place:
        header.place = plan.place
    parts = []
    for i, b in enumerate(detail["bases"]):
        verb = "Thực hiện" if b.kind == "parent_plan" else "Căn cứ"
        parts.append(f"{verb if i == 0 else verb.lower()} {b.text.rstrip(' ;.')}")
    return {
        "plan": plan, **detail, "header": header, "title": "KẾ HOẠCH",
        "number_line": f"Số: {plan.number}" if plan.number else "Số:      /KH-UBND",
        "signer_lines": SIGNER_LINES.get(plan.signer_title, []),
        "draft": plan.status == PlanStatus.DRAFT,
        "bases_sentence": "; ".join(parts) + ";" if parts else "",
        "opening": f"Ủy ban nhân dân {plan.unit.name} ban hành Kế hoạch {plan.title[:1].lower()}{plan.title[1:]} "
                   "với những nội dung sau:",
        "closing": f"Trên đây là Kế hoạch {plan.title[:1].lower()}{plan.title[1:]} của Ủy ban nhân dân "
                   f"{plan.unit.name}. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị "
                   f"báo cáo về Ủy ban nhân dân {plan.unit.name} để xem xét, giải quyết./.",
        "purposes": _lines(plan.purposes),
        "requirements": _lines(plan.requirements),
        "funding": _lines(plan.funding) or [
            f"Từ nguồn ngân sách được giao trong dự toán năm {plan.year} và các nguồn hợp pháp khác."],
    }


def _filename(plan: AnnualPlan, ext: str) -> str:
    suffix = "-du-thao" if plan.status == PlanStatus.DRAFT else ""
    return f"ke-hoach-{_slug(plan)}{suffix}.{ext}"


def plan_document(plan: AnnualPlan, *, fmt: str = "pdf") -> tuple[str, bytes]:
    """The plan in the official layout (docs/plans.md §1): header block, "Số: …/KH-UBND", place and
    date, "KẾ HOẠCH" and its subject, the bases, sections I–IV, "Nơi nhận" and the signature block;
    as a PDF (``fmt="pdf"``) or an editable Word file (``fmt="docx"``), from the same content."""
    content = plan_content(plan)
    if fmt == "docx":
        return _filename(plan, "docx"), _plan_docx(content)
    data = render_pdf("plans/plan_document.html", {
        **content, "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
    })
    return _filename(plan, "pdf"), data


ACTIVITY_COLUMNS = ["STT", "Nội dung hoạt động", "Chủ trì", "Phối hợp", "Thời gian (tháng)", "Kinh phí (đồng)"]


def _plan_docx(c: dict) -> bytes:
    """The plan as Word: numbered sections in Word's heading styles (the outline survives editing),
    each task's activities in a table, Times New Roman 13 pt on A4."""
    from btxh.docx import OfficialDocx
    from btxh.formatting import format_number

    plan = c["plan"]
    d = OfficialDocx()
    d.header_block(authority=c["header"].authority, number=c["number_line"], date_line=c["header"].date_line)
    if c["draft"]:
        d.para("DỰ THẢO", bold=True, align="center", color="AA0000", space_after=0)
    d.para(c["title"], bold=True, align="center", size=14, space_after=0)
    d.para(plan.title, bold=True, align="center", space_after=0)
    d.para("__________", align="center", size=8, space_after=8)
    if c["bases_sentence"]:
        d.para(c["bases_sentence"], align="justify", indent=10)
    d.para(c["opening"], align="justify", indent=10)

    d.heading("I. MỤC ĐÍCH, YÊU CẦU", level=1)
    d.heading("1. Mục đích", level=2)
    for p in c["purposes"]:
        d.para(f"- {p}", align="justify", indent=10)
    for t in c["targets"]:
        d.para(f"- {t.text}" + (f" (chỉ tiêu: {t.target_shown})" if t.target_shown else ""), align="justify",
               indent=10)  # fmt: skip
    if c["requirements"]:
        d.heading("2. Yêu cầu", level=2)
        for p in c["requirements"]:
            d.para(f"- {p}", align="justify", indent=10)

    d.heading("II. NHIỆM VỤ, GIẢI PHÁP", level=1)
    for i, task in enumerate(c["tasks"], start=1):
        d.heading(f"{i}. {task.title}", level=2)
        if task.activity_list:
            rows = [[str(j), a.text, a.lead, a.partners, a.months, format_number(a.budget) if a.budget else ""]
                    for j, a in enumerate(task.activity_list, start=1)]
            d.table(ACTIVITY_COLUMNS, rows, widths_mm=[12, 55, 30, 26, 18, 24])
            d.para("", size=6, space_after=0)

    d.heading("III. KINH PHÍ THỰC HIỆN", level=1)
    for p in c["funding"]:
        d.para(f"- {p}", align="justify", indent=10)
    if c["budget"]:
        from btxh.formatting import format_money

        d.para(f"- Tổng kinh phí dự kiến của các hoạt động: {format_money(c['budget'])}.", align="justify", indent=10)

    d.heading("IV. TỔ CHỨC THỰC HIỆN", level=1)
    for i, r in enumerate(c["responsibilities"], start=1):
        d.heading(f"{i}. {r.body}", level=2)
        for line in _lines(r.duties):
            d.para(line, align="justify", indent=10)
    d.para(c["closing"], align="justify", indent=10)
    lines = c["signer_lines"] or ["TM. ỦY BAN NHÂN DÂN"]
    d.signature_block(recipients=c["recipients"], sign_for=lines[0], sign_title="\n".join(lines[1:]),
                      signer=plan.signer_name, note="")
    return d.bytes()


# ---------------------------------------------------------------------------
# Year-end results: the report kind "plan_results"
# ---------------------------------------------------------------------------
def plan_results_figures(unit, period: str) -> dict:
    """The results of the unit's issued plan of the year: each target with its value now, each
    activity's status and evidence, spending against budget. ``total`` is the year's spending
    from the locked rolls."""
    from .indicators import plan_progress
    from .plan_selectors import plan_detail, plan_of, system_activity_done

    year = int(period)
    plan = plan_of(unit, year)
    measured = {m.code: m for m in plan_progress(unit, year, plan)}
    spending = measured["spending_total"].actual or 0
    if plan is None:
        return {"plan": None, "targets": [], "activities": [], "budget": 0, "spent": 0, "total": spending,
                "indicators": [{**m.as_json(), "shown": m.shown} for m in measured.values()]}
    detail = plan_detail(plan)
    targets = []
    for t in detail["targets"]:
        m = measured.get(t.indicator)
        targets.append({
            "text": t.text, "indicator": t.indicator, "label": m.label if m else "",
            "target": float(t.target_value) if t.target_value is not None else None,
            "target_shown": m.target_shown if m and t.target_value is not None else "",
            "actual": m.actual if m else None, "shown": m.shown if m else "",
            "met": m.met if m and t.target_value is not None else None,
        })
    activities = []
    for task in detail["tasks"]:
        for a in task.activity_list:
            record = system_activity_done(a, unit, year) if a.system_kind else None
            activities.append({
                "task": task.title, "text": a.text, "lead": a.lead,
                "status": "done" if record else a.status,
                "status_label": "Hoàn thành" if record else a.get_status_display(),
                "evidence": "; ".join(x for x in (a.evidence, record or "") if x),
                "budget": a.budget or 0, "spent": a.spent or 0,
            })
    return {
        "plan": {"id": plan.pk, "number": plan.number, "title": plan.title,
                 "issued_on": plan.issued_on.strftime("%d/%m/%Y") if plan.issued_on else ""},
        "targets": targets, "activities": activities,
        "budget": detail["budget"], "spent": detail["spent"], "total": spending,
        "indicators": [{**m.as_json(), "shown": m.shown} for m in measured.values()],
    }


def plan_results_check(report, figures: dict) -> str | None:
    if not figures.get("plan"):
        return f"{report.unit.name} chưa có kế hoạch năm {report.period} đã ban hành: không có gì để báo cáo kết quả."
    return None


def plan_results_document(*, report, figures: dict, children, prepared_by: str, fmt: str) -> tuple[str, bytes]:
    from reports.services import unit_slug

    header = _header(report.unit, None)
    title = f"BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH CÔNG TÁC BẢO TRỢ XÃ HỘI NĂM {report.period}"
    draft = not report.is_sent
    stem = f"bao-cao-ket-qua-ke-hoach-{unit_slug(report.unit)}-{report.period}"
    if fmt == "pdf":
        data = render_pdf("plans/plan_results_document.html", {
            "header": header, "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE, "title": title,
            "subtitle": f"Đơn vị: {report.unit.name}", "report": report, "figures": figures, "children": children,
            "draft": draft, "prepared_by": prepared_by,
        })
        return f"{stem}.pdf", data
    if fmt == "docx":
        return f"{stem}.docx", _results_docx(report, figures, header, title, draft, prepared_by)
    return f"{stem}.xlsx", _results_xlsx(report, figures, header, title, draft)


def _results_docx(report, figures, header, title, draft, prepared_by) -> bytes:
    """The year-end results as an editable Word file: the same sections as the PDF."""
    from btxh.docx import OfficialDocx
    from btxh.formatting import format_money

    d = OfficialDocx()
    d.header_block(authority=header.authority, number="Số:      /BC-UBND", date_line=header.date_line)
    if draft:
        d.para("BẢN NHÁP — CHƯA GỬI CẤP TRÊN", bold=True, align="center", color="AA0000", space_after=0)
    d.para(title, bold=True, align="center", size=14, space_after=0)
    d.para(f"Đơn vị: {report.unit.name}", align="center", space_after=8)
    if plan := figures.get("plan"):
        about = plan["title"][:1].lower() + plan["title"][1:]
        d.para(f"Thực hiện Kế hoạch số {plan['number']} ngày {plan['issued_on']} về việc {about}, kết quả thực hiện "
               f"năm {report.period} như sau:", align="justify", indent=10)  # fmt: skip
    d.heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", level=1)
    met = {True: " (đạt)", False: " (chưa đạt)", None: ""}
    d.table(["STT", "Chỉ tiêu", "Mục tiêu", "Thực hiện"], [
        [str(i), t["text"] + (f" ({t['label']})" if t["label"] else ""), t["target_shown"], t["shown"] + met[t["met"]]]
        for i, t in enumerate(figures.get("targets", []), start=1)
    ], widths_mm=[12, 85, 30, 38])  # fmt: skip
    d.heading("II. KẾT QUẢ THỰC HIỆN CÁC HOẠT ĐỘNG", level=1)
    d.table(["STT", "Hoạt động", "Tình trạng", "Kết quả, minh chứng"], [
        [str(i), a["text"], a["status_label"], a["evidence"] + (f" (đã chi {format_money(a['spent'])})" if a["spent"] else "")]
        for i, a in enumerate(figures.get("activities", []), start=1)
    ], widths_mm=[12, 70, 30, 53])  # fmt: skip
    d.heading("III. KINH PHÍ", level=1)
    d.para(f"Kinh phí dự kiến của các hoạt động: {format_money(figures.get('budget', 0))}; đã chi: "
           f"{format_money(figures.get('spent', 0))}. Chi trả trợ cấp trong năm theo các danh sách đã khóa: "
           f"{format_money(figures.get('total', 0))}.", align="justify", indent=10)  # fmt: skip
    d.heading("IV. THUYẾT MINH, ĐỀ XUẤT", level=1)
    for line in _lines(report.narrative) or ["(không có)"]:
        d.para(line, align="justify", indent=10)
    d.para("", space_after=6)
    d.signatures(("NGƯỜI LẬP", "(Ký, ghi rõ họ tên)", prepared_by),
                 ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)", ""))
    return d.bytes()


def _results_xlsx(report, figures, header, title, draft) -> bytes:
    import io

    import xlsxwriter

    from btxh.documents import XLSX_OPTIONS, xlsx_header, xlsx_numbered_tables

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet(str(report.period))
    width = 5
    row = xlsx_header(wb, ws, header, title, report.unit.name + (" (BẢN NHÁP)" if draft else ""), width)
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "valign": "top", "text_wrap": True}
    text, number = wb.add_format(base), wb.add_format({**base, "num_format": "#,##0"})
    bold = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True})
    sections = (
        ("I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU", ["STT", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Chỉ số"],
         [[t["text"], t["target_shown"], t["shown"], t["label"]] for t in figures.get("targets", [])]),
        ("II. KẾT QUẢ THỰC HIỆN HOẠT ĐỘNG", ["STT", "Hoạt động", "Tình trạng", "Đã chi (đồng)", "Kết quả, minh chứng"],
         [[a["text"], a["status_label"], a["spent"], a["evidence"]] for a in figures.get("activities", [])]),
    )
    row = xlsx_numbered_tables(wb, ws, row, sections, widths=(6, 50, 16, 16, 30))
    ws.write_string(row, 0, "III. KINH PHÍ", bold)
    ws.write_string(row + 1, 1, "Kinh phí dự kiến của các hoạt động (đồng)", text)
    ws.write_number(row + 1, 2, figures.get("budget", 0), number)
    ws.write_string(row + 2, 1, "Kinh phí các hoạt động đã chi (đồng)", text)
    ws.write_number(row + 2, 2, figures.get("spent", 0), number)
    ws.write_string(row + 3, 1, "Chi trả trợ cấp trong năm, danh sách đã khóa (đồng)", text)
    ws.write_number(row + 3, 2, figures.get("total", 0), number)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()


def register_plan_results_kind() -> None:
    from reports.kinds import ReportKindHooks, report_kind_register
    from reports.models import ReportKind
    from reports.services import ReportError

    def own_figures(report) -> dict:
        figures = plan_results_figures(report.unit, report.period)
        figures.setdefault("total", 0)
        return figures

    def check_submit(report, figures) -> None:
        if refusal := plan_results_check(report, figures):
            raise ReportError(refusal)

    def document(*, report, figures, children, prepared_by, fmt):
        return plan_results_document(report=report, figures=figures, children=children, prepared_by=prepared_by,
                                     fmt=fmt)  # fmt: skip

    # The figures are measured over the unit's subtree from the data: children's snapshots add nothing.
    report_kind_register(ReportKind.PLAN_RESULTS, ReportKindHooks(
        own_figures=own_figures, add=lambda into, snapshot: into, check_submit=check_submit,
        template="plans/_plan_results.html", document=document, formats=("pdf", "xlsx", "docx"),
    ))  # fmt: skip
