"""base_rate_add and ``manage.py add_base_rate``: new rows succeed old ones, past months change,
nothing is edited in place."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from benefits.models import BaseRate, FlatAmount
from benefits.selectors import ruleset_load
from benefits.services import base_rate_add, flat_amount_add
from engine import Entitlement, Month, PersonFacts, compute

pytestmark = pytest.mark.django_db


def _national_open():
    return BaseRate.objects.get(province_code="", valid_to__isnull=True)


def test_a_new_open_national_rate_closes_the_current_one_the_month_before():
    old = _national_open()
    row = base_rate_add(amount=540_000, valid_from="2026-07", basis="Nghị định mới")
    old.refresh_from_db()
    assert old.amount == 500_000 and old.valid_to == Month(2026, 6)
    assert (row.valid_from, row.valid_to, row.province_code) == (Month(2026, 7), None, "")
    closing = old.history.latest()  # the close is recorded with who and when
    assert (closing.history_type, closing.valid_to) == ("~", Month(2026, 6))
    hanoi = BaseRate.objects.get(province_code="01")
    assert hanoi.valid_to is None


def test_a_provincial_rate_succeeds_only_that_provinces_rate():
    base_rate_add(amount=700_000, valid_from=Month(2027, 1), basis="Nghị quyết HĐND", province_code="01")
    assert BaseRate.objects.get(province_code="01", amount=650_000).valid_to == Month(2026, 12)
    assert _national_open().amount == 500_000
    rules = ruleset_load()
    assert rules.base_rate(Month(2027, 1), "01") == 700_000
    assert rules.base_rate(Month(2026, 12), "01") == 650_000


def test_a_rate_from_the_same_month_supersedes_the_current_one_without_editing_it():
    base_rate_add(amount=510_000, valid_from="2024-07", basis="Đính chính")
    assert BaseRate.objects.get(amount=500_000).valid_to is None
    assert ruleset_load().base_rate(Month(2024, 8)) == 510_000


def test_an_open_rate_starting_before_the_current_one_is_refused():
    with pytest.raises(ValidationError) as exc:
        base_rate_add(amount=450_000, valid_from="2024-01", basis="Nhầm")
    assert "valid_from" in exc.value.message_dict
    assert BaseRate.objects.count() == 4


@pytest.mark.parametrize(
    "kwargs",
    [
        {"amount": 0},
        {"amount": -5},
        {"basis": "  "},
        {"valid_from": "2026-13"},
        {"valid_from": "2026-07", "valid_to": "2026-06"},
    ],
)
def test_invalid_rows_are_refused(kwargs):
    args = {"amount": 540_000, "valid_from": "2026-07", "basis": "Nghị định"} | kwargs
    with pytest.raises(ValidationError):
        base_rate_add(**args)
    assert BaseRate.objects.count() == 4


def test_adding_a_past_base_rate_changes_compute_for_those_months_only():
    person = PersonFacts(birth_date=date(1980, 1, 1), disability_level="severe")
    ents = [Entitlement("K6", Month(2021, 7))]
    months = Month.range(Month(2021, 1), Month(2026, 12))
    before = {m: compute(person, ents, m, ruleset_load()) for m in months}

    base_rate_add(amount=400_000, valid_from="2023-01", valid_to="2023-03", basis="Nghị định bổ sung")

    after = {m: compute(person, ents, m, ruleset_load()) for m in months}
    changed = [m for m in months if after[m] != before[m]]
    assert changed == [Month(2023, 1), Month(2023, 2), Month(2023, 3)]
    assert [after[m].total for m in changed] == [600_000] * 3
    assert "mức chuẩn: Nghị định bổ sung" in after[Month(2023, 2)].lines[0].basis
    # The rows it overlaps are untouched.
    assert BaseRate.objects.get(amount=360_000).valid_to == Month(2024, 6)


def test_a_social_pension_amount_succeeds_the_current_one():
    flat_amount_add(amount=540_000, valid_from="2026-07", basis="Nghị định mới")
    assert FlatAmount.objects.get(amount=500_000).valid_to == Month(2026, 6)
    person = PersonFacts(birth_date=date(1940, 1, 1))
    ents = [Entitlement("SP-75", Month(2025, 7))]
    rules = ruleset_load()
    assert compute(person, ents, Month(2026, 6), rules).total == 500_000
    assert compute(person, ents, Month(2026, 7), rules).total == 540_000
    assert compute(person, ents, Month(2026, 7), rules, "01").total == 690_000


# -- manage.py add_base_rate: the same service from the command line -----------------------------


def test_the_command_adds_a_national_rate_and_closes_the_current_one():
    out = StringIO()
    call_command("add_base_rate", "--amount", "540000", "--from", "2026-07", "--basis", "Nghị định X/2026", stdout=out)
    assert "540.000" in out.getvalue()
    assert BaseRate.objects.get(amount=540_000).valid_from == Month(2026, 7)
    assert BaseRate.objects.get(amount=500_000).valid_to == Month(2026, 6)


def test_the_command_adds_a_provincial_rate_for_past_months():
    call_command(
        "add_base_rate", "--amount", "600000", "--from", "2025-01", "--to", "2025-06",
        "--basis", "Nghị quyết HĐND tỉnh", "--province", "79", stdout=StringIO(),
    )  # fmt: skip
    row = BaseRate.objects.get(province_code="79")
    assert (row.valid_from, row.valid_to) == (Month(2025, 1), Month(2025, 6))


def test_the_command_refuses_a_bad_month_and_adds_nothing():
    with pytest.raises(CommandError, match="Tháng"):
        call_command("add_base_rate", "--amount", "540000", "--from", "2026-13", "--basis", "X", stdout=StringIO())
    assert BaseRate.objects.count() == 4
