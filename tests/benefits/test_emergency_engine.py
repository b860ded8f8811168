"""The emergency-aid engine: each kind's conditions, the rice cap, the decision month's base rate,
provincial levels that can only raise (docs/emergency-aid.md)."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import SEED_RULESET, EngineError, Month
from engine.emergency import (
    KINDS,
    MEASURE_BASE_MULTIPLE,
    MEASURE_COST_AT_LEAST,
    MEASURE_FIXED,
    MEASURE_RICE,
    SEED_EMERGENCY,
    SEED_EMERGENCY_RULES,
    EmergencyAidRule,
    EmergencyFacts,
    EmergencyRules,
    compute_emergency,
)

CASES_FILE = Path(__file__).resolve().parent / "data" / "emergency-aid-cases.json"
CASES = json.loads(CASES_FILE.read_text("utf-8"))["cases"]


def _aid(kind, on, **facts):
    return compute_emergency(EmergencyFacts(kind=kind, decision_date=on, **facts), SEED_EMERGENCY, SEED_RULESET)


def _run(*args):
    out = StringIO()
    call_command("compute_emergency_aid", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_public_cases_give_the_expected_results_with_the_seeded_rules():
    results = _run("--rules", "seed", str(CASES_FILE))["results"]
    assert [r["id"] for r in results] == [c["id"] for c in CASES]
    for case, result in zip(CASES, results, strict=True):
        got = {k: result[k] for k in ("eligible", "amount", "rice_kg")}
        assert got == case["expected"], case["id"]
        assert result["basis"].startswith("Nghị định 20/2021/NĐ-CP điều 1")
        assert result["explanation"]


@pytest.mark.django_db
def test_the_public_cases_give_the_same_results_from_the_database_rule_tables():
    results = _run(str(CASES_FILE))["results"]
    assert [{k: r[k] for k in ("eligible", "amount", "rice_kg")} for r in results] == [c["expected"] for c in CASES]


def test_the_output_has_exactly_the_fields_of_the_file_format():
    result = _run("--rules", "seed", str(CASES_FILE))["results"][0]
    assert set(result) == {"id", "eligible", "amount", "rice_kg", "basis", "explanation"}
    assert result["explanation"].startswith("EM-INJURY")
    assert "10 × mức chuẩn 360.000 đ (tháng 5/2024) = 3.600.000 đ" in result["explanation"]


def test_a_case_that_cannot_be_computed_is_reported_and_the_command_fails(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({"cases": [
        {"id": "ok", "kind": "EM-INJURY", "decision_date": "2025-01-02"},
        {"id": "no-people", "kind": "EM-RICE-TET", "decision_date": "2025-01-02"},
        {"id": "typo", "kind": "EM-INJURY", "decision_date": "2025-01-02", "peopel": 3},
    ]}), "utf-8")
    with pytest.raises(CommandError) as err:
        _run("--rules", "seed", str(path))
    assert "no-people" in str(err.value) and "typo" in str(err.value)


def test_a_capped_rice_request_says_it_was_capped():
    result = _aid("EM-RICE-DISASTER", date(2025, 10, 2), people=2, months=5)
    assert (result.rice_kg, result.months) == (90, 3)
    assert "tối đa 3 tháng" in result.explanation


def test_rice_at_tet_is_one_month_whatever_is_asked():
    assert _aid("EM-RICE-TET", date(2026, 1, 20), people=4, months=3).rice_kg == 60


def test_rice_without_people_is_an_error_not_zero_kilograms():
    with pytest.raises(EngineError, match="nhân khẩu"):
        _aid("EM-RICE-DISASTER", date(2025, 10, 2), months=2)


def test_housing_aid_needs_a_poor_near_poor_or_hardship_household():
    assert _aid("EM-HOUSE-REBUILD", date(2025, 10, 2), household_poverty="poor").amount == 40_000_000
    refused = _aid("EM-HOUSE-REBUILD", date(2025, 10, 2))
    assert not refused.eligible and refused.amount == 0 and "hộ nghèo" in refused.explanation


def test_an_injury_needs_three_days_in_hospital_when_the_days_are_known():
    assert _aid("EM-INJURY", date(2025, 10, 2), hospital_days=3).amount == 5_000_000
    assert not _aid("EM-INJURY", date(2025, 10, 2), hospital_days=2).eligible


def test_the_base_rate_is_the_one_of_the_decision_month_not_of_the_event():
    assert _aid("EM-FUNERAL", date(2024, 6, 30)).amount == 18_000_000
    assert _aid("EM-FUNERAL", date(2024, 7, 1)).amount == 25_000_000


def test_ha_noi_uses_its_own_base_rate_from_january_2026():
    assert _aid("EM-INJURY", date(2025, 12, 31), province_code="01").amount == 5_000_000
    result = _aid("EM-INJURY", date(2026, 1, 1), province_code="01")
    assert result.amount == 6_500_000
    assert "Nghị quyết 63/2025/NQ-HĐND" in result.basis


def _with_province(code, value, province="79", max_months=None):
    row = EmergencyAidRule(code, "tỉnh", next(r.measure for r in SEED_EMERGENCY_RULES if r.code == code), value,
                           "Nghị quyết 99/2025/NQ-HĐND", Month(2025, 1), province_code=province, max_months=max_months)
    return EmergencyRules((*SEED_EMERGENCY_RULES, row))


def test_a_provincial_level_raises_the_national_one_and_is_cited():
    rules = _with_province("EM-HOUSE-REBUILD", 60_000_000)
    facts = EmergencyFacts("EM-HOUSE-REBUILD", date(2025, 10, 2), "79", household_poverty="poor")
    result = compute_emergency(facts, rules, SEED_RULESET)
    assert result.amount == 60_000_000
    assert "mức của tỉnh: Nghị quyết 99/2025/NQ-HĐND" in result.basis
    other = compute_emergency(EmergencyFacts("EM-HOUSE-REBUILD", date(2025, 10, 2), "01", household_poverty="poor"),
                              rules, SEED_RULESET)
    assert other.amount == 40_000_000


def test_a_provincial_level_below_the_national_one_changes_nothing():
    rules = _with_province("EM-INJURY", 5)
    facts = EmergencyFacts("EM-INJURY", date(2025, 10, 2), "79")
    assert compute_emergency(facts, rules, SEED_RULESET).amount == 5_000_000


def test_a_province_may_allow_more_months_of_rice():
    rules = _with_province("EM-RICE-DISASTER", 15, max_months=4)
    facts = EmergencyFacts("EM-RICE-DISASTER", date(2025, 10, 2), "79", people=1, months=6)
    assert compute_emergency(facts, rules, SEED_RULESET).rice_kg == 60


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(KINDS),
    day=st.dates(date(2021, 7, 1), date(2028, 12, 31)),
    province=st.sampled_from([None, "01", "79"]),
    levels=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 10**9), st.sampled_from(["01", "79"]),
                              st.integers(2021, 2028)), max_size=6),
    base=st.integers(1, 2_000_000),
    people=st.integers(1, 12),
    months=st.integers(1, 6),
    poverty=st.sampled_from(["poor", "near_poor", "hardship", "none"]),
    cost=st.one_of(st.none(), st.integers(0, 10**9)),
)
def test_an_amount_never_falls_below_the_national_minimum_whatever_the_provincial_rows(
    kind, day, province, levels, base, people, months, poverty, cost
):
    measures = {r.code: r.measure for r in SEED_EMERGENCY_RULES}
    extra = tuple(
        EmergencyAidRule(code, "tỉnh", measures[code], value, "NQ tỉnh", Month(year, 1), province_code=where,
                         max_months=1)
        for code, value, where, year in levels
    )
    from engine import BaseRateRule

    base_rules = SEED_RULESET.with_rows(base_rates=(BaseRateRule(base, Month(2021, 7), None, "79", "NQ tỉnh"),))
    facts = EmergencyFacts(kind, day, province, people=people, months=months, household_poverty=poverty, cost=cost)
    national = compute_emergency(facts, SEED_EMERGENCY, SEED_RULESET)
    with_province = compute_emergency(facts, EmergencyRules((*SEED_EMERGENCY_RULES, *extra)), base_rules)
    assert with_province.eligible == national.eligible
    assert with_province.amount >= national.amount
    assert with_province.rice_kg >= national.rice_kg
    nat_row = SEED_EMERGENCY.national(kind, Month.of(day))
    minimum = SEED_RULESET.base_rate(Month.of(day), None) * nat_row.value
    if national.eligible and nat_row.measure in (MEASURE_BASE_MULTIPLE, MEASURE_COST_AT_LEAST):
        assert with_province.amount >= minimum
    if national.eligible and nat_row.measure == MEASURE_FIXED:
        assert with_province.amount >= nat_row.value
    if nat_row.measure == MEASURE_RICE:
        assert with_province.rice_kg >= 15 * people


# -- rows in the database -----------------------------------------------------


@pytest.mark.django_db
def test_a_provincial_level_below_the_national_minimum_is_refused():
    from benefits.services import emergency_level_add

    with pytest.raises(ValidationError) as err:
        emergency_level_add(code="EM-HOUSE-REBUILD", value=30_000_000, valid_from="2026-01",
                            clause="Nghị quyết 1/2026/NQ-HĐND", province_code="79")
    assert "value" in err.value.message_dict
    with pytest.raises(ValidationError):
        emergency_level_add(code="EM-RICE-DISASTER", value=15, max_months=2, valid_from="2026-01",
                            clause="Nghị quyết 1/2026/NQ-HĐND", province_code="79")


@pytest.mark.django_db
def test_a_provincial_level_added_as_a_row_pays_in_that_province_from_its_month():
    from benefits.selectors import emergency_rules_load, ruleset_load
    from benefits.services import emergency_level_add

    row = emergency_level_add(code="EM-HOUSE-REBUILD", value=60_000_000, valid_from="2026-01",
                              clause="Nghị quyết 12/2025/NQ-HĐND điều 3", province_code="79")
    assert (row.measure, row.poverty, row.label.startswith("Hỗ trợ làm nhà")) == ("fixed", "poor,near_poor,hardship",
                                                                                  True)
    rules, base = emergency_rules_load(), ruleset_load()

    def amount(on):
        facts = EmergencyFacts("EM-HOUSE-REBUILD", on, "79", household_poverty="poor")
        return compute_emergency(facts, rules, base).amount

    assert (amount(date(2025, 12, 31)), amount(date(2026, 1, 1))) == (40_000_000, 60_000_000)


@pytest.mark.django_db
def test_the_rules_page_shows_the_emergency_levels_and_a_provincial_raise_with_their_legal_basis(officer_client):
    from django.urls import reverse

    from benefits.services import emergency_level_add

    emergency_level_add(code="EM-HOUSE-REBUILD", value=60_000_000, valid_from="2026-01",
                        clause="Nghị quyết 12/2025/NQ-HĐND điều 3", province_code="79")
    page = officer_client.get(reverse("benefits:rule-list")).content.decode()
    table = page.split('data-testid="emergency-levels"')[1].split("</table>")[0]
    for text in ("EM-INJURY", "10 × mức chuẩn", "Nghị định 20/2021/NĐ-CP điều 13", "40.000.000 đ/hộ",
                 "15 kg/người/tháng, tối đa 3 tháng mỗi đợt", "60.000.000 đ/hộ", "Tỉnh mã 79 (nâng mức)",
                 "Nghị quyết 12/2025/NQ-HĐND điều 3"):
        assert text in table
    csv_text = officer_client.get(reverse("benefits:rule-list"), {"xuat": "csv"}).content.decode("utf-8-sig")
    assert "EM-HOUSE-RELOCATE" in csv_text
