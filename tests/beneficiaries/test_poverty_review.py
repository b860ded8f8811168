"""The annual poverty review: the approved list of a year, imported all or nothing, or households
confirmed one by one from the review page."""

from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from beneficiaries.models import HouseholdPoverty
from beneficiaries.services import poverty_review_import
from tests.beneficiaries.factories import PersonFactory, active_case, poor_household
from tests.beneficiaries.xlsx import workbook

TODAY = date(2026, 12, 5)
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Hộ nghèo/cận nghèo"]


def _list(*rows) -> bytes:
    return workbook([dict(zip(HEADER, (i, *r), strict=True)) for i, r in enumerate(rows, 1)], header=HEADER,
                    total=False)  # fmt: skip


def test_the_approved_list_sets_next_year_s_status_matching_by_id_or_by_name_and_birth(commune, officer):
    by_id = PersonFactory(unit=commune, full_name="Lò Văn Páo", national_id="008050000001", birth_date=date(1950, 1, 1))
    poor_household(by_id, 2026)
    by_name = PersonFactory(unit=commune, full_name="Giàng Thị Mai", birth_date=date(1948, 4, 9))
    result = poverty_review_import(
        data=_list(("Lò Văn Páo", "01/01/1950", "008050000001", "Cận nghèo"), ("GIÀNG THỊ MAI", "09/04/1948", "", "Nghèo")),
        unit=commune, year=2027, user=officer, today=TODAY,
    )  # fmt: skip
    assert result.ok and result.summary["households"] == 2
    by_id.refresh_from_db()
    by_name.refresh_from_db()
    assert by_id.household.poverty_in(2027) == "near_poor" and by_id.household.poverty_in(2026) == "poor"
    assert by_name.household.poverty_in(2027) == "poor"  # a household was made, with her as its head


def test_one_row_that_matches_nobody_writes_nothing_and_the_report_says_why(commune, officer):
    PersonFactory(unit=commune, full_name="Lò Văn Páo", birth_date=date(1950, 1, 1))
    data = _list(("Lò Văn Páo", "01/01/1950", "", "Nghèo"), ("Người Lạ", "1960", "", "Nghèo"), ("Lò Văn Páo", "1950", "", "Giàu"))
    result = poverty_review_import(data=data, unit=commune, year=2027, user=officer, today=TODAY)
    assert not result.ok and result.plan.error_rows == [6, 7]
    assert not HouseholdPoverty.objects.filter(year=2027).exists()
    sheet = load_workbook(__import__("io").BytesIO(result.report())).active
    errors = [c.value for c in sheet["F"] if c.value]
    assert errors[0] == "Lỗi" and "không tìm thấy" in errors[1] and "Nghèo" in errors[2]


def test_a_year_after_next_is_refused(commune, officer):
    import pytest

    from beneficiaries.importing import ImportFileError

    with pytest.raises(ImportFileError, match="2028"):
        poverty_review_import(data=_list(), unit=commune, year=2028, user=officer, today=TODAY)


def test_the_review_page_lists_who_has_no_status_and_an_officer_confirms_one(officer_client, commune):
    elder = PersonFactory(unit=commune, full_name="Cụ Chờ Rà Soát", birth_date=date(1950, 3, 3))
    active_case(elder, "K5A")
    poor_household(elder, 2026)
    page = officer_client.get(reverse("beneficiaries:poverty-review") + "?nam=2026")
    assert page.status_code == 200 and "Cụ Chờ Rà Soát" in page.content.decode()
    response = officer_client.post(
        reverse("beneficiaries:poverty-confirm", args=[elder.pk]), {"year": 2026, "status": "near_poor"}
    )
    assert response.status_code == 302
    elder.refresh_from_db()
    assert elder.household.poverty_in(2026) == "near_poor"
