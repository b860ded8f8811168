"""Pages of the annual plans: thin, every read through ``AnnualPlan.objects.for_user``; every write
refuses whoever may not act before it reads the form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import plan_selectors as selectors
from . import plan_services as services
from .indicators import plan_progress
from .plan_forms import FORMSETS, ActivityProgressForm, PlanCreateForm, PlanForm, plan_formsets
from .plan_models import AnnualPlan, PlanActivity, PlanStatus

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan(request, plan_id: int) -> AnnualPlan:
    return get_object_or_404(selectors.plans_for(request.user), pk=plan_id)


def plan_list(request):
    unit = request.user.unit
    year = timezone.localdate().year
    plans = selectors.plans_for(request.user).exclude(status=PlanStatus.SUPERSEDED)
    may_create = bool(unit and selectors.may_edit_plan(request.user, unit))
    return render(request, "plans/plan_list.html", {
        "plans": plans[:200], "may_create": may_create, "form": PlanCreateForm(initial={"year": year}),
        "parent_plan": selectors.parent_issued_plan(unit, year) if unit else None, "year": year,
    })


@require_POST
def plan_create(request):
    unit = request.user.unit
    if unit is None or not selectors.may_edit_plan(request.user, unit):
        raise PermissionDenied("Chỉ cán bộ của đơn vị được lập kế hoạch của đơn vị.")
    form = PlanCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Năm kế hoạch không hợp lệ.")
        return redirect("plans:plan-list")
    try:
        plan = services.plan_create(user=request.user, unit=unit, year=form.cleaned_data["year"],
                                    start=form.cleaned_data["start"])
    except services.PlanError as exc:
        messages.error(request, exc.user_message)
        return redirect("plans:plan-list")
    messages.success(request, f"Đã lập dự thảo kế hoạch năm {plan.year}.")
    return redirect("plans:plan-edit", plan_id=plan.pk)


def plan_detail(request, plan_id: int):
    plan = _plan(request, plan_id)
    detail = selectors.plan_detail(plan)
    for activity in detail["activities"]:
        activity.system_record = selectors.system_activity_done(activity, plan.unit, plan.year) \
            if activity.system_kind else None
    may_edit = selectors.may_edit_plan(request.user, plan.unit)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, **detail, "may_edit": may_edit,
        "progress": plan_progress(plan.unit, plan.year, plan),
        "children": selectors.children_plans(plan) if plan.status == PlanStatus.ISSUED else [],
        "versions": AnnualPlan.objects.filter(unit=plan.unit, year=plan.year).order_by("version"),
        "progress_form": ActivityProgressForm(),
    })


def plan_edit(request, plan_id: int):
    plan = _plan(request, plan_id)
    if not selectors.may_edit_plan(request.user, plan.unit):
        raise PermissionDenied("Chỉ cán bộ của đơn vị được sửa kế hoạch của đơn vị.")
    if not plan.is_draft:
        messages.error(request, "Kế hoạch đã ban hành không sửa được: lập bản đính chính.")
        return redirect("plans:plan-detail", plan_id=plan.pk)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, instance=plan)
    formsets = plan_formsets(plan, data)
    if data is not None and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        try:
            services.plan_update(plan=plan, user=request.user, form=form, formsets=formsets.values())
        except services.PlanError as exc:
            messages.error(request, exc.user_message)
        else:
            messages.success(request, "Đã lưu dự thảo kế hoạch.")
            if request.POST.get("next") == "detail":
                return redirect("plans:plan-detail", plan_id=plan.pk)
            return redirect("plans:plan-edit", plan_id=plan.pk)
    return render(request, "plans/plan_edit.html", {
        "plan": plan, "form": form,
        "sections": [(prefix, label, formsets[prefix]) for prefix, _cls, label in FORMSETS],
        "basis_choices": selectors.basis_choices(plan.unit, plan.year),
    })


def _plan_action(request, plan_id: int, action, success: str):
    plan = _plan(request, plan_id)
    if not selectors.may_edit_plan(request.user, plan.unit):
        raise PermissionDenied("Chỉ cán bộ của đơn vị được ban hành, đính chính kế hoạch của đơn vị.")
    try:
        result = action(plan=plan, user=request.user)
    except services.PlanError as exc:
        messages.error(request, exc.user_message)
        return redirect("plans:plan-detail", plan_id=plan.pk)
    messages.success(request, success)
    return result


@require_POST
def plan_issue(request, plan_id: int):
    result = _plan_action(request, plan_id, services.plan_issue, "Đã ban hành kế hoạch.")
    return result if isinstance(result, HttpResponse) else redirect("plans:plan-detail", plan_id=result.pk)


@require_POST
def plan_correct(request, plan_id: int):
    result = _plan_action(request, plan_id, services.plan_correct,
                          "Đã lập bản đính chính (dự thảo). Bản đã ban hành vẫn còn hiệu lực đến khi ban hành bản mới.")
    return result if isinstance(result, HttpResponse) else redirect("plans:plan-edit", plan_id=result.pk)


@require_POST
def activity_progress(request, activity_id: int):
    activity = get_object_or_404(PlanActivity.objects.for_user(request.user).select_related("plan", "plan__unit"),
                                 pk=activity_id)
    if not selectors.may_edit_plan(request.user, activity.plan.unit):
        raise PermissionDenied("Chỉ cán bộ của đơn vị được cập nhật tiến độ.")
    form = ActivityProgressForm(request.POST)
    if form.is_valid():
        try:
            services.activity_progress(activity=activity, user=request.user, **form.cleaned_data)
        except services.PlanError as exc:
            messages.error(request, exc.user_message)
        else:
            messages.success(request, "Đã cập nhật tiến độ hoạt động.")
    else:
        messages.error(request, "Tình trạng hoặc số tiền không hợp lệ.")
    return redirect("plans:plan-detail", plan_id=activity.plan_id)


def plan_pdf(request, plan_id: int):
    from .plan_documents import plan_document

    plan = _plan(request, plan_id)
    filename, data = plan_document(plan, fmt="pdf")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def plan_docx(request, plan_id: int):
    """The same plan as an editable Word file, for the office to adjust before signing."""
    from .plan_documents import plan_document

    plan = _plan(request, plan_id)
    filename, data = plan_document(plan, fmt="docx")
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def plan_results(request, plan_id: int):
    """Open (or find) the year-end results report of the plan's unit in the reports mechanism."""
    from reports.models import ReportKind
    from reports.services import ReportError, report_open

    plan = _plan(request, plan_id)
    if not selectors.may_edit_plan(request.user, plan.unit):
        raise PermissionDenied("Chỉ cán bộ của đơn vị được lập báo cáo kết quả.")
    try:
        report = report_open(unit=plan.unit, kind=ReportKind.PLAN_RESULTS, period=str(plan.year), user=request.user)
    except ReportError as exc:
        messages.error(request, exc.user_message)
        return redirect("plans:plan-detail", plan_id=plan.pk)
    return redirect("reports:report-detail", report_id=report.pk)
