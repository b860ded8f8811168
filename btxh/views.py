"""Pages of the core app: home, jobs, units, access log. Thin: parse, select, render."""

import sys

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .attention import attention_for
from .filters import UnitFilter
from .jobs import job_kind_may_run
from .middleware import DATABASE_ERRORS, unavailable_response
from .models import AccessLog, Job
from .pagination import CappedPaginator
from .selectors import unit_chain
from .services import JobNotAllowed, job_rerun, jobs_reap_stale


def server_error(request):
    """handler500: the database being unavailable is the 503 page; anything else the Vietnamese 500 page."""



    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response()
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the Vietnamese page in the site's error layout, never Django's technical one."""

    return HttpResponseForbidden(loader.get_template("403_csrf.html").render())


def home(request):
    jobs_reap_stale()
    jobs = Job.objects.for_user(request.user).filter(requested_by=request.user).select_related("unit")[:5]
    return render(request, "btxh/home.html", {"attention": attention_for(request.user), "jobs": jobs})


def job_list(request):
    jobs = Job.objects.for_user(request.user).select_related("unit", "requested_by").filter(parent=None)
    page = CappedPaginator(jobs, 30).get_page(request.GET.get("page"))
    return render(request, "btxh/job_list.html", {"page": page})


def job_detail(request, job_id: int):
    jobs_reap_stale()
    job = get_object_or_404(
        Job.objects.for_user(request.user).select_related("unit", "requested_by").prefetch_related("children__unit"),
        pk=job_id,
    )
    template = "btxh/_job_progress.html" if request.htmx else "btxh/job_detail.html"
    may_rerun = job.is_finished and job_kind_may_run(job, request.user)
    return render(request, template, {"job": job, "may_rerun": may_rerun})


def job_file(request, job_id: int):
    job = get_object_or_404(Job.objects.for_user(request.user), pk=job_id)
    if not job.result_file:
        raise Http404(_("Công việc này chưa có tệp kết quả."))
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1])


@require_POST
def job_retry(request, job_id: int):

    job = get_object_or_404(Job.objects.for_user(request.user).select_related("unit"), pk=job_id)
    if not job.is_finished:
        raise PermissionDenied
    try:
        new = job_rerun(job=job, user=request.user)
    except JobNotAllowed as exc:
        raise PermissionDenied(exc.user_message) from exc
    messages.info(request, _("Đã chạy lại công việc."))
    return redirect("job-detail", job_id=new.pk)


def unit_list(request):
    root = request.user.unit
    units = UnitFilter(request.GET, user=request.user)
    page = CappedPaginator(units.qs, 50).get_page(request.GET.get("page"))
    chain = unit_chain(root) if root else []
    return render(request, "btxh/unit_list.html", {"page": page, "chain": chain, "filter": units})


def access_log_list(request):
    if not request.user.can_read_access_log:
        raise PermissionDenied
    logs = AccessLog.objects.for_user(request.user).select_related("user", "unit")
    page = CappedPaginator(logs, 50).get_page(request.GET.get("page"))
    return render(request, "btxh/access_log_list.html", {"page": page})
