"""One test per convention of docs/engine.md §6 and per eligibility rule of a category."""

from datetime import date
from decimal import Decimal

import pytest

from engine import (
    SEED_RULESET,
    BaseRateRule,
    Child,
    EngineError,
    Entitlement,
    FlatAmountRule,
    Month,
    PersonFacts,
    RuleSet,
    compute,
    format_coefficient,
    format_money,
)


def ent(code, start="2020-01", end=None, cared=None, ref=None):
    return Entitlement(code, Month.parse(start), None if end is None else Month.parse(end), cared_person=cared, ref=ref)


def run(person, ents, month, province=None, rules=SEED_RULESET):
    return compute(person, ents, Month.parse(month), rules, province)


def total(person, ents, month, province=None, rules=SEED_RULESET):
    return run(person, ents, month, province, rules).total


SEVERE_ADULT = PersonFacts(birth_date=date(1985, 5, 5), disability_level="severe")


# -- 1. amount = base rate × coefficient, the higher of national and provincial base --------------


def test_base_rate_follows_the_decrees_month_by_month():
    k6 = [ent("K6")]
    assert total(SEVERE_ADULT, k6, "2021-06") == 0  # Decree 20 categories start 2021-07
    assert total(SEVERE_ADULT, k6, "2021-07") == 540_000
    assert total(SEVERE_ADULT, k6, "2024-06") == 540_000
    assert total(SEVERE_ADULT, k6, "2024-07") == 750_000


def test_ha_noi_base_650000_applies_from_january_2026_in_province_01_only():
    k6 = [ent("K6")]
    assert total(SEVERE_ADULT, k6, "2025-12", "01") == 750_000
    assert total(SEVERE_ADULT, k6, "2026-01", "01") == 975_000
    assert total(SEVERE_ADULT, k6, "2026-01", "79") == 750_000
    assert total(SEVERE_ADULT, k6, "2026-01", None) == 750_000


def test_national_base_applies_when_it_becomes_higher_than_the_provincial_one():
    rules = SEED_RULESET.with_rows(base_rates=(BaseRateRule(700_000, Month(2027, 1), basis="Nghị định X"),))
    result = run(SEVERE_ADULT, [ent("K6")], "2027-01", "01", rules)
    assert result.total == 1_050_000
    assert result.lines[0].base_rate == 700_000
    assert "mức chuẩn: Nghị định X" in result.lines[0].basis


def test_month_without_a_base_rate_is_an_error():
    rules = RuleSet(
        base_rates=(),
        categories=SEED_RULESET.categories,
        flat_amounts=SEED_RULESET.flat_amounts,
        coefficient_bands=SEED_RULESET.coefficient_bands,
    )
    with pytest.raises(EngineError, match="mức chuẩn"):
        run(SEVERE_ADULT, [ent("K6")], "2024-08", rules=rules)


def test_money_is_integer_dong_and_coefficient_is_an_exact_decimal():
    (line,) = run(SEVERE_ADULT, [ent("K6")], "2024-08").lines
    assert type(line.amount) is int and type(line.base_rate) is int
    assert line.coefficient == Decimal("1.5")
    assert line.amount == line.coefficient * line.base_rate


# -- 2. age on the last day of the month; birth year only means 1 January --------------------------


def test_orphan_under_four_gets_coefficient_2_5():
    child = PersonFacts(birth_date=date(2021, 2, 15))
    assert run(child, [ent("K1")], "2025-01").lines[0].coefficient == Decimal("2.5")


def test_orphan_is_four_for_the_whole_month_of_the_fourth_birthday():
    for born in (date(2021, 2, 1), date(2021, 2, 15), date(2021, 2, 28)):
        assert run(PersonFacts(birth_date=born), [ent("K1")], "2025-02").lines[0].coefficient == Decimal("1.5")


def test_elderly_turning_80_on_the_20th_is_80_for_that_month():
    person = PersonFacts(birth_date=date(1945, 5, 20), household_poverty="poor")
    assert total(person, [ent("K5A")], "2025-04") == 750_000
    assert total(person, [ent("K5A")], "2025-05") == 1_000_000


def test_birth_year_only_counts_as_born_on_first_of_january():
    person = PersonFacts(birth_year=1945, household_poverty="poor")
    assert total(person, [ent("K5A")], "2024-12") == 750_000
    assert total(person, [ent("K5A")], "2025-01") == 1_000_000


def test_child_born_on_29_february_has_the_birthday_in_february_of_common_years():
    child = PersonFacts(birth_date=date(2020, 2, 29))
    assert run(child, [ent("K1")], "2024-01").lines[0].coefficient == Decimal("2.5")
    assert run(child, [ent("K1")], "2024-02").lines[0].coefficient == Decimal("1.5")


def test_disabled_child_becomes_adult_band_in_the_month_of_the_16th_birthday():
    person = PersonFacts(birth_date=date(2008, 9, 30), disability_level="severe")
    assert total(person, [ent("K6")], "2024-08") == 1_000_000
    assert total(person, [ent("K6")], "2024-09") == 750_000


def test_disabled_adult_becomes_elderly_band_in_the_month_of_the_60th_birthday():
    person = PersonFacts(birth_date=date(1964, 10, 1), disability_level="extra_severe")
    assert total(person, [ent("K6")], "2024-09") == 1_000_000
    assert total(person, [ent("K6")], "2024-10") == 1_250_000


def test_missing_birth_date_is_an_error_when_the_category_needs_the_age():
    with pytest.raises(EngineError, match="ngày sinh"):
        run(PersonFacts(), [ent("K1")], "2024-08")
    with pytest.raises(EngineError, match="ngày sinh"):
        run(PersonFacts(disability_level="severe"), [ent("K6")], "2024-08")


def test_category_without_age_condition_needs_no_birth_date():
    assert total(PersonFacts(household_poverty="poor"), [ent("K8")], "2024-08") == 750_000


# -- 3. paid through the month eligibility ends ---------------------------------------------------


def test_death_month_is_paid_and_nothing_after():
    person = PersonFacts(birth_date=date(1985, 5, 5), disability_level="severe", death_date=date(2024, 8, 3))
    paid = run(person, [ent("K6")], "2024-08")
    assert paid.total == 750_000
    assert "chết trong tháng 8/2024" in paid.explanation
    after = run(person, [ent("K6")], "2024-09")
    assert after.total == 0 and after.lines == ()
    assert "Nghị định 20/2021/NĐ-CP điều 8 khoản 2" in after.explanation


def test_orphan_counts_in_the_month_of_the_16th_birthday_and_not_after():
    child = PersonFacts(birth_date=date(2008, 8, 31))
    assert total(child, [ent("K1")], "2024-08") == 750_000
    nothing = run(child, [ent("K1")], "2024-09")
    assert nothing.total == 0
    assert "đã quá 16 tuổi" in nothing.explanation


def test_former_orphan_studying_gets_k2_until_the_month_of_the_22nd_birthday():
    student = PersonFacts(birth_date=date(2003, 6, 10), studying=True)
    assert total(student, [ent("K2")], "2024-08") == 750_000
    assert total(student, [ent("K2")], "2025-06") == 750_000
    assert total(student, [ent("K2")], "2025-07") == 0


def test_k2_is_not_paid_without_studies_or_before_16():
    assert total(PersonFacts(birth_date=date(2005, 1, 1)), [ent("K2")], "2024-08") == 0
    assert total(PersonFacts(birth_date=date(2010, 1, 1), studying=True), [ent("K2")], "2024-08") == 0


def test_single_parent_child_counts_through_16th_birthday_month_then_only_if_studying():
    def parent(studying):
        return PersonFacts(
            birth_date=date(1980, 1, 1),
            household_poverty="near_poor",
            children=(Child(birth_date=date(2008, 8, 5), studying=studying),),
        )

    assert total(parent(False), [ent("K4")], "2024-08") == 500_000
    assert total(parent(False), [ent("K4")], "2024-09") == 0
    assert total(parent(True), [ent("K4")], "2024-09") == 500_000
    assert total(parent(True), [ent("K4")], "2030-08") == 500_000  # 22nd birthday month
    assert total(parent(True), [ent("K4")], "2030-09") == 0


def test_single_parent_is_paid_per_child_and_not_for_unborn_children():
    kids = (Child(birth_date=date(2015, 1, 1)), Child(birth_date=date(2020, 1, 1)), Child(birth_year=2025))
    person = PersonFacts(birth_date=date(1985, 1, 1), household_poverty="poor", children=kids)
    assert total(person, [ent("K4")], "2024-12") == 1_000_000
    result = run(person, [ent("K4")], "2025-01")
    assert result.total == 1_500_000
    assert result.lines[0].coefficient == Decimal("3.0")
    assert "nuôi 3 con: 3 × 1,0 = hệ số 3,0" in result.explanation


def test_single_parent_outside_poor_or_near_poor_household_gets_no_k4():
    person = PersonFacts(household_poverty="none", children=(Child(birth_date=date(2015, 1, 1)),))
    assert total(person, [ent("K4")], "2024-08") == 0


# -- 4. one highest monthly allowance, except K4 on top of K5x / K6 / K8 ----------------------------


def test_elderly_disabled_gets_only_the_highest_coefficient():
    person = PersonFacts(birth_date=date(1959, 3, 1), household_poverty="poor", disability_level="severe")
    result = run(person, [ent("K5A"), ent("K6")], "2024-08")
    assert result.total == 1_000_000
    assert [li.category for li in result.lines] == ["K6"]
    assert "Không cộng K5A (hệ số 1,5)" in result.explanation
    assert "Nghị định 20/2021/NĐ-CP điều 6 khoản 2" in result.explanation


@pytest.mark.parametrize(
    ("other", "facts", "expected"),
    [
        ("K5A", {"birth_date": date(1960, 1, 1)}, 500_000 + 750_000),
        ("K6", {"birth_date": date(1990, 1, 1), "disability_level": "severe"}, 500_000 + 750_000),
        ("K8", {"birth_date": date(1990, 1, 1)}, 500_000 + 750_000),
        ("K5D", {"birth_date": date(1960, 1, 1)}, 500_000 + 1_500_000),
    ],
)
def test_single_parent_allowance_is_paid_in_addition_to_elderly_disability_or_hiv(other, facts, expected):
    person = PersonFacts(household_poverty="poor", children=(Child(birth_date=date(2015, 1, 1)),), **facts)
    result = run(person, [ent("K4", ref="a"), ent(other, ref="b")], "2024-08")
    assert result.total == expected
    assert [(li.category, li.ref) for li in result.lines] == [("K4", "a"), (other, "b")]


def test_single_parent_allowance_is_not_added_to_a_child_category():
    student_parent = PersonFacts(
        birth_date=date(2006, 1, 1),
        studying=True,
        household_poverty="poor",
        children=(Child(birth_date=date(2024, 1, 1)),),
    )
    result = run(student_parent, [ent("K2"), ent("K4")], "2024-08")
    assert result.total == 750_000
    assert [li.category for li in result.lines] == ["K2"]


def test_k4_adds_only_the_best_of_several_stackable_allowances():
    person = PersonFacts(
        birth_date=date(1960, 1, 1),
        household_poverty="poor",
        disability_level="extra_severe",
        children=(Child(birth_date=date(2015, 1, 1)),),
    )
    result = run(person, [ent("K4"), ent("K5A"), ent("K6")], "2024-08")
    assert [li.category for li in result.lines] == ["K4", "K6"]
    assert result.total == 500_000 + 1_250_000


# -- 5. care support on top -------------------------------------------------------------------------


def test_disabled_mother_of_a_baby_gets_allowance_plus_care_support():
    person = PersonFacts(
        birth_date=date(1996, 3, 3), disability_level="severe", children=(Child(birth_date=date(2023, 6, 10)),)
    )
    result = run(person, [ent("K6"), ent("CS-DISABLED-PARENT")], "2024-09")
    assert result.total == 1_500_000
    assert [li.scheme for li in result.lines] == ["MONTHLY_ALLOWANCE", "CARE_SUPPORT"]


def test_disabled_parent_support_is_2_0_when_pregnant_with_a_baby_or_with_two_babies():
    baby = Child(birth_date=date(2024, 1, 1))
    pregnant = PersonFacts(disability_level="severe", pregnant=True, children=(baby,))
    two = PersonFacts(disability_level="extra_severe", children=(baby, Child(birth_date=date(2022, 3, 1))))
    only_pregnant = PersonFacts(disability_level="severe", pregnant=True)
    assert total(pregnant, [ent("CS-DISABLED-PARENT")], "2024-08") == 1_000_000
    assert total(two, [ent("CS-DISABLED-PARENT")], "2024-08") == 1_000_000
    assert total(only_pregnant, [ent("CS-DISABLED-PARENT")], "2024-08") == 750_000


def test_disabled_parent_support_counts_the_child_in_the_month_it_turns_36_months():
    person = PersonFacts(disability_level="severe", children=(Child(birth_date=date(2021, 8, 20)),))
    assert total(person, [ent("CS-DISABLED-PARENT")], "2024-08") == 750_000
    assert total(person, [ent("CS-DISABLED-PARENT")], "2024-09") == 0


def test_disabled_parent_support_needs_a_disability_and_is_paid_once():
    baby = (Child(birth_date=date(2024, 1, 1)),)
    assert total(PersonFacts(children=baby), [ent("CS-DISABLED-PARENT")], "2024-08") == 0
    person = PersonFacts(disability_level="severe", children=baby)
    assert total(person, [ent("CS-DISABLED-PARENT"), ent("CS-DISABLED-PARENT")], "2024-08") == 750_000


def test_foster_household_of_a_child_under_four_gets_2_5_then_1_5():
    child = PersonFacts(birth_date=date(2021, 5, 5))
    carer = PersonFacts(birth_date=date(1980, 1, 1))
    assert total(carer, [ent("CS-FOSTER", cared=child)], "2025-04") == 1_250_000
    assert total(carer, [ent("CS-FOSTER", cared=child)], "2025-05") == 750_000


def test_foster_support_ends_after_the_16th_birthday_month_and_covers_fostered_elderly():
    carer = PersonFacts(birth_date=date(1980, 1, 1))
    teen = PersonFacts(birth_date=date(2008, 8, 8))
    assert total(carer, [ent("CS-FOSTER", cared=teen)], "2024-08") == 750_000
    assert total(carer, [ent("CS-FOSTER", cared=teen)], "2024-09") == 0
    elderly = PersonFacts(birth_date=date(1950, 1, 1), household_poverty="poor")
    assert total(carer, [ent("CS-FOSTER", cared=elderly)], "2024-08") == 750_000


def test_foster_support_stops_after_the_month_the_fostered_person_dies():
    carer = PersonFacts(birth_date=date(1980, 1, 1))
    child = PersonFacts(birth_date=date(2020, 1, 1), death_date=date(2024, 8, 31))
    assert total(carer, [ent("CS-FOSTER", cared=child)], "2024-08") == 750_000
    assert total(carer, [ent("CS-FOSTER", cared=child)], "2024-09") == 0


def test_each_fostered_child_is_paid_separately():
    carer = PersonFacts(birth_date=date(1980, 1, 1))
    kids = [PersonFacts(birth_date=date(2022, 1, 1)), PersonFacts(birth_date=date(2015, 1, 1))]
    assert total(carer, [ent("CS-FOSTER", cared=k) for k in kids], "2024-08") == 1_250_000 + 750_000


def test_household_caring_for_extra_severe_member_gets_1_0_and_foster_2_5_for_a_child():
    member = PersonFacts(birth_date=date(1990, 1, 1), disability_level="extra_severe")
    child = PersonFacts(birth_date=date(2015, 1, 1), disability_level="extra_severe")
    severe = PersonFacts(birth_date=date(1990, 1, 1), disability_level="severe")
    carer = PersonFacts(birth_date=date(1960, 1, 1))
    assert total(carer, [ent("CS-HOUSEHOLD", cared=member)], "2024-08") == 500_000
    assert total(carer, [ent("CS-HOUSEHOLD", cared=severe)], "2024-08") == 0
    assert total(carer, [ent("CS-FOSTER-DISABLED", cared=member)], "2024-08") == 750_000
    assert total(carer, [ent("CS-FOSTER-DISABLED", cared=child)], "2024-08") == 1_250_000


def test_care_support_without_the_cared_person_is_an_error():
    with pytest.raises(EngineError, match="người được chăm sóc"):
        run(PersonFacts(), [ent("CS-FOSTER")], "2024-08")


def test_care_support_is_paid_on_top_of_the_social_pension_and_not_compared_with_it():
    member = PersonFacts(birth_date=date(1990, 1, 1), disability_level="extra_severe")
    carer = PersonFacts(birth_date=date(1945, 1, 1))
    result = run(carer, [ent("SP-75", "2025-07"), ent("CS-HOUSEHOLD", cared=member)], "2025-08")
    assert result.total == 500_000 + 500_000
    assert "Nghị định 20/2021/NĐ-CP điều 20 khoản 2 điểm b" in result.explanation


# -- 6. social pension against monthly allowance: the higher ---------------------------------------


def test_allowance_higher_than_pension_pays_the_allowance_only():
    person = PersonFacts(birth_date=date(1943, 2, 1), household_poverty="poor")
    result = run(person, [ent("K5A"), ent("SP-75", "2025-07")], "2025-08")
    assert result.total == 1_000_000
    assert [li.category for li in result.lines] == ["K5A"]
    assert "Luật Bảo hiểm xã hội 41/2024/QH15 điều 22 khoản 2" in result.explanation


def test_pension_higher_than_allowance_total_pays_the_pension_only():
    rules = SEED_RULESET.with_rows(
        flat_amounts=(FlatAmountRule("SOCIAL_PENSION", 800_000, Month(2026, 1), basis="Nghị định Y"),)
    )
    person = PersonFacts(birth_date=date(1950, 1, 1), household_poverty="poor")
    result = run(person, [ent("K5A"), ent("SP-75", "2025-07")], "2026-01", rules=rules)
    assert result.total == 800_000
    assert [(li.category, li.amount) for li in result.lines] == [("SP-75", 800_000)]
    assert "chỉ hưởng trợ cấp hưu trí xã hội" in result.explanation


def test_pension_is_compared_with_the_whole_allowance_total_including_k4():
    rules = SEED_RULESET.with_rows(
        flat_amounts=(FlatAmountRule("SOCIAL_PENSION", 1_200_000, Month(2026, 1), basis="Nghị định Y"),)
    )
    person = PersonFacts(
        birth_date=date(1950, 1, 1), household_poverty="poor", children=(Child(birth_date=date(2012, 1, 1)),)
    )
    ents = [ent("K4"), ent("K5A"), ent("SP-75", "2025-07")]
    assert total(person, ents, "2026-01", rules=rules) == 1_250_000  # 500,000 + 750,000 > 1,200,000


def test_ha_noi_tops_up_the_social_pension_by_150000_from_2026():
    person = PersonFacts(birth_date=date(1940, 1, 1))
    assert total(person, [ent("SP-75", "2025-07")], "2025-12", "01") == 500_000
    result = run(person, [ent("SP-75", "2025-07")], "2026-01", "01")
    assert result.total == 650_000
    assert "Nghị quyết 63/2025/NQ-HĐND" in result.lines[0].basis
    assert total(person, [ent("SP-75", "2025-07")], "2026-01", "79") == 500_000


# -- 7. start and end months, categories in force ------------------------------------------------


def test_nothing_is_paid_before_the_start_month_or_after_the_end_month():
    ents = [ent("K6", "2024-09", "2025-03")]
    assert total(SEVERE_ADULT, ents, "2024-08") == 0
    assert total(SEVERE_ADULT, ents, "2024-09") == 750_000
    assert total(SEVERE_ADULT, ents, "2025-03") == 750_000
    assert total(SEVERE_ADULT, ents, "2025-04") == 0


def test_k5b_and_k5c_are_paid_through_june_2025_and_not_after():
    k5c = PersonFacts(birth_date=date(1935, 1, 1))
    assert total(k5c, [ent("K5C")], "2025-06") == 500_000
    result = run(k5c, [ent("K5C")], "2025-07")
    assert result.total == 0
    assert "Nghị định 176/2025/NĐ-CP điều 8 khoản 2" in result.explanation
    k5b = PersonFacts(birth_date=date(1948, 1, 1), household_poverty="near_poor")
    assert total(k5b, [ent("K5B")], "2025-06") == 500_000
    assert total(k5b, [ent("K5B")], "2025-07") == 0


def test_social_pension_is_not_paid_before_july_2025_even_if_the_entitlement_starts_earlier():
    person = PersonFacts(birth_date=date(1940, 1, 1))
    assert total(person, [ent("SP-75", "2025-01")], "2025-06") == 0
    assert total(person, [ent("SP-75", "2025-01")], "2025-07") == 500_000


# -- eligibility each category checks -------------------------------------------------------------


def test_social_pension_75_needs_the_75th_birthday_and_no_pension():
    person = PersonFacts(birth_date=date(1950, 9, 30))
    assert total(person, [ent("SP-75", "2025-07")], "2025-08") == 0
    assert total(person, [ent("SP-75", "2025-07")], "2025-09") == 500_000
    pensioner = PersonFacts(birth_date=date(1940, 1, 1), has_pension=True)
    assert total(pensioner, [ent("SP-75", "2025-07")], "2025-09") == 0


def test_social_pension_70_needs_a_poor_or_near_poor_household_and_ends_after_the_75th_birthday_month():
    near_poor = PersonFacts(birth_date=date(1955, 3, 3), household_poverty="near_poor")
    assert total(near_poor, [ent("SP-70-POOR", "2025-07")], "2025-08") == 500_000
    assert total(near_poor, [ent("SP-70-POOR", "2025-07")], "2030-03") == 500_000
    assert total(near_poor, [ent("SP-70-POOR", "2025-07")], "2030-04") == 0
    assert total(PersonFacts(birth_date=date(1955, 3, 3)), [ent("SP-70-POOR", "2025-07")], "2025-08") == 0
    young = PersonFacts(birth_date=date(1956, 3, 3), household_poverty="poor")
    assert total(young, [ent("SP-70-POOR", "2025-07")], "2025-08") == 0


@pytest.mark.parametrize(
    ("code", "eligible", "ineligible"),
    [
        ("K3", {"birth_date": date(2015, 1, 1), "household_poverty": "poor"}, {"birth_date": date(2015, 1, 1)}),
        (
            "K5A",
            {"birth_date": date(1964, 8, 31), "household_poverty": "poor"},
            {"birth_date": date(1964, 9, 1), "household_poverty": "poor"},
        ),
        (
            "K5D",
            {"birth_date": date(1950, 1, 1), "household_poverty": "poor"},
            {"birth_date": date(1950, 1, 1), "household_poverty": "near_poor"},
        ),
        ("K6", {"birth_date": date(1990, 1, 1), "disability_level": "severe"}, {"birth_date": date(1990, 1, 1)}),
        (
            "K7",
            {"birth_date": date(2021, 8, 1), "household_poverty": "near_poor"},
            {"birth_date": date(2021, 7, 31), "household_poverty": "near_poor"},
        ),
        ("K8", {"household_poverty": "poor"}, {"household_poverty": "poor", "has_pension": True}),
        ("K5C", {"birth_date": date(1944, 8, 1)}, {"birth_date": date(1944, 9, 1)}),
    ],
)
def test_category_pays_only_when_its_conditions_hold(code, eligible, ineligible):
    assert total(PersonFacts(**eligible), [ent(code)], "2024-08") > 0
    result = run(PersonFacts(**ineligible), [ent(code)], "2024-08")
    assert result.total == 0
    assert f"{code}: không hưởng" in result.explanation


def test_unknown_category_is_an_error():
    with pytest.raises(EngineError, match="K99"):
        run(SEVERE_ADULT, [ent("K99")], "2024-08")


# -- lines and explanation ------------------------------------------------------------------------


def test_lines_carry_the_callers_ref_and_the_legal_basis():
    (line,) = run(SEVERE_ADULT, [ent("K6", ref=42)], "2024-08").lines
    assert line.ref == 42
    assert line.scheme == "MONTHLY_ALLOWANCE" and line.category == "K6"
    assert line.basis == (
        "Nghị định 20/2021/NĐ-CP điều 5 khoản 6, điều 6 khoản 1 điểm e; mức chuẩn: Nghị định 76/2024/NĐ-CP"
    )


def test_explanation_is_vietnamese_with_vietnamese_number_format_and_citations():
    person = PersonFacts(birth_date=date(1959, 3, 1), disability_level="severe")
    text = run(person, [ent("K6")], "2024-08").explanation
    assert "K6 – Người khuyết tật nặng, đặc biệt nặng (khuyết tật nặng, người cao tuổi), 65 tuổi" in text
    assert "hệ số 2,0 × mức chuẩn 500.000 đ = 1.000.000 đ" in text
    assert "Nghị định 20/2021/NĐ-CP điều 5 khoản 6, điều 6 khoản 1 điểm e" in text
    assert "mức chuẩn: Nghị định 76/2024/NĐ-CP" in text
    assert text.endswith("Tổng cộng tháng 8/2024: 1.000.000 đ.")


def test_explanation_says_why_nothing_is_paid():
    text = run(SEVERE_ADULT, [ent("K6", "2025-01")], "2024-08").explanation
    assert "Không có khoản nào được hưởng trong tháng 8/2024." in text
    assert "chưa đến tháng bắt đầu hưởng (tháng 1/2025)" in text


def test_vietnamese_number_formatting():
    assert format_money(0) == "0"
    assert format_money(500_000) == "500.000"
    assert format_money(1_750_000) == "1.750.000"
    assert format_coefficient(25) == "2,5"
    assert format_coefficient(10) == "1,0"


def test_same_inputs_give_equal_results():
    a = run(SEVERE_ADULT, [ent("K6")], "2024-08")
    b = run(SEVERE_ADULT, [ent("K6")], "2024-08")
    assert a == b and a.explanation == b.explanation
