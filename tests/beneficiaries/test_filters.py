"""The people and case lists' FilterSets (beneficiaries/filters.py): each filter narrows, a bad value is an
error at its field (never a 500), every sortable column sorts both ways keeping the other filters, and the
page and the Excel export of people list the same people in the same order for the same query string."""

import io
import re
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from beneficiaries.filters import PersonFilter
from beneficiaries.models import Case, CaseStatus
from beneficiaries.selectors import case_list, person_list
from btxh.models import Job, Level
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case, listed_hamlet, national_id
from tests.btxh.factories import make_unit

TODAY = date(2026, 11, 20)


@pytest.fixture
def people(commune, other_commune):
    """Five people, four in the officer's commune, with births, hamlets and cases that sort differently
    by each column: the expected orders below are written out by hand."""
    an = PersonFactory(unit=commune, full_name="Đỗ Văn An", birth_date=date(1950, 3, 2), hamlet="Thôn Nà Pồng",
                       national_id=national_id(birth_year=1950, serial=111), sex="male")  # fmt: skip
    cuc = PersonFactory(unit=commune, full_name="Bàn Thị Cúc", birth_date=None, birth_year=1950,
                        hamlet="Bản Khuổi Luông", payment_method="bank", bank_account="1", bank_name="Agribank")  # fmt: skip
    suong = PersonFactory(
        unit=commune, full_name="Hoàng Thị Sương", birth_date=date(1938, 12, 1), hamlet="Thôn Nà Pồng"
    )
    anh = PersonFactory(unit=commune, full_name="Lò Văn Ánh", birth_date=date(2019, 6, 30), hamlet="Bản Khuổi Luông",
                        sex="male")  # fmt: skip
    be = PersonFactory(unit=other_commune, full_name="Âu Văn Bé", birth_date=date(1960, 1, 1), hamlet="Thôn Nà Pồng",
                       sex="male")  # fmt: skip
    active_case(an, "K6")
    active_case(suong, "SP-75")
    CaseFactory(person=suong, category="K6", status=CaseStatus.SUBMITTED)
    CaseFactory(person=anh, category="K1", status=CaseStatus.SUBMITTED)
    active_case(be, "K6")
    return {"an": an, "cuc": cuc, "suong": suong, "anh": anh, "be": be}


def names(queryset) -> list[str]:
    return [p.full_name for p in queryset]


def first_names(queryset) -> list[str]:
    return [p.full_name.split()[-1] for p in queryset]


# ---------------------------------------------------------------------------
# Each filter narrows
# ---------------------------------------------------------------------------
def test_each_people_filter_narrows_to_its_people(officer, province_officer, people, commune, other_commune):
    def got(user, **data):
        return set(first_names(person_list(user=user, data=data, today=TODAY)))

    assert got(officer) == {"An", "Cúc", "Sương", "Ánh"}
    assert got(province_officer) == {"An", "Cúc", "Sương", "Ánh", "Bé"}
    assert got(province_officer, unit=str(other_commune.pk)) == {"Bé"}
    assert got(officer, q="hoang thi") == {"Sương"}
    assert got(officer, q="VĂN") == {"An", "Ánh"}
    assert got(officer, q=people["an"].national_id[:8]) == {"An"}
    assert got(officer, q="008 1") == {"An"}  # digits with spaces: an ID prefix
    assert got(officer, category="K6") == {"An", "Sương"}
    assert got(officer, status="submitted") == {"Sương", "Ánh"}
    # The category and the status describe the same case: Sương's K6 is submitted, her SP-75 active.
    assert got(officer, category="K6", status="active") == {"An"}
    assert got(officer, category="SP-75", status="submitted") == set()
    assert got(officer, hamlet=str(listed_hamlet(commune, "Bản Khuổi Luông").pk)) == {"Cúc", "Ánh"}
    assert got(officer, age_band="80+") == {"Sương"}  # ages reached in 2026: 88, 76, 76, 7, 66
    assert got(officer, age_band="75-80") == {"An", "Cúc"}
    assert got(officer, age_band="4-16") == {"Ánh"}
    assert got(officer, age_band="0-4") == set()
    assert got(province_officer, age_band="60-70") == {"Bé"}
    assert got(officer, payment_method="bank") == {"Cúc"}
    assert got(officer, payment_method="cash", hamlet=str(listed_hamlet(commune, "Bản Khuổi Luông").pk)) == {"Ánh"}


def test_a_commune_officer_cannot_choose_another_commune_and_has_no_commune_field(officer, people, other_commune):
    people_filter = PersonFilter({"unit": str(other_commune.pk)}, user=officer)
    assert "unit" not in people_filter.form.fields  # one commune: nothing to choose
    assert set(first_names(people_filter.qs)) == {"An", "Cúc", "Sương", "Ánh"}


def test_each_case_filter_narrows(officer, people):
    def got(**data):
        return {(c.person.full_name.split()[-1], c.category) for c in case_list(user=officer, data=data)}

    assert got() == {("An", "K6"), ("Sương", "SP-75"), ("Sương", "K6"), ("Ánh", "K1")}
    assert got(q="hoang") == {("Sương", "SP-75"), ("Sương", "K6")}
    assert got(status="submitted") == {("Sương", "K6"), ("Ánh", "K1")}
    assert got(category="K6") == {("An", "K6"), ("Sương", "K6")}
    assert got(category="K6", status="active") == {("An", "K6")}


# ---------------------------------------------------------------------------
# A bad value: an error at its field, no rows, no 500
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("category=ZZ", "category", "Chọn một diện trong danh sách."),
        ("status=lost", "status", "Chọn một trạng thái trong danh sách."),
        ("hamlet=abc", "hamlet", "Chọn một thôn trong danh sách."),
        ("age_band=200-300", "age_band", "Chọn một độ tuổi trong danh sách."),
        ("payment_method=gold", "payment_method", "Chọn một hình thức trong danh sách."),
        ("unit=999999", "unit", "Chọn một xã trong danh sách."),
    ],
)
def test_a_bad_filter_value_is_an_error_at_its_field_and_lists_nobody(
    client, province_officer, people, query, field, message
):
    client.force_login(province_officer)
    response = client.get(f"/doi-tuong/?q=van&{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        rf'id="id_{field}_error" class="invalid-feedback">\s*<span[^>]*><strong>{re.escape(message)}', html
    )
    assert "is-invalid" in re.search(rf'<(select|input)[^>]*name="{field}"[^>]*>', html).group(0)
    assert list(response.context["page"]) == []
    assert "Bộ lọc có ô chưa hợp lệ" in html
    assert response.context["filter"].form["q"].value() == "van"  # what was typed stays


def test_another_provinces_commune_is_not_a_choice(client, province_officer, people):
    elsewhere = make_unit("99", "Tỉnh Khác", level=Level.PROVINCE)
    far = make_unit("99001", "Xã Xa", level=Level.COMMUNE, parent=elsewhere)
    PersonFactory(unit=far, full_name="Người Tỉnh Khác")
    client.force_login(province_officer)
    response = client.get(f"/doi-tuong/?unit={far.pk}")
    assert response.context["filter"].errors["unit"] == ["Chọn một xã trong danh sách."]
    assert "Người Tỉnh Khác" not in response.content.decode()


def test_the_export_of_a_bad_filter_is_refused_back_on_the_list_with_the_error(officer_client, people):
    response = officer_client.post("/doi-tuong/xuat-danh-sach/?category=ZZ&q=van", follow=True)
    assert not Job.objects.exists()
    html = response.content.decode()
    assert "Bộ lọc có ô chưa hợp lệ: sửa ô có lỗi rồi xuất lại." in html
    assert "Chọn một diện trong danh sách." in html and response.context["filter"].form["q"].value() == "van"


def test_an_unknown_sort_is_the_default_order_not_an_error(officer, people):
    people_filter = PersonFilter({"sort": "-nonsense"}, user=officer)
    assert people_filter.is_valid()
    assert first_names(people_filter.qs) == ["Cúc", "An", "Sương", "Ánh"]
    assert people_filter.sort_value() == "name"


def test_a_bad_case_filter_value_is_an_error_at_its_field(officer_client, people):
    response = officer_client.get("/doi-tuong/ho-so/?status=lost&category=K6")
    assert response.status_code == 200
    assert response.context["filter"].errors["status"] == ["Chọn một trạng thái trong danh sách."]
    assert 'id="id_status_error"' in response.content.decode()
    assert list(response.context["page"]) == []


# ---------------------------------------------------------------------------
# Sorting: each sortable column, both ways
# ---------------------------------------------------------------------------
COMMUNE_ORDERS = {
    "": ["Cúc", "An", "Sương", "Ánh"],  # name order, the default
    "name": ["Cúc", "An", "Sương", "Ánh"],
    "-name": ["Ánh", "Sương", "An", "Cúc"],
    # A year-only birth comes first in its year (1950 before 02/03/1950), both ways round.
    "birth": ["Sương", "Cúc", "An", "Ánh"],
    "-birth": ["Ánh", "An", "Cúc", "Sương"],
    # Hamlet, then name: "Bản Khuổi Luông" (Cúc, Ánh), "Thôn Nà Pồng" (An, Sương).
    "hamlet": ["Cúc", "Ánh", "An", "Sương"],
    "-hamlet": ["Sương", "An", "Ánh", "Cúc"],
}
PROVINCE_ORDERS = {
    "": ["Bé", "Cúc", "An", "Sương", "Ánh"],
    "name": ["Bé", "Cúc", "An", "Sương", "Ánh"],
    "-name": ["Ánh", "Sương", "An", "Cúc", "Bé"],
    "birth": ["Sương", "Cúc", "An", "Bé", "Ánh"],
    "-birth": ["Ánh", "Bé", "An", "Cúc", "Sương"],
    # Commune (Xã Ngọc Đường before Xã Phú Linh), hamlet, name.
    "hamlet": ["Cúc", "Ánh", "An", "Sương", "Bé"],
    "-hamlet": ["Bé", "Sương", "An", "Ánh", "Cúc"],
}


@pytest.mark.parametrize("sort", list(COMMUNE_ORDERS))
def test_a_commune_officer_sorts_people_by_each_column_both_ways(officer_client, people, sort):
    response = officer_client.get(f"/doi-tuong/?sort={sort}")
    assert first_names(response.context["page"]) == COMMUNE_ORDERS[sort]


@pytest.mark.parametrize("sort", list(PROVINCE_ORDERS))
def test_a_province_officer_sorts_people_by_each_column_both_ways(client, province_officer, people, sort):
    client.force_login(province_officer)
    assert first_names(client.get(f"/doi-tuong/?sort={sort}").context["page"]) == PROVINCE_ORDERS[sort]
    # A name search through the trigram path (PostgreSQL) sorts the same way.
    searched = [n for n in PROVINCE_ORDERS[sort] if n in ("An", "Ánh", "Bé")]
    assert first_names(client.get(f"/doi-tuong/?q=van&sort={sort}").context["page"]) == searched
    assert first_names(client.get(f"/doi-tuong/?q=Văn+A&sort={sort}").context["page"]) == [
        n for n in searched if n in ("An", "Ánh")
    ]


def test_the_sort_pages_without_overlap(officer_client, commune, settings):
    settings.BTXH_PAGE_SIZE = 3
    for i in range(7):  # the same birth date: the id decides
        PersonFactory(unit=commune, full_name=f"Người Cùng Ngày {i}", birth_date=date(1950, 1, 1))
    seen = []
    for page in (1, 2, 3):
        seen += names(officer_client.get(f"/doi-tuong/?sort=-birth&page={page}").context["page"])
    assert sorted(seen) == sorted(f"Người Cùng Ngày {i}" for i in range(7))


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", [("Sương", "SP-75"), ("Ánh", "K1"), ("Sương", "K6"), ("An", "K6")]),  # newest change first
        ("-updated", [("Sương", "SP-75"), ("Ánh", "K1"), ("Sương", "K6"), ("An", "K6")]),
        ("updated", [("An", "K6"), ("Sương", "K6"), ("Ánh", "K1"), ("Sương", "SP-75")]),
        ("name", [("An", "K6"), ("Sương", "SP-75"), ("Sương", "K6"), ("Ánh", "K1")]),  # then the case's id
        ("-name", [("Ánh", "K1"), ("Sương", "K6"), ("Sương", "SP-75"), ("An", "K6")]),
    ],
)
def test_the_case_list_sorts_by_name_and_by_last_change_both_ways(officer_client, people, sort, expected):
    # Last changes one day apart, in an order unlike the names'.
    from datetime import datetime, timedelta

    from django.utils import timezone

    start = timezone.make_aware(datetime(2026, 11, 1, 9))
    changes = [("An", "K6"), ("Sương", "K6"), ("Ánh", "K1"), ("Sương", "SP-75")]
    for day, (name, category) in enumerate(changes):
        case = Case.objects.get(person__full_name__endswith=f" {name}", category=category)
        Case.objects.filter(pk=case.pk).update(updated_at=start + timedelta(days=day))
    response = officer_client.get(f"/doi-tuong/ho-so/?sort={sort}")
    assert [(c.person.full_name.split()[-1], c.category) for c in response.context["page"]] == expected


# ---------------------------------------------------------------------------
# The clickable headers
# ---------------------------------------------------------------------------
def header(html: str, label: str) -> str:
    return re.search(rf'<th scope="col"[^>]*>(?:(?!</th>).)*>{label}<span(?:(?!</th>).)*</th>', html, re.S).group(0)


def test_a_header_sorts_by_its_column_keeping_the_other_filters_and_shows_the_direction(officer_client, people):
    html = officer_client.get("/doi-tuong/?category=K6&page=2&sort=birth").content.decode()
    birth = header(html, "Ngày sinh")
    assert 'aria-sort="ascending"' in birth and "▲" in birth
    assert 'href="?category=K6&amp;sort=-birth"' in birth  # the other way round, from the first page
    name = header(html, "Họ và tên")
    assert "aria-sort" not in name and 'href="?category=K6&amp;sort=name"' in name
    assert 'href="?category=K6&amp;sort=hamlet"' in header(html, "Thôn")
    # The filter form keeps the order: filtering again does not lose it.
    assert '<input type="hidden" name="sort" value="birth"' in html
    down = officer_client.get("/doi-tuong/?category=K6&sort=-birth").content.decode()
    assert 'aria-sort="descending"' in header(down, "Ngày sinh") and "▼" in header(down, "Ngày sinh")
    assert 'href="?category=K6&amp;sort=birth"' in header(down, "Ngày sinh")


def test_without_a_sort_the_name_header_shows_the_default_order(officer_client, people):
    html = officer_client.get("/doi-tuong/").content.decode()
    assert 'aria-sort="ascending"' in header(html, "Họ và tên")
    assert 'href="?sort=-name"' in header(html, "Họ và tên")
    assert 'name="sort"' not in html.split('data-testid="person-filter"')[1].split("</form>")[0]
    cases = officer_client.get("/doi-tuong/ho-so/?q=van").content.decode()
    assert 'aria-sort="descending"' in header(cases, "Cập nhật")
    assert 'href="?q=van&amp;sort=updated"' in header(cases, "Cập nhật")


# ---------------------------------------------------------------------------
# The page and its export: one FilterSet, the same people
# ---------------------------------------------------------------------------
QUERIES = [
    "",
    "category=K6",
    "sort=-birth",
    "sort=hamlet&payment_method=cash",
    "q=van&sort=-name",
    "q=hoang+thi",
    "status=submitted&sort=birth",
    "age_band=75-80",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("who", ["officer", "province_officer"])
def test_the_page_and_the_excel_export_list_the_same_people_in_the_same_order(request, people, query, who):
    user = request.getfixturevalue(who)
    client = Client()
    client.force_login(user)
    page = names(client.get(f"/doi-tuong/?{query}").context["page"])
    response = client.post(f"/doi-tuong/xuat-danh-sach/?{query}&page=1")
    job = Job.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    sheet = load_workbook(io.BytesIO(job.result_file.read())).worksheets[0]
    exported = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert exported == page
    assert job.result == {"rows": len(page)}
    assert page  # every query lists someone: an empty list would prove nothing


def test_the_hamlet_filter_of_the_page_and_its_export_agree(officer_client, people, commune):
    hamlet = listed_hamlet(commune, "Bản Khuổi Luông").pk
    page = names(officer_client.get(f"/doi-tuong/?hamlet={hamlet}&sort=-name").context["page"])
    response = officer_client.post(f"/doi-tuong/xuat-danh-sach/?hamlet={hamlet}&sort=-name")
    job = Job.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    assert job.params == {"hamlet": str(hamlet), "sort": "-name", "user_id": job.requested_by_id}
    sheet = load_workbook(io.BytesIO(job.result_file.read())).worksheets[0]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == page == ["Lò Văn Ánh", "Bàn Thị Cúc"]


def test_an_export_job_of_the_earlier_parameters_still_runs(province_officer, people, commune):
    """Jobs queued before the FilterSet kept their parameters as values (the unit's id as a number,
    no hamlet as None): a re-run reads them the same."""
    from beneficiaries.exports import people_export

    params = {"q": "", "unit": commune.pk, "category": "K6", "status": "", "hamlet": None, "user_id": 1}
    _, data, rows = people_export(user=province_officer, filters=params)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert rows == 2 and [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Đỗ Văn An",
        "Hoàng Thị Sương",
    ]


def test_a_sorted_filtered_page_costs_the_same_queries_whatever_its_size(client, province_officer, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(province_officer)
    client.get("/doi-tuong/")  # the first page of a session also fills the cached counts
    counts = []
    for batch in (3, 27):
        for i in range(batch):
            active_case(PersonFactory(unit=commune, full_name=f"Lò Văn Người {batch}-{i}"), "K6")
        for sort in ("-birth", "hamlet", "-name"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/doi-tuong/?unit={commune.pk}&category=K6&sort={sort}")
            assert len(response.context["page"]) in (3, 30)
            counts.append(len(queries))
    assert len(set(counts)) == 1, counts
