from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beneficiaries.errors import RegistryError
from beneficiaries.facts import case_entitlement, case_paid_until, person_facts, unit_entitlements
from beneficiaries.models import CaseChild, CaseStatus
from benefits.engine import SEED_RULESET, Month, compute
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case, poor_household


def test_person_facts_carry_birth_poverty_of_the_year_and_the_disability_level(commune):
    person = PersonFactory(unit=commune, birth_date=date(1960, 6, 1), has_pension=True)
    poor_household(person, 2026)
    active_case(person, "K6", disability_level="extra_severe")
    facts = person_facts(person, year=2026)
    assert (facts.birth_date, facts.birth_year, facts.household_poverty) == (date(1960, 6, 1), None, "poor")
    assert (facts.disability_level, facts.has_pension) == ("extra_severe", True)
    assert person_facts(person, year=2025).household_poverty == "none"


def test_a_birth_year_alone_is_passed_as_the_year(commune):
    person = PersonFactory(unit=commune, birth_date=None, birth_year=1940)
    facts = person_facts(person, year=2026)
    assert (facts.birth_date, facts.birth_year) == (None, 1940)


def test_children_and_their_studies_come_from_the_cases_judged_on_the_month(commune):
    mother = PersonFactory(unit=commune, birth_date=date(1985, 1, 1))
    poor_household(mother, 2026)
    k4 = active_case(mother, "K4")
    CaseChild.objects.create(case=k4, full_name="An", birth_date=date(2008, 5, 5), studying_until=date(2026, 6, 30))
    CaseChild.objects.create(case=k4, full_name="Bình", birth_date=date(2015, 5, 5))
    may = person_facts(mother, year=2026, month=Month(2026, 5))
    assert [c.studying for c in may.children] == [True, False]
    assert [c.studying for c in person_facts(mother, year=2026, month=Month(2026, 9)).children] == [False, False]


def test_a_disabled_mother_who_is_pregnant_is_pregnant_until_the_due_date(commune):
    mother = PersonFactory(unit=commune, birth_date=date(1995, 1, 1))
    active_case(mother, "CS-DISABLED-PARENT", pregnant=True, pregnancy_due_date=date(2026, 8, 10))
    assert person_facts(mother, year=2026, month=Month(2026, 8)).pregnant is True
    assert person_facts(mother, year=2026, month=Month(2026, 9)).pregnant is False


def test_the_entitlement_of_a_case_names_the_case_and_its_months(commune):
    person = PersonFactory(unit=commune)
    case = active_case(
        person, "K6", start=date(2025, 8, 1), end_month=date(2026, 3, 1), paid_until_month=date(2025, 12, 1)
    )
    entitlement = case_entitlement(case)
    assert (entitlement.category, entitlement.start_month, entitlement.end_month, entitlement.ref) == (
        "K6",
        Month(2025, 8),
        Month(2026, 3),
        case.pk,
    )
    assert entitlement.cared_person is None
    assert case_paid_until(case) == Month(2025, 12)


def test_a_care_support_entitlement_carries_the_facts_of_the_person_cared_for(commune):
    cared = PersonFactory(unit=commune, birth_date=date(2012, 2, 2))
    carer = PersonFactory(unit=commune)
    case = active_case(carer, "CS-FOSTER-DISABLED", cared_person=cared, disability_level="extra_severe")
    entitlement = case_entitlement(case, year=2026)
    assert entitlement.cared_person.birth_date == date(2012, 2, 2)
    assert entitlement.cared_person.disability_level == "extra_severe"  # from the case: the child has no K6 case here


def test_an_undecided_case_has_no_entitlement(commune):
    with pytest.raises(RegistryError):
        case_entitlement(CaseFactory(person=PersonFactory(unit=commune)))


def test_the_engine_computes_a_registered_k6_case(commune):
    person = PersonFactory(unit=commune, birth_date=date(1980, 1, 1))
    case = active_case(person, "K6", start=date(2025, 8, 1), disability_level="severe")
    result = compute(person_facts(person, year=2026), [case_entitlement(case)], Month(2026, 1), SEED_RULESET)
    assert result.total == 750_000
    assert result.lines[0].ref == case.pk


def test_unit_entitlements_reads_decided_cases_in_a_constant_number_of_queries_per_chunk(commune, other_commune):
    for i in range(12):
        person = PersonFactory(unit=commune, birth_date=date(1950 + i, 1, 1))
        poor_household(person, 2026)
        active_case(person, "K6")
        cared = PersonFactory(unit=commune, birth_date=date(2015, 1, 1))
        care = active_case(person, "CS-HOUSEHOLD", cared_person=cared, disability_level="extra_severe")
        CaseChild.objects.create(case=care, birth_date=date(2024, 1, 1))
    ended = PersonFactory(unit=commune)
    active_case(ended, "K6", end_month=date(2026, 1, 1), status=CaseStatus.TERMINATED)
    CaseFactory(person=PersonFactory(unit=commune), status=CaseStatus.SUBMITTED)
    active_case(PersonFactory(unit=other_commune), "K6")

    with CaptureQueriesContext(connection) as small:
        rows = list(unit_entitlements([commune.pk], month=Month(2026, 3), chunk_size=5))
    assert len(rows) == 12
    assert all(len(ents) == 2 for _, _, ents in rows)
    person, facts, ents = rows[0]
    assert facts.household_poverty == "poor" and facts.disability_level == "severe"
    assert {e.category for e in ents} == {"K6", "CS-HOUSEHOLD"}
    chunks = 3  # 12 people by 5
    assert len(small) <= chunks * 8 + 1
    with CaptureQueriesContext(connection) as one_chunk:
        list(unit_entitlements([commune.pk], month=Month(2026, 3), chunk_size=100))
    assert len(one_chunk) <= 9

    earlier = list(unit_entitlements([commune.pk], month=Month(2025, 12)))
    assert len(earlier) == 13  # the case that ended in 01/2026 still matters for 12/2025
