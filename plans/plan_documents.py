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


def plan_document(plan: AnnualPlan, *, fmt: str = "pdf") -> tuple[str, bytes]:
    """The plan in the official layout: header block, "Số: …/KH-UBND", place and date, "KẾ HOẠCH"
    and its subject, the bases, sections I–IV, "Nơi nhận" and the signature block."""
    from .plan_selectors import plan_detail

    detail = plan_detail(plan)
    header = _header(plan.unit, plan.issued_on)
    if plan.place:
        header.place = plan.place
    data = render_pdf("plans/plan_document.html", {
        "plan": plan, **detail, "header": header, "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE,
        "title": "KẾ HOẠCH", "signer_lines": SIGNER_LINES.get(plan.signer_title, []),
        "draft": plan.status == PlanStatus.DRAFT,
        "purposes": [p.strip() for p in plan.purposes.splitlines() if p.strip()],
        "requirements": [p.strip() for p in plan.requirements.splitlines() if p.strip()],
        "funding": [p.strip() for p in plan.funding.splitlines() if p.strip()],
    })
    suffix = "-du-thao" if plan.status == PlanStatus.DRAFT else ""
    return f"ke-hoach-{_slug(plan)}{suffix}.pdf", data


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
    from reports.models import ReportStatus
    from reports.services import unit_slug

    header = _header(report.unit, None)
    title = f"BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH CÔNG TÁC BẢO TRỢ XÃ HỘI NĂM {report.period}"
    draft = report.status not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
    stem = f"bao-cao-ket-qua-ke-hoach-{unit_slug(report.unit)}-{report.period}"
    if fmt == "pdf":
        data = render_pdf("plans/plan_results_document.html", {
            "header": header, "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE, "title": title,
            "subtitle": f"Đơn vị: {report.unit.name}", "report": report, "figures": figures, "children": children,
            "draft": draft, "prepared_by": prepared_by,
        })
        return f"{stem}.pdf", data
    return f"{stem}.xlsx", _results_xlsx(report, figures, header, title, draft)


def _results_xlsx(report, figures, header, title, draft) -> bytes:
    import io

    import xlsxwriter

    from btxh.documents import XLSX_OPTIONS, xlsx_header

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet(str(report.period))
    width = 5
    row = xlsx_header(wb, ws, header, title, report.unit.name + (" (BẢN NHÁP)" if draft else ""), width)
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "valign": "top", "text_wrap": True}
    th, text = wb.add_format({**base, "bold": True, "align": "center"}), wb.add_format(base)
    number = wb.add_format({**base, "num_format": "#,##0"})
    bold = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True})
    for col, chars in enumerate((6, 50, 16, 16, 30)):
        ws.set_column(col, col, chars)
    sections = (
        ("I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU", ["STT", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Chỉ số"],
         [[t["text"], t["target_shown"], t["shown"], t["label"]] for t in figures.get("targets", [])]),
        ("II. KẾT QUẢ THỰC HIỆN HOẠT ĐỘNG", ["STT", "Hoạt động", "Tình trạng", "Đã chi (đồng)", "Kết quả, minh chứng"],
         [[a["text"], a["status_label"], a["spent"], a["evidence"]] for a in figures.get("activities", [])]),
    )
    for heading, head, body in sections:
        ws.write_string(row, 0, heading, bold)
        row += 1
        for col, h in enumerate(head):
            ws.write_string(row, col, h, th)
        row += 1
        for i, values in enumerate(body, start=1):
            ws.write_number(row, 0, i, number)
            for col, value in enumerate(values, start=1):
                if isinstance(value, int):
                    ws.write_number(row, col, value, number)
                else:
                    ws.write_string(row, col, str(value or ""), text)
            row += 1
        row += 1
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
        template="plans/_plan_results.html", document=document,
    ))  # fmt: skip
