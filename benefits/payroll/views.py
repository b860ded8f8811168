"""Payroll pages: thin — parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from beneficiaries.errors import RegistryError
from btxh.models import Level
from btxh.pagination import CappedPaginator
from btxh.scoping import unit_in_scope
from btxh.services import access_log_record, job_create
from engine import Month

from . import selectors, services
from .filters import RollLineFilter
from .forms import RollGenerateForm, RollMonthForm, RollSettleForm, current_month
from .models import LineStatus, PaymentLine, PaymentRoll, RollDocument, RollStatus
from .selectors import rollup_for, rollup_totals, suspension_worklist


def _may_prepare(user) -> bool:
    return services.may_prepare(user)


def _month_from(request) -> Month:
    form = RollMonthForm(request.GET or None)
    if request.GET.get("month") and form.is_valid():
        return form.cleaned_data["month"]
    return current_month()


def roll_list(request, form: RollGenerateForm | None = None):
    """The rolls of a month; ``form`` is a refused generation shown with its error."""
    month = _month_from(request)
    unit = request.user.unit
    rows = rollup_for(request.user, month)
    rolls = (
        PaymentRoll.objects.for_user(request.user).select_related("unit")[:24]
        if unit and unit.level == Level.COMMUNE
        else []
    )
    form = form or RollGenerateForm(unit=unit, proposed=month)  # the first month not locked
    return render(
        request,
        "benefits/roll_list.html",
        {
            "streaks": suspension_worklist(request.user, month),
            "month": month,
            "rows": rows,
            "rolls": rolls,
            "form": form,
            "may_prepare": _may_prepare(request.user),
            "totals": rollup_totals(rows),
        },
    )


@require_POST
def roll_generate(request):
    if not _may_prepare(request.user) or request.user.unit is None:
        raise PermissionDenied
    form = RollGenerateForm(request.POST, unit=request.user.unit)
    if not form.is_valid():  # shown next to the field (a month that has not come, a malformed month)
        return roll_list(request, form=form)
    unit = request.user.unit
    job = job_create(
        kind="payroll_generate",
        params={"unit_id": unit.pk, "month": str(form.cleaned_data["month"]), "user_id": request.user.pk,
                "full": form.cleaned_data["full"]},
        user=request.user,
        unit=unit,
    )
    return redirect("job-detail", job_id=job.pk)


def roll_detail(request, roll_id: int, settle_form: RollSettleForm | None = None):
    """The roll with its lines; ``settle_form`` is a refused settlement shown with its error."""
    roll = get_object_or_404(
        PaymentRoll.objects.for_user(request.user).select_related("unit", "generated_by", "locked_by"), pk=roll_id
    )
    overview = selectors.roll_overview(roll)
    # The hamlet choice reads the totals by hamlet the page shows anyway (no query of its own).
    lines = RollLineFilter(request.GET, roll=roll, hamlets=[h["hamlet"] for h in overview["hamlets"]])
    page = CappedPaginator(lines.qs, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "benefits/roll_detail.html",
        {
            "roll": roll,
            "page": page,
            "filter": lines,
            **overview,
            "may_prepare": _may_prepare(request.user) and unit_in_scope(roll.unit, request.user),
            "settle_form": settle_form or RollSettleForm(),
            "month": Month(roll.month.year, roll.month.month),
            "computed_lines": roll.line_count - roll.carried_lines,
            **selectors.roll_problems_shown(roll, everyone=request.GET.get("problems") == "all"),
            "unresolved": services.unresolved_problems(roll),
            "stale": services.roll_stale_reason(roll),
            "lock_refusal": services.may_lock(request.user, roll) if roll.status == RollStatus.DRAFT else "",
            "may_correct": roll.status == RollStatus.SETTLED and services.may_correct_settlement(request.user, roll),
        },
    )


def _roll_for_action(request, roll_id):
    roll = get_object_or_404(PaymentRoll.objects.for_user(request.user).select_related("unit"), pk=roll_id)
    if not _may_prepare(request.user):
        raise PermissionDenied
    return roll


@require_POST
def roll_regenerate(request, roll_id: int):
    roll = _roll_for_action(request, roll_id)
    job = job_create(
        kind="payroll_generate",
        params={"unit_id": roll.unit_id, "month": f"{roll.month:%Y-%m}", "user_id": request.user.pk,
                "full": request.POST.get("full") == "1"},
        user=request.user,
        unit=roll.unit,
    )
    return redirect("job-detail", job_id=job.pk)


@require_POST
def roll_lock(request, roll_id: int):
    """The commune leader (or the approving level) locks the draft; never its maker (``may_lock``)."""
    roll = get_object_or_404(PaymentRoll.objects.for_user(request.user).select_related("unit"), pk=roll_id)
    if refusal := services.may_lock(request.user, roll):
        raise PermissionDenied(refusal)
    try:
        services.payroll_lock(roll=roll, user=request.user)
    except services.PayrollError as exc:
        messages.error(request, exc.user_message)
    else:
        messages.success(request, "Đã khóa danh sách chi trả. Danh sách sẽ không thay đổi nữa.")
    return redirect("benefits:roll-detail", roll_id=roll.pk)


@require_POST
def roll_problem_suspend(request, roll_id: int, person_id: int):
    """Confirm that a person the roll cannot pay is suspended from the roll's month (or, for funeral
    support beyond the roll's lookback, that it is settled by hand)."""
    roll = _roll_for_action(request, roll_id)
    try:
        handled = services.payroll_problem_suspend(roll=roll, person_id=person_id, user=request.user)
    except services.PayrollError as exc:
        messages.error(request, exc.user_message)
    except RegistryError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, services.problem_handled_message(handled, person_id))
    return redirect("benefits:roll-detail", roll_id=roll.pk)


@require_POST
def roll_settle_correct(request, roll_id: int):
    """The approving level flips lines of a settled roll between collected and not collected."""
    roll = get_object_or_404(PaymentRoll.objects.for_user(request.user).select_related("unit"), pk=roll_id)
    if not services.may_correct_settlement(request.user, roll):
        raise PermissionDenied
    ids = [int(i) for i in request.POST.getlist("flip") if i.isdigit()]
    try:
        services.payroll_settlement_correct(roll=roll, line_ids=ids, user=request.user, reason=request.POST.get("reason", ""))
    except services.PayrollError as exc:
        messages.error(request, exc.user_message)
    else:
        messages.success(request, f"Đã điều chỉnh {len(ids)} dòng; lý do được ghi vào lịch sử.")
    return redirect("benefits:roll-detail", roll_id=roll.pk)


@require_POST
def roll_settle(request, roll_id: int):
    roll = _roll_for_action(request, roll_id)
    form = RollSettleForm(request.POST, request.FILES)
    if not form.is_valid():  # a file that cannot be read: said at the field
        messages.error(request, "Chưa ghi nhận kết quả chi trả: xem lỗi ở ô tải tệp.")
        return roll_detail(request, roll.pk, settle_form=form)
    try:
        if form.cleaned_data["returned_file"]:
            _, n = services.payroll_settle_from_excel(
                roll=roll, data=form.cleaned_data["returned_file"].read(), user=request.user
            )
        else:
            ids = [int(i) for i in request.POST.getlist("not_collected") if i.isdigit()]
            services.payroll_settle(roll=roll, not_collected_ids=ids, user=request.user)
            n = len(ids)
    except services.PayrollError as exc:
        messages.error(request, exc.user_message)
    else:
        messages.success(request, f"Đã ghi nhận kết quả chi trả: {n} dòng chưa nhận, chuyển sang tháng sau.")
    return redirect("benefits:roll-detail", roll_id=roll.pk)


def line_detail(request, line_id: int):
    line = get_object_or_404(PaymentLine.objects.for_user(request.user).select_related("roll", "unit"), pk=line_id)
    access_log_record(user=request.user, obj=line, action="view", unit=line.unit, path=request.path)
    return render(
        request, "benefits/line_detail.html", {"line": line, "LineStatus": LineStatus, "RollStatus": RollStatus}
    )


def roll_document_download(request, roll_document_id: int):


    document = get_object_or_404(
        RollDocument.objects.for_user(request.user).select_related("roll__unit"), pk=roll_document_id
    )
    access_log_record(
        user=request.user, obj=document.roll, action="download", unit=document.roll.unit, path=request.path
    )
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


def person_payments(request, person_id: int):
    """The payment lines of one person (loaded into the person page)."""
    lines = (
        PaymentLine.objects.for_user(request.user)
        .filter(person_id=person_id)
        .select_related("roll")
        .only(
            "id",
            "month",
            "scheme",
            "categories",
            "amount",
            "arrears",
            "recovery",
            "funeral",
            "carried_over",
            "total",
            "status",
            "roll__status",
            "roll__id",
        )
        .order_by("-month", "scheme")[:36]
    )
    return render(request, "benefits/_person_payments.html", {"lines": lines})
