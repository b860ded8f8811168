"""The elderly register: the Elderly Association's Excel (all or nothing, with a report) and one person by form."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from beneficiaries.models import Person
from btxh.models import Job
from plans.models import ElderlyPerson
from plans.services import PlanError, elderly_import, elderly_save
from tests.beneficiaries.factories import PersonFactory, national_id
from tests.plans.xlsx import HEADER, workbook

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


def _rows():
    return [
        ["Hoàng Thị Sương", "02/05/1956", "Nữ", national_id(sex="female", birth_year=1956, serial=11), "Thôn Nà Pồng"],
        ["Nông Văn Páo", 1936, "Nam", "", "Thôn Khuổi Phầy"],
        ["Ma Thị Dở", "20/11/1926", "Nữ", "", "Thôn Nà Pồng"],
    ]


def test_a_clean_list_is_imported_and_a_second_import_of_it_adds_nobody(commune, officer):
    data = workbook(_rows())
    first = elderly_import(data=data, unit=commune, user=officer, today=TODAY)
    again = elderly_import(data=data, unit=commune, user=officer, today=TODAY)
    assert first.ok and first.summary["created"] == 3
    assert again.ok and (again.summary["created"], again.summary["updated"]) == (0, 3)
    assert ElderlyPerson.objects.filter(unit=commune).count() == 3
    assert ElderlyPerson.objects.get(full_name="Nông Văn Páo").birth_date is None


def test_a_list_with_one_bad_row_imports_nothing_and_the_report_marks_the_row(commune, officer):
    rows = [*_rows(), ["Lý Văn Trẻ", "01/01/1990", "Nam", "", "Thôn Nà Pồng"], ["Sầm Thị Hoa", "1940", "Nu?", "", ""]]
    result = elderly_import(data=workbook(rows), unit=commune, user=officer, today=TODAY)
    assert not result.ok and result.plan.error_rows == [7, 8]
    assert ElderlyPerson.objects.count() == 0
    sheet = load_workbook(io.BytesIO(result.report())).worksheets[0]
    header = [c.value for c in sheet[3]]
    errors = {r: sheet.cell(row=r, column=header.index("Lỗi") + 1).value for r in (7, 8)}
    assert "chưa đến tuổi người cao tuổi" in errors[7]
    assert "Giới tính" in errors[8] and "Thôn/Tổ dân phố" in errors[8]


def test_a_year_of_birth_column_named_nam_sinh_is_read(commune, officer):
    header = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Số định danh cá nhân", "Thôn"]
    result = elderly_import(data=workbook([["Giàng Mí Sình", 1950, "Nam", "", "Bản Phìn"]], header=header),
                            unit=commune, user=officer, today=TODAY)
    assert result.ok and ElderlyPerson.objects.get().birth_year == 1950


def test_rows_are_linked_to_the_registrys_person_by_id_else_by_name_and_birth(commune, officer):
    sid = national_id(sex="female", birth_year=1956, serial=11)
    by_id = PersonFactory(unit=commune, full_name="Hoàng Thị Sương", birth_date=date(1956, 5, 2), national_id=sid)
    by_name = PersonFactory(unit=commune, full_name="Nông Văn Páo", birth_date=None, birth_year=1936, sex="male",
                            hamlet="Thôn Khuổi Phầy")  # the commune's list then has both hamlets of the file
    result = elderly_import(data=workbook(_rows()), unit=commune, user=officer, today=TODAY)
    assert result.ok and result.summary["linked"] == 2
    assert ElderlyPerson.objects.get(national_id=sid).person == by_id
    assert ElderlyPerson.objects.get(full_name="Nông Văn Páo").person == by_name


def test_an_id_the_registry_holds_in_another_commune_is_an_error(commune, other_commune, officer):
    sid = national_id(sex="female", birth_year=1956, serial=11)
    PersonFactory(unit=other_commune, full_name="Hoàng Thị Sương", birth_date=date(1956, 5, 2), national_id=sid)
    result = elderly_import(data=workbook(_rows()), unit=commune, user=officer, today=TODAY)
    assert not result.ok and "Xã Phú Linh" in str(result.plan.errors[0])


def test_the_same_person_twice_in_one_list_is_an_error(commune, officer):
    rows = [*_rows(), ["Nông Văn Páo", 1936, "Nam", "", "Thôn Khuổi Phầy"]]
    result = elderly_import(data=workbook(rows), unit=commune, user=officer, today=TODAY)
    assert not result.ok and "trùng với dòng 5" in str(result.plan.errors[0])


def test_an_officer_adds_and_corrects_one_person_and_records_a_death(commune, officer):
    e = elderly_save(user=officer, unit=commune, full_name=" Triệu  Thị Mai ", birth_date=date(1950, 3, 3),
                     birth_year=None, sex="female", national_id="", hamlet="Thôn Bản Khiển")
    assert (e.full_name, e.birth_year, e.national_id) == ("Triệu Thị Mai", 1950, None)
    elderly_save(user=officer, elderly=e, death_date=date(2026, 1, 2))
    e.refresh_from_db()
    assert e.death_date == date(2026, 1, 2)
    with pytest.raises(PlanError):
        elderly_save(user=officer, unit=commune, full_name="Trẻ", birth_date=date(1990, 1, 1), birth_year=None,
                     sex="male", national_id="", hamlet="Thôn A")


def test_another_communes_officer_may_not_import_or_edit(commune, other_officer):
    from beneficiaries.errors import NotAllowed

    with pytest.raises(NotAllowed):
        elderly_import(data=workbook(_rows()), unit=commune, user=other_officer, today=TODAY)
    assert not Person.objects.exists()


def test_a_header_row_that_starts_in_the_second_column_is_found(commune, officer):
    """Read-only sheets pad a row that starts further right with cells that have no row of their
    own: the header is found by the row's values, as every import of the system reads it."""
    wb = Workbook()
    ws = wb.active
    ws.append([None, "DANH SÁCH HỘI VIÊN NGƯỜI CAO TUỔI"])
    ws.append([])
    ws.append([None, *HEADER])
    for i, row in enumerate(_rows(), start=1):
        ws.append([None, i, *row])
    buf = io.BytesIO()
    wb.save(buf)
    result = elderly_import(data=buf.getvalue(), unit=commune, user=officer, today=TODAY)
    assert result.ok and result.plan.header_row == 3 and result.plan.columns["full_name"] == 3
    assert sorted(ElderlyPerson.objects.values_list("full_name", flat=True)) == [
        "Hoàng Thị Sương", "Ma Thị Dở", "Nông Văn Páo",
    ]  # fmt: skip


def test_the_upload_page_stores_the_list_and_runs_its_import_as_a_job(client, commune, officer, settings):
    settings.JOBS_BACKEND = "eager"
    client.force_login(officer)
    url = reverse("plans:elderly-import")
    response = client.post(url, {"file": SimpleUploadedFile("hoi-nct.xlsx", workbook(_rows())), "dry_run": "on"})
    job = Job.objects.get(kind="elderly_import")
    assert response.status_code == 302 and response.url == reverse("job-detail", kwargs={"job_id": job.pk})
    assert job.params["path"].startswith("imports/") and job.params["path"].endswith(".xlsx")
    assert (job.params["filename"], job.params["dry_run"]) == ("hoi-nct.xlsx", True)
    assert (job.params["unit_id"], job.params["user_id"], job.unit_id) == (commune.pk, officer.pk, commune.pk)
    assert ElderlyPerson.objects.count() == 0  # a dry run writes nothing
    client.post(url, {"file": SimpleUploadedFile("hoi-nct.xlsx", workbook(_rows()))})
    assert ElderlyPerson.objects.filter(unit=commune).count() == 3
