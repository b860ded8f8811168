"""The case page's and the person page's history show each changed field with its old and new value,
not only the field's name (issue #10, item 9)."""

import re
from datetime import date

from django.urls import reverse

from beneficiaries import services
from tests.beneficiaries.factories import PersonFactory, listed_hamlet


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_case_page_history_shows_old_and_new_values_with_labels_and_dates(officer_client, officer, commune):
    person = PersonFactory(unit=commune, full_name="Hoàng Văn Páo")
    case = services.case_create(person=person, user=officer, category="K6", disability_level="severe",
                                disability_certificate_number="12/GXN-UBND")  # fmt: skip
    services.case_update(case=case, user=officer, disability_level="extra_severe",
                         disability_certificate_date=date(2026, 3, 5), disability_certificate_number="")  # fmt: skip

    page = officer_client.get(reverse("beneficiaries:case-detail", args=[case.pk])).content.decode()
    history = _text(page.split('data-testid="history"', 1)[1].split("</ul>\n</div>", 1)[0])
    assert "Mức độ khuyết tật: Nặng → Đặc biệt nặng" in history
    assert "(trống) → 05/03/2026" in history
    assert "12/GXN-UBND → (trống)" in history
    assert "Hoàng Thị Lan" in history and "Tạo mới" in history
    assert "extra_severe" not in history and "2026-03-05" not in history

    person_page = _text(officer_client.get(reverse("beneficiaries:person-detail", args=[person.pk])).content.decode())
    assert "Hồ sơ K6 :" in person_page and "Mức độ khuyết tật: Nặng → Đặc biệt nặng" in person_page


def test_a_linked_record_shows_by_its_name_and_a_person_edit_by_its_values(officer_client, officer, commune):
    person = PersonFactory(unit=commune, full_name="Lò Thị Ỏn", hamlet="Thôn Nà Pồng")
    listed_hamlet(person.unit, "Bản Khuổi Luông")
    services.person_update(person=person, user=officer, hamlet="Bản Khuổi Luông", phone="0912345678")
    page = _text(officer_client.get(reverse("beneficiaries:person-detail", args=[person.pk])).content.decode())
    assert "Thôn Nà Pồng → Bản Khuổi Luông" in page
    assert "(trống) → 0912345678" in page


def test_a_month_column_shows_as_mm_yyyy_in_the_history():
    from beneficiaries.models import Case
    from beneficiaries.selectors import history_value
    from engine import Month

    assert history_value(Case._meta.get_field("start_month"), Month(2026, 7)) == "07/2026"
    assert history_value(Case._meta.get_field("decision_date"), date(2026, 7, 15)) == "15/07/2026"
