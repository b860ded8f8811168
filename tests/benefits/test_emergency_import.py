"""Bulk entry after a disaster: the Excel list of an event's requests, all or nothing, with the
beneficiary import's report workbook, a dry run, and people of the registry linked by ID number
(docs/emergency-aid.md §8)."""

import io
import time
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from benefits.emergency import services
from benefits.emergency.importing import HEADERS
from benefits.emergency.models import EmergencyRequest
from btxh.models import Job, Role
from tests.benefits.emergency_factories import make_event, rice
from tests.benefits.payroll_factories import make_person
from tests.btxh.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 10, 5)
COLUMNS = ["STT", "Họ và tên", "Số định danh cá nhân", "Năm sinh", "Giới tính", "Thôn/Tổ dân phố", "Loại trợ giúp",
           "Số nhân khẩu", "Số tháng", "Tình trạng hộ", "Người chết, mất tích, bị thương", "Số ngày điều trị",
           "Chi phí mai táng", "Thiệt hại nhà ở", "Ngày nhận đề nghị"]


def workbook(rows, *, title=True) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["DANH SÁCH HỘ BỊ ẢNH HƯỞNG BÃO SỐ 10"])
        ws.append([])
    ws.append(COLUMNS)
    for i, row in enumerate(rows, start=1):
        ws.append([i] + [row.get(c, "") for c in COLUMNS[1:]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


ROWS = [
    {"Họ và tên": "Hoàng Văn Đói", "Năm sinh": 1968, "Giới tính": "Nam", "Thôn/Tổ dân phố": "Thôn Nà Pồng", "Loại trợ giúp": "Gạo cứu đói",
     "Số nhân khẩu": 4, "Số tháng": 2, "Ngày nhận đề nghị": "02/10/2026"},
    {"Họ và tên": "Lò Văn Thương", "Năm sinh": 1990, "Giới tính": "Nam", "Thôn/Tổ dân phố": "Bản Khuổi Luông", "Loại trợ giúp": "Bị thương nặng",
     "Người chết, mất tích, bị thương": "Lò Văn Thương", "Số ngày điều trị": 5, "Ngày nhận đề nghị": "02/10/2026"},
    {"Họ và tên": "Ma Thị Sập", "Năm sinh": 1955, "Giới tính": "Nữ", "Thôn/Tổ dân phố": "Thôn Nà Pồng", "Loại trợ giúp": "Làm nhà ở (nhà đổ, sập, trôi, cháy)",
     "Tình trạng hộ": "Hộ nghèo", "Thiệt hại nhà ở": "Nhà sập hoàn toàn", "Ngày nhận đề nghị": "03/10/2026"},
]  # fmt: skip


@pytest.fixture
def event(officer):
    return make_event(officer)


def run(event, officer, data, **kw):
    return services.requests_import(data=data, event=event, user=officer, today=TODAY, **kw)


def test_a_clean_list_becomes_one_request_per_row_with_its_amount(event, officer):
    result = run(event, officer, workbook(ROWS))
    assert result.ok and result.summary["created"] == 3
    got = {r.full_name: r for r in EmergencyRequest.objects.filter(event=event)}
    assert got["Hoàng Văn Đói"].rice_kg == 120 and got["Hoàng Văn Đói"].received_on == date(2026, 10, 2)
    assert got["Ma Thị Sập"].amount == 40_000_000 and got["Ma Thị Sập"].household_status == "poor"
    assert got["Lò Văn Thương"].hospital_days == 5 and got["Lò Văn Thương"].created_by == officer


def test_a_person_of_the_registry_is_linked_by_id_number(event, officer, commune):
    person = make_person(commune, "Đặng Thị Sổ", birth=date(1960, 1, 1), national_id="008160000123")
    rows = [{**ROWS[0], "Họ và tên": "Đặng Thị Sổ", "Số định danh cá nhân": "008160000123"}]
    result = run(event, officer, workbook(rows))
    assert result.summary["linked"] == 1
    assert EmergencyRequest.objects.get(event=event).person == person


def test_one_bad_row_imports_nothing_and_the_report_marks_it_at_its_cell(event, officer):
    rows = [*ROWS, {"Họ và tên": "Hộ Thiếu Khẩu", "Loại trợ giúp": "Gạo cứu đói", "Số tháng": 1},
            {"Họ và tên": "Hộ Nhà Hỏng", "Loại trợ giúp": "Sửa nhà", "Thiệt hại nhà ở": "Tốc mái"}]
    data = workbook(rows)
    result = run(event, officer, data)
    assert not result.ok and result.summary["created"] == 0
    assert EmergencyRequest.objects.count() == 0
    ws = load_workbook(io.BytesIO(result.report())).active
    header = [c.value for c in ws[3]]
    assert header[-1] == "Lỗi"
    errors = {r: ws.cell(row=r, column=len(header)).value for r in (4, 5, 6, 7, 8)}
    assert errors[4] is None and errors[6] is None
    assert "Số nhân khẩu" in errors[7] and "cần số nhân khẩu" in errors[7]
    assert "Tình trạng hộ" in errors[8]
    people_col = COLUMNS.index("Số nhân khẩu") + 1
    assert ws.cell(row=7, column=people_col).fill.fgColor.rgb == "FFFFC7CE"


def test_a_dry_run_checks_everything_and_writes_nothing(event, officer):
    result = run(event, officer, workbook(ROWS), dry_run=True)
    assert result.ok and result.summary["created"] == 3
    assert EmergencyRequest.objects.count() == 0


def test_the_same_household_twice_in_the_file_or_already_aided_is_an_error(event, officer):
    rice(officer, event, "Ma Văn Có", hamlet="Thôn Nà Pồng")
    rows = [ROWS[0], {**ROWS[0], "Họ và tên": "hoàng  văn đói"},
            {**ROWS[0], "Họ và tên": "Ma Văn Có", "Năm sinh": 1970}]
    result = run(event, officer, workbook(rows))
    messages = [str(e) for e in result.plan.errors]
    assert any("Dòng 5" in m and "trùng với dòng 4" in m for m in messages)
    assert any("Dòng 6" in m and "đã có đề nghị" in m for m in messages)
    assert EmergencyRequest.objects.count() == 1


def test_cells_that_are_not_what_their_column_holds_are_errors(event, officer):
    rows = [{"Họ và tên": "Hộ A", "Loại trợ giúp": "Cho tiền", "Số nhân khẩu": "bốn", "Năm sinh": "56",
             "Ngày nhận đề nghị": "2/30/2026"}]
    result = run(event, officer, workbook(rows))
    columns = {e.column for e in result.plan.errors}
    assert {HEADERS["kind"], HEADERS["people"], HEADERS["birth_year"], HEADERS["received_on"]} <= columns


def test_two_hundred_households_are_imported_in_seconds(event, officer):
    rows = [{"Họ và tên": f"Hộ Số {i}", "Năm sinh": 1950 + i % 50, "Giới tính": "Nữ" if i % 2 else "Nam",
             "Thôn/Tổ dân phố": f"Thôn {i % 7}", "Loại trợ giúp": "Gạo",
             "Số nhân khẩu": 1 + i % 6, "Số tháng": 1 + i % 3} for i in range(200)]
    started = time.monotonic()
    result = run(event, officer, workbook(rows))
    assert result.ok and EmergencyRequest.objects.filter(event=event).count() == 200
    assert time.monotonic() - started < 60


def test_the_page_runs_the_import_as_a_job_with_the_report_attached(client, event, officer, settings):
    settings.JOBS_BACKEND = "eager"
    client.force_login(officer)
    url = reverse("benefits:emergency-request-import", args=[event.pk])
    rows = [*ROWS, {"Họ và tên": "Hộ Thiếu Khẩu", "Loại trợ giúp": "Gạo"}]
    response = client.post(url, {"file": SimpleUploadedFile("bao-so-10.xlsx", workbook(rows))})
    job = Job.objects.get(kind="emergency_requests_import")
    assert response.status_code == 302 and "không nhập dòng nào" in job.message
    assert "-loi" in job.result_file.name and EmergencyRequest.objects.count() == 0
    client.post(url, {"file": SimpleUploadedFile("bao-so-10.xlsx", workbook(ROWS))})
    assert EmergencyRequest.objects.filter(event=event).count() == 3
    done = Job.objects.filter(kind="emergency_requests_import").latest("pk")
    assert "3 người chưa có được thêm vào sổ cùng hộ mới" in done.message
    assert "-ket-qua" in done.result_file.name  # the list with its "Sổ đối tượng" column


def test_an_unreadable_file_is_refused_at_the_field(client, event, officer):
    client.force_login(officer)
    url = reverse("benefits:emergency-request-import", args=[event.pk])
    response = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", b"not a zip at all")})
    assert response.status_code == 200
    assert "Không đọc được tệp" in response.context["form"].errors["file"][0]


def test_a_viewer_may_not_import_and_anyone_may_download_the_blank_list(client, event, commune):
    client.force_login(UserFactory(unit=commune, role=Role.VIEWER))
    url = reverse("benefits:emergency-request-import", args=[event.pk])
    assert client.post(url, {"file": SimpleUploadedFile("ds.xlsx", workbook(ROWS))}).status_code == 403
    response = client.get(reverse("benefits:emergency-import-template"))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == list(HEADERS.values())
