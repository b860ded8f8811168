from django.core.exceptions import ValidationError
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

    roll = get_object_or_404(PaymentRoll.objects.for_user(request.user), pk=roll_id)
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


def emergency_cash_pdf(request, decision_id: int):
    return _emergency_list(request, decision_id, kind="cash", fmt="pdf")


def emergency_cash_xlsx(request, decision_id: int):
    return _emergency_list(request, decision_id, kind="cash", fmt="xlsx")


def emergency_rice_pdf(request, decision_id: int):
    return _emergency_list(request, decision_id, kind="rice", fmt="pdf")


def emergency_rice_xlsx(request, decision_id: int):
    return _emergency_list(request, decision_id, kind="rice", fmt="xlsx")
