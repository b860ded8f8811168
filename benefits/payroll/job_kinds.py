"""Background jobs of payroll: thin wrappers around the services."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from btxh.jobs import DEFERRED, job_handler
from btxh.models import Level, Unit, User
from btxh.services import job_fan_out
from engine import Month

from . import services


def _may_generate(user, unit, params) -> bool:
    """The roll page's check: a preparer of rolls, for a unit in their scope."""
    return unit is not None and services.may_prepare(user, unit)


@job_handler("payroll_generate", label=_("Lập danh sách chi trả"), permission=_may_generate)
def payroll_generate_job(job, progress):
    unit = Unit.objects.get(pk=job.params["unit_id"])
    month = Month.parse(job.params["month"])
    user = User.objects.filter(pk=job.params.get("user_id")).first()
    full = bool(job.params.get("full"))  # compute every line: carry nothing forward from last month
    if unit.level != Level.COMMUNE:
        # Refused once here rather than once per commune.
        services.payroll_month_check(month, timezone.localdate())
        communes = services.communes_under(unit)
        children = [
            ({"unit_id": c.pk, "month": str(month), "user_id": job.params.get("user_id"), "full": full}, c)
            for c in communes
        ]
        progress.set_total(len(children), f"Đang lập danh sách cho {len(children)} xã")
        return DEFERRED if job_fan_out(parent=job, kind="payroll_generate", children=children) else {"communes": len(children)}
    roll = services.payroll_generate(unit=unit, month=month, user=user, progress=progress, full=full)
    problems = [f"{e['name']}: {e['error']}" for e in roll.errors]
    if problems:
        progress.set_total(
            progress.job.progress_total,
            f"Đã lập; {len(problems)} đối tượng không tính được (xem danh sách, cần xử lý trước khi khóa).",
        )
    return {"roll_id": roll.pk, "people": roll.people_count, "lines": roll.line_count, "total": roll.total,
            "uncomputable": len(problems), "uncomputable_list": problems[:50],
            "url": f"/che-do/chi-tra/{roll.pk}/", "url_label": "Xem danh sách chi trả"}
