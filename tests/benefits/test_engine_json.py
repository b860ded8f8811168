"""The facts format of docs/engine.md §9: parsing, results, and per-case errors."""

from datetime import date

import pytest

from engine import (
    SEED_RULESET,
    Child,
    EngineError,
    Month,
    compute_cases,
    facts_from_json,
    result_to_json,
)


def case(**overrides):
    base = {
        "id": "X1",
        "month": "2024-08",
        "province_code": None,
        "person": {"birth_date": "1985-05-05", "disability_level": "severe"},
        "entitlements": [{"category": "K6", "start_month": "2020-01", "end_month": None}],
    }
    base.update(overrides)
    return base


def test_missing_booleans_are_false_and_missing_lists_empty():
    facts = facts_from_json(case(person={"birth_year": 1950}))
    assert facts.person.birth_year == 1950 and facts.person.birth_date is None
    assert facts.person.household_poverty == "none"
    assert (facts.person.has_pension, facts.person.studying, facts.person.pregnant) == (False, False, False)
    assert facts.person.children == ()


def test_children_and_cared_person_are_parsed():
    facts = facts_from_json(
        case(
            person={"children": [{"birth_date": "2019-03-01", "studying": True}]},
            entitlements=[
                {"category": "CS-FOSTER", "start_month": "2023-01", "cared_person": {"birth_date": "2022-05-05"}}
            ],
        )
    )
    assert facts.person.children == (Child(birth_date=date(2019, 3, 1), studying=True),)
    assert facts.entitlements[0].cared_person.birth_date == date(2022, 5, 5)
    assert facts.entitlements[0].start_month == Month(2023, 1)
    assert facts.entitlements[0].end_month is None


@pytest.mark.parametrize(
    "bad",
    [
        {"month": "2024-13"},
        {"month": None},
        {"person": {"birth_date": "05/05/1985"}},
        {"person": {"birth_date": "1985-02-30"}},
        {"person": {"household_poverty": "rich"}},
        {"person": {"disability_level": "light"}},
        {"person": {"pregnant": "yes"}},
        {"person": {"birthdate": "1985-05-05"}},
        {"entitlements": [{"category": "K6"}]},
        {"entitlements": [{"start_month": "2020-01"}]},
        {"entitlements": [{"category": "K6", "start_month": "2020-1-1"}]},
        {"province_code": 1},
    ],
)
def test_malformed_facts_raise_an_engine_error(bad):
    with pytest.raises(EngineError):
        facts_from_json(case(**bad))


def test_result_json_has_the_engine_md_shape():
    facts = facts_from_json(case())
    from engine import compute

    result = compute(facts.person, facts.entitlements, facts.month, SEED_RULESET, facts.province_code)
    out = result_to_json(result, "X1")
    assert out["id"] == "X1" and out["month"] == "2024-08" and out["total"] == 750_000
    assert out["lines"] == [
        {
            "scheme": "MONTHLY_ALLOWANCE",
            "category": "K6",
            "coefficient": "1.5",
            "base_rate": 500_000,
            "amount": 750_000,
            "basis": "Nghị định 20/2021/NĐ-CP điều 5 khoản 6, điều 6 khoản 1 điểm e; mức chuẩn: Nghị định 76/2024/NĐ-CP",
        }
    ]
    assert "1,5" in out["explanation"]


def test_a_case_with_an_error_gives_an_error_result_and_the_others_are_still_computed():
    results = compute_cases(
        {
            "cases": [
                case(id="A"),
                case(id="B", entitlements=[{"category": "K99", "start_month": "2020-01"}]),
                case(id="C", month="2024/08"),
                case(id="D", month="2021-07"),
            ]
        },
        SEED_RULESET,
    )["results"]
    assert [r["id"] for r in results] == ["A", "B", "C", "D"]
    assert results[0]["total"] == 750_000
    assert "K99" in results[1]["error"] and "total" not in results[1]
    assert "error" in results[2]
    assert results[3]["total"] == 540_000


def test_a_document_without_cases_is_an_error():
    with pytest.raises(EngineError):
        compute_cases({"results": []}, SEED_RULESET)
