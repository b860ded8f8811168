"""How a round is computed and written (docs/longevity.md §8): the birth years read in SQL come from
the engine and hold everyone it celebrates; the entries written — COPY on PostgreSQL, bulk_create
elsewhere — are what the engine computes for each person of the register; which writes keep a
per-row history."""

from datetime import date, timedelta

import pytest
from django.db import connection

from beneficiaries.identity import name_normalize
from engine import longevity as lg
from plans.models import CelebrationEntry, CelebrationRound, ElderlyPerson, LongevityAgeRule, LongevityGiftLevel
from plans.selectors import longevity_rules_load, province_of
from plans.services import entry_add_manual, entry_deliver, round_compute, round_open
from tests.beneficiaries.factories import PersonFactory, listed_hamlet

YEAR = 2026  # Tết 2026: 17/02


# -- the birth years a round reads ------------------------------------------------------------------


def _days(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


@pytest.mark.parametrize("rule", lg.AGE_RULES)
def test_the_age_counted_is_within_the_engines_offsets_of_year_minus_birth_year(rule):
    # Every birth day of four years (two around a late Tết, two around an early one), every occasion.
    for occasion in lg.OCCASIONS:
        for born in (d for y in (1955, 1956, 1965, 1966) for d in _days(y)):
            facts = lg.LongevityFacts(birth_year=born.year, birth_date=born)
            day = lg.celebration_date(occasion, YEAR, facts)
            assert lg.age_on(rule, facts, day) - (day.year - born.year) in lg.AGE_OFFSETS[rule], (occasion, born)
        year_only = lg.LongevityFacts(birth_year=1956)
        day = lg.celebration_date(occasion, YEAR, year_only)
        assert lg.age_on(rule, year_only, day) - (day.year - 1956) in lg.AGE_OFFSETS[rule]


@pytest.mark.parametrize("rule", lg.AGE_RULES)
@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_the_birth_years_read_hold_everyone_the_engine_celebrates_and_the_year_rule_no_one_else(rule, year):
    years, oldest = lg.birth_years_celebrated(year, rule)
    # Around each birthday that moves the age: New Year, the Tết of the birth year, the occasions' days.
    for birth_year in range(year - 110, year - 60):
        tet = lg.tet_date(birth_year)
        days = {
            date(birth_year, 1, 1),
            date(birth_year, 12, 31),
            tet,
            tet - timedelta(days=1),
            date(birth_year, 6, 6),
            date(birth_year, 6, 7),
            date(birth_year, 10, 1),
            date(birth_year, 10, 2),
            date(birth_year, 2, 28),
            lg.tet_date(year).replace(year=birth_year),
            lg.tet_date(year).replace(year=birth_year) - timedelta(days=1),
        }
        for born in [*sorted(days), None]:
            facts = lg.LongevityFacts(birth_year=birth_year, birth_date=born, age_rule=rule)
            for occasion in lg.OCCASIONS:
                result = lg.compute_longevity(facts, occasion, year, lg.SEED_LONGEVITY_RULES)
                if result.level:
                    assert birth_year in years or birth_year <= oldest, (born, occasion, result.age)
    if rule == lg.AGE_YEAR:  # exactly the celebrated birth years
        assert years == tuple(sorted(year - age for age in lg.CELEBRATED_AGES if age < 100))
        assert oldest == year - 100
    assert lg.birth_years_celebrated(year) == (
        tuple(sorted({y for r in lg.AGE_RULES for y in lg.birth_years_celebrated(year, r)[0]})),
        max(lg.birth_years_celebrated(year, r)[1] for r in lg.AGE_RULES),
    )


# -- the entries written ----------------------------------------------------------------------------


def _register(commune):
    """A register of every kind of person: every age from 64 to 106, birth dates around Tết and
    birth years alone, deaths and moves before and after the date, a registry person not in it."""
    tet = lg.tet_date(YEAR)
    people = []
    for i, age in enumerate(range(64, 107)):
        by = YEAR - age
        for j, born in enumerate((None, date(by, 1, 5), lg.tet_date(by) - timedelta(days=1), date(by, 2, 20),
                                  date(by, 12, 31))):  # fmt: skip
            n = i * 5 + j
            name = f"Người Số {n}"
            people.append(ElderlyPerson(
                unit=commune, full_name=name, name_normalized=name_normalize(name), birth_date=born, birth_year=by,
                sex="female" if n % 2 else "male", national_id=None, hamlet=f"Thôn {n % 3 + 1}",
                death_date=tet - timedelta(days=3) if n % 11 == 0 else (tet + timedelta(days=2) if n % 13 == 0 else None),
                moved_out_date=tet - timedelta(days=9) if n % 17 == 0 else None, moved_to="Xã Khác" if n % 17 == 0 else "",
            ))  # fmt: skip
    ElderlyPerson.objects.bulk_create(people)
    PersonFactory(unit=commune, full_name="Triệu Văn Sổ", birth_date=date(YEAR - 80, 4, 4), sex="male")
    PersonFactory(unit=commune, full_name="Triệu Thị Sổ", birth_date=date(YEAR - 90, 3, 3), sex="female")
    regime, code = province_of(commune)
    # A provincial table for two levels, so that gifts and amounts differ between levels.
    LongevityGiftLevel.objects.create(level="70", giver="UBND tỉnh", cash=300_000, valid_from=date(2020, 1, 1),
                                      regime=regime, province_code=code, basis="Nghị quyết thử 1/2020")  # fmt: skip
    LongevityGiftLevel.objects.create(level="90", giver="UBND tỉnh", cash=900_000, valid_from=date(2020, 1, 1),
                                      regime=regime, province_code=code, combine=lg.COMBINE_REPLACE,
                                      basis="Nghị quyết thử 1/2020")  # fmt: skip


COLUMNS = ("elderly_id", "person_id", "full_name", "birth_text", "sex", "national_id", "hamlet", "date", "age",
           "level", "ceremony", "card", "gifts", "cash", "in_kind", "national_amount", "province_amount",
           "local_amount_recorded", "explanation", "manual_reason", "dropped_out", "dropped_reason", "delivered_on",
           "received_by", "signature_returned")  # fmt: skip


def _entries(round_):
    return sorted(
        CelebrationEntry.objects.filter(round=round_).values_list(*COLUMNS), key=lambda r: (r[0] or 0, r[1] or 0)
    )


def _expected(commune, rule):
    """What the engine gives for every person of the register and of the registry, one by one."""
    from beneficiaries.models import Person

    rules = longevity_rules_load()  # the rule rows, seeded and added, as the engine takes them
    regime, code = province_of(commune)
    rows = []
    people = [(e.pk, None, e) for e in ElderlyPerson.objects.filter(unit=commune)]
    people += [(None, p.pk, p) for p in Person.objects.filter(unit=commune)]
    for elderly_id, person_id, p in people:
        facts = lg.LongevityFacts(birth_year=p.birth_year, birth_date=p.birth_date, death_date=p.death_date,
                                  moved_out_date=p.moved_out_date if elderly_id else None, province_code=code,
                                  regime=regime, age_rule=rule)  # fmt: skip
        r = lg.compute_longevity(facts, lg.OCCASION_TET, YEAR, rules)
        if not r.level:
            continue
        birth = p.birth_date.strftime("%d/%m/%Y") if p.birth_date else str(p.birth_year)
        rows.append((elderly_id, person_id, p.full_name, birth, p.sex, p.national_id or "", p.hamlet, r.date, r.age,
                     r.level, r.ceremony, r.card or "", [g.to_json() for g in r.gifts], r.cash_total,
                     r.in_kind_total, r.national_total, r.province_total, r.local_amount_recorded, r.explanation,
                     "", False, "", None, "", False))  # fmt: skip
    return sorted(rows, key=lambda r: (r[0] or 0, r[1] or 0))


@pytest.mark.parametrize("rule", lg.AGE_RULES)
def test_the_entries_written_are_what_the_engine_computes_for_each_person(commune, officer, longevity_rules, rule):
    _register(commune)
    regime, code = province_of(commune)
    LongevityAgeRule.objects.create(regime=regime, province_code=code, rule=rule, valid_from=date(2020, 1, 1),
                                    basis="Quyết định thử")  # fmt: skip
    expected = _expected(commune, rule)
    round_ = round_open(user=officer, unit=commune, occasion=lg.OCCASION_TET, year=YEAR)
    assert round_.age_rule == rule
    entries = _entries(round_)
    assert {e[9] for e in entries} == set(lg.LEVELS)  # every level is there, with the two tables' gifts
    assert entries == expected
    # The plain path (bulk_create, any database) writes the same.
    CelebrationEntry.objects.filter(round=round_).delete()
    round_compute(round_=round_, user=officer, copy=False)
    assert _entries(round_) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_and_bulk_create_write_the_same_entries(commune, officer, longevity_rules):
    _register(commune)
    round_ = round_open(user=officer, unit=commune, occasion=lg.OCCASION_TET, year=YEAR)  # COPY by default
    by_copy = _entries(round_)
    CelebrationEntry.objects.filter(round=round_).delete()
    round_compute(round_=round_, user=officer, copy=False)
    by_bulk_create = _entries(round_)
    CelebrationEntry.objects.filter(round=round_).delete()
    round_compute(round_=round_, user=officer, copy=True)
    assert len(by_copy) > 50
    assert by_copy == by_bulk_create == _entries(round_)


def test_copy_is_refused_outside_postgresql(commune, officer, longevity_rules):
    from plans.services import entries_insert

    if connection.vendor == "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")
    round_ = round_open(user=officer, unit=commune, occasion=lg.OCCASION_TET, year=YEAR)
    with pytest.raises(ValueError):
        entries_insert(round_, [], copy=True)


# -- history ----------------------------------------------------------------------------------------


def test_computed_entries_have_no_row_history_but_every_change_after_is_recorded(commune, officer, longevity_rules):
    _register(commune)
    round_ = round_open(user=officer, unit=commune, occasion=lg.OCCASION_TET, year=YEAR)
    entries = CelebrationEntry.objects.filter(round=round_)
    history = CelebrationEntry.history.model.objects
    assert entries.count() > 50 and history.count() == 0
    assert [h.history_user for h in round_.history.all()] == [officer]  # the round records the computation
    # A death recorded after the list was made: the recomputation drops the person, with history.
    gone = entries.filter(elderly__isnull=False, level="80").first()
    ElderlyPerson.objects.filter(pk=gone.elderly_id).update(death_date=round_.date - timedelta(days=1))
    counts = round_compute(round_=CelebrationRound.objects.get(pk=round_.pk), user=officer)
    assert counts["dropped"] == 1 and counts["added"] == 0
    assert list(history.values_list("id", "history_type", "dropped_out", "history_user")) == [
        (gone.pk, "~", True, officer.pk)
    ]  # only the changed entry: the others kept their values and were not written
    assert round_.history.count() == 2
    # Adding a person by hand and marking gifts delivered keep their history too.
    listed_hamlet(round_.unit, "Bản Mới")
    added = entry_add_manual(round_=round_, user=officer, full_name="Vàng Thị Dợ", birth_year=YEAR - 85,
                             hamlet="Bản Mới", level="85", reason="Chưa có trong danh sách của Hội")  # fmt: skip
    kept = entries.exclude(pk=gone.pk).filter(manual_reason="").first()
    entry_deliver(entry=kept, user=officer, delivered_on=date.today(), received_by="Con trai", signature_returned=True)
    assert set(history.values_list("id", "history_type", "history_user")) == {
        (gone.pk, "~", officer.pk), (added.pk, "+", officer.pk), (kept.pk, "~", officer.pk)
    }  # fmt: skip
