"""The rule tables: seeded from engine.seed, loaded as the engine's RuleSet, cached per process."""

import json
from pathlib import Path

import pytest

from benefits.models import BaseRate, Category, CoefficientBand, FlatAmount
from benefits.selectors import ruleset_load
from engine import SEED_RULESET, Month, compute, facts_from_json

CASES = json.loads((Path(__file__).resolve().parent / "data" / "benefit-cases.json").read_text("utf-8"))["cases"]


@pytest.mark.django_db
def test_the_data_migration_seeds_exactly_the_engine_seed():
    assert BaseRate.objects.count() == len(SEED_RULESET.base_rates)
    assert Category.objects.count() == len(SEED_RULESET.categories)
    assert CoefficientBand.objects.count() == len(SEED_RULESET.coefficient_bands)
    assert FlatAmount.objects.count() == len(SEED_RULESET.flat_amounts)
    assert ruleset_load() == SEED_RULESET


@pytest.mark.django_db
def test_the_seed_has_no_unverified_2026_decree():
    assert not BaseRate.objects.filter(basis__icontains="335/2026").exists()
    assert not BaseRate.objects.filter(amount=540_000).exists()


@pytest.mark.django_db
def test_every_seeded_row_carries_its_legal_basis():
    assert all(r.basis for r in BaseRate.objects.all())
    assert all(c.clause.startswith(("Nghị định", "Luật")) for c in Category.objects.all())
    assert all(b.clause for b in CoefficientBand.objects.all())
    assert all(f.basis for f in FlatAmount.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_worked_cases_pass_with_the_rules_loaded_from_the_database(case):
    facts = facts_from_json(case)
    result = compute(facts.person, facts.entitlements, facts.month, ruleset_load(), facts.province_code)
    assert result.total == case["expected_total"]


@pytest.mark.django_db
def test_the_ruleset_is_built_once_and_rebuilt_when_a_table_changes(django_assert_max_num_queries):
    first = ruleset_load()
    with django_assert_max_num_queries(1):
        assert ruleset_load() is first
    # A row written without the services (another process, the shell) is seen too.
    BaseRate.objects.create(amount=600_000, valid_from=Month(2030, 1).first_day, basis="Nghị định thử")
    second = ruleset_load()
    assert second is not first
    assert second.base_rate(Month(2030, 1)) == 600_000
    assert first.base_rate(Month(2030, 1)) == 500_000
