"""Background jobs of the registry: thin wrappers around its services."""

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from btxh.jobs import job_handler
from btxh.models import Unit, User

from .exports import people_export
from .importing import ImportFileError
from .permissions import can_edit_in
from .services import beneficiaries_import, poverty_review_import


class ImportFailed(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.user_message = message


def import_job_run(job, progress, run, *, done, verb: str = "nhập", rows: str = "dòng", checked=None,
                   result_report: bool = False) -> tuple[bool, dict]:  # fmt: skip
    """The body every import job shares: read the uploaded file, ``run(data, dry_run)`` the import,
    and say what came of it. With errors nothing is written and the uploaded file comes back with a
    "Lỗi" column; ``done(summary)`` says what a real import wrote (``checked(summary)`` what a dry
    run found, when it has more to say than the rows' count); with ``result_report`` the import's
    own result workbook is attached once written. Returns (written, summary)."""
    params = job.params
    dry_run = params.get("dry_run", False)
    with default_storage.open(params["path"], "rb") as f:
        data = f.read()
    try:
        result = run(data, dry_run)
    except ImportFileError as exc:
        raise ImportFailed(str(exc)) from exc
    summary = result.summary
    stem = params.get("filename", "danh-sach.xlsx").rsplit(".", 1)[0]
    if not result.ok:
        progress.attach(f"{stem}-loi.xlsx", result.report())
        progress.set_total(
            summary["rows"],
            f'Có {len(summary["error_rows"])} dòng lỗi: không {verb} dòng nào. Tải tệp kết quả để xem lỗi ở cột "Lỗi".',
        )
    elif dry_run:
        text = checked(summary) if checked else f"Tệp hợp lệ: {summary['rows']} {rows}, chưa {verb} (chỉ kiểm tra)."
        progress.set_total(summary["rows"], text)
    else:
        if result_report:
            progress.attach(f"{stem}-ket-qua.xlsx", result.report())
        progress.set_total(summary["rows"], done(summary))
    return result.ok and not dry_run, summary


def _may_import(user, unit, params) -> bool:
    """The upload pages' check: the commune officer of the commune the list goes into."""
    return unit is not None and unit.is_commune and can_edit_in(user, unit)


def _may_export(user, unit, params) -> bool:
    """The people list's export: anyone signed in, over what they see (the job reads through their scope)."""
    return user.is_national or user.unit_id is not None


@job_handler("beneficiaries_import", label=_("Nhập danh sách đối tượng"), permission=_may_import)
def beneficiaries_import_job(job, progress):
    unit = Unit.objects.get(pk=job.params["unit_id"])
    user = User.objects.filter(pk=job.params.get("user_id")).first()
    written, summary = import_job_run(
        job, progress,
        lambda data, dry_run: beneficiaries_import(data=data, unit=unit, user=user, dry_run=dry_run, progress=progress),
        done=lambda s: f"Đã nhập {s['people_created']} người, {s['cases_created']} hồ sơ; "
                       f"bỏ qua {s['skipped_existing']} dòng đã có."
                       + (f" Lập danh sách {s['hamlets_created']} thôn/tổ dân phố từ tệp." if s["hamlets_created"] else ""),
    )  # fmt: skip
    if written:
        summary = {**summary, "url": reverse("beneficiaries:person-list"), "url_label": "Xem danh sách đối tượng"}
    return summary


@job_handler("beneficiaries_people_export", label=_("Xuất danh sách đối tượng"), permission=_may_export)
def people_export_job(job, progress):
    user = User.objects.get(pk=job.params["user_id"])
    filename, data, rows = people_export(user=user, filters=job.params, progress=progress)
    progress.attach(filename, data)
    return {"rows": rows}


@job_handler("poverty_review_import", label=_("Nhập danh sách hộ nghèo, cận nghèo"), permission=_may_import)
def poverty_review_import_job(job, progress):
    unit = Unit.objects.get(pk=job.params["unit_id"])
    user = User.objects.filter(pk=job.params.get("user_id")).first()
    written, summary = import_job_run(
        job, progress,
        lambda data, dry_run: poverty_review_import(
            data=data, unit=unit, year=job.params["year"], user=user, dry_run=dry_run
        ),
        done=lambda s: f"Đã ghi tình trạng năm {s['year']} cho {s['households']} hộ.",
        verb="ghi",
    )  # fmt: skip
    if written:
        url = reverse("beneficiaries:poverty-review") + f"?nam={summary['year']}"
        summary = {**summary, "url": url, "url_label": "Xem danh sách rà soát"}
    return summary
