from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from btxh.services import job_create


def index(request):
    return render(request, "reports/index.html")


@require_POST
def unit_list_document(request):
    fmt = "xlsx" if request.POST.get("format") == "xlsx" else "pdf"
    job = job_create(
        kind="unit_list_document",
        params={"user_id": request.user.pk, "format": fmt},
        user=request.user,
        unit=request.user.unit,
    )
    return redirect("job-detail", job_id=job.pk)


@require_POST
def roll_documents(request, roll_id: int):
    from django.shortcuts import get_object_or_404

    from benefits.payroll.models import PaymentRoll

    from .job_kinds import may_render_roll_documents

    roll = get_object_or_404(PaymentRoll.objects.for_user(request.user).select_related("unit"), pk=roll_id)
    if not may_render_roll_documents(request.user, roll.unit, {}):
        raise PermissionDenied("Chỉ người được lập danh sách chi trả được xuất lại tài liệu của danh sách.")
    job = job_create(
        kind="roll_documents",
        params={"roll_id": roll.pk, "user_id": request.user.pk},
        user=request.user,
        unit=roll.unit,
    )
    return redirect("job-detail", job_id=job.pk)


def rollup_export(request):
    """The month's roll-up of the user's communes as Excel."""
    from django.http import HttpResponse

    from benefits.payroll.forms import current_month
    from benefits.payroll.selectors import rollup_for
    from btxh.forms import MonthField

    from .services import rollup_filename, rollup_workbook

    try:
        month = MonthField(required=False).clean(request.GET.get("month", "")) or current_month()
    except ValidationError:
        month = current_month()
    unit = request.user.unit
    data = rollup_workbook(unit=unit, month=month, rows=rollup_for(request.user, month), prepared_by=str(request.user))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{rollup_filename(unit, month)}"'
    return response


# ---------------------------------------------------------------------------
# Emergency aid lists (one per decided decision; small, rendered in the request)


def _emergency_list(request, decision_id: int, *, kind: str, fmt: str):
    from django.http import Http404, HttpResponse
    from django.shortcuts import get_object_or_404

    from benefits.emergency.models import DecisionStatus
    from benefits.emergency.selectors import decisions_for

    from .emergency_documents import emergency_list_pdf, emergency_list_xlsx, list_doc

    decision = get_object_or_404(decisions_for(request.user), pk=decision_id)
    if decision.status != DecisionStatus.DECIDED:
        raise Http404("Quyết định chưa ban hành")
    doc = list_doc(decision, kind=kind, prepared_by=decision.prepared_by.full_name)
    if not doc.lines:
        raise Http404("Danh sách trống")
    stem = "danh-sach-cap-gao" if kind == "rice" else "danh-sach-chi-tien"
    if fmt == "pdf":
        response = HttpResponse(emergency_list_pdf(doc), content_type="application/pdf")
    else:
        response = HttpResponse(
            emergency_list_xlsx(doc),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}-qd-{decision.pk}.{fmt}"'
    return response


def _decision_response(decision, *, one=None, fmt: str = "pdf"):
    from django.http import HttpResponse

    from .emergency_documents import emergency_decision_docx, emergency_decision_pdf

    if fmt == "docx":
        response = HttpResponse(
            emergency_decision_docx(decision, request=one),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        response = HttpResponse(emergency_decision_pdf(decision, request=one), content_type="application/pdf")
    stem = f"quyet-dinh-ho-tro-qd-{decision.pk}" + (f"-de-nghi-{one.pk}" if one else "")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _emergency_decision(request, decision_id: int, fmt: str):
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from benefits.emergency.models import DecisionStatus
    from benefits.emergency.selectors import decisions_for

    decision = get_object_or_404(decisions_for(request.user), pk=decision_id)
    if decision.status != DecisionStatus.DECIDED:
        raise Http404("Quyết định chưa ban hành")
    return _decision_response(decision, fmt=fmt)


def _emergency_request_decision(request, request_id: int, fmt: str):
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    from benefits.emergency.models import DecisionStatus
    from benefits.emergency.selectors import requests_for

    one = get_object_or_404(requests_for(request.user).select_related("decision"), pk=request_id)
    if one.decision is None or one.decision.status != DecisionStatus.DECIDED or one.status not in ("approved", "paid"):
        raise Http404("Đề nghị chưa có quyết định hỗ trợ")
    return _decision_response(one.decision, one=one, fmt=fmt)


def emergency_decision_pdf(request, decision_id: int):
    """The decision (quyết định hỗ trợ) with its lists attached, once decided."""
    return _emergency_decision(request, decision_id, "pdf")


def emergency_decision_docx(request, decision_id: int):
    """The same decision as an editable Word document."""
    return _emergency_decision(request, decision_id, "docx")


def emergency_request_decision_pdf(request, request_id: int):
    """The decision for one request (its extract): the household or person and their aid."""
    return _emergency_request_decision(request, request_id, "pdf")


def emergency_request_decision_docx(request, request_id: int):
    return _emergency_request_decision(request, request_id, "docx")


def emergency_cash_pdf(request, decision_id: int):
    return _emergency_list(request, decision_id, kind="cash", fmt="pdf")


def emergency_cash_xlsx(request, decision_id: int):
    return _emergency_list(request, decision_id, kind="cash", fmt="xlsx")


def emergency_rice_pdf(request, decision_id: int):
    return _emergency_list(request, decision_id, kind="rice", fmt="pdf")


def emergency_rice_xlsx(request, decision_id: int):
    return _emergency_list(request, decision_id, kind="rice", fmt="xlsx")
# Reports up the chain
# ---------------------------------------------------------------------------
def _period_from(request, default):
    from .figures import Period

    try:
        return Period.parse(request.GET.get("period", "") or request.GET.get("month", ""))
    except ValueError:
        return default


def _default_period():
    from django.utils import timezone

    from .attention import due_period

    return due_period(timezone.localdate())


def _kind_from(request) -> str:
    from .models import ReportKind

    kind = request.GET.get("kind", "") or request.POST.get("kind", "")
    return kind if kind in ReportKind.values else ReportKind.PAYMENTS


def _results_default():
    from django.utils import timezone

    from .figures import Period

    return Period.half_of(timezone.localdate())


def report_list(request):
    """The user's unit: its report of a kind and period, its children's reports, its recent reports."""
    from .models import ReportKind
    from .selectors import due_date, may_prepare_report, unit_reports

    kind = _kind_from(request)
    if kind == ReportKind.RESULTS:
        period = _period_from(request, _results_default())
        if period.month:
            period = _results_default()
    else:
        period = _period_from(request, _default_period())
        if not period.month:
            period = _default_period()
    unit = request.user.unit
    return render(request, "reports/report_list.html", {
        "period": period, **unit_reports(request.user, unit, kind, period), "kind": kind,
        "kind_label": ReportKind(kind).label, "kinds": ReportKind.choices, "due": due_date(unit, kind, period),
        "may_prepare": bool(unit and may_prepare_report(request.user, unit)),
    })


@require_POST
def report_open(request):
    from django.contrib import messages
    from django.urls import reverse

    from .figures import Period
    from .models import ReportKind
    from .selectors import may_prepare_report
    from .services import ReportError, report_open

    if request.user.unit is None or not may_prepare_report(request.user, request.user.unit):
        raise PermissionDenied
    kind = _kind_from(request)
    back = f"{reverse('reports:report-list')}?kind={kind}"
    try:
        period = Period.parse(request.POST.get("period", ""))
        if bool(period.month) != (kind == ReportKind.PAYMENTS):
            raise ValueError
        report = report_open(unit=request.user.unit, kind=kind, period=str(period), user=request.user)
    except ValueError:
        messages.error(request, "Kỳ báo cáo không hợp lệ (báo cáo chi trả: tháng mm/yyyy; báo cáo kết quả: "
                                "yyyy-H1, yyyy-H2 hoặc yyyy).")
        return redirect(back)
    except ReportError as exc:
        messages.error(request, exc.user_message)
        return redirect(back)
    return redirect("reports:report-detail", report_id=report.pk)


def _report(request, report_id):
    from django.shortcuts import get_object_or_404

    from .models import Report

    return get_object_or_404(Report.objects.for_user(request.user).select_related("unit", "unit__parent"), pk=report_id)


def report_detail(request, report_id: int):
    from .selectors import may_prepare_report, may_review_report, report_page

    report = _report(request, report_id)
    return render(request, "reports/report_detail.html", {
        "report": report, **report_page(report),
        "may_prepare": may_prepare_report(request.user, report.unit),
        "may_review": may_review_report(request.user, report.unit),
    })  # fmt: skip


@require_POST
def report_action(request, report_id: int):
    """One of: write (narrative), submit, return, accept, reopen; the service checks who may."""
    from django.contrib import messages

    from . import services
    from .selectors import may_prepare_report, may_review_report

    report = _report(request, report_id)
    if not (may_prepare_report(request.user, report.unit) or may_review_report(request.user, report.unit)):
        raise PermissionDenied
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    try:
        if action == "write":
            services.report_write(report=report, user=request.user, narrative=request.POST.get("narrative", ""),
                                  notes=request.POST.get("notes", ""))
            messages.success(request, "Đã lưu thuyết minh.")
        elif action == "submit":
            reasons = {
                int(key.removeprefix("missing_")): value
                for key, value in request.POST.items() if key.startswith("missing_") and key[8:].isdigit()
            }
            if "narrative" in request.POST and report.is_editable:
                services.report_write(report=report, user=request.user, narrative=request.POST.get("narrative", ""),
                                      notes=request.POST.get("notes", report.notes))
            services.report_submit(report=report, user=request.user, missing_reasons=reasons)
            messages.success(request, "Đã gửi báo cáo lên cấp trên.")
        elif action == "return":
            services.report_return(report=report, user=request.user, comment=comment)
            messages.success(request, "Đã trả lại báo cáo.")
        elif action == "accept":
            services.report_accept(report=report, user=request.user, comment=comment)
            messages.success(request, "Đã chấp nhận báo cáo. Số liệu kỳ này đã khóa.")
        elif action == "reopen":
            services.report_reopen(report=report, user=request.user, reason=comment)
            messages.success(request, "Đã mở lại báo cáo.")
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except services.ReportError as exc:
        messages.error(request, exc.user_message)
    return redirect("reports:report-detail", report_id=report.pk)


def report_document(request, report_id: int, fmt: str):
    from django.http import Http404, HttpResponse

    from .kinds import hooks_for
    from .selectors import children_of, shown_figures
    from .services import report_document as build_document

    report = _report(request, report_id)
    hooks = hooks_for(report.kind)
    render_document = build_document if hooks is None else hooks.document
    if render_document is None or fmt not in (hooks.formats if hooks else ("pdf", "xlsx")):
        raise Http404
    children = children_of(report.unit, report.kind, report.period)
    filename, data = render_document(
        report=report, figures=shown_figures(report, children), children=children,
        prepared_by=str(report.submitted_by or request.user), fmt=fmt,
    )
    response = HttpResponse(data, content_type=DOCUMENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_pdf(request, report_id: int):
    return report_document(request, report_id, "pdf")


def report_xlsx(request, report_id: int):
    return report_document(request, report_id, "xlsx")


def report_docx(request, report_id: int):
    return report_document(request, report_id, "docx")


DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _dashboard_context(request):
    from django.shortcuts import get_object_or_404

    from btxh.models import Unit

    from .selectors import dashboard

    unit = request.user.unit
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        unit = get_object_or_404(Unit.objects.for_user(request.user), pk=int(unit_id))
    period = _period_from(request, _default_period())
    if not period.month:
        period = _default_period()
    return unit, period, (dashboard(unit, period.first_day) if unit is not None else None)


def report_dashboard(request):
    """Charts of a unit's subtree with their numbers beside them; drill down by child unit."""
    from beneficiaries.categories import SCHEME_LABELS, category_labels
    from btxh.selectors import unit_chain

    from .charts import bars_svg, columns_svg, share_svg

    unit, period, data = _dashboard_context(request)
    charts = {}
    if data is not None:
        for s in data["schemes"]:
            s["label"] = str(SCHEME_LABELS.get(s["key"], s["key"]))
        for c in data["categories"]:
            c["label"] = category_labels(c["key"]) or c["key"]
        months = [(f"{s['month']:%m/%y}", s["total"]) for s in data["series"]]
        charts = {
            "money": columns_svg(months, title="Tổng tiền chi trả theo tháng"),
            "people": columns_svg([(f"{s['month']:%m/%y}", s["people"]) for s in data["series"]],
                                  title="Số người được chi trả theo tháng", color="#198754"),
            "schemes": bars_svg([(s["label"], s["total"]) for s in data["schemes"]], title="Theo chế độ"),
            "categories": bars_svg([(c["key"], c["total"]) for c in data["categories"]], title="Theo diện"),
            "children": bars_svg([(c["unit"].name, c["total"]) for c in data["children"]], title="Theo đơn vị"),
            "bank": share_svg(data["bank"], data["total"], title="Tỷ lệ chi qua tài khoản"),
        }
    chain = unit_chain(unit) if unit is not None else []
    user_unit = request.user.unit
    chain = [u for u in chain if user_unit is None or u.path.startswith(user_unit.path)]
    return render(request, "reports/dashboard.html", {
        "unit": unit, "period": period, "data": data, "charts": charts, "chain": list(reversed(chain)),
    })


def report_dashboard_xlsx(request):
    from django.http import Http404, HttpResponse

    from .services import dashboard_workbook, unit_slug

    unit, period, data = _dashboard_context(request)
    if data is None:
        raise Http404
    response = HttpResponse(
        dashboard_workbook(unit=unit, month=period.first_day, data=data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="tong-quan-{unit_slug(unit)}-{period}.xlsx"'
    return response


def due_dates(request):
    """The province's due dates of the reports: everyone in the province reads them, the
    province officer changes them."""
    from django.contrib import messages

    from .forms import DueDatesForm
    from .models import ReportDueDates
    from .selectors import due_dates_of, may_prepare_report
    from .services import ReportError, due_dates_save

    unit = request.user.unit
    province = next((u for u in _chain_up(unit) if u.level == 1), None) if unit else None
    may_edit = bool(province and unit == province and may_prepare_report(request.user, province))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("Chỉ cán bộ Sở của tỉnh mới đặt được hạn gửi báo cáo.")
        form = DueDatesForm(request.POST, instance=due_dates_of(province) or ReportDueDates(province=province))
        if form.is_valid():
            try:
                due_dates_save(province=province, user=request.user, values=form.cleaned_data)
            except (ReportError, ValidationError) as exc:
                messages.error(request, getattr(exc, "user_message", None) or "; ".join(exc.messages))
            else:
                messages.success(request, "Đã lưu hạn gửi báo cáo.")
                return redirect("reports:due-dates")
    else:
        form = DueDatesForm(instance=due_dates_of(province) or ReportDueDates(province=province))
    if not may_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(request, "reports/due_dates.html", {"form": form, "province": province, "may_edit": may_edit})


def _chain_up(unit):
    from btxh.selectors import unit_chain

    return unit_chain(unit)


# ---------------------------------------------------------------------------
# Decisions of the approving level as documents (PDF, editable Word)
# ---------------------------------------------------------------------------
def _case_decision(request, case_decision_id: int):
    from django.shortcuts import get_object_or_404

    from beneficiaries.selectors import decision_visible
    from btxh.services import access_log_record

    decision = get_object_or_404(decision_visible(request.user).select_related("unit"), pk=case_decision_id)
    access_log_record(user=request.user, obj=decision, action="download", unit=decision.unit, path=request.path)
    return decision


def decision_pdf(request, case_decision_id: int):
    from django.http import HttpResponse

    from .decision_documents import decision_doc, decision_filename
    from .decision_documents import decision_pdf as render

    decision = _case_decision(request, case_decision_id)
    response = HttpResponse(render(decision_doc(decision)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{decision_filename(decision, "pdf")}"'
    return response


def decision_docx(request, case_decision_id: int):
    from django.http import HttpResponse

    from .decision_documents import decision_doc, decision_filename
    from .decision_documents import decision_docx as render

    decision = _case_decision(request, case_decision_id)
    response = HttpResponse(
        render(decision_doc(decision)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{decision_filename(decision, "docx")}"'
    return response
