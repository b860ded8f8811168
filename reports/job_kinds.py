"""Background jobs of the reports app: thin wrappers around reports.services."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from btxh.jobs import job_file_entry, job_handler
from btxh.models import Unit, User

from .services import unit_list_document


class DocumentsNotAllowed(Exception):
    user_message = "Chỉ người được lập danh sách chi trả được xuất tài liệu của danh sách."


def _may_list_units(user, unit, params) -> bool:
    return user.is_national or user.unit_id is not None


def may_render_roll_documents(user, unit, params) -> bool:
    """The official documents name their preparer ("Người lập biểu"): only who may prepare the roll."""
    from benefits.payroll.services import may_prepare

    return unit is not None and may_prepare(user, unit)


@job_handler("unit_list_document", label=_("Danh sách đơn vị hành chính"), permission=_may_list_units)
def unit_list_document_job(job, progress):
    user = User.objects.get(pk=job.params["user_id"])
    units = Unit.objects.for_user(user).filter(level__gt=user.unit.level if user.unit else 0)
    filename, data = unit_list_document(
        unit=user.unit, units=units, prepared_by=str(user), fmt=job.params.get("format", "pdf"), progress=progress
    )
    progress.attach(filename, data)
    return {"rows": len(units)}


@job_handler(
    "roll_documents", label=_("Xuất danh sách chi trả (PDF, Excel)"), queue="documents",
    permission=may_render_roll_documents,
)
def roll_documents_job(job, progress):
    from benefits.payroll.models import PaymentRoll

    from .services import roll_documents_render

    roll = PaymentRoll.objects.select_related("unit", "unit__parent").get(pk=job.params["roll_id"])
    user = User.objects.filter(pk=job.params.get("user_id")).first()
    if user is None or not may_render_roll_documents(user, roll.unit, job.params):
        raise DocumentsNotAllowed
    made = roll_documents_render(roll=roll, prepared_by=str(user or ""), progress=progress)
    files = [
        job_file_entry(label=document.get_kind_display(), file=document.file,
                       url=reverse("benefits:roll-document", args=[document.pk]))
        for document in roll.documents.filter(kind__in=made)
    ]  # fmt: skip
    return {"documents": made, "files": files, "url": reverse("benefits:roll-detail", args=[roll.pk]),
            "url_label": "Về danh sách chi trả"}  # fmt: skip


@job_handler("roll_summaries_warm", label=_("Tổng hợp số liệu danh sách chi trả đã khóa"))
def roll_summaries_warm_job(job, progress):
    """Right after a roll is locked (``btxh.roll_events``) or, from the periodic task, for every
    locked roll still without summaries: compute them now rather than on a page's first read."""
    from .services import roll_summaries_warm

    roll_ids = job.params.get("roll_ids")
    done = roll_summaries_warm(roll_ids=roll_ids, limit=job.params.get("limit"), progress=progress)
    return {"rolls": done}
