"""Indicators of plans.md computed from the system's own data, against hand-computed fixtures."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from beneficiaries.models import CaseStatus
from plans.indicators import indicator_values, plan_progress
from plans.services import entry_add_manual, entry_deliver, round_open
from tests.benefits.payroll_factories import first, make_case, make_person
from tests.plans.plan_factories import issued_plan
from tests.reports.chain_factories import locked_roll, officer_of, people

pytestmark = pytest.mark.django_db


def test_every_indicator_shows_no_data_yet_when_the_system_holds_none(commune):
    values = indicator_values(commune, 2026)
    assert set(values) == {
        "beneficiaries_paid", "eligible_paid_pct", "non_cash_pct", "spending_total", "new_cases",
        "terminated_cases", "emergency_aided_on_time_pct", "longevity_listed", "longevity_delivered",
    }
    assert all(v is None for v in values.values())
    assert {m.shown for m in plan_progress(commune, 2026)} == {"chưa có dữ liệu"}


def test_roll_indicators_count_the_last_locked_roll_of_the_year_over_the_subtree(
    province, commune, other_commune, officer, rule_tables
):
    paid = people(commune, 3, bank=1)
    roll = locked_roll(commune, user=officer)
    people(other_commune, 2, prefix="Khác")  # eligible in the other commune, but no roll there
    # Approved after the roll was locked: eligible at the end of July, not paid in its roll.
    late = make_person(commune, "Người duyệt muộn", birth=date(1944, 3, 3))
    make_case(late, "SP-75", start="2026-07")
    ended = make_person(commune, "Người thôi hưởng", birth=date(1940, 3, 3))
    make_case(ended, "SP-75", start="2025-01", end="2026-05", status=CaseStatus.TERMINATED)

    values = indicator_values(commune, 2026)
    assert values["beneficiaries_paid"] == 3
    assert values["eligible_paid_pct"] == 75.0  # 3 of the 4 people eligible at the end of July
    assert values["non_cash_pct"] == 33.3  # 1 of 3 through an account
    assert values["spending_total"] == roll.total > 0
    assert values["new_cases"] == 4 and values["terminated_cases"] == 1
    assert len(paid) == 3
    # The province: the other commune's two are eligible too, and no roll of theirs is locked.
    province_values = indicator_values(province, 2026)
    assert province_values["beneficiaries_paid"] == 3
    assert province_values["eligible_paid_pct"] == 50.0
    assert indicator_values(commune, 2025)["beneficiaries_paid"] is None


def test_a_legacy_districts_subtree_counts_its_communes_and_plan_progress_prints_json(legacy_tree, rule_tables):
    _province, district, commune = legacy_tree
    officer = officer_of(commune)
    people(commune, 2, bank=2)
    roll = locked_roll(commune, user=officer)
    issued_plan(district, officer_of(district), targets=(("100% người hưởng nhận qua tài khoản", "non_cash_pct", "100"),
                                                         ("Chi trả đúng hạn", "beneficiaries_paid", "2")))
    out = StringIO()
    call_command("plan_progress", unit="071", year=2026, stdout=out)
    doc = json.loads(out.getvalue().strip().splitlines()[-1])
    assert doc["unit"] == "071" and doc["year"] == 2026
    rows = {r["code"]: r for r in doc["indicators"]}
    assert set(rows["non_cash_pct"]) == {"code", "label", "actual", "target"}
    assert rows["non_cash_pct"]["actual"] == 100.0 and rows["non_cash_pct"]["target"] == 100.0
    assert rows["beneficiaries_paid"] == {"code": "beneficiaries_paid", "label": rows["beneficiaries_paid"]["label"],
                                          "actual": 2, "target": 2.0}
    assert rows["spending_total"]["actual"] == roll.total and rows["spending_total"]["target"] is None
    assert rows["emergency_aided_on_time_pct"]["actual"] is None


def test_longevity_indicators_count_the_years_lists_and_what_was_delivered(commune, officer, longevity_rules):
    round_ = round_open(user=officer, unit=commune, occasion="tet", year=2026)
    listed = [entry_add_manual(round_=round_, user=officer, full_name=f"Cụ {i}", birth_year=1936, hamlet="Thôn Nà Pồng",
                               level="90", reason="Bổ sung", sex="female") for i in range(3)]
    entry_deliver(entry=listed[0], user=officer, delivered_on=date(2026, 2, 10), received_by="Con gái",
                  signature_returned=True)
    values = indicator_values(commune, 2026)
    assert values["longevity_listed"] == round_.entries.count() == 3
    assert values["longevity_delivered"] == 1
    assert indicator_values(commune, 2027)["longevity_listed"] is None


def test_the_emergency_indicator_is_the_emergency_apps_timeliness(commune, monkeypatch):
    import benefits.emergency.selectors as emergency

    seen = []
    monkeypatch.setattr(emergency, "emergency_aided_on_time_pct", lambda unit, period: seen.append((unit, period)) or 87.5)
    assert indicator_values(commune, 2026)["emergency_aided_on_time_pct"] == 87.5
    assert seen == [(commune, 2026)]
    assert first("2026-07") == date(2026, 7, 1)
