"""Imports that cannot exhaust a worker or crash on odd files: size limits, a header anywhere,
values longer than their field and impossible dates as row errors."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from beneficiaries.importing import ImportFileError
from beneficiaries.models import Person
from beneficiaries.services import beneficiaries_import, poverty_review_import
from btxh.models import Job
from tests.beneficiaries.xlsx import FIRST_DATA_ROW, HEADER, clean_file, row, workbook

from .test_import import TODAY, run


def padded(data: bytes, megabytes: int) -> bytes:
    """The workbook with one more part of ``megabytes`` of spaces: tiny compressed, huge inflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/padding.xml", b" " * (megabytes * 1024 * 1024))
    return out.getvalue()


def test_an_xlsx_that_inflates_past_the_limit_is_refused_before_openpyxl_reads_it(commune, settings, monkeypatch):
    settings.BTXH_MAX_XLSX_UNCOMPRESSED_MB = 2
    data = padded(clean_file(3), 3)
    assert len(data) < 100_000

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not parse this file")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(ImportFileError, match="quá lớn khi giải nén"):
        run(data, commune)
    with pytest.raises(ImportFileError, match="quá lớn khi giải nén"):
        poverty_review_import(data=data, unit=commune, year=2026, user=None, today=TODAY)


def test_the_default_uncompressed_limit_is_100_mb_and_the_upload_limit_10_mb(settings):
    assert settings.BTXH_MAX_XLSX_UNCOMPRESSED_MB == 100
    assert settings.BTXH_MAX_UPLOAD_MB == 10


def test_a_file_over_the_upload_limit_is_refused_by_the_service(commune, settings):
    settings.BTXH_MAX_UPLOAD_MB = 1
    data = clean_file(3) + b"\0" * (1024 * 1024)
    with pytest.raises(ImportFileError, match="Tệp quá lớn"):
        beneficiaries_import(data=data, unit=commune, user=None, today=TODAY)


def test_the_upload_forms_say_the_file_is_too_large_at_the_field(officer_client, settings):
    settings.BTXH_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("ds.xlsx", padded(clean_file(3), 0) + b"\0" * (1024 * 1024 + 1))
    page = officer_client.post("/doi-tuong/nhap-danh-sach/", {"file": big}).content.decode()
    assert "Tệp quá lớn" in page and "1 MB" in page
    big.seek(0)
    page = officer_client.post("/doi-tuong/ra-soat-ho-ngheo/", {"file": big, "year": 2026}).content.decode()
    assert "Tệp quá lớn" in page
    assert not Job.objects.exists()


def test_the_upload_form_refuses_a_zip_bomb_at_the_field(officer_client, settings):
    settings.BTXH_MAX_XLSX_UNCOMPRESSED_MB = 1
    bomb = SimpleUploadedFile("ds.xlsx", padded(clean_file(3), 2))
    page = officer_client.post("/doi-tuong/nhap-danh-sach/", {"file": bomb}).content.decode()
    assert "quá lớn khi giải nén" in page
    assert not Job.objects.exists()


def test_a_header_row_that_does_not_start_in_column_a_is_found(commune):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐỐI TƯỢNG"])
    sheet.append([None, None, *HEADER])
    for n in (1, 2):
        values = row(n)
        sheet.append([None, None, *[values.get(h) for h in HEADER]])
    out = io.BytesIO()
    book.save(out)
    result = run(out.getvalue(), commune)
    assert result.ok, [str(e) for e in result.plan.errors]
    assert result.summary["people_created"] == 2
    assert Person.objects.count() == 2


TOO_LONG = [
    ("Họ và tên", "Nguyễn " * 30, "tối đa 128 ký tự"),
    ("Thôn/Tổ dân phố", "Thôn " + "Nà" * 60, "tối đa 100 ký tự"),
    ("Dân tộc", "Tày" * 20, "tối đa 40 ký tự"),
    ("Số quyết định", "1" * 51, "tối đa 50 ký tự"),
]


@pytest.mark.parametrize(("column", "value", "reason"), TOO_LONG)
def test_a_value_longer_than_its_field_is_a_row_error_in_the_dry_run_not_a_database_crash(commune, column, value, reason):
    rows = [row(1), row(3, **{column: value})]
    dry = run(workbook(rows), commune, dry_run=True)
    assert not dry.ok
    [error] = [e for e in dry.plan.errors if e.column == column]
    assert error.row == FIRST_DATA_ROW + 1 and reason in error.message
    assert f'Dòng {FIRST_DATA_ROW + 1}, cột "{column}"' in str(error)
    result = run(workbook(rows), commune)  # the real run refuses the same way, writing nothing
    assert not result.ok and not Person.objects.exists()
    assert reason in " ".join(str(e) for e in result.plan.errors)


def test_bank_details_longer_than_their_fields_are_row_errors(commune):
    rows = [row(5, **{"Số tài khoản": "1" * 31, "Ngân hàng": "Ngân hàng " * 11})]
    result = run(workbook(rows), commune, dry_run=True)
    assert {e.column for e in result.plan.errors} == {"Số tài khoản", "Ngân hàng"}


EARLY = [
    ({"Ngày sinh": "01/01/1899"}, "Ngày sinh", "trước năm 1900"),
    ({"Ngày quyết định": "31/12/1899"}, "Ngày quyết định", "trước năm 1900"),
    ({"Ngày quyết định": "15/08/1980"}, "Ngày quyết định", "trước ngày sinh"),  # row 3 is born 1985
    ({"Tháng bắt đầu hưởng": "01/1980"}, "Tháng bắt đầu hưởng", "trước ngày sinh"),
    ({"Đã chi trả đến tháng": "12/1899"}, "Đã chi trả đến tháng", "trước năm 1900"),
]


@pytest.mark.parametrize(("overrides", "column", "reason"), EARLY)
def test_dates_before_1900_or_before_the_birth_are_refused(commune, overrides, column, reason):
    result = run(workbook([row(1), row(3, **overrides)]), commune, dry_run=True)
    assert not result.ok
    [error] = [e for e in result.plan.errors if e.column == column]
    assert error.row == FIRST_DATA_ROW + 1 and reason in error.message


def test_a_case_document_follows_the_same_upload_limit(settings):
    from beneficiaries.forms import DocumentForm

    settings.BTXH_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("giay.pdf", b"%PDF" + b"\0" * (1024 * 1024))
    form = DocumentForm({"kind": "certificate"}, {"file": big})
    assert not form.is_valid()
    assert "Tệp quá lớn" in form.errors["file"][0] and "1 MB" in form.errors["file"][0]
