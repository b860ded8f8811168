"""Properties of compute() over random facts, entitlements and months (hypothesis)."""

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import (
    SEED_RULESET,
    BaseRateRule,
    Child,
    Entitlement,
    Month,
    PersonFacts,
    compute,
)

CODES = [c.code for c in SEED_RULESET.categories]
CARED = {"CS-FOSTER", "CS-HOUSEHOLD", "CS-FOSTER-DISABLED"}
FIRST, LAST = Month(2019, 1), Month(2028, 12)

months = st.integers(FIRST.index, LAST.index).map(Month.from_index)
provinces = st.sampled_from([None, "01", "79"])
births = st.dates(date(1920, 1, 1), date(2028, 12, 31))


@st.composite
def people(draw):
    by_year = draw(st.booleans())
    born = draw(births)
    died = draw(st.none() | st.dates(born, date(2029, 12, 31)))
    return PersonFacts(
        birth_date=None if by_year else born,
        birth_year=born.year if by_year else None,
        death_date=died,
        household_poverty=draw(st.sampled_from(["poor", "near_poor", "none"])),
        disability_level=draw(st.sampled_from([None, "severe", "extra_severe"])),
        has_pension=draw(st.booleans()),
        studying=draw(st.booleans()),
        pregnant=draw(st.booleans()),
        children=tuple(
            Child(birth_date=d, studying=s) for d, s in draw(st.lists(st.tuples(births, st.booleans()), max_size=3))
        ),
    )


@st.composite
def entitlements(draw):
    code = draw(st.sampled_from(CODES))
    start = draw(months)
    end = draw(st.none() | st.integers(start.index - 2, LAST.index).map(Month.from_index))
    cared = draw(people()) if code in CARED else None
    return Entitlement(code, start, end, cared_person=cared, ref=draw(st.integers(0, 9)))


entitlement_lists = st.lists(entitlements(), max_size=5)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(people(), entitlement_lists, months, provinces)
def test_total_is_a_non_negative_int_equal_to_the_sum_of_the_lines(person, ents, month, province):
    result = compute(person, ents, month, SEED_RULESET, province)
    assert type(result.total) is int
    assert result.total >= 0
    assert result.total == sum(line.amount for line in result.lines)
    for line in result.lines:
        assert type(line.amount) is int and line.amount > 0
        assert line.amount == line.coefficient * line.base_rate
        assert line.basis
    assert result.explanation.endswith(" đ.")


@SETTINGS
@given(people(), entitlement_lists, months, provinces)
def test_a_month_outside_every_entitlement_pays_nothing(person, ents, month, province):
    outside = [e for e in ents if month < e.start_month or (e.end_month is not None and month > e.end_month)]
    result = compute(person, outside, month, SEED_RULESET, province)
    assert result.total == 0 and result.lines == ()


@SETTINGS
@given(people(), entitlement_lists, entitlements(), months, provinces)
def test_adding_an_entitlement_never_lowers_the_total(person, ents, extra, month, province):
    before = compute(person, ents, month, SEED_RULESET, province).total
    for position in (0, len(ents)):
        more = [*ents[:position], extra, *ents[position:]]
        assert compute(person, more, month, SEED_RULESET, province).total >= before


@st.composite
def dead_people_and_a_later_month(draw):
    """A person who died, and a month after the month of death (drawn so, never filtered)."""
    person = draw(people())
    born = person.birth_date or date(person.birth_year, 1, 1)
    died = draw(st.dates(born, max(born, date(2028, 11, 30))))
    after = draw(st.integers(Month.of(died).index + 1, LAST.index + 12).map(Month.from_index))
    return replace(person, death_date=died), after


@SETTINGS
@given(dead_people_and_a_later_month(), entitlement_lists, provinces)
def test_nothing_is_paid_after_the_month_of_death(dead, ents, province):
    person, month = dead
    assert month > Month.of(person.death_date)
    assert compute(person, ents, month, SEED_RULESET, province).total == 0


@SETTINGS
@given(
    people(),
    entitlement_lists,
    provinces,
    st.integers(Month(2014, 1).index, Month(2026, 12).index),
    st.integers(0, 18),
    st.integers(1, 200).map(lambda k: k * 10_000),
)
def test_adding_a_base_rate_row_for_past_months_changes_those_months_only(
    person, ents, province, first, length, amount
):
    start, end = Month.from_index(first), Month.from_index(first + length)
    changed = SEED_RULESET.with_rows(base_rates=(BaseRateRule(amount, start, end, None, "Nghị định thử"),))
    for month in Month.range(Month(2013, 6), Month(2027, 6)):
        old = compute(person, ents, month, SEED_RULESET, province)
        new = compute(person, ents, month, changed, province)
        if month < start or month > end:
            assert new == old
            assert new.explanation == old.explanation
        elif province is None:
            assert all(li.base_rate == amount for li in new.lines if li.scheme != "SOCIAL_PENSION")


def test_a_past_base_rate_row_changes_the_amount_in_exactly_its_months():
    person = PersonFacts(birth_date=date(1980, 1, 1), disability_level="severe")
    ents = [Entitlement("K6", Month(2021, 7))]
    row = BaseRateRule(520_000, Month(2024, 1), Month(2024, 3), None, "Nghị định bổ sung")
    changed = SEED_RULESET.with_rows(base_rates=(row,))
    for month in Month.range(Month(2023, 1), Month(2025, 12)):
        old = compute(person, ents, month, SEED_RULESET).total
        new = compute(person, ents, month, changed).total
        if Month(2024, 1) <= month <= Month(2024, 3):
            assert (old, new) == (540_000, 780_000)
        else:
            assert new == old
