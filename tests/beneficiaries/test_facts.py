"""The one facts builder (beneficiaries.facts): the facts of a person in a month, from rows."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from beneficiaries.facts import facts_data_load, pays_in
from beneficiaries.models import CaseChild, CaseStatus, HouseholdPoverty
from engine import SEED_RULESET, Month, compute
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case, poor_household


def _facts(person, month):
    return facts_data_load([person.pk]).facts(person.pk, month)


def test_person_facts_carry_birth_poverty_of_the_month_s_year_and_the_disability_level(commune):
    person = PersonFactory(unit=commune, birth_date=date(1960, 6, 1), has_pension=True)
    poor_household(person, 2026)
    active_case(person, "K6", disability_level="extra_severe")
    facts = _facts(person, Month(2026, 3))
    assert (facts.birth_date, facts.birth_year, facts.household_poverty) == (date(1960, 6, 1), None, "poor")
    assert (facts.disability_level, facts.has_pension) == ("extra_severe", True)
    assert _facts(person, Month(2025, 12)).household_poverty == "none"


def test_poverty_is_read_for_the_year_of_each_month(commune):
    person = PersonFactory(unit=commune)
    household = poor_household(person, 2025)
    HouseholdPoverty.objects.create(household=household, year=2026, status="near_poor")
    data = facts_data_load([person.pk])
    assert data.facts(person.pk, Month(2025, 12)).household_poverty == "poor"
    assert data.facts(person.pk, Month(2026, 1)).household_poverty == "near_poor"
    assert data.poverty_recorded(person.pk, 2026) and not data.poverty_recorded(person.pk, 2027)


def test_a_birth_year_alone_is_passed_as_the_year(commune):
    person = PersonFactory(unit=commune, birth_date=None, birth_year=1940)
    facts = _facts(person, Month(2026, 1))
    assert (facts.birth_date, facts.birth_year) == (None, 1940)


def test_children_and_their_studies_come_from_the_cases_judged_on_the_month(commune):
    mother = PersonFactory(unit=commune, birth_date=date(1985, 1, 1))
    poor_household(mother, 2026)
    k4 = active_case(mother, "K4")
    CaseChild.objects.create(case=k4, full_name="An", birth_date=date(2008, 5, 5), studying_until=date(2026, 6, 30))
    CaseChild.objects.create(case=k4, full_name="Bình", birth_date=date(2015, 5, 5))
    assert [c.studying for c in _facts(mother, Month(2026, 5)).children] == [True, False]
    assert [c.studying for c in _facts(mother, Month(2026, 9)).children] == [False, False]


def test_a_disabled_mother_who_is_pregnant_is_pregnant_until_the_due_date(commune):
    mother = PersonFactory(unit=commune, birth_date=date(1995, 1, 1))
    active_case(mother, "CS-DISABLED-PARENT", pregnant=True, pregnancy_due_date=date(2026, 8, 10))
    assert _facts(mother, Month(2026, 8)).pregnant is True
    assert _facts(mother, Month(2026, 9)).pregnant is False


def test_an_imported_student_without_an_end_of_studies_date_is_studying(commune):
    student = PersonFactory(unit=commune, birth_date=date(2007, 3, 1))
    active_case(student, "K2", studying_until=None)
    assert _facts(student, Month(2025, 9)).studying is True


def test_the_level_of_a_person_cared_for_is_not_the_carer_s_own(commune):
    carer = PersonFactory(unit=commune, birth_date=date(1980, 1, 1))
    active_case(carer, "K6", disability_level="severe")
    cared = PersonFactory(unit=commune, birth_date=date(2010, 1, 1))
    care = active_case(carer, "CS-HOUSEHOLD", cared_person=cared, disability_level="extra_severe")
    data = facts_data_load([carer.pk])
    assert data.facts(carer.pk, Month(2026, 1)).disability_level == "severe"
    row = next(c for c in data.cases[carer.pk] if c.id == care.pk)
    assert data.entitlement(row, Month(2026, 1)).cared_person.disability_level == "extra_severe"


def test_the_entitlement_of_a_case_names_the_case_and_its_months(commune):
    person = PersonFactory(unit=commune)
    case = active_case(person, "K6", start=date(2025, 8, 1), end_month=date(2026, 3, 1))
    data = facts_data_load([person.pk])
    entitlement = data.entitlement(data.cases[person.pk][0], Month(2026, 1))
    assert (entitlement.category, entitlement.start_month, entitlement.end_month, entitlement.ref) == (
        "K6", Month(2025, 8), Month(2026, 3), case.pk,
    )  # fmt: skip
    assert entitlement.cared_person is None


def test_a_suspended_case_pays_until_the_month_before_its_suspension(commune):
    person = PersonFactory(unit=commune)
    active_case(person, "K6", status=CaseStatus.SUSPENDED, suspended_from_month=date(2026, 2, 1))
    data = facts_data_load([person.pk])
    row = data.cases[person.pk][0]
    assert pays_in(row, Month(2026, 1)) and not pays_in(row, Month(2026, 2))
    assert data.entitlement(row, Month(2026, 1)).end_month == Month(2026, 1)


def test_a_care_support_entitlement_carries_the_facts_of_the_person_cared_for(commune):
    cared = PersonFactory(unit=commune, birth_date=date(2012, 2, 2))
    carer = PersonFactory(unit=commune)
    active_case(carer, "CS-FOSTER-DISABLED", cared_person=cared, disability_level="extra_severe")
    data = facts_data_load([carer.pk])
    entitlement = data.entitlement(data.cases[carer.pk][0], Month(2026, 1))
    assert entitlement.cared_person.birth_date == date(2012, 2, 2)
    assert entitlement.cared_person.disability_level == "extra_severe"  # from the case: the child has no K6 case here


def test_undecided_cases_give_no_facts(commune):
    person = PersonFactory(unit=commune)
    CaseFactory(person=person, category="K6", disability_level="severe")
    assert facts_data_load([person.pk]).cases.get(person.pk) is None


def test_the_engine_computes_a_registered_k6_case(commune):
    person = PersonFactory(unit=commune, birth_date=date(1980, 1, 1))
    case = active_case(person, "K6", start=date(2025, 8, 1), disability_level="severe")
    data = facts_data_load([person.pk])
    facts, ents = data.month_input(person.pk, Month(2026, 1), data.cases[person.pk])
    result = compute(facts, ents, Month(2026, 1), SEED_RULESET)
    assert result.total == 750_000
    assert result.lines[0].ref == case.pk


def test_the_loader_reads_a_constant_number_of_queries_whatever_the_number_of_people(commune):
    def make(n):
        ids = []
        for i in range(n):
            person = PersonFactory(unit=commune, birth_date=date(1950 + i, 1, 1))
            poor_household(person, 2026)
            active_case(person, "K6")
            cared = PersonFactory(unit=commune, birth_date=date(2015, 1, 1))
            care = active_case(person, "CS-HOUSEHOLD", cared_person=cared, disability_level="extra_severe")
            CaseChild.objects.create(case=care, birth_date=date(2024, 1, 1))
            ids.append(person.pk)
        return ids

    few, many = make(2), make(12)
    with CaptureQueriesContext(connection) as small:
        facts_data_load(few)
    with CaptureQueriesContext(connection) as large:
        data = facts_data_load(many)
    assert len(large) == len(small) <= 8
    facts = data.facts(many[0], Month(2026, 3))
    assert facts.household_poverty == "poor" and facts.disability_level == "severe"
