from datetime import date

from beneficiaries.models import CaseChild, CaseStatus
from beneficiaries.selectors import case_age_limit_month, uncollected_payment_cases, worklist
from btxh.models import Unit
from engine import Month
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case, poor_household

TODAY = date(2026, 11, 20)


def kinds(items):
    return sorted((i.person_name, i.kind, i.due) for i in items)


def test_the_worklist_lists_what_falls_due_in_the_next_60_days(officer, commune, other_commune):
    teen = PersonFactory(unit=commune, full_name="Sắp 16", birth_date=date(2010, 12, 5))
    active_case(teen, "K1")
    elder = PersonFactory(unit=commune, full_name="Sắp 75", birth_date=None, birth_year=1952)
    active_case(elder, "K5A")
    poor_household(elder, 2026)
    certificate = PersonFactory(unit=commune, full_name="Hết giấy", birth_date=date(1990, 6, 6))
    active_case(certificate, "K6", disability_certificate_valid_until=date(2027, 1, 10))
    student = PersonFactory(unit=commune, full_name="Thôi học", birth_date=date(2007, 6, 6))
    active_case(student, "K2", studying_until=date(2026, 12, 31))
    mother = PersonFactory(unit=commune, full_name="Mẹ", birth_date=date(1995, 6, 6))
    care = active_case(mother, "CS-DISABLED-PARENT")
    CaseChild.objects.create(case=care, full_name="Bé", birth_date=date(2023, 12, 1))
    # Not due: too late, another commune, no decided case, dead.
    active_case(PersonFactory(unit=commune, full_name="Sau 60 ngày", birth_date=date(2010, 3, 1)), "K1")
    active_case(PersonFactory(unit=other_commune, full_name="Xã khác", birth_date=date(2010, 12, 5)), "K1")
    CaseFactory(
        person=PersonFactory(unit=commune, full_name="Đang soạn", birth_date=date(2010, 12, 5)),
        category="K1",
        status=CaseStatus.DRAFT,
    )

    items = worklist(user=officer, today=TODAY)
    assert kinds(items) == sorted(
        [
            ("Sắp 16", "age-16", date(2026, 12, 5)),
            ("Sắp 75", "age-75", date(2027, 1, 1)),
            ("Hết giấy", "certificate", date(2027, 1, 10)),
            ("Thôi học", "studies", date(2026, 12, 31)),
            ("Mẹ", "child-36", date(2026, 12, 1)),
        ]
    )
    assert {i.unit_name for i in items} == {"Xã Ngọc Đường"}


def test_a_province_officer_sees_the_worklist_of_every_commune_grouped(province_officer, commune, other_commune):
    for unit, name, birth in ((commune, "A", date(1946, 12, 1)), (other_commune, "B", date(1956, 12, 2))):
        person = PersonFactory(unit=unit, full_name=name, birth_date=birth)
        active_case(person, "K5A")
        poor_household(person, 2026)
    items = worklist(user=province_officer, today=TODAY)
    assert [(i.unit_name, i.kind) for i in items] == [("Xã Ngọc Đường", "age-80"), ("Xã Phú Linh", "age-70")]


def test_the_uncollected_payments_hook_returns_nothing_until_payroll_registers_a_provider(commune, monkeypatch):
    from beneficiaries import selectors

    monkeypatch.setattr(selectors, "_UNCOLLECTED_PROVIDERS", [])
    assert uncollected_payment_cases(Unit.objects.all(), today=TODAY) == []
    person = PersonFactory(unit=commune, full_name="Không nhận tiền")
    asked = []

    def provider(unit, month):
        asked.append((unit.code, str(month)))
        return [person.pk]

    selectors.uncollected_provider_register(provider)
    [item] = uncollected_payment_cases(Unit.objects.all(), today=TODAY)
    assert (item.person_name, item.kind, item.unit_name) == ("Không nhận tiền", "uncollected", "Xã Ngọc Đường")
    assert asked == [("00700", "2026-11")]


def test_the_age_limit_of_a_case_comes_from_the_engines_category_rows(commune):
    k7 = active_case(PersonFactory(unit=commune, birth_date=date(2024, 5, 20)), "K7")
    assert case_age_limit_month(k7) == Month(2027, 5)
    k2 = active_case(PersonFactory(unit=commune, birth_date=None, birth_year=2006), "K2")
    assert case_age_limit_month(k2) == Month(2028, 1)
    k4 = active_case(PersonFactory(unit=commune), "K4")
    CaseChild.objects.create(case=k4, birth_date=date(2012, 3, 3))
    CaseChild.objects.create(case=k4, birth_date=date(2009, 3, 3), studying_until=date(2030, 6, 30))
    assert case_age_limit_month(k4, today=TODAY) == Month(2031, 3)  # the student counts until 22
    assert case_age_limit_month(active_case(PersonFactory(unit=commune), "SP-75")) is None


def test_the_worklist_page_and_the_home_page_count(officer_client, commune):
    active_case(
        PersonFactory(unit=commune, full_name="Sắp tròn tuổi", birth_date=date.today().replace(year=1956)), "K5A"
    )
    text = officer_client.get("/doi-tuong/viec-den-han/").content.decode()
    assert "Sắp tròn tuổi" in text and "tròn 70 tuổi" in text
    assert "Việc đến hạn trong 60 ngày" in officer_client.get("/").content.decode()


def test_from_1_december_the_worklist_lists_poverty_dependent_cases_without_next_year_s_status(officer, commune):
    elder = PersonFactory(unit=commune, full_name="Cụ nghèo", birth_date=date(1950, 3, 3))
    active_case(elder, "K5A")
    poor_household(elder, 2026)
    assert [i.kind for i in worklist(user=officer, today=date(2026, 11, 30))] == []
    items = [i for i in worklist(user=officer, today=date(2026, 12, 1)) if i.kind == "poverty"]
    assert [(i.person_name, i.due) for i in items] == [("Cụ nghèo", date(2027, 1, 1))]
    assert "2027" in items[0].text
    elder.household.poverty_records.create(year=2027, status="poor")
    assert [i.kind for i in worklist(user=officer, today=date(2026, 12, 1))] == []
