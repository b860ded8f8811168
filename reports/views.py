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

    from benefits.forms import MonthField
    from benefits.payroll.forms import current_month
    from benefits.payroll.selectors import rollup_for

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
