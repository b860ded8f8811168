import json
from datetime import date

from benefits.payroll.compute import facts_snapshot
from engine import Child, Entitlement, Month, PersonFacts


def test_the_frozen_facts_are_valid_json_with_every_fact():
    facts = PersonFacts(birth_date=date(1990, 2, 14), household_poverty="poor", disability_level="severe",
                        children=(Child(birth_date=date(2019, 3, 1)), Child(birth_year=2015, studying=True)))
    cared = PersonFacts(birth_year=2022)
    text = facts_snapshot(facts, [Entitlement("K4", Month(2020, 1), None, ref=7),
                                  Entitlement("CS-FOSTER", Month(2024, 2), Month(2026, 1), cared_person=cared, ref=8)])
    data = json.loads(text)
    assert data["person"]["children"][1] == {"birth_date": None, "birth_year": 2015, "studying": True}
    assert data["person"]["birth_date"] == "1990-02-14" and data["person"]["disability_level"] == "severe"
    assert data["entitlements"][1] == {"case": 8, "category": "CS-FOSTER", "start_month": "2024-02",
                                       "end_month": "2026-01", "cared_person": {
                                           "birth_date": None, "birth_year": 2022, "death_date": None,
                                           "household_poverty": "none", "disability_level": None,
                                           "has_pension": False, "studying": False, "pregnant": False, "children": []}}
