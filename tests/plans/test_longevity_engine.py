"""The pure longevity rules: Tết dates, age rules, levels, gifts, deaths (engine/longevity.py)."""

import json
from datetime import date
from pathlib import Path

import pytest

from engine import longevity as lg

CASES = json.loads((Path(__file__).parent / "data" / "longevity-cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["id"] for c in CASES["cases"]])
def test_every_public_case_gives_its_expected_result(case):
    result = lg.compute_longevity_cases({"cases": [case]}, lg.SEED_LONGEVITY_RULES)["results"][0]
    for key, value in case["expected"].items():
        assert result[key] == value, (key, result)


@pytest.mark.parametrize(
    ("year", "tet"),
    [(1985, date(1985, 1, 21)), (2007, date(2007, 2, 17)), (2025, date(2025, 1, 29)), (2026, date(2026, 2, 17)),
     (2027, date(2027, 2, 6))],
)
def test_tet_is_the_vietnamese_calendars_not_the_chinese_one(year, tet):
    assert lg.tet_date(year) == tet  # 1985 and 2007 differ from the Chinese calendar (20/02/1985, 18/02/2007)


def _facts(**kw):
    return lg.LongevityFacts(**{"birth_year": 1956, **kw})


def test_the_year_rule_counts_the_celebration_year_minus_the_birth_year():
    r = lg.compute_longevity(_facts(birth_date=date(1956, 12, 31)), "tet", 2026, lg.SEED_LONGEVITY_RULES)
    assert (r.age, r.level, r.age_rule) == (70, "70", "year")


def test_the_birthday_rule_counts_the_exact_age_on_the_day():
    rules = lg.SEED_LONGEVITY_RULES
    before = lg.compute_longevity(_facts(birth_date=date(1956, 12, 31), age_rule="birthday"), "tet", 2026, rules)
    after = lg.compute_longevity(_facts(birth_date=date(1956, 2, 17), age_rule="birthday"), "tet", 2026, rules)
    year_only = lg.compute_longevity(_facts(age_rule="birthday"), "tet", 2026, rules)
    assert (before.age, before.level) == (69, None)
    assert (after.age, after.level) == (70, "70")
    assert year_only.age == 70  # only a birth year: as of 1 January


def test_the_lunar_rule_counts_lunar_years_with_the_vietnamese_tet():
    rules = lg.SEED_LONGEVITY_RULES
    # Born 10/02/1956, before Tết 1956 (12/02): lunar year 1955; on Tết 2026 the lunar year is 2026 → 71.
    early = lg.compute_longevity(_facts(birth_date=date(1956, 2, 10), age_rule="lunar"), "tet", 2026, rules)
    # Born 01/03/1956, after Tết 1956: lunar 1956 → 70.
    late = lg.compute_longevity(_facts(birth_date=date(1956, 3, 1), age_rule="lunar"), "tet", 2026, rules)
    # 6/6/2026 is in lunar 2026 too; 01/01/2026 is still in lunar 2025.
    assert lg.lunar_year_of(date(2026, 1, 1)) == 2025
    assert (early.age, early.level) == (71, None)
    assert (late.age, late.level) == (70, "70")


def test_a_province_setting_chooses_the_age_rule_when_the_case_gives_none():
    rules = lg.LongevityRules(gifts=lg.SEED_GIFTS, age_rules=(
        lg.AgeRuleRow("2025", "08", "birthday", date(2020, 1, 1), "Công văn của UBND tỉnh"),))
    r = lg.compute_longevity(_facts(birth_date=date(1956, 12, 31), province_code="08"), "tet", 2026, rules)
    other = lg.compute_longevity(_facts(birth_date=date(1956, 12, 31), province_code="01"), "tet", 2026, rules)
    assert (r.age_rule, r.age, other.age_rule, other.age) == ("birthday", 69, "year", 70)


def test_every_age_over_100_is_celebrated_at_the_level_100_plus():
    rules = lg.SEED_LONGEVITY_RULES
    assert lg.compute_longevity(_facts(birth_year=1924), "tet", 2026, rules).level == "100+"
    assert lg.compute_longevity(_facts(birth_year=1919), "tet", 2026, rules).level == "100+"
    vp = lg.compute_longevity(_facts(birth_year=1923, province_code="26", regime="legacy"), "tet", 2026, rules)
    assert (vp.level, vp.cash_total, vp.card) == ("100+", 1_200_000, None)


def test_death_before_the_date_leaves_the_person_out_and_death_after_it_does_not():
    rules = lg.SEED_LONGEVITY_RULES
    before = lg.compute_longevity(_facts(birth_year=1936, death_date=date(2026, 2, 16)), "tet", 2026, rules)
    after = lg.compute_longevity(_facts(birth_year=1936, death_date=date(2026, 2, 18)), "tet", 2026, rules)
    assert (before.level, before.excluded) == (None, "death")
    assert (after.level, after.cash_total, after.card) == ("90", 500_000, "Chủ tịch UBND tỉnh")


def test_a_move_out_before_the_date_leaves_the_person_out():
    r = lg.compute_longevity(_facts(moved_out_date=date(2026, 1, 5)), "tet", 2026, lg.SEED_LONGEVITY_RULES)
    assert (r.level, r.excluded) == (None, "moved")


def test_a_province_without_a_table_says_its_amount_is_not_recorded_and_invents_none():
    r = lg.compute_longevity(_facts(birth_year=1951, province_code="08"), "tet", 2026, lg.SEED_LONGEVITY_RULES)
    assert (r.level, r.cash_total, r.local_amount_recorded) == ("75", 0, False)
    assert "Chưa ghi nhận mức quà" in r.explanation


def test_a_province_with_a_table_pays_its_level_and_adds_it_to_the_national_gift_at_90_and_100():
    rules = lg.SEED_LONGEVITY_RULES
    qt = lg.compute_longevity(_facts(birth_year=1936, province_code="45", regime="legacy"), "tet", 2026, rules)
    vp = lg.compute_longevity(_facts(birth_year=1926, province_code="26", regime="legacy"), "tet", 2026, rules)
    assert (qt.level, qt.cash_total, qt.in_kind_total, qt.local_amount_recorded) == ("90", 500_000, 150_000, True)
    assert (vp.level, vp.cash_total, vp.national_total, vp.province_total) == ("100", 1_700_000, 700_000, 1_000_000)


def test_a_gift_row_added_later_for_past_dates_applies_to_those_dates():
    later = lg.GiftRule("80", "UBND tỉnh", date(2024, 1, 1), "Nghị quyết bổ sung", cash=450_000, regime="legacy",
                        province_code="45", order=10_000)
    rules = lg.LongevityRules(gifts=(*lg.SEED_GIFTS, later))
    past = lg.compute_longevity(_facts(birth_year=1945, province_code="45", regime="legacy"), "tet", 2025, rules)
    older = lg.compute_longevity(_facts(birth_year=1943, province_code="45", regime="legacy"), "tet", 2023, rules)
    assert (past.level, past.cash_total) == ("80", 450_000)
    assert (older.level, older.cash_total) == ("80", 400_000)


def test_ceremony_titles_follow_the_age():
    assert [lg.ceremony_for(level) for level in lg.LEVELS] == [
        "lễ mừng thọ", "lễ mừng thọ", "lễ mừng thượng thọ", "lễ mừng thượng thọ",
        *["lễ mừng thượng thượng thọ"] * 4,
    ]


def test_the_other_occasions_have_their_fixed_dates_and_a_birthday_its_own():
    f = _facts(birth_date=date(1956, 2, 29))
    assert lg.celebration_date("06-06", 2026, f) == date(2026, 6, 6)
    assert lg.celebration_date("10-01", 2026, f) == date(2026, 10, 1)
    assert lg.celebration_date("birthday", 2026, f) == date(2026, 2, 28)


def test_a_bad_case_gives_an_error_and_the_others_are_still_computed():
    out = lg.compute_longevity_cases({"cases": [{"id": "X", "year": 2026}, CASES["cases"][0]]}, lg.SEED_LONGEVITY_RULES)
    assert "error" in out["results"][0] and out["results"][1]["level"] == "70"
