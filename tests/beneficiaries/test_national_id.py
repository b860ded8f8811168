import pytest

from beneficiaries.identity import (
    FALLBACK_PROVINCE_CODES,
    name_normalize,
    national_id_clean,
    national_id_errors,
    province_codes,
)


def test_a_well_formed_id_matching_sex_and_birth_year_has_no_error():
    assert national_id_errors("008150123456", sex="female", birth_year=1950) == []
    assert national_id_errors("001230000001", sex="male", birth_year=2030) == []


@pytest.mark.parametrize("value", ["00815012345", "0081501234567", "00815012345a", "008 150123456"])
def test_an_id_that_is_not_exactly_twelve_digits_is_refused(value):
    assert national_id_errors(value, sex=None, birth_year=None) == ["Số định danh cá nhân phải gồm đúng 12 chữ số."]


def test_the_first_three_digits_must_be_a_pre_2025_province_code():
    errors = national_id_errors("003150123456", sex="female", birth_year=1950)
    assert errors == ["Ba chữ số đầu (003) không phải mã tỉnh nơi đăng ký khai sinh."]


def test_the_province_codes_are_the_63_legacy_provinces_and_the_fallback_list_agrees():
    assert len(province_codes()) == 63
    assert province_codes() == FALLBACK_PROVINCE_CODES
    assert {"001", "079", "096"} <= province_codes()


@pytest.mark.parametrize("digit", "456789")
def test_a_fourth_digit_above_three_is_refused(digit):
    errors = national_id_errors(f"008{digit}50123456", sex=None, birth_year=None)
    assert len(errors) == 1 and errors[0].startswith(f"Chữ số thứ tư ({digit}) không hợp lệ")


def test_a_male_digit_for_a_woman_is_an_error_in_vietnamese():
    errors = national_id_errors("008050123456", sex="female", birth_year=1950)
    assert errors == ["Chữ số thứ tư (0) là của người nam, không khớp với giới tính đã nhập."]


def test_a_female_digit_for_a_man_born_after_2000_is_an_error():
    errors = national_id_errors("008310123456", sex="male", birth_year=2010)
    assert errors == ["Chữ số thứ tư (3) là của người nữ, không khớp với giới tính đã nhập."]


def test_the_century_digit_and_two_year_digits_must_give_the_birth_year():
    errors = national_id_errors("008151123456", sex="female", birth_year=1950)
    assert errors == ["Chữ số thứ tư đến thứ sáu (151) cho năm sinh 1951, không khớp với năm sinh 1950."]
    # Right two digits, wrong century.
    errors = national_id_errors("008350123456", sex="female", birth_year=1950)
    assert errors == ["Chữ số thứ tư đến thứ sáu (350) cho năm sinh 2050, không khớp với năm sinh 1950."]


def test_sex_and_year_mismatches_are_both_reported():
    assert len(national_id_errors("008051123456", sex="female", birth_year=1950)) == 2


def test_an_excel_number_cell_gets_its_leading_zero_back():
    assert national_id_clean(1150123456.0) == "001150123456"
    assert national_id_clean(79150123456) == "079150123456"
    assert national_id_clean(" 008 150 123 456 ") == "008150123456"
    assert national_id_clean("") is None


def test_names_are_compared_without_diacritics_case_or_extra_spaces():
    assert name_normalize("Nguyễn Thị Hoà") == name_normalize("NGUYEN  THI HOA") == "nguyen thi hoa"  # old spelling on purpose
    assert name_normalize("Đỗ Văn Đức") == "do van duc"
    assert name_normalize("Hoàng Thị Hòa") == name_normalize("Hoàng Thị Hoà")  # old spelling on purpose
