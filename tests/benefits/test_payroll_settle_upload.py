"""Settling with a file that cannot be read: a message at the field, nothing settled, never a 500."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from benefits.payroll import services
from benefits.payroll.models import LineStatus, RollStatus
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person


@pytest.fixture
def locked_roll(commune, officer, leader):
    person = make_person(commune, "Lục Thị Thọ", birth=date(1948, 3, 1), national_id="008148000123")
    make_case(person, "SP-75", start="2026-07")
    roll = services.payroll_generate(unit=commune, month=Month(2026, 7))
    services.payroll_lock(roll=roll, user=leader)
    return roll


def xlsx(rows) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


UNREADABLE = [
    ("ket-qua.pdf", b"%PDF-1.4 not a workbook", "cần tệp Excel .xlsx"),
    ("ket-qua.xlsx", b"PK\x03\x04 broken zip", "cần tệp Excel .xlsx"),
    ("ket-qua.csv", "STT;Họ và tên;Ký nhận\n1;Lục Thị Thọ;\n".encode(), "cần tệp Excel .xlsx"),
    ("ket-qua.xlsx", xlsx([["Một bảng tính khác"], ["A", "B"]]), "không phải danh sách chi trả"),
]


@pytest.mark.parametrize(("name", "data", "message"), UNREADABLE)
def test_a_file_that_is_not_the_returned_excel_list_is_a_message_at_the_field(
    officer_client, locked_roll, name, data, message
):
    response = officer_client.post(
        f"/che-do/chi-tra/{locked_roll.pk}/ket-qua/", {"returned_file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Chưa ghi nhận kết quả chi trả" in page
    locked_roll.refresh_from_db()
    assert locked_roll.status == RollStatus.LOCKED
    assert locked_roll.lines.get().status != LineStatus.NOT_COLLECTED


def test_a_returned_file_over_the_upload_limit_is_refused_at_the_field(officer_client, locked_roll, settings):
    settings.BTXH_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("ket-qua.xlsx", b"PK" + b"\0" * (1024 * 1024 + 10))
    page = officer_client.post(f"/che-do/chi-tra/{locked_roll.pk}/ket-qua/", {"returned_file": big}).content.decode()
    assert "Tệp quá lớn" in page
    locked_roll.refresh_from_db()
    assert locked_roll.status == RollStatus.LOCKED
