"""start_month_for: the decision month, except the pre-reform certificate and birthday rules."""

from datetime import date

import pytest

from engine import EngineError, Month
from engine.start import start_month_for


def test_entitlement_starts_in_the_month_the_decision_is_signed():
    assert start_month_for("K1", date(2024, 3, 28)) == Month(2024, 3)
    assert start_month_for("SP-75", date(2025, 7, 15)) == Month(2025, 7)


def test_disability_allowance_decided_before_july_2025_starts_in_the_certificate_month():
    assert start_month_for("K6", date(2024, 5, 10), certificate_date=date(2024, 2, 20)) == Month(2024, 2)


def test_disability_allowance_without_certificate_date_starts_in_the_decision_month():
    assert start_month_for("K6", date(2024, 5, 10)) == Month(2024, 5)


def test_disability_allowance_decided_from_july_2025_starts_in_the_decision_month():
    assert start_month_for("K6", date(2025, 7, 1), certificate_date=date(2025, 5, 2)) == Month(2025, 7)


def test_old_elderly_categories_start_in_the_month_of_the_75th_or_80th_birthday():
    assert start_month_for("K5B", date(2023, 11, 5), birth_date=date(1948, 6, 12)) == Month(2023, 6)
    assert start_month_for("K5C", date(2023, 11, 5), birth_date=date(1943, 9, 30)) == Month(2023, 9)
    assert start_month_for("K5C", date(2023, 11, 5), birth_year=1943) == Month(2023, 1)


def test_old_elderly_birthday_rule_needs_a_birth_date_or_year():
    with pytest.raises(EngineError):
        start_month_for("K5C", date(2023, 11, 5))


def test_the_birthday_rule_does_not_apply_to_decisions_from_july_2025():
    assert start_month_for("K5C", date(2025, 7, 3), birth_date=date(1945, 1, 1)) == Month(2025, 7)
