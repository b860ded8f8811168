"""The worked cases of data/benefit-cases.json (docs/engine.md §11), through compute() and the JSON format."""

import json
from pathlib import Path

import pytest

from engine import SEED_RULESET, compute, compute_cases, facts_from_json

DATA = Path(__file__).resolve().parent / "data" / "benefit-cases.json"
CASES = json.loads(DATA.read_text(encoding="utf-8"))["cases"]


def test_there_are_twelve_worked_cases():
    assert len(CASES) == 12


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_worked_case_gives_the_expected_total(case):
    facts = facts_from_json(case)
    result = compute(facts.person, facts.entitlements, facts.month, SEED_RULESET, facts.province_code)
    assert result.total == case["expected_total"], result.explanation
    assert result.total == sum(line.amount for line in result.lines)
    assert result.explanation.endswith(f"{result.total:,} đ.".replace(",", "."))


def test_compute_cases_answers_every_case_in_order_with_the_expected_totals():
    results = compute_cases({"cases": CASES}, SEED_RULESET)["results"]
    assert [r["id"] for r in results] == [c["id"] for c in CASES]
    assert [r["total"] for r in results] == [c["expected_total"] for c in CASES]


def test_single_mother_case_lists_k4_with_coefficient_2_and_k6_with_1_5():
    case = next(c for c in CASES if c["id"] == "P09")
    (result,) = compute_cases({"cases": [case]}, SEED_RULESET)["results"]
    assert [(li["category"], li["coefficient"], li["base_rate"], li["amount"]) for li in result["lines"]] == [
        ("K4", "2.0", 500_000, 1_000_000),
        ("K6", "1.5", 500_000, 750_000),
    ]
