import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import load_workbook

from beneficiaries.models import Case, CaseStatus, Hamlet, Person
from btxh.models import AccessLog, Job
from engine import Month
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case, listed_hamlet, national_id


@pytest.fixture(autouse=True)
def hamlet(commune):
    """The commune's list has "Thôn Nà Pồng": the entry form offers it."""
    return listed_hamlet(commune)


def person_post(**overrides):
    data = {
        "full_name": "Hoàng Thị Sương",
        "birth_date": "12/04/1958",
        "sex": "female",
        "national_id": "",
        "ethnicity": "Tày",
        "hamlet": Hamlet.objects.get(name="Thôn Nà Pồng", commune__code="00700").pk,
        "payment_method": "cash",
        "poverty": "",
    }
    data.update(overrides)
    return data


def test_the_list_shows_the_communes_people_with_their_cases_in_a_constant_number_of_queries(
    officer_client, commune, other_commune, django_assert_max_num_queries
):
    for i in range(30):
        active_case(PersonFactory(unit=commune, full_name=f"Lò Văn Người {i}"), "K6")
    PersonFactory(unit=other_commune, full_name="Người Xã Khác")
    with django_assert_max_num_queries(12):
        response = officer_client.get("/doi-tuong/")
    text = response.content.decode()
    assert "Lò Văn Người 7" in text and "Người Xã Khác" not in text
    assert "30 người" in text
    assert "K6 · Đang hưởng" in text


def test_the_list_filters_by_name_without_diacritics_id_category_hamlet_status_age_and_payment(officer_client, commune):
    hoa = PersonFactory(
        unit=commune,
        full_name="Nguyễn Thị Hòa",
        birth_date=date(1940, 1, 1),
        hamlet="Bản Khuổi Luông",
        payment_method="bank",
        bank_account="1",
        bank_name="Agribank",
        national_id=national_id(birth_year=1940, serial=4242),
    )
    active_case(hoa, "SP-75")
    child = PersonFactory(unit=commune, full_name="Ma Văn Tí", birth_date=date(2020, 1, 1), sex="male")
    CaseFactory(person=child, category="K1", status=CaseStatus.SUBMITTED)

    def names(query):
        return {p.full_name for p in officer_client.get(f"/doi-tuong/?{query}").context["page"]}

    assert names("q=NGUYEN+THI+HOA") == {"Nguyễn Thị Hòa"}
    assert names("q=hoa") == {"Nguyễn Thị Hòa"}
    assert names(f"q={hoa.national_id[:8]}") == {"Nguyễn Thị Hòa"}
    assert names(f"q={hoa.national_id}") == {"Nguyễn Thị Hòa"}
    assert names(f"q={hoa.national_id[:6]}9") == set()
    assert names("category=K1") == {"Ma Văn Tí"}
    assert names(f"hamlet={hoa.hamlet_ref_id}") == {"Nguyễn Thị Hòa"}
    assert names(f"hamlet={listed_hamlet(commune).pk}") == {"Ma Văn Tí"}
    assert names("status=submitted") == {"Ma Văn Tí"}
    assert names("category=SP-75&status=submitted") == set()
    assert names("age_band=80%2B") == {"Nguyễn Thị Hòa"}
    assert names("age_band=4-16") == {"Ma Văn Tí"}
    assert names("payment_method=bank") == {"Nguyễn Thị Hòa"}


def test_the_list_pages_without_counting_beyond_the_cap(officer_client, commune, settings, monkeypatch):
    from btxh import pagination

    settings.BTXH_PAGE_SIZE = 5
    monkeypatch.setattr(pagination.CappedPaginator.__init__, "__kwdefaults__", {"cap": 8})
    for i in range(12):
        PersonFactory(unit=commune, full_name=f"Người {i:02d}")
    first = officer_client.get("/doi-tuong/")
    assert "Hơn 8 người" in first.content.decode()
    assert "Trang 1<" in first.content.decode()
    third = officer_client.get("/doi-tuong/?page=3")
    assert [p.full_name for p in third.context["page"]] == ["Người 10", "Người 11"]
    assert not third.context["page"].has_next()


def test_above_a_commune_the_list_counts_only_up_to_the_wide_cap(
    officer_client, commune, other_commune, province_officer, monkeypatch
):
    from django.test import Client

    from beneficiaries import views

    monkeypatch.setattr(views, "WIDE_LIST_COUNT_CAP", 3)
    for i in range(3):
        PersonFactory(unit=commune, full_name=f"Người Ngọc Đường {i}")
        PersonFactory(unit=other_commune, full_name=f"Người Phú Linh {i}")
    client = Client()  # officer_client is the test's ``client``
    client.force_login(province_officer)
    wide = client.get("/doi-tuong/")
    assert "Hơn 3 người" in wide.content.decode()
    assert len(wide.context["page"]) == 6  # the page itself is whole
    # A commune's list is counted in full, whatever the wide cap.
    assert "3 người" in officer_client.get("/doi-tuong/").content.decode()
    assert "Hơn" not in officer_client.get("/doi-tuong/").content.decode()


def test_a_name_search_lists_in_name_order_whichever_index_finds_the_rows(
    client, commune, other_commune, province_officer
):
    from beneficiaries.selectors import _trigram_search

    for i, name in enumerate(("Hoàng Thị Sương", "Hoàng Thị An", "Nông Hoàng Thị Bé", "Hoàng Văn Thị")):
        PersonFactory(unit=(commune, other_commune)[i % 2], full_name=name)
    assert _trigram_search("hoang thi") == (connection.vendor == "postgresql")
    assert not _trigram_search("thi")
    client.force_login(province_officer)  # a province: the trigram path on PostgreSQL
    long = client.get("/doi-tuong/?q=hoàng+thị")
    assert [p.full_name for p in long.context["page"]] == ["Hoàng Thị An", "Hoàng Thị Sương", "Nông Hoàng Thị Bé"]
    short = client.get("/doi-tuong/?q=thi")
    assert [p.full_name for p in short.context["page"]] == [
        "Hoàng Thị An",
        "Hoàng Thị Sương",
        "Hoàng Văn Thị",
        "Nông Hoàng Thị Bé",
    ]


def test_an_officer_enters_a_person_and_is_taken_to_the_person_page(officer_client, commune, hamlet):
    response = officer_client.post("/doi-tuong/them/", person_post(national_id=national_id(birth_year=1958)))
    person = Person.objects.get()
    assert response.url == f"/doi-tuong/{person.pk}/"
    assert (person.unit, person.birth_date, person.created_by.full_name) == (
        commune,
        date(1958, 4, 12),
        "Hoàng Thị Lan",
    )
    assert (person.hamlet_ref, person.hamlet) == (hamlet, "Thôn Nà Pồng")


def test_a_form_with_an_error_keeps_what_was_typed_and_shows_the_error_next_to_the_field(officer_client):
    response = officer_client.post("/doi-tuong/them/", person_post(national_id="008058123456"))
    text = response.content.decode()
    assert response.status_code == 200 and not Person.objects.exists()
    assert 'value="Hoàng Thị Sương"' in text and 'value="008058123456"' in text
    assert "Chữ số thứ tư (0) là của người nam, không khớp với giới tính đã nhập." in text
    assert "is-invalid" in text


def test_the_national_id_field_is_validated_on_change_by_htmx(officer_client, commune, other_commune):
    url = "/doi-tuong/kiem-tra-so-dinh-danh/"
    bad = officer_client.post(url, person_post(national_id="008159123456"), HTTP_HX_REQUEST="true")
    text = bad.content.decode()
    assert text.lstrip().startswith('<div id="field-national_id"')
    assert "<html" not in text
    assert "cho năm sinh 1959, không khớp với năm sinh 1958." in text
    assert 'value="008159123456"' in text and "is-invalid" in text
    ok = officer_client.post(url, person_post(national_id=national_id(birth_year=1958, serial=1)))
    assert 'data-testid="national-id-ok"' in ok.content.decode()
    PersonFactory(unit=other_commune, national_id=national_id(birth_year=1958, serial=2))
    dup = officer_client.post(url, person_post(national_id=national_id(birth_year=1958, serial=2)))
    assert "do Xã Phú Linh quản lý" in dup.content.decode()
    assert officer_client.get(url).status_code == 405


def test_a_possible_duplicate_shows_a_checkbox_and_confirming_saves(officer_client, commune):
    PersonFactory(unit=commune, full_name="HOANG THI SUONG", birth_date=date(1958, 4, 12))
    first = officer_client.post("/doi-tuong/them/", person_post())
    text = first.content.decode()
    assert 'name="confirm_duplicate"' in text and "Đã có người cùng họ tên" in text
    assert Person.objects.count() == 1
    second = officer_client.post("/doi-tuong/them/", person_post(confirm_duplicate="on"))
    assert second.status_code == 302 and Person.objects.count() == 2


def test_viewing_a_person_is_logged(officer_client, officer, commune):
    person = PersonFactory(unit=commune)
    active_case(person, "K6")
    response = officer_client.get(f"/doi-tuong/{person.pk}/")
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_id, log.unit) == (officer, "view", str(person.pk), commune)


def test_a_person_of_another_commune_is_not_found(officer_client, other_commune):
    person = PersonFactory(unit=other_commune)
    assert officer_client.get(f"/doi-tuong/{person.pk}/").status_code == 404


def test_an_officer_opens_and_submits_a_k6_case_and_the_leader_approves_it(client, officer, leader, commune):
    person = PersonFactory(unit=commune)
    client.force_login(officer)
    response = client.post(
        f"/doi-tuong/{person.pk}/ho-so/them/",
        {
            "category": "K6",
            "disability_level": "severe",
            "disability_certificate_number": "15/GXN",
            "disability_certificate_date": "05/01/2026",
            "children-TOTAL_FORMS": "2",
            "children-INITIAL_FORMS": "0",
        },
    )
    case = Case.objects.get()
    assert response.url == f"/doi-tuong/ho-so/{case.pk}/"
    client.post(f"/doi-tuong/ho-so/{case.pk}/nop/")
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    # The officer is not the approving level: the decision page refuses them before anything else.
    assert client.get(f"/doi-tuong/ho-so/{case.pk}/phe-duyet/").status_code == 403
    refused = client.post(
        f"/doi-tuong/ho-so/{case.pk}/phe-duyet/", {"decision_number": "1/QĐ", "decision_date": "01/11/2026"}
    )
    assert refused.status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    client.force_login(leader)
    home = client.get("/").content.decode()
    assert "Hồ sơ chờ phê duyệt" in home
    response = client.post(
        f"/doi-tuong/ho-so/{case.pk}/phe-duyet/",
        {
            "decision_number": "125/QĐ-UBND",
            "decision_date": "10/11/2026",
            "start_month": "",
            "activate": "on",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decision_number, case.start_month) == ("active", "125/QĐ-UBND", Month(2026, 11))


def test_an_illegal_step_through_a_page_shows_the_vietnamese_refusal(officer_client, commune):
    case = active_case(PersonFactory(unit=commune), "K6")
    response = officer_client.post(f"/doi-tuong/ho-so/{case.pk}/nop/", follow=True)
    assert "Không thể nộp hồ sơ đang ở trạng thái «Đang hưởng»." in response.content.decode()


def test_the_case_form_keeps_the_children_typed_on_an_error(officer_client, commune):
    person = PersonFactory(unit=commune)
    response = officer_client.post(
        f"/doi-tuong/{person.pk}/ho-so/them/",
        {
            "category": "K4",
            "children-TOTAL_FORMS": "2",
            "children-INITIAL_FORMS": "0",
            "children-0-full_name": "Vàng Thị Mỷ",
            "children-0-birth_date": "31/02/2019",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert 'value="Vàng Thị Mỷ"' in text and "Ngày 31/02/2019 không tồn tại: tháng 02/2019 có 28 ngày." in text


def test_a_document_is_uploaded_and_its_download_is_logged(officer_client, officer, commune):
    case = active_case(PersonFactory(unit=commune), "K6")
    upload = SimpleUploadedFile("giay-xac-nhan.pdf", b"%PDF-1.4 giay", content_type="application/pdf")
    officer_client.post(f"/doi-tuong/ho-so/{case.pk}/giay-to/", {"kind": "certificate", "title": "GXN", "file": upload})
    document = case.documents.get()
    response = officer_client.get(f"/doi-tuong/giay-to/{document.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 giay"
    assert AccessLog.objects.filter(action="download", object_id=str(case.person.pk)).exists()


def test_a_refused_upload_shows_its_error_at_the_field_and_keeps_the_chosen_type(officer_client, commune):
    case = active_case(PersonFactory(unit=commune), "K6")
    upload = SimpleUploadedFile("ghi-chu.txt", b"khong phai anh", content_type="text/plain")
    response = officer_client.post(f"/doi-tuong/ho-so/{case.pk}/giay-to/",
                                   {"kind": "decision", "title": "Quyết định cũ", "file": upload})  # fmt: skip
    assert response.status_code == 400 and not case.documents.exists()
    form = response.context["document_form"]
    assert form.errors["file"]  # at the field, not a message at the top of the page
    text = response.content.decode()
    assert 'value="Quyết định cũ"' in text and '<option value="decision" selected>' in text


def test_the_poverty_form_starts_from_the_households_recorded_status(officer_client, officer, commune):
    from beneficiaries.services import household_create_for, household_poverty_set

    person = PersonFactory(unit=commune)
    household = household_create_for(person=person, user=officer)
    household_poverty_set(household=household, year=2024, status="near_poor", user=officer)
    form = officer_client.get(f"/doi-tuong/{person.pk}/").context["poverty_form"]
    assert form.initial["status"] == "near_poor" and form.initial["year"] == date.today().year


def test_the_export_is_a_job_whose_file_lists_the_filtered_people_and_logs_each(officer_client, officer, commune):
    for i in range(3):
        active_case(PersonFactory(unit=commune, full_name=f"Xuất Người {i}"), "K6")
    PersonFactory(unit=commune, full_name="Không Khớp")
    response = officer_client.post("/doi-tuong/xuat-danh-sach/?category=K6")
    job = Job.objects.get()
    assert response.url == f"/cong-viec/{job.pk}/"
    assert job.result == {"rows": 3}
    sheet = load_workbook(io.BytesIO(job.result_file.read())).worksheets[0]
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == ["Xuất Người 0", "Xuất Người 1", "Xuất Người 2"]
    assert AccessLog.objects.filter(action="export", object_type="beneficiaries.Person").count() == 3
    assert AccessLog.objects.filter(action="export", object_repr="Xuất danh sách 3 đối tượng").count() == 1


def test_death_and_move_pages(officer_client, commune, other_commune):
    person = PersonFactory(unit=commune)
    active_case(person, "K6", start=date(2025, 1, 1))
    response = officer_client.post(
        f"/doi-tuong/{person.pk}/chuyen-di/", {"commune_code": "00706", "hamlet": "Thôn Mới", "month": "12/2026"}
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).unit == other_commune
    other = PersonFactory(unit=commune)
    active_case(other, "K6", start=date(2025, 1, 1))
    wrong = officer_client.post(
        f"/doi-tuong/{other.pk}/chuyen-di/", {"commune_code": "99999", "hamlet": "x", "month": "12/2026"}
    )
    assert "Không có xã/phường mã 99999." in wrong.content.decode()
    officer_client.post(f"/doi-tuong/{other.pk}/bao-tu/", {"death_date": "03/11/2026"})
    assert Case.objects.get(person=other).end_month == Month(2026, 11)


@pytest.mark.parametrize("url", ["/doi-tuong/them/", "/doi-tuong/nhap-danh-sach/"])
def test_a_leader_cannot_open_the_entry_pages(leader_client, url):
    assert leader_client.get(url).status_code == 403


def test_every_page_of_the_registry_renders_for_its_own_commune(client, commune):
    """The positive side of the every-URL scoping walk: commune A's officer sees A's markers."""
    from tests.scoping import build_world

    world = build_world()
    client.force_login(world.officer_a)
    pages = [
        "/doi-tuong/",
        f"/doi-tuong/{world.ids['person']}/",
        f"/doi-tuong/ho-so/{world.ids['case']}/",
        "/doi-tuong/ho-so/",
        "/doi-tuong/viec-den-han/",
        f"/doi-tuong/{world.ids['person']}/sua/",
        f"/doi-tuong/ho-so/{world.ids['care_case']}/",
    ]
    texts = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = response.content.decode()
    assert "Bímật Ngườiđơn Ađơn" in texts["/doi-tuong/"]
    assert "GXN-BIMAT-01" in texts[f"/doi-tuong/ho-so/{world.ids['case']}/"]
    assert "Ngânhàng Bímật" in texts[f"/doi-tuong/{world.ids['person']}/"]
    assert "Bímật Ngườiđơn Ađơn" in texts["/doi-tuong/viec-den-han/"]
    assert "Bímật Ngườiđược Chămsóc" in texts[f"/doi-tuong/ho-so/{world.ids['care_case']}/"]


def test_the_person_page_opens_for_a_person_without_history_rows(officer_client, commune):
    """People loaded in bulk (COPY, benchmarks/registry.py) have no history rows."""
    person = PersonFactory(unit=commune, full_name="Nông Thị Lụa")
    active_case(person, "K6")
    person.history.all().delete()
    response = officer_client.get(f"/doi-tuong/{person.pk}/")
    assert response.status_code == 200 and "Nông Thị Lụa" in response.content.decode()
