"""The people list as an Excel file (xlsxwriter, constant memory), with every exported person logged."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils import timezone

from btxh.documents import XLSX_OPTIONS
from btxh.models import AccessLog
from btxh.services import access_log_record

from .selectors import person_list

COLUMNS = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Dân tộc",
    "Thôn/Tổ dân phố",
    "Xã",
    "Hồ sơ (diện · trạng thái)",
    "Hình thức chi trả",
    "Số tài khoản",
    "Ngân hàng",
]
CHUNK = 2000


class PeopleExport:
    """What the access log records for the export as a whole."""

    def __init__(self, user, rows: int):
        self.pk = ""
        self.user = user
        self.rows = rows

    def __str__(self):
        return f"Xuất danh sách {self.rows} đối tượng"


def people_export(*, user, filters: dict, progress=None) -> tuple[str, bytes, int]:
    """(file name, xlsx bytes, rows) of the people ``user`` sees under ``filters`` (the list's query
    string: the same people in the same order as its page). Each exported person gets an access-log
    row (Decree 13/2023 on personal data)."""
    people = person_list(user=user, data=filters)
    total = people.count()
    if progress:
        progress.set_total(total, "Đang xuất danh sách")
    out = io.BytesIO()
    # Names, hamlets, bank names are the users' text: never a formula or a link, whatever they start with.
    book = xlsxwriter.Workbook(out, {**XLSX_OPTIONS, "constant_memory": True})
    sheet = book.add_worksheet("Đối tượng")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    sheet.write_row(0, 0, COLUMNS, bold)
    sheet.set_column(1, 1, 28)
    sheet.set_column(4, 4, 16)
    sheet.set_column(6, 8, 22)
    row = 0
    logs = []
    for person in people.iterator(chunk_size=CHUNK):
        row += 1
        cases = ", ".join(f"{c.category} · {c.get_status_display()}" for c in person.cases.all())
        sheet.write_row(
            row,
            0,
            [
                row,
                person.full_name,
                person.birth_text,
                person.get_sex_display(),
                person.national_id or "",
                person.ethnicity,
                person.hamlet,
                person.unit.name,
                cases,
                person.get_payment_method_display(),
                person.bank_account,
                person.bank_name,
            ],
        )
        logs.append(
            AccessLog(
                user=user,
                unit=person.unit,
                action=AccessLog.Action.EXPORT,
                object_type=person._meta.label,
                object_id=str(person.pk),
                object_repr=str(person)[:200],
            )
        )
        if len(logs) >= CHUNK:
            AccessLog.objects.bulk_create(logs)
            logs = []
            if progress:
                progress.set_done(row)
    if logs:
        AccessLog.objects.bulk_create(logs)
    access_log_record(user=user, obj=PeopleExport(user, row), action=AccessLog.Action.EXPORT, unit=user.unit)
    book.close()
    return f"doi-tuong-{timezone.localdate():%Y%m%d}.xlsx", out.getvalue(), row
