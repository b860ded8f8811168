"""Documents built from data (writes files; called by jobs)."""

import io

import xlsxwriter

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
    xlsx_numbered_tables,
    xlsx_signatures,
)
from btxh.models import Level, Unit

UNIT_LIST_TITLE = "DANH SÁCH ĐƠN VỊ HÀNH CHÍNH"


def unit_list_document(*, unit: Unit | None, units, prepared_by: str, fmt: str, progress=None) -> tuple[str, bytes]:
    """The sample document: the units under ``unit`` as PDF or Excel."""
    units = list(units)
    if progress:
        progress.set_total(len(units), "Đang lập danh sách")
    header = DocumentHeader(authority=authority_name(unit), office="", place=place_name(unit))
    subtitle = f"Trực thuộc: {unit.name}" if unit else "Toàn quốc"
    if fmt == "pdf":
        data = render_pdf(
            "reports/unit_list_document.html",
            {
                "header": header,
                "motto": NATIONAL_MOTTO,
                "motto_subtitle": MOTTO_SUBTITLE,
                "title": UNIT_LIST_TITLE,
                "subtitle": subtitle,
                "units": units,
                "prepared_by": prepared_by,
            },
        )
        filename = "danh-sach-don-vi.pdf"
    else:
        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
        ws = wb.add_worksheet("Danh sách")
        row = xlsx_header(wb, ws, header, UNIT_LIST_TITLE, subtitle, width=4)
        cell = {"font_name": "Times New Roman", "font_size": 12, "border": 1}
        head = wb.add_format({**cell, "bold": True, "align": "center"})
        body = wb.add_format(cell)
        for col, (title, width) in enumerate([("STT", 6), ("Mã", 10), ("Tên đơn vị", 40), ("Loại", 20)]):
            ws.write_string(row, col, title, head)
            ws.set_column(col, col, width)
        for i, u in enumerate(units, start=1):
            ws.write_number(row + i, 0, i, body)
            ws.write_row(row + i, 1, [u.code, u.name, u.type], body)
        ws.repeat_rows(row)
        wb.close()
        data = buf.getvalue()
        filename = "danh-sach-don-vi.xlsx"
    if progress:
        progress.set_done(len(units))
    return filename, data


# ---------------------------------------------------------------------------
# Payment roll documents
# ---------------------------------------------------------------------------
ROLL_DOCUMENT_FILES = {
    # kind: (list kind, renderer name, file name stem, extension)
    "pdf": ("all", "roll_pdf", "danh-sach-chi-tra", "pdf"),
    "xlsx": ("all", "roll_xlsx", "danh-sach-chi-tra", "xlsx"),
    "cash_pdf": ("cash", "roll_pdf", "danh-sach-tien-mat", "pdf"),
    "bank_pdf": ("bank", "roll_pdf", "danh-sach-chuyen-khoan", "pdf"),
    "bank_transfer": ("bank", "bank_transfer_xlsx", "tep-chuyen-khoan", "xlsx"),
}


def unit_slug(unit) -> str:
    """ "Xã Ngọc Đường" -> "xa-ngoc-duong" (ASCII, for file names)."""
    from django.utils.text import slugify
    from unidecode import unidecode

    return slugify(unidecode(unit.name)) if unit else "toan-quoc"


def roll_document_filename(roll, kind: str) -> str:
    """ "danh-sach-chi-tra-xa-ngoc-duong-07-2026.pdf"; a draft's documents end in "-ban-nhap"."""
    _list_kind, _renderer, stem, extension = ROLL_DOCUMENT_FILES[kind]
    draft = "-ban-nhap" if roll.is_draft else ""
    return f"{stem}-{unit_slug(roll.unit)}-{roll.month:%m-%Y}{draft}.{extension}"


def roll_doc_build(roll, *, prepared_by: str, kind: str = "all"):
    """The plain data a roll document is rendered from (reports.roll_documents.RollDoc)."""
    from benefits.payroll.models import PaymentLine

    from .roll_documents import RollDoc, RollDocLine

    lines = [
        RollDocLine(
            full_name=r["full_name"],
            birth=r["birth"],
            national_id=r["national_id"],
            hamlet=r["hamlet"],
            category=r["categories"] or r["scheme"],
            decision=r["decision"],
            coefficient=r["coefficient"],
            base_rate=r["base_rate"],
            amount=r["amount"],
            arrears=r["arrears"],
            arrears_months=r["arrears_months"],
            recovery=r["recovery"],
            funeral=r["funeral"],
            total=r["total"],
            payment_method=r["payment_method"],
            bank_account=r["bank_account"],
            bank_name=r["bank_name"],
            receiver=r["receiver"],
            note="Chưa nhận tháng trước chuyển sang" if r["carried_over"] else "",
            scheme=r["scheme"],
            person=r["person_id"],
        )
        # A person's lines stay together, even beside a namesake in the same hamlet.
        for r in PaymentLine.objects.filter(roll=roll)
        .order_by("hamlet", "full_name", "person_id", "id")
        .values(
            "full_name",
            "birth",
            "national_id",
            "hamlet",
            "categories",
            "scheme",
            "decision",
            "coefficient",
            "base_rate",
            "amount",
            "arrears",
            "arrears_months",
            "recovery",
            "funeral",
            "total",
            "payment_method",
            "bank_account",
            "bank_name",
            "receiver",
            "carried_over",
            "person_id",
        )
    ]
    unit = roll.unit
    return RollDoc(
        unit_name=unit.name,
        province_name=unit.parent.name if unit.parent_id else "",
        month=f"{roll.month:%Y-%m}",
        authority=authority_name(unit),
        place=place_name(unit),
        prepared_by=prepared_by,
        lines=lines,
        kind=kind,
        draft=roll.is_draft,
    )


def roll_documents_render(*, roll, prepared_by: str, progress=None) -> list[str]:
    """Render every document of a roll and keep them with it (replacing older renders)."""
    from django.core.files.base import ContentFile

    from benefits.payroll.models import RollDocument

    from . import roll_documents

    if progress:
        progress.set_total(len(ROLL_DOCUMENT_FILES), "Đang xuất tài liệu")
    docs = {kind: roll_doc_build(roll, prepared_by=prepared_by, kind=kind) for kind in ("all", "cash", "bank")}
    made = []
    for kind, (list_kind, renderer, _stem, _extension) in ROLL_DOCUMENT_FILES.items():
        data = getattr(roll_documents, renderer)(docs[list_kind])
        for old in RollDocument.objects.filter(roll=roll, kind=kind):
            old.file.delete(save=False)  # frees the name: the new file keeps it, without a random suffix
            old.delete()
        document = RollDocument(roll=roll, kind=kind, generation=roll.generation)
        # In a folder of the roll: two communes of the same name do not share a file name.
        document.file.save(f"{roll.pk}/{roll_document_filename(roll, kind)}", ContentFile(data), save=True)
        made.append(kind)
        if progress:
            progress.advance(message=f"Đã xuất {document.get_kind_display()}")
    return made


# ---------------------------------------------------------------------------
# Roll-up of payment rolls (district, province)
# ---------------------------------------------------------------------------
ROLLUP_COLUMNS = [
    ("STT", 6),
    ("Mã xã", 9),
    ("Tên xã", 28),
    ("Trạng thái", 14),
    ("Số người", 10),
    ("Tiền tháng này (đồng)", 16),
    ("Truy lĩnh (đồng)", 14),
    ("Truy thu (đồng)", 14),
    ("Mai táng phí (đồng)", 14),
    ("Tổng cộng (đồng)", 16),
]
ROLLUP_SUM_COLUMNS = range(4, 10)  # people and the amounts


def rollup_filename(unit, month) -> str:
    """ "tong-hop-chi-tra-tinh-tuyen-quang-07-2026.xlsx"."""
    return f"tong-hop-chi-tra-{unit_slug(unit)}-{month.month:02d}-{month.year}.xlsx"


def rollup_workbook(*, unit: Unit | None, month, rows, prepared_by: str = "") -> bytes:
    """Every commune's roll of a month with its status and totals, in the official header layout,
    then a grand total (SUM formulas with their values) and the signatures."""


    from benefits.payroll.models import PaymentLine

    from .roll_documents import _col, _sum_formula, schemes_phrase

    rows = list(rows)
    ids = [r.roll.pk for r in rows if r.roll is not None]
    schemes = PaymentLine.objects.filter(roll_id__in=ids).values_list("scheme", flat=True).distinct()
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet(f"{month.month:02d}-{month.year}")
    width = len(ROLLUP_COLUMNS)
    header = DocumentHeader(authority=authority_name(unit), place=place_name(unit))
    title = f"TỔNG HỢP DANH SÁCH CHI TRẢ {schemes_phrase(schemes).upper()} THÁNG {month.text}"
    row = xlsx_header(wb, ws, header, title, unit.name if unit else "Toàn quốc", width)
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "valign": "vcenter"}
    fmt = {
        "th": wb.add_format({**base, "bold": True, "align": "center", "text_wrap": True}),
        "text": wb.add_format(base),
        "center": wb.add_format({**base, "align": "center"}),
        "number": wb.add_format({**base, "num_format": "#,##0"}),
        "total_label": wb.add_format({**base, "bold": True}),
        "total_number": wb.add_format({**base, "bold": True, "num_format": "#,##0"}),
        "sign": wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True, "align": "center"}),
        "hint": wb.add_format({"font_name": "Times New Roman", "font_size": 11, "italic": True, "align": "center"}),
        "date": wb.add_format({"font_name": "Times New Roman", "font_size": 12, "italic": True, "align": "center"}),
    }
    for col, (text, chars) in enumerate(ROLLUP_COLUMNS):
        ws.set_column(col, col, chars)
        ws.write_string(row, col, text, fmt["th"])
    ws.set_row(row, 32)
    ws.repeat_rows(row)
    head = row
    totals = [0] * width
    for i, r in enumerate(rows, start=1):
        roll = r.roll
        values = (
            [
                roll.people_count,  # the people it pays (lines count a person once per scheme)
                roll.total_amount,
                roll.total_arrears,
                roll.total_recovery,
                roll.total_funeral,
                roll.total,
            ]
            if roll
            else [0] * 6
        )
        ws.write_number(head + i, 0, i, fmt["center"])
        # Names and codes are written as strings: never a formula, whatever they hold.
        ws.write_string(head + i, 1, str(r.unit.code), fmt["center"])
        ws.write_string(head + i, 2, str(r.unit.name), fmt["text"])
        ws.write_string(head + i, 3, str(r.status_label), fmt["text"])
        for col, value in enumerate(values, start=4):
            ws.write_number(head + i, col, value, fmt["number"])
            totals[col] += value
    last = head + len(rows) + 1
    merge_text(ws, last, 0, last, 3, f"TỔNG CỘNG ({len(rows)} xã)", fmt["total_label"])
    for col in ROLLUP_SUM_COLUMNS:
        refs = [f"{_col(col)}{head + 2}:{_col(col)}{last}"] if rows else []
        ws.write_formula(last, col, _sum_formula(refs), fmt["total_number"], totals[col])
    row = last + 2
    merge_text(ws, row, 6, row, width - 1, header.date_line, fmt["date"])
    row += 1
    signers = (
        (0, 2, "NGƯỜI LẬP BIỂU", SIGN_HINT, prepared_by),
        (3, 5, "KẾ TOÁN", SIGN_HINT, ""),
        (6, width - 1, "THỦ TRƯỞNG ĐƠN VỊ", SIGN_SEAL_HINT, ""),
    )
    xlsx_signatures(ws, row, signers, sign_format=fmt["sign"], hint_format=fmt["hint"])
    xlsx_landscape_a4(ws)
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Reports up the chain: open, write, submit, return, accept, reopen
# ---------------------------------------------------------------------------
class ReportError(Exception):
    """A report action refused, with a message for the officer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.user_message = message


def status_changed(report, user) -> None:
    from .kinds import status_changed as notify

    notify(report, user)


def _now():
    from django.utils import timezone

    return timezone.now()


def _required_reason(text: str, message: str) -> str:
    """The reviewer's reason, trimmed; refused (with ``message``) when empty."""
    text = (text or "").strip()
    if not text:
        raise ReportError(message)
    return text


def _review_record(report, user, *, status: str, action: str, comment: str, changes: list | None = None) -> None:
    """The level above decides on a report (return, accept, reopen): its new status, who decided
    and when, the comment, and the event of its history with the total it had."""
    from .models import ReportEvent

    report.status = status
    report.reviewed_by = user
    report.reviewed_at = _now()
    report.review_comment = comment
    report.save()
    ReportEvent.objects.create(report=report, action=action, user=user, comment=comment,
                               total=report.snapshot.get("total"), changes=changes or [])


def report_open(*, unit: Unit, kind: str, period: str, user):
    """Start (or find) the unit's report of a period. Only the unit's own officer starts it
    (the commune submits; issue 15: "who may do each")."""
    from django.db import IntegrityError, transaction

    from .figures import Period
    from .models import Report, ReportEvent
    from .selectors import may_prepare_report

    if not may_prepare_report(user, unit):
        raise ReportError("Chỉ cán bộ của đơn vị mới lập được báo cáo của đơn vị.")
    period = str(Period.parse(period))
    report = Report.objects.filter(unit=unit, kind=kind, period=period).first()
    if report is not None:
        return report
    try:
        with transaction.atomic():
            report = Report.objects.create(unit=unit, kind=kind, period=period)
            ReportEvent.objects.create(report=report, action=ReportEvent.Action.CREATE, user=user)
    except IntegrityError:  # opened at the same moment by a colleague
        report = Report.objects.get(unit=unit, kind=kind, period=period)
    return report


def report_write(*, report, user, narrative: str, notes: str = ""):
    """Save the officer's narrative and notes of a draft (or returned) report."""
    from .selectors import may_prepare_report

    if not may_prepare_report(user, report.unit):
        raise ReportError("Chỉ cán bộ của đơn vị mới sửa được báo cáo của đơn vị.")
    if not report.is_editable:
        raise ReportError("Báo cáo đã gửi: chỉ sửa được khi cấp trên trả lại.")
    report.narrative = narrative.strip()
    report.notes = notes.strip()
    report.save(update_fields=["narrative", "notes", "updated_at"])
    return report


def report_submit(*, report, user, missing_reasons: dict[int, str] | None = None):
    """Submit a draft or returned report to the level above, freezing its figures (snapshot, who,
    when). A commune's payments report needs the month's roll locked; a parent's needs every
    child accepted, or a reason recorded for each child that is not (issue 15 §2)."""
    from django.db import transaction

    from .kinds import hooks_for
    from .models import Report, ReportEvent, ReportKind, ReportStatus
    from .selectors import children_of, may_prepare_report, report_figures

    if not may_prepare_report(user, report.unit):
        raise ReportError("Chỉ cán bộ của đơn vị mới gửi được báo cáo của đơn vị.")
    missing_reasons = {int(k): (v or "").strip() for k, v in (missing_reasons or {}).items()}
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("unit").get(pk=report.pk)
        if not report.is_editable:
            raise ReportError("Báo cáo đã gửi hoặc đã được chấp nhận.")
        children = children_of(report.unit, report.kind, report.period)
        figures = report_figures(report, children)
        if (
            report.kind == ReportKind.PAYMENTS
            and report.unit.level == Level.COMMUNE
            and figures.get("roll_status") not in ("locked", "settled")
        ):
            raise ReportError(
                f"Danh sách chi trả tháng {report.period_label} chưa khóa: khóa danh sách trước khi gửi báo cáo."
            )
        hooks = hooks_for(report.kind)
        if hooks is not None and hooks.check_submit is not None:
            hooks.check_submit(report, figures)
        missing = []
        for child in children:
            if child.accepted:
                continue
            reason = missing_reasons.get(child.unit.pk, "")
            if not reason:
                raise ReportError(
                    f"{child.unit.name}: báo cáo chưa được chấp nhận ({child.status_label.lower()}). "
                    "Chấp nhận báo cáo của mọi đơn vị cấp dưới, hoặc ghi lý do cho từng đơn vị còn thiếu."
                )
            missing.append({"unit_id": child.unit.pk, "unit": child.unit.code, "name": child.unit.name,
                            "status": child.status, "reason": reason[:500]})
        report.snapshot = figures
        report.missing_children = missing
        report.child_changes = []  # the figures sent now count the children as they stand
        report.status = ReportStatus.SUBMITTED
        report.submitted_by = user
        report.submitted_at = _now()
        report.review_comment = ""
        report.save()
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, user=user, total=figures["total"])
        status_changed(report, user)
    return report


def _for_review(report, user, verb: str):
    from .models import Report
    from .selectors import may_review_report

    if not may_review_report(user, report.unit):
        raise ReportError(f"Chỉ cán bộ cấp trên trực tiếp của {report.unit.name} mới {verb} được báo cáo này.")
    return Report.objects.select_for_update().select_related("unit").get(pk=report.pk)


def _parent_holds(report) -> None:
    """Refuse to change a child report the parent has already sent on or had accepted."""
    from .models import Report, ReportStatus

    parent = Report.objects.filter(
        unit_id=report.unit.parent_id, kind=report.kind, period=report.period,
        status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
    ).first()
    if parent is not None:
        raise ReportError(
            f"Báo cáo của {report.unit.parent} kỳ {report.period_label} đã gửi lên cấp trên: "
            "phải được trả lại hoặc mở lại trước."
        )


def report_return(*, report, user, comment: str):
    """The level above returns a submitted report with a comment: it is a draft again."""
    from django.db import transaction

    from .models import ReportEvent, ReportStatus

    comment = _required_reason(comment, "Ghi rõ lý do trả lại báo cáo.")
    with transaction.atomic():
        report = _for_review(report, user, "trả lại")
        if report.status != ReportStatus.SUBMITTED:
            raise ReportError("Chỉ trả lại được báo cáo đang chờ duyệt.")
        _review_record(report, user, status=ReportStatus.RETURNED, action=ReportEvent.Action.RETURN, comment=comment)
        status_changed(report, user)
    return report


def report_accept(*, report, user, comment: str = ""):
    """The level above accepts a submitted report: it is locked, and so is the period's data of
    the unit's subtree (its rolls cannot be regenerated, ``btxh.period_locks``)."""
    from django.db import transaction

    from .figures import changes_of
    from .models import ReportEvent, ReportStatus

    with transaction.atomic():
        report = _for_review(report, user, "chấp nhận")
        if report.status != ReportStatus.SUBMITTED:
            raise ReportError("Chỉ chấp nhận được báo cáo đang chờ duyệt.")
        # Accepted before with other figures (reopened, corrected): both levels are told what changed.
        changes = changes_of(report.kind, report.accepted_snapshot, report.snapshot) if report.accepted_snapshot else []
        report.accepted_snapshot = report.snapshot
        _review_record(report, user, status=ReportStatus.ACCEPTED, action=ReportEvent.Action.ACCEPT,
                       comment=(comment or "").strip(), changes=changes)
        if changes:
            _tell_parent(report, user, changes)
        status_changed(report, user)
    return report


def _tell_parent(report, user, changes: list[dict]) -> None:
    """A child's accepted figures changed: the parent's report of the period (if started) keeps
    the change for its officer until it submits again, and its history says so."""
    from .models import Report, ReportEvent

    parent = Report.objects.select_for_update().filter(
        unit_id=report.unit.parent_id, kind=report.kind, period=report.period
    ).first()
    if parent is None:
        return
    entry = {
        "unit_id": report.unit.pk, "unit": report.unit.code, "name": report.unit.name,
        "at": _now().isoformat(timespec="minutes"), "report_id": report.pk,
        "changes": [{"label": c["label"], "before": c["before"], "after": c["after"]} for c in changes],
    }
    parent.child_changes = [c for c in parent.child_changes if c.get("unit_id") != report.unit.pk] + [entry]
    parent.save(update_fields=["child_changes", "updated_at"])
    summary = "; ".join(f"{c['label']}: {c['before']:,} → {c['after']:,}".replace(",", ".") for c in changes[:5])
    ReportEvent.objects.create(
        report=parent, action=ReportEvent.Action.CHILD_CHANGED, user=user,
        comment=f"{report.unit.name}: {summary}", changes=entry["changes"],
    )


def due_dates_save(*, province: Unit, user, values: dict):
    """The province officer sets the province's due dates of the reports."""
    from .models import ReportDueDates
    from .selectors import may_prepare_report

    if province.level != Level.PROVINCE or not may_prepare_report(user, province):
        raise ReportError("Chỉ cán bộ Sở của tỉnh mới đặt được hạn gửi báo cáo.")
    setting, _created = ReportDueDates.objects.get_or_create(province=province)
    for field in ("payments_day", "results_h1_day", "results_h1_month", "results_h2_day", "results_h2_month"):
        if field in values:
            setattr(setting, field, int(values[field]))
    setting.updated_by = user
    setting.full_clean()
    setting.save()
    return setting


def report_reopen(*, report, user, reason: str):
    """The accepting level reopens an accepted report, with a reason kept in the history: it goes
    back to the unit as returned and the period's data is unlocked. Refused while the parent's
    own report of the period is sent on or accepted."""
    from django.db import transaction

    from .models import ReportEvent, ReportStatus

    reason = _required_reason(reason, "Ghi rõ lý do mở lại báo cáo.")
    with transaction.atomic():
        report = _for_review(report, user, "mở lại")
        if report.status != ReportStatus.ACCEPTED:
            raise ReportError("Chỉ mở lại được báo cáo đã chấp nhận.")
        _parent_holds(report)
        _review_record(report, user, status=ReportStatus.RETURNED, action=ReportEvent.Action.REOPEN, comment=reason)
        status_changed(report, user)
    return report


# ---------------------------------------------------------------------------
# The payments report as PDF and Excel
# ---------------------------------------------------------------------------
def payments_report_rows(figures: dict) -> dict:
    """The tables of a payments report, labelled in Vietnamese (for the page and the documents)."""
    from beneficiaries.categories import SCHEME_LABELS, category_labels

    from .figures import FIELD_LABELS, FIELDS, MONEY_FIELDS

    summary = [{"label": FIELD_LABELS[f], "value": int(figures.get(f, 0) or 0), "money": f in MONEY_FIELDS} for f in FIELDS]
    schemes = [
        {"label": str(SCHEME_LABELS.get(k, k)), **v}
        for k, v in sorted((figures.get("by_scheme") or {}).items(), key=lambda kv: -kv[1]["total"])
    ]
    categories = [
        {"code": k, "label": category_labels(k) or k, **v}
        for k, v in sorted((figures.get("by_category") or {}).items(), key=lambda kv: -kv[1]["total"])
    ]
    return {"summary": summary, "schemes": schemes, "categories": categories}


def payments_report_title(report) -> str:
    return f"BÁO CÁO KẾT QUẢ CHI TRẢ CHẾ ĐỘ TRỢ GIÚP XÃ HỘI THÁNG {report.period_label}"


def payments_report_document(*, report, figures: dict, children, prepared_by: str, fmt: str) -> tuple[str, bytes]:
    """The payments report of a unit in the official layout: PDF (WeasyPrint) or Excel (xlsxwriter,
    every name and text written as a string)."""
    stem = f"bao-cao-chi-tra-{unit_slug(report.unit)}-{report.period}"
    return _report_document(report=report, figures=figures, children=children, prepared_by=prepared_by, fmt=fmt,
                            rows=payments_report_rows(figures), title=payments_report_title(report), stem=stem,
                            template="reports/payments_report_document.html", xlsx=_payments_report_xlsx)  # fmt: skip


def _report_document(*, report, figures, children, prepared_by, fmt, rows, title, stem, template, xlsx):
    """A built-in report (payments, results) as ``(filename, bytes)``: the official header, its
    title, "Đơn vị: …", BẢN NHÁP until it is sent; PDF from ``template``, Excel from ``xlsx``."""
    header = DocumentHeader(authority=authority_name(report.unit), place=place_name(report.unit))
    subtitle = f"Đơn vị: {report.unit.name}"
    draft = not report.is_sent
    if fmt == "pdf":
        return f"{stem}.pdf", render_pdf(template, {
            "header": header, "motto": NATIONAL_MOTTO, "motto_subtitle": MOTTO_SUBTITLE, "title": title,
            "subtitle": subtitle, "report": report, "rows": rows, "children": children, "draft": draft,
            "prepared_by": prepared_by, "figures": figures,
        })  # fmt: skip
    return f"{stem}.xlsx", xlsx(report=report, rows=rows, children=children, header=header, title=title,
                                subtitle=subtitle, draft=draft, prepared_by=prepared_by)  # fmt: skip


def _report_xlsx(*, report, header, title, subtitle, draft, prepared_by, widths, tables, narrative_title) -> bytes:
    """A report of any built-in kind as one Excel sheet: the official header, numbered tables
    ``(title, head, body)``, the narrative and the signatures (user text written as strings)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, XLSX_OPTIONS)
    ws = wb.add_worksheet(report.period)
    width = len(widths)
    row = xlsx_header(wb, ws, header, title, subtitle + (" (BẢN NHÁP)" if draft else ""), width)
    base = {"font_name": "Times New Roman", "font_size": 12, "border": 1, "valign": "vcenter"}
    section = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True})
    if report.missing_children:
        tables = [*tables, ("Đơn vị chưa được chấp nhận khi gửi", ["STT", "Đơn vị", "Lý do"],
                            [[m["name"], m["reason"]] for m in report.missing_children])]  # fmt: skip
    row = xlsx_numbered_tables(wb, ws, row, tables, widths=widths, empty="Không có số liệu trong kỳ.")
    ws.write_string(row, 0, narrative_title, section)
    merge_text(ws, row + 1, 0, row + 4, width - 1, report.narrative or "",
               wb.add_format({**base, "text_wrap": True, "valign": "top"}))  # fmt: skip
    row += 6
    sign = wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True, "align": "center"})
    merge_text(ws, row, 0, row, 1, "NGƯỜI LẬP BIỂU", sign)
    merge_text(ws, row, 2, row, width - 1, "THỦ TRƯỞNG ĐƠN VỊ", sign)
    if prepared_by:
        merge_text(ws, row + 5, 0, row + 5, 1, prepared_by, sign)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()


def _payments_report_xlsx(*, report, rows, children, **common) -> bytes:
    tables = [
        ("I. SỐ LIỆU TỔNG HỢP", ["STT", "Chỉ tiêu", "Số liệu"], [[r["label"], r["value"]] for r in rows["summary"]]),
        ("II. THEO CHẾ ĐỘ", ["STT", "Chế độ", "Số người", "Số lượt", "Tổng tiền (đồng)"],
         [[r["label"], r["people"], r["lines"], r["total"]] for r in rows["schemes"]]),
        ("III. THEO DIỆN ĐỐI TƯỢNG", ["STT", "Diện", "Số người", "Số lượt", "Tổng tiền (đồng)"],
         [[r["label"], r["people"], r["lines"], r["total"]] for r in rows["categories"]]),
    ]  # fmt: skip
    if children:
        tables.append(("IV. ĐƠN VỊ CẤP DƯỚI", ["STT", "Đơn vị", "Mã", "Trạng thái", "Tổng tiền (đồng)"],
                       [[c.unit.name, c.unit.code, c.status_label, c.total] for c in children]))  # fmt: skip
    return _report_xlsx(report=report, widths=(6, 44, 14, 14, 20), tables=tables, narrative_title="THUYẾT MINH",
                        **common)  # fmt: skip


def _results_report_xlsx(*, report, rows, children, **common) -> bytes:
    tables = [
        ("I. KẾT QUẢ CHUNG", ["STT", "Chỉ tiêu", "Số liệu"], [[r["label"], r["value"]] for r in rows["summary"]]),
        ("II. ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI THEO DIỆN",
         ["STT", "Diện đối tượng", "Đang hưởng cuối kỳ", "Mới hưởng", "Thôi hưởng"],
         [[r["label"], r["beneficiaries"], r["new"], r["ended"]] for r in rows["categories"]]),
        ("III. KINH PHÍ CHI TRẢ THEO CHẾ ĐỘ",
         ["STT", "Chế độ", "Lượt người × tháng", "Truy lĩnh (đồng)", "Kinh phí (đồng)"],
         [[r["label"], r["person_months"], r["arrears"], r["total"]] for r in rows["schemes"]]),
    ]  # fmt: skip
    for number_text, s in zip(("IV", "V", "VI", "VII"), rows["sections"], strict=False):
        tables.append((f"{number_text}. {s['title'].upper()}", ["STT", "Chỉ tiêu", "Số liệu"],
                       [[r["label"], r["value"]] for r in s["rows"]] if s["recorded"] else []))  # fmt: skip
    if children:
        tables.append(("VIII. ĐƠN VỊ CẤP DƯỚI", ["STT", "Đơn vị", "Mã", "Trạng thái", "Kinh phí đã báo cáo (đồng)"],
                       [[c.unit.name, c.unit.code, c.status_label, c.total] for c in children]))  # fmt: skip
    return _report_xlsx(report=report, widths=(6, 48, 16, 16, 20), tables=tables,
                        narrative_title="ĐÁNH GIÁ, KIẾN NGHỊ", **common)  # fmt: skip


# ---------------------------------------------------------------------------
# The results report (6 months, year) as PDF and Excel
# ---------------------------------------------------------------------------
def results_report_title(report) -> str:
    from .figures import Period

    period = Period.parse(report.period)
    when = f"NĂM {period.year}" if not period.half else period.label.upper()
    return f"BÁO CÁO KẾT QUẢ THỰC HIỆN CHÍNH SÁCH TRỢ GIÚP XÃ HỘI {when}"


def report_document(*, report, figures: dict, children, prepared_by: str, fmt: str) -> tuple[str, bytes]:
    """A report of any kind as PDF or Excel."""
    from .models import ReportKind

    if report.kind == ReportKind.RESULTS:
        return results_report_document(report=report, figures=figures, children=children, prepared_by=prepared_by,
                                       fmt=fmt)
    return payments_report_document(report=report, figures=figures, children=children, prepared_by=prepared_by, fmt=fmt)


def results_report_document(*, report, figures: dict, children, prepared_by: str, fmt: str) -> tuple[str, bytes]:
    """The results report in the official layout (Decree 20/2021 periodic report): PDF or Excel."""
    from .results import results_rows

    stem = f"bao-cao-ket-qua-tro-giup-xa-hoi-{unit_slug(report.unit)}-{report.period.lower()}"
    return _report_document(report=report, figures=figures, children=children, prepared_by=prepared_by, fmt=fmt,
                            rows=results_rows(figures), title=results_report_title(report), stem=stem,
                            template="reports/results_report_document.html", xlsx=_results_report_xlsx)  # fmt: skip


def dashboard_workbook(*, unit, month, data: dict) -> bytes:
    """The dashboard's tables as Excel (names written as strings)."""


    from beneficiaries.categories import SCHEME_LABELS, category_labels

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    number = wb.add_format({"num_format": "#,##0"})

    def sheet(name, head, body):
        ws = wb.add_worksheet(name)
        for col, h in enumerate(head):
            ws.write_string(0, col, h, bold)
            ws.set_column(col, col, 18 if col else 36)
        for r, values in enumerate(body, start=1):
            for col, value in enumerate(values):
                if isinstance(value, int):
                    ws.write_number(r, col, value, number)
                else:
                    ws.write_string(r, col, str(value))

    sheet("Theo tháng", ["Tháng", "Số người", "Tổng tiền", "Qua tài khoản"],
          [[f"{s['month']:%m/%Y}", s["people"], s["total"], s["bank"]] for s in data["series"]])
    sheet("Theo chế độ", ["Chế độ", "Số người", "Tổng tiền"],
          [[str(SCHEME_LABELS.get(s["key"], s["key"])), s["people"], s["total"]] for s in data["schemes"]])
    sheet("Theo diện", ["Diện", "Số người", "Tổng tiền"],
          [[f'{c["key"]} - {category_labels(c["key"])}', c["people"], c["total"]] for c in data["categories"]])
    sheet("Theo đơn vị", ["Đơn vị", "Số người", "Tổng tiền", "Qua tài khoản"],
          [[c["unit"].name, c["people"], c["total"], c["bank"]] for c in data["children"]])
    sheet("Còn thiếu", ["Xã", "Thiếu"],
          [[c.name, "Danh sách chi trả chưa khóa"] for c in data["missing_roll"]]
          + [[c.name, "Chưa gửi báo cáo"] for c in data["missing_report"]]
          + [[c.name, "Không có đối tượng (không phải lập danh sách)"] for c in data["no_payees"]])
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Warming the per-roll summaries after a lock (background)
# ---------------------------------------------------------------------------
WARM_BATCH = 50


def roll_summaries_warm(*, roll_ids: list[int] | None = None, limit: int | None = None, progress=None) -> int:
    """Compute the summaries of the given locked rolls (or of every locked roll still without
    up-to-date ones, at most ``limit``), and the distinct-people counts of their communes' year
    and half-year, so that the reports' first read finds them ready. Returns the rolls computed."""
    from benefits.payroll.models import PaymentRoll

    from .figures import Period
    from .selectors import people_counts_ensure
    from .summaries import roll_summaries_ensure, stale_rolls

    rolls = PaymentRoll.objects.all()
    if roll_ids is not None:
        rolls = rolls.filter(pk__in=roll_ids)
    todo = list(stale_rolls(rolls).order_by("month", "pk").values_list("pk", flat=True)[: limit or None])
    if roll_ids is not None:  # the named rolls' people counts are refreshed even if summaries were fresh
        todo_meta = list(rolls.values_list("unit_id", "month"))
    else:
        todo_meta = list(PaymentRoll.objects.filter(pk__in=todo).values_list("unit_id", "month"))
    if progress:
        progress.set_total(len(todo), "Đang tổng hợp số liệu danh sách chi trả")
    done = 0
    for start in range(0, len(todo), WARM_BATCH):
        batch = todo[start:start + WARM_BATCH]
        done += roll_summaries_ensure(PaymentRoll.objects.filter(pk__in=batch))
        if progress:
            progress.advance(len(batch))
    from django.db.models import Q

    for unit_id, month in set(todo_meta):
        for period in (Period(month.year), Period.half_of(month)):
            people_counts_ensure(Q(unit_id=unit_id), period)
    return done


def roll_locked_warm(roll) -> None:
    """The listener plugged into ``btxh.roll_events``: queue the roll's summaries."""
    from btxh.services import job_create

    job_create(kind="roll_summaries_warm", params={"roll_ids": [roll.pk]}, user=None, unit=roll.unit)
