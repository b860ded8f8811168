import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from beneficiaries.importing import HEADERS, import_read
from beneficiaries.models import Case, CaseStatus, Household, Person
from beneficiaries.services import beneficiaries_import
from btxh.models import Level
from engine import Month
from tests.beneficiaries.factories import PersonFactory, active_case
from tests.beneficiaries.xlsx import FIRST_DATA_ROW, clean_file, row, workbook
from tests.btxh.factories import make_unit

TODAY = date(2026, 11, 20)


def run(data, unit, **kwargs):
    return beneficiaries_import(data=data, unit=unit, user=None, today=TODAY, **kwargs)


def command(tmp_path, data, unit_code, *args):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_beneficiaries", str(path), "--unit", unit_code, *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    lines = out.getvalue().strip().splitlines()
    return code, json.loads(lines[-1]), out.getvalue(), err.getvalue()


def test_a_clean_40_row_file_imports_every_row_as_an_active_approved_case(tmp_path, commune, officer):
    code, summary, _, _ = command(tmp_path, clean_file(40), "00700")
    assert code == 0
    assert summary == {
        "rows": 40,
        "people_created": 40,
        "cases_created": 40,
        "skipped_existing": 0,
        "hamlets_created": 2,
        "errors": 0,
        "error_rows": [],
    }
    assert Person.objects.filter(unit=commune).count() == 40
    assert Case.objects.filter(status=CaseStatus.ACTIVE, source="imported", unit=commune).count() == 40
    case = Case.objects.get(decision_number="101/QĐ-UBND")
    assert (case.decision_date, case.start_month, case.approving_unit) == (date(2025, 8, 15), Month(2025, 8), commune)
    assert case.events.get().kind == "imported"


def test_an_import_is_audited_in_the_history_like_any_other_write(commune):
    run(clean_file(6), commune)
    person = Person.objects.first()
    assert person.history.count() == 1
    assert Case.history.count() == 6
    assert Household.history.count() == Household.objects.count() == 2  # the two K5A rows are poor households


def test_a_poor_household_status_is_stored_for_the_year_of_the_import(commune):
    run(clean_file(3), commune)
    elder = Person.objects.get(cases__category="K5A")
    assert elder.household.poverty_in(TODAY.year) == "poor"


def test_paid_until_defaults_to_the_month_before_the_import_and_may_be_given(commune):
    data = workbook([row(1), row(2, **{"Đã chi trả đến tháng": "09/2026"})])
    run(data, commune)
    assert Case.objects.get(decision_number="101/QĐ-UBND").paid_until_month == Month(2026, 10)
    assert Case.objects.get(decision_number="102/QĐ-UBND").paid_until_month == Month(2026, 9)


def test_importing_the_same_file_twice_adds_nothing_the_second_time(tmp_path, commune):
    command(tmp_path, clean_file(40), "00700")
    code, summary, _, _ = command(tmp_path, clean_file(40), "00700")
    assert code == 0
    assert summary == {
        "rows": 40,
        "people_created": 0,
        "cases_created": 0,
        "skipped_existing": 40,
        "hamlets_created": 0,
        "errors": 0,
        "error_rows": [],
    }
    assert Person.objects.count() == 40 and Case.objects.count() == 40


def test_people_without_an_id_are_matched_again_by_name_birth_and_commune(commune):
    data = workbook(
        [row(1, **{"Số định danh cá nhân": None}), row(2, **{"Số định danh cá nhân": None, "Ngày sinh": 1945})]
    )
    assert run(data, commune).summary["people_created"] == 2
    again = run(data, commune).summary
    assert (again["people_created"], again["cases_created"], again["skipped_existing"]) == (0, 0, 2)
    assert Person.objects.get(birth_date__isnull=True).birth_year == 1945


def test_two_rows_with_the_same_id_and_two_categories_become_one_person_with_two_cases(commune):
    first = row(1)  # SP-75 man born 1945
    second = row(1, **{"Mã diện": "K6", "Mức độ khuyết tật": "Đặc biệt nặng", "STT": 99, "Số quyết định": "9/QĐ"})
    summary = run(workbook([first, second]), commune).summary
    assert (summary["people_created"], summary["cases_created"]) == (1, 2)
    assert set(Person.objects.get().cases.values_list("category", flat=True)) == {"SP-75", "K6"}


def test_an_existing_person_gets_only_the_new_category(commune):
    existing = PersonFactory(
        unit=commune,
        full_name="Hoàng Văn Páo 1",
        birth_date=date(1945, 3, 2),
        sex="male",
        national_id=row(1)["Số định danh cá nhân"],
    )
    active_case(existing, "K6")
    summary = run(workbook([row(1), row(1, **{"Mã diện": "K6", "Mức độ khuyết tật": "Nặng"})]), commune).summary
    assert (summary["people_created"], summary["cases_created"], summary["skipped_existing"]) == (0, 1, 1)


def test_excel_date_and_number_cells_are_read(commune):
    data = workbook(
        [
            row(
                1,
                **{
                    "Ngày sinh": date(1945, 2, 2),
                    "Ngày quyết định": date(2025, 8, 15),
                    "Tháng bắt đầu hưởng": date(2025, 8, 20),
                    "Số định danh cá nhân": int(row(1)["Số định danh cá nhân"]),
                    "Mã xã": 700,
                },
            )
        ]
    )
    result = run(data, commune)
    assert result.ok, result.plan.errors
    person = Person.objects.get()
    assert (person.birth_date, person.national_id) == (date(1945, 2, 2), row(1)["Số định danh cá nhân"])


def test_the_unit_may_be_a_province_and_each_row_names_its_commune(tmp_path, province, commune, other_commune):
    data = workbook([row(1, "00700"), row(2, "00706")])
    code, summary, _, _ = command(tmp_path, data, "08")
    assert code == 0 and summary["people_created"] == 2
    assert set(Person.objects.values_list("unit__code", flat=True)) == {"00700", "00706"}


def test_a_commune_code_prefers_the_2025_regime_when_codes_collide(tmp_path, commune, legacy_tree):
    make_unit("00700", "Xã Ngọc Đường (cũ)", level=Level.COMMUNE, parent=legacy_tree[1], regime="legacy")
    code, _, _, _ = command(tmp_path, workbook([row(1)]), "00700")
    assert code == 0
    assert Person.objects.get().unit == commune


def test_a_dry_run_checks_and_counts_but_writes_nothing(tmp_path, commune):
    code, summary, out, _ = command(tmp_path, clean_file(5), "00700", "--dry-run")
    assert code == 0 and summary["people_created"] == 5
    assert not Person.objects.exists()
    assert "chưa ghi" in out


BAD_ROWS = [
    ({"Họ và tên": None}, "Họ và tên", "bắt buộc, đang để trống."),
    ({"Ngày sinh": "31/02/1950"}, "Ngày sinh", "không phải ngày dd/mm/yyyy hoặc năm sinh 4 chữ số."),
    ({"Ngày sinh": "01/01/2999"}, "Ngày sinh", "ngày sinh ở tương lai."),
    ({"Giới tính": "Khác"}, "Giới tính", '"Khác" không hợp lệ: ghi "Nam" hoặc "Nữ".'),
    ({"Số định danh cá nhân": "00815012345"}, "Số định danh cá nhân", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
    ({"Số định danh cá nhân": "008085123456"}, "Số định danh cá nhân", "là của người nam"),
    (
        {"Số định danh cá nhân": "008186123456"},
        "Số định danh cá nhân",
        "cho năm sinh 1986, không khớp với năm sinh 1985",
    ),
    ({"Số định danh cá nhân": "003185123456"}, "Số định danh cá nhân", "không phải mã tỉnh"),
    ({"Mã xã": "00706"}, "Mã xã", "mã xã 00706 không phải một xã/phường thuộc Xã Ngọc Đường."),
    ({"Mã diện": "K9"}, "Mã diện", 'mã diện "K9" không có trong danh mục'),
    ({"Mức độ khuyết tật": ""}, "Mức độ khuyết tật", "diện K6 cần mức độ khuyết tật."),
    ({"Mức độ khuyết tật": "Nhẹ"}, "Mức độ khuyết tật", '"Nhẹ" không hợp lệ'),
    ({"Hộ nghèo/cận nghèo": "Giàu"}, "Hộ nghèo/cận nghèo", '"Giàu" không hợp lệ'),
    ({"Mã diện": "K5A", "Mức độ khuyết tật": ""}, "Hộ nghèo/cận nghèo", "diện K5A cần hộ nghèo."),
    ({"Số quyết định": ""}, "Số quyết định", "bắt buộc, đang để trống."),
    ({"Ngày quyết định": "01/12/2026"}, "Ngày quyết định", "ngày quyết định ở tương lai."),
    ({"Tháng bắt đầu hưởng": "13/2025"}, "Tháng bắt đầu hưởng", "không phải tháng mm/yyyy."),
    ({"Tháng bắt đầu hưởng": "06/2021"}, "Tháng bắt đầu hưởng", "diện K6 chỉ áp dụng từ 07/2021."),
    ({"Hình thức chi trả": "Séc"}, "Hình thức chi trả", '"Séc" không hợp lệ'),
    (
        {"Hình thức chi trả": "Chuyển khoản", "Số tài khoản": "", "Ngân hàng": ""},
        "Số tài khoản",
        "chuyển khoản cần số tài khoản.",
    ),
    (
        {"Hình thức chi trả": "Chuyển khoản", "Số tài khoản": "88-00", "Ngân hàng": "BIDV"},
        "Số tài khoản",
        "số tài khoản chỉ gồm chữ số.",
    ),
    ({"Đã chi trả đến tháng": "tháng 9"}, "Đã chi trả đến tháng", "không phải tháng mm/yyyy."),
]


@pytest.mark.parametrize(("overrides", "column", "reason"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_imported(
    commune, overrides, column, reason
):
    rows = [row(1), row(3, **overrides), row(4)]  # row 3 is a K6 woman born 1985
    result = run(workbook(rows), commune)
    assert not result.ok
    assert not Person.objects.exists() and not Case.objects.exists()
    [error] = [e for e in result.plan.errors if e.column == column]
    assert error.row == FIRST_DATA_ROW + 1
    assert reason in error.message
    assert result.summary["error_rows"] == [FIRST_DATA_ROW + 1]


def test_a_category_that_ended_in_2025_cannot_start_after(commune):
    result = run(workbook([row(2, **{"Mã diện": "K5C", "Tháng bắt đầu hưởng": "08/2025"})]), commune)
    assert str(result.plan.errors[0]) == (
        'Dòng 5, cột "Tháng bắt đầu hưởng": diện K5C chỉ áp dụng từ 07/2021 đến 06/2025.'
    )


def test_an_id_held_in_another_commune_is_an_error_naming_that_commune(commune, other_commune):
    PersonFactory(unit=other_commune, national_id=row(1)["Số định danh cá nhân"], full_name="Người khác")
    result = run(workbook([row(1)]), commune)
    assert [str(e) for e in result.plan.errors] == [
        'Dòng 5, cột "Số định danh cá nhân": số định danh đã có trong hệ thống, do Xã Phú Linh quản lý.'
    ]


def test_the_same_person_and_category_twice_in_the_file_is_an_error(commune):
    result = run(workbook([row(1), row(2), row(1, **{"STT": 3})]), commune)
    assert [str(e) for e in result.plan.errors] == ['Dòng 7, cột "Mã diện": trùng với dòng 5: cùng người, cùng diện.']


def test_one_id_with_two_different_people_is_an_error(commune):
    result = run(workbook([row(1), row(4, **{"Số định danh cá nhân": row(1)["Số định danh cá nhân"]})]), commune)
    assert "cùng số định danh với dòng 5" in result.plan.errors[0].message


def test_a_file_with_bad_rows_makes_the_command_fail_and_writes_a_marked_report(tmp_path, commune):
    rows = [row(i) for i in range(1, 11)]
    rows[2] = row(3, **{"Giới tính": "X", "Ngày quyết định": "99/99/2025"})
    rows[6] = row(7, **{"Mã diện": "K99"})
    report = tmp_path / "ket-qua.xlsx"
    code, summary, _, err = command(tmp_path, workbook(rows), "00700", "--report", str(report))
    assert code == 1
    assert summary == {
        "rows": 10,
        "people_created": 0,
        "cases_created": 0,
        "skipped_existing": 0,
        "hamlets_created": 0,
        "errors": 3,
        "error_rows": [7, 11],
    }
    assert not Person.objects.exists()
    assert 'Dòng 7, cột "Giới tính"' in err
    sheet = load_workbook(report).worksheets[0]
    header = [c.value for c in sheet[4]]
    assert header[-1] == "Lỗi"
    lỗi = header.index("Lỗi") + 1
    assert sheet.cell(row=7, column=lỗi).value.startswith('Giới tính: "X" không hợp lệ')
    assert "Ngày quyết định: không phải ngày" in sheet.cell(row=7, column=lỗi).value
    assert sheet.cell(row=11, column=lỗi).value.startswith("Mã diện:")
    assert sheet.cell(row=6, column=lỗi).value is None
    red = "FFFFC7CE"
    assert sheet.cell(row=7, column=header.index("Giới tính") + 1).fill.fgColor.rgb == red
    assert sheet.cell(row=11, column=header.index("Mã diện") + 1).fill.fgColor.rgb == red
    assert sheet.cell(row=7, column=header.index("Họ và tên") + 1).fill.fgColor.rgb != red
    assert sheet.cell(row=1, column=1).value == "DANH SÁCH ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI ĐANG HƯỞNG"


def test_a_file_without_the_header_row_is_refused(commune):
    from beneficiaries.importing import ImportFileError

    with pytest.raises(ImportFileError):
        import_read(workbook([row(1)], header=["A", "B"]), unit=commune, today=TODAY)
    with pytest.raises(ImportFileError):
        import_read(b"not an xlsx", unit=commune, today=TODAY)


def test_columns_may_come_in_any_order_with_odd_spacing_and_case(commune):
    header = [
        "  họ và TÊN ",
        "Mã xã",
        "Giới tính",
        "Ngày sinh",
        "Mã diện",
        "Mức độ khuyết tật",
        "Số quyết định",
        "Ngày quyết định",
        "Tháng bắt đầu hưởng",
        "thôn/tổ dân phố",
    ]
    values = row(1)
    values["  họ và TÊN "] = values["Họ và tên"]
    values["thôn/tổ dân phố"] = values["Thôn/Tổ dân phố"]
    result = run(workbook([values], header=header, total=False), commune)
    assert result.ok, result.plan.errors
    assert Person.objects.get().national_id is None


def test_the_upload_page_runs_the_import_as_a_job_with_a_report_on_errors(officer_client, commune):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from btxh.models import Job

    good = SimpleUploadedFile("ds.xlsx", clean_file(5))
    response = officer_client.post("/doi-tuong/nhap-danh-sach/", {"file": good})
    job = Job.objects.get()
    assert response.url == f"/cong-viec/{job.pk}/"
    assert job.status == "succeeded" and job.result["cases_created"] == 5
    assert "Đã nhập 5 người" in job.message
    bad = SimpleUploadedFile("ds2.xlsx", workbook([row(1, **{"Giới tính": "?"})]))
    officer_client.post("/doi-tuong/nhap-danh-sach/", {"file": bad})
    job = Job.objects.order_by("-pk").first()
    assert job.result["error_rows"] == [5] and "ds2-loi" in job.result_file.name
    assert "không nhập dòng nào" in job.message
    assert officer_client.get(f"/cong-viec/{job.pk}/tep/").status_code == 200


def test_the_upload_page_refuses_a_file_that_is_not_xlsx(officer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = officer_client.post("/doi-tuong/nhap-danh-sach/", {"file": SimpleUploadedFile("a.csv", b"x")})
    assert "Chỉ nhận tệp Excel .xlsx." in response.content.decode()


def test_the_upload_page_is_for_commune_officers_only(leader_client):
    assert leader_client.get("/doi-tuong/nhap-danh-sach/").status_code == 403


@pytest.mark.django_db
def test_the_import_page_lists_the_importers_columns_in_order(officer_client):
    page = officer_client.get("/doi-tuong/nhap-danh-sach/").content.decode()
    guide = page[page.index("Các cột: ") : page.index("</p>", page.index("Các cột: "))]
    positions = [guide.index(header) for header in HEADERS.values()]
    assert positions == sorted(positions)
    assert "Ngày sinh (dd/mm/yyyy hoặc năm)" in guide and "Tháng bắt đầu hưởng (mm/yyyy)" in guide
