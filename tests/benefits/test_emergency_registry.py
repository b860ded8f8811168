"""People not yet in the registry: a request adds them, with a household in their hamlet, through
the registry's own service and its duplicate checks; a person already there is linked instead
(docs/emergency-aid.md §4b). The import does the same, all or nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from beneficiaries.models import Household, Person, Relationship
from benefits.emergency import services
from benefits.emergency.models import EmergencyRequest
from tests.beneficiaries.factories import PersonFactory, listed_hamlet
from tests.benefits.emergency_factories import RECEIVED, make_event, rice
from tests.benefits.test_emergency_import import ROWS, TODAY, workbook

pytestmark = pytest.mark.django_db


def make_person(unit, name, *, birth, hamlet="Thôn Nà Pồng", **kw):
    """A person already in the registry (its normalised name, as the registry writes it)."""
    return PersonFactory(unit=unit, full_name=name, birth_date=birth, hamlet=hamlet, **kw)


@pytest.fixture
def event(officer):
    return make_event(officer)


def new_rice(officer, event, name, **kw):
    kw.setdefault("hamlet", "Thôn Nà Pồng")
    return services.request_create(user=officer, event=event, kind="EM-RICE-DISASTER", full_name=name, people=3,
                                   months=1, received_on=RECEIVED, **kw)


def test_a_person_not_in_the_registry_is_added_with_a_household_in_their_hamlet(officer, event, commune):
    request = new_rice(officer, event, "Vi Thị Mới", birth_year=1980, sex="female", hamlet="Bản Khuổi Luông")
    person = request.person
    assert request.registry == services.REGISTRY_CREATED
    assert (person.unit, person.full_name, person.birth_year, person.sex, person.hamlet) == (
        commune, "Vi Thị Mới", 1980, "female", "Bản Khuổi Luông")
    assert request.household == person.household and person.relationship_to_head == Relationship.HEAD
    assert (person.household.unit, person.household.hamlet) == (commune, "Bản Khuổi Luông")
    assert request.dedupe_key == f"ho:{person.household_id}"
    assert person.history.first().history_user == officer  # written by the registry's service


def test_the_id_number_gives_the_birth_year_and_sex_of_a_new_person(officer, event):
    person = new_rice(officer, event, "Lường Thị Số", national_id="008185000321").person
    assert (person.birth_year, person.sex, person.national_id) == (1985, "female", "008185000321")


def test_a_new_person_needs_a_birth_year_a_sex_and_a_hamlet(officer, event):
    with pytest.raises(ValidationError) as err:
        new_rice(officer, event, "Hộ Thiếu Tin", hamlet="")
    assert {"birth_year", "sex", "hamlet"} <= set(err.value.message_dict)
    with pytest.raises(ValidationError) as err:  # the registry's own check of the ID number
        new_rice(officer, event, "Hộ Sai Số", national_id="008185000321", birth_year=1990)
    assert "năm sinh 1985" in " ".join(err.value.message_dict["national_id"])
    assert not Person.objects.exists() and not Household.objects.exists()


def test_a_person_of_the_commune_with_the_same_name_and_birth_year_is_linked_not_duplicated(officer, event, commune):
    known = make_person(commune, "Nông Văn Cũ", birth=date(1962, 5, 1), hamlet="Thôn Nà Pồng")
    request = new_rice(officer, event, "nông  văn cũ", birth_year=1962, sex="male")
    assert request.person == known and request.registry == services.REGISTRY_FOUND
    assert Person.objects.count() == 1


def test_a_person_found_by_id_number_is_linked(officer, event, commune):
    known = make_person(commune, "Đặng Thị Sổ", birth=date(1960, 1, 1), national_id="008160000123")
    request = new_rice(officer, event, "Đặng Thị Sổ", national_id="008160000123")
    assert request.person == known and request.registry == services.REGISTRY_FOUND


def test_an_id_number_of_another_commune_or_another_name_is_refused_at_the_field(officer, event, other_commune,
                                                                                  commune):
    make_person(other_commune, "Triệu Văn Khác", birth=date(1960, 1, 1), national_id="008060000456")
    make_person(commune, "Đặng Thị Sổ", birth=date(1960, 1, 1), national_id="008160000123")
    with pytest.raises(ValidationError) as err:
        new_rice(officer, event, "Triệu Văn Khác", national_id="008060000456")
    assert "Xã Phú Linh" in err.value.message_dict["national_id"][0]
    with pytest.raises(ValidationError) as err:
        new_rice(officer, event, "Người Khác Tên", national_id="008160000123")
    assert "Đặng Thị Sổ" in err.value.message_dict["national_id"][0]


def test_a_namesake_elsewhere_in_the_province_is_confirmed_as_another_person(officer, event, other_commune):
    make_person(other_commune, "Hoàng Văn Trùng", birth=date(1970, 3, 3))
    with pytest.raises(ValidationError) as err:
        new_rice(officer, event, "Hoàng Văn Trùng", birth_year=1970, sex="male")
    assert "cùng họ tên" in err.value.message_dict["confirm_duplicate"][0]
    request = new_rice(officer, event, "Hoàng Văn Trùng", birth_year=1970, sex="male", confirm_duplicate=True)
    assert request.registry == services.REGISTRY_CREATED and Person.objects.count() == 2


def test_a_refused_request_leaves_no_new_person_behind(officer, event):
    new_rice(officer, event, "Vi Văn Một", birth_year=1980, sex="male")
    with pytest.raises(ValidationError, match="đã có đề nghị"):
        new_rice(officer, event, "Vi Văn Một", birth_year=1980, sex="male")
    with pytest.raises(ValidationError):  # no months: refused before the registry is touched
        services.request_create(user=officer, event=event, kind="EM-RICE-DISASTER", full_name="Vi Văn Hai",
                                people=2, hamlet="Thôn Nà Pồng", birth_year=1981, sex="male", received_on=RECEIVED)
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Vi Văn Một"]


def test_an_unclaimed_burial_adds_nobody_to_the_registry(officer, event):
    request = services.request_create(user=officer, event=event, kind="EM-FUNERAL-UNCLAIMED",
                                      full_name="UBND xã Ngọc Đường", subject_name="Người không rõ tên",
                                      received_on=RECEIVED)
    assert request.person is None and not Person.objects.exists()


def test_the_form_says_whether_the_person_was_found_or_added(officer_client, officer, event, commune):
    make_person(commune, "Nông Văn Cũ", birth=date(1962, 5, 1), hamlet="Thôn Nà Pồng")
    url = reverse("benefits:emergency-request-create", kwargs={"event_id": event.pk})
    base = {"kind": "EM-RICE-DISASTER", "people": 3, "months": 1, "hamlet": "Thôn Nà Pồng",
            "received_on": "02/10/2026"}
    page = officer_client.post(url, {**base, "full_name": "Nông Văn Cũ", "birth_year": 1962}, follow=True)
    assert "đã có trong sổ đối tượng (Nông Văn Cũ, sinh 01/05/1962" in page.content.decode()
    page = officer_client.post(url, {**base, "full_name": "Hà Thị Mới", "birth_year": 1990, "sex": "female"},
                               follow=True)
    assert "đã thêm Hà Thị Mới và một hộ mới ở Thôn Nà Pồng" in page.content.decode()
    missing = officer_client.post(url, {**base, "full_name": "Hà Văn Thiếu"})
    form = missing.context["form"]
    assert "cần năm sinh" in form.errors["birth_year"][0] and "cần giới tính" in form.errors["sex"][0]


# -- the import ----------------------------------------------------------------------------


def run(event, officer, data, **kw):
    return services.requests_import(data=data, event=event, user=officer, today=TODAY, **kw)


def test_the_import_adds_new_people_and_links_known_ones_and_the_report_says_which(event, officer, commune):
    import io

    from openpyxl import load_workbook

    known = make_person(commune, "Hoàng Văn Đói", birth=date(1968, 2, 2), hamlet="Thôn Nà Pồng")
    for name in {row["Thôn/Tổ dân phố"] for row in ROWS}:  # the commune keeps a list: the file's hamlets are on it
        listed_hamlet(commune, name)
    result = run(event, officer, workbook(ROWS))
    assert result.ok and (result.summary["created"], result.summary["linked"], result.summary["added"]) == (3, 1, 2)
    assert EmergencyRequest.objects.get(full_name="Hoàng Văn Đói").person == known
    assert Person.objects.count() == 3 and Household.objects.count() == 2  # the known person had none
    sheet = load_workbook(io.BytesIO(result.report())).active
    notes = {sheet.cell(row=r, column=2).value: sheet.cell(row=r, column=sheet.max_column).value for r in (4, 5, 6)}
    assert sheet.cell(row=3, column=sheet.max_column).value == "Sổ đối tượng"
    assert notes["Hoàng Văn Đói"].startswith("Đã có trong sổ: Hoàng Văn Đói, sinh 02/02/1968")
    assert notes["Ma Thị Sập"] == "Chưa có trong sổ: đã thêm người và hộ mới"


def test_one_bad_row_imports_nothing_and_adds_nobody_to_the_registry(event, officer):
    rows = [*ROWS, {"Họ và tên": "Hộ Không Năm Sinh", "Thôn/Tổ dân phố": "Thôn Nà Pồng", "Loại trợ giúp": "Gạo",
                    "Số nhân khẩu": 2, "Số tháng": 1}]
    result = run(event, officer, workbook(rows))
    assert not result.ok and result.summary["added"] == 0
    messages = [str(e) for e in result.plan.errors]
    assert any("Dòng 7" in m and "Năm sinh" in m for m in messages)
    assert not EmergencyRequest.objects.exists() and not Person.objects.exists() and not Household.objects.exists()


def test_a_dry_run_counts_who_would_be_added_and_writes_nothing(event, officer):
    result = run(event, officer, workbook(ROWS), dry_run=True)
    assert result.ok and result.summary["added"] == 3 and not Person.objects.exists()


def test_a_namesake_in_another_commune_is_confirmed_in_its_column(event, officer, other_commune):
    make_person(other_commune, "Ma Thị Sập", birth=date(1955, 1, 1))
    result = run(event, officer, workbook(ROWS))
    assert not result.ok and any("cùng họ tên" in str(e) and "<a" not in str(e) for e in result.plan.errors)
    rows = [ROWS[0], ROWS[1], {**ROWS[2], "Xác nhận khác người": "x"}]
    from tests.benefits import test_emergency_import as imp

    imp.COLUMNS.append("Xác nhận khác người")
    try:
        result = run(event, officer, workbook(rows))
    finally:
        imp.COLUMNS.remove("Xác nhận khác người")
    assert result.ok and result.summary["added"] == 3


def test_the_same_new_household_twice_in_one_file_is_caught(event, officer):
    rows = [ROWS[0], {**ROWS[0], "Loại trợ giúp": "Sửa nhà", "Tình trạng hộ": "Nghèo", "Thiệt hại nhà ở": "Tốc mái"}]
    result = run(event, officer, workbook(rows))
    assert result.ok and Person.objects.count() == 1  # the second row found the person the first one added
    assert len({r.household_id for r in EmergencyRequest.objects.all()}) == 1


def test_registry_rows_are_not_double_counted(event, officer):
    rice(officer, event, "Hộ Đã Nhập", birth_year=1977)
    assert Person.objects.filter(full_name="Hộ Đã Nhập").count() == 1
