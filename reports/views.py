from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from btxh.services import job_create


def index(request):
    return render(request, "reports/index.html")


@require_POST
def unit_list_document(request):
    fmt = "xlsx" if request.POST.get("format") == "xlsx" else "pdf"
    job = job_create(
        kind="unit_list_document", params={"user_id": request.user.pk, "format": fmt},
        user=request.user, unit=request.user.unit,
    )
    return redirect("job-detail", job_id=job.pk)


@require_POST
def roll_documents(request, roll_id: int):
    from django.shortcuts import get_object_or_404

    from benefits.payroll.models import PaymentRoll

    roll = get_object_or_404(PaymentRoll.objects.for_user(request.user), pk=roll_id)
    job = job_create(
        kind="roll_documents", params={"roll_id": roll.pk, "user_id": request.user.pk},
        user=request.user, unit=roll.unit,
    )
    return redirect("job-detail", job_id=job.pk)
