from datetime import date

import pytest
from django.db import IntegrityError

from beneficiaries.errors import DuplicateNationalId, NotAllowed, PossibleDuplicate, RegistryError
from beneficiaries.models import HouseholdPoverty, Person
from beneficiaries.services import household_poverty_set, person_create, person_update
from btxh.models import Level, Role
from tests.beneficiaries.factories import PersonFactory, listed_hamlet, national_id
from tests.btxh.factories import UserFactory, make_unit


@pytest.fixture(autouse=True)
def hamlets(commune, other_commune):
    """The communes' hamlet lists: a person's hamlet is chosen from them."""
    return [listed_hamlet(commune), listed_hamlet(other_commune)]


def create(officer, commune, **extra):
    fields = {"full_name": "Nguyễn Thị Hòa", "sex": "female", "birth_date": date(1950, 5, 17), "hamlet": "Thôn Nà Pồng"}
    fields.update(extra)
    return person_create(user=officer, unit=commune, **fields)


def test_an_officer_registers_a_person_with_a_normalised_name(officer, commune):
    person = create(officer, commune, national_id=national_id(birth_year=1950), ethnicity="Tày")
    assert person.name_normalized == "nguyen thi hoa"
    assert person.birth_year == 1950
    assert person.history.count() == 1
    assert person.history.first().history_user == officer


def test_a_person_may_be_registered_with_the_birth_year_only(officer, commune):
    person = create(officer, commune, birth_date=None, birth_year=1948)
    assert person.birth_date is None and person.birth_year == 1948
    assert person.birth_text == "1948"


def test_a_birth_date_or_year_is_required_and_not_in_the_future(officer, commune):
    with pytest.raises(RegistryError) as exc:
        create(officer, commune, birth_date=None)
    assert exc.value.message_dict["birth_date"] == ["Cần nhập ngày sinh hoặc năm sinh."]
    with pytest.raises(RegistryError) as exc:
        create(officer, commune, birth_date=date(2999, 1, 1))
    assert "Ngày sinh không được ở tương lai." in exc.value.message_dict["birth_date"]


def test_an_id_that_does_not_match_the_sex_is_an_error_next_to_the_field(officer, commune):
    with pytest.raises(RegistryError) as exc:
        create(officer, commune, national_id="008050123456")
    assert exc.value.message_dict["national_id"] == [
        "Chữ số thứ tư (0) là của người nam, không khớp với giới tính đã nhập."
    ]


def test_the_same_national_id_anywhere_in_the_system_is_refused_with_the_unit_that_holds_it(
    officer, commune, other_commune
):
    holder = PersonFactory(unit=other_commune, national_id=national_id(birth_year=1950, serial=7))
    with pytest.raises(DuplicateNationalId) as exc:
        create(officer, commune, national_id=holder.national_id)
    message = exc.value.message_dict["national_id"][0]
    assert "do Xã Phú Linh quản lý" in message
    assert f"/doi-tuong/{holder.pk}/" not in message  # the officer may not open it
    assert exc.value.existing == holder


def test_a_duplicate_id_that_the_officer_may_see_links_to_the_existing_person(officer, commune):
    holder = PersonFactory(unit=commune, national_id=national_id(birth_year=1950, serial=8), full_name="Lò Thị Sương")
    with pytest.raises(DuplicateNationalId) as exc:
        create(officer, commune, national_id=holder.national_id)
    assert f'href="/doi-tuong/{holder.pk}/"' in exc.value.message_dict["national_id"][0]
    assert "Lò Thị Sương" in exc.value.message_dict["national_id"][0]


def test_the_database_refuses_a_second_person_with_the_same_national_id(commune):
    PersonFactory(unit=commune, national_id="008150000001")
    with pytest.raises(IntegrityError):
        PersonFactory(unit=commune, national_id="008150000001")


def test_several_people_without_a_national_id_are_allowed(officer, commune):
    create(officer, commune, full_name="Vàng Mí Sình", sex="male", birth_date=date(1960, 1, 2))
    create(officer, commune, full_name="Giàng Thị Dở", birth_date=date(1961, 1, 2))
    assert Person.objects.filter(national_id__isnull=True).count() == 2


def test_the_same_name_without_diacritics_and_birth_date_in_the_province_needs_confirmation(
    officer, commune, other_commune
):
    PersonFactory(unit=other_commune, full_name="NGUYEN THI HOA", birth_date=date(1950, 5, 17))
    with pytest.raises(PossibleDuplicate) as exc:
        create(officer, commune)
    assert "Đã có người cùng họ tên và ngày/năm sinh trong tỉnh" in exc.value.message_dict["confirm_duplicate"][0]
    person = create(officer, commune, confirm_duplicate=True)
    assert person.pk


def test_a_known_birth_year_matches_a_full_birth_date_of_the_same_year(officer, commune):
    PersonFactory(unit=commune, full_name="Nguyễn Thị Hòa", birth_date=None, birth_year=1950)
    with pytest.raises(PossibleDuplicate):
        create(officer, commune)


def test_the_same_name_in_another_province_or_another_birth_year_is_no_warning(officer, commune):
    elsewhere = make_unit("01", "Thành phố Hà Nội", level=Level.PROVINCE)
    hanoi = make_unit("00004", "Phường Ba Đình", level=Level.COMMUNE, parent=elsewhere)
    PersonFactory(unit=hanoi, full_name="Nguyễn Thị Hòa", birth_date=date(1950, 5, 17))
    PersonFactory(unit=commune, full_name="Nguyễn Thị Hòa", birth_date=date(1951, 5, 17))
    assert create(officer, commune).pk


def test_a_bank_transfer_needs_an_account_number_and_a_bank(officer, commune):
    with pytest.raises(RegistryError) as exc:
        create(officer, commune, payment_method="bank", bank_account="12-34")
    assert set(exc.value.message_dict) == {"bank_account", "bank_name"}
    person = create(officer, commune, payment_method="bank", bank_account="0123456789", bank_name="Agribank")
    assert person.get_payment_method_display() == "Chuyển khoản"


def test_a_poverty_status_creates_the_household_with_the_person_as_its_head(officer, commune):
    person = create(officer, commune, poverty="poor", poverty_year=2026)
    assert person.relationship_to_head == "head"
    assert person.household.poverty_in(2026) == "poor"
    assert person.household.poverty_in(2025) == "none"
    household_poverty_set(household=person.household, year=2026, status="near_poor", user=officer)
    assert HouseholdPoverty.objects.get(household=person.household, year=2026).status == "near_poor"


def test_only_a_commune_officer_of_that_commune_registers_people(leader, other_officer, commune, province_officer):
    for user in (leader, other_officer, province_officer):
        with pytest.raises(NotAllowed):
            create(user, commune)


def test_people_belong_to_a_commune_not_a_province(province):
    officer = UserFactory(unit=province, role=Role.COMMUNE_OFFICER)
    with pytest.raises(RegistryError):
        create(officer, province)


def test_an_update_keeps_the_checks_and_its_own_id_is_not_a_duplicate(officer, commune):
    person = create(officer, commune, national_id=national_id(birth_year=1950, serial=99))
    person_update(person=person, user=officer, phone="0912345678", national_id=person.national_id)
    assert Person.objects.get(pk=person.pk).phone == "0912345678"
    with pytest.raises(RegistryError):
        person_update(person=person, user=officer, sex="male")  # the ID says female
    assert person.history.count() == 2
