"""Longevity celebrations (chúc thọ, mừng thọ): who is celebrated, at what age, with which gifts.

Pure Python, no Django (docs/longevity.md). The rules are data: dated, cited rows of gift levels
(national minimums of TT 96/2018/TT-BTC art. 3(2)(a) and provincial tables) and of the age-counting
rule each province uses. ``compute_longevity`` takes one person and one occasion and returns a
``LongevityResult``; ``compute_longevity_cases`` is the JSON format of ``manage.py compute_longevity``.

The Tết date comes from the ``holidays`` package, whose Vietnamese lunisolar calendar is computed
for UTC+7 (it differs from the Chinese calendar in some years, e.g. 1985 and 2007).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

# -- occasions, age rules, levels ---------------------------------------------------------------

OCCASION_TET = "tet"
OCCASION_ELDERLY_DAY = "06-06"  # Ngày Người cao tuổi Việt Nam
OCCASION_INTERNATIONAL_DAY = "10-01"  # Ngày Quốc tế Người cao tuổi
OCCASION_BIRTHDAY = "birthday"
OCCASIONS = (OCCASION_TET, OCCASION_ELDERLY_DAY, OCCASION_INTERNATIONAL_DAY, OCCASION_BIRTHDAY)
OCCASION_LABELS = {
    OCCASION_TET: "Tết Nguyên đán",
    OCCASION_ELDERLY_DAY: "Ngày Người cao tuổi Việt Nam (06/6)",
    OCCASION_INTERNATIONAL_DAY: "Ngày Quốc tế Người cao tuổi (01/10)",
    OCCASION_BIRTHDAY: "Sinh nhật",
}

AGE_YEAR = "year"
AGE_BIRTHDAY = "birthday"
AGE_LUNAR = "lunar"
AGE_RULES = (AGE_YEAR, AGE_BIRTHDAY, AGE_LUNAR)
AGE_RULE_LABELS = {
    AGE_YEAR: "năm tổ chức trừ năm sinh (dương lịch)",
    AGE_BIRTHDAY: "tuổi tròn tính đến ngày tổ chức",
    AGE_LUNAR: "năm âm lịch tổ chức trừ năm âm lịch sinh",
}

CELEBRATED_AGES = (70, 75, 80, 85, 90, 95, 100)
LEVEL_OVER_100 = "100+"
LEVELS = ("70", "75", "80", "85", "90", "95", "100", LEVEL_OVER_100)

LAW_ELDERLY = "Luật Người cao tuổi 39/2009/QH12"
TT06 = "Thông tư 06/2012/TT-BVHTTDL"
TT96 = "Thông tư 96/2018/TT-BTC"
CLAUSE_AGES = f"{LAW_ELDERLY} điều 21 khoản 3; {TT06} điều 7"
CLAUSE_TITLES = f"{TT06} điều 8 khoản 4"
CLAUSE_GIFTS = f"{TT96} điều 3 khoản 2 điểm a"

CEREMONY_THO = "lễ mừng thọ"
CEREMONY_THUONG_THO = "lễ mừng thượng thọ"
CEREMONY_THUONG_THUONG_THO = "lễ mừng thượng thượng thọ"

GIVER_PRESIDENT = "Chủ tịch nước"
GIVER_PROVINCE_CHAIRMAN = "Chủ tịch UBND tỉnh"
GIVER_PROVINCE = "UBND tỉnh"
GIVER_COMMUNE = "UBND xã"

# How a provincial row for 90 or 100 combines with the national minimum.
COMBINE_ADD = "add"  # paid in addition to the national gift
COMBINE_REPLACE = "replace"  # replaces the national gift (it must then be at least as much)
COMBINES = (COMBINE_ADD, COMBINE_REPLACE)

SOURCE_NATIONAL = "national"
SOURCE_PROVINCE = "province"


class LongevityError(ValueError):
    """A case the computation cannot take (bad input); the message is in Vietnamese."""


def level_for_age(age: int | None) -> str | None:
    """"70" … "100" for a celebrated age, "100+" for every age over 100, else None."""
    if age is None:
        return None
    if age > 100:
        return LEVEL_OVER_100
    return str(age) if age in CELEBRATED_AGES else None


def ceremony_for(level: str | None) -> str | None:
    """The title of the ceremony (TT 06/2012 art. 8(4))."""
    if level is None:
        return None
    if level in ("70", "75"):
        return CEREMONY_THO
    if level in ("80", "85"):
        return CEREMONY_THUONG_THO
    return CEREMONY_THUONG_THUONG_THO


def card_for(level: str | None) -> str | None:
    """Who sends a card: the President at 100, the province chairman at 90 (TT 96/2018 art. 3(2)(a))."""
    return {"100": GIVER_PRESIDENT, "90": GIVER_PROVINCE_CHAIRMAN}.get(level or "")


# -- the Vietnamese calendar --------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def tet_date(year: int) -> date:
    """The first day of the Vietnamese lunar year that starts in ``year`` (from ``holidays``)."""
    import holidays

    try:
        days = holidays.country_holidays("VN", years=year, language="en_US")
    except NotImplementedError as exc:  # pragma: no cover - the package covers 1901-2100
        raise LongevityError(f"Không có lịch âm Việt Nam cho năm {year}.") from exc
    found = [d for d, name in days.items() if name == "Lunar New Year"]
    if not found:
        raise LongevityError(f"Không có lịch âm Việt Nam cho năm {year} (thư viện holidays: 1901–2100).")
    return min(found)


def lunar_year_of(day: date) -> int:
    """The Vietnamese lunar year ``day`` falls in (the year of its Tết)."""
    return day.year if day >= tet_date(day.year) else day.year - 1


# -- rule rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GiftRule:
    """One gift level: national (``province_code`` None) or a province's (HĐND resolution).

    ``cash`` and ``in_kind`` are amounts in đồng (None: none); ``items`` names the gift in kind
    ("5 m lụa"). A row applies to celebrations dated from ``valid_from`` to ``valid_to``
    (inclusive; None: open-ended). A provincial row with no amount records that the province's
    table gives nothing more at that level (its national gift applies).
    """

    level: str
    giver: str
    valid_from: date
    basis: str
    cash: int | None = None
    in_kind: int | None = None
    items: str = ""
    valid_to: date | None = None
    regime: str = ""
    province_code: str | None = None
    combine: str = COMBINE_ADD
    secondary_source: bool = False
    order: int = 0  # rows added later win when two of one level overlap (a correction)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class AgeRuleRow:
    """A province's way of counting ages (no national text fixes it: docs/longevity.md §2)."""

    regime: str
    province_code: str
    rule: str
    valid_from: date
    basis: str
    valid_to: date | None = None
    order: int = 0

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class LongevityRules:
    gifts: tuple[GiftRule, ...] = ()
    age_rules: tuple[AgeRuleRow, ...] = ()
    # The results of celebrated people already computed with these rows (``compute_longevity``): such
    # a result depends only on the occasion, the date, the age and how it was counted, the level and
    # the province, never on who the person is, so a commune's 500 people share a dozen results.
    # The rows are immutable, so a memo of them stays right; it is not part of equality.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def age_rule_for(self, regime: str, province_code: str | None, day: date) -> AgeRuleRow | None:
        if not province_code:
            return None
        rows = [r for r in self.age_rules if r.regime == regime and r.province_code == province_code and r.covers(day)]
        return max(rows, key=lambda r: (r.order, r.valid_from)) if rows else None

    def gift_rows(self, level: str, regime: str, province_code: str | None, day: date):
        """(the national row, the province's row) for a level on a day; either may be None."""

        def latest(rows):
            return max(rows, key=lambda r: (r.order, r.valid_from)) if rows else None

        national = latest([g for g in self.gifts if g.province_code is None and g.level == level and g.covers(day)])
        local = None
        if province_code:
            local = latest(
                [
                    g
                    for g in self.gifts
                    if g.province_code == province_code and g.regime == regime and g.level == level and g.covers(day)
                ]
            )
        return national, local


# -- one person, one occasion -------------------------------------------------------------------


@dataclass(frozen=True)
class LongevityFacts:
    birth_year: int
    birth_date: date | None = None
    death_date: date | None = None
    moved_out_date: date | None = None
    province_code: str | None = None
    regime: str = "2025"
    age_rule: str | None = None  # None: the province's setting, else "year"


@dataclass(frozen=True)
class Gift:
    giver: str
    cash: int | None
    in_kind: int | None
    items: str
    basis: str
    source: str  # national / province / none

    def to_json(self) -> dict:
        return {"giver": self.giver, "cash": self.cash, "in_kind": self.in_kind, "items": self.items,
                "basis": self.basis, "source": self.source}  # fmt: skip


@dataclass(frozen=True)
class LongevityResult:
    date: date
    age: int | None
    level: str | None
    ceremony: str | None
    age_rule: str
    gifts: tuple[Gift, ...] = ()
    card: str | None = None
    local_amount_recorded: bool = False
    explanation: str = ""
    excluded: str = ""  # "death" / "moved" when not listed for that reason
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def cash_total(self) -> int:
        return sum(g.cash or 0 for g in self.gifts)

    @property
    def in_kind_total(self) -> int:
        return sum(g.in_kind or 0 for g in self.gifts)

    @property
    def national_total(self) -> int:
        return sum((g.cash or 0) + (g.in_kind or 0) for g in self.gifts if g.source == SOURCE_NATIONAL)

    @property
    def province_total(self) -> int:
        return sum((g.cash or 0) + (g.in_kind or 0) for g in self.gifts if g.source == SOURCE_PROVINCE)

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "age": self.age,
            "level": self.level,
            "ceremony": self.ceremony,
            "age_rule": self.age_rule,
            "card": self.card,
            "gifts": [g.to_json() for g in self.gifts],
            "cash_total": self.cash_total,
            "in_kind_total": self.in_kind_total,
            "local_amount_recorded": self.local_amount_recorded,
            "explanation": self.explanation,
        }


def _fmt(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _money(amount: int) -> str:
    return f"{amount:,} đ".replace(",", ".")


def celebration_date(occasion: str, year: int, facts: LongevityFacts) -> date:
    """The day of the celebration: Tết of ``year``, 06/06, 01/10 or the birthday in ``year``
    (29/02 → 28/02 in a common year; a person with only a birth year: 01/01)."""
    if occasion == OCCASION_TET:
        return tet_date(year)
    if occasion == OCCASION_ELDERLY_DAY:
        return date(year, 6, 6)
    if occasion == OCCASION_INTERNATIONAL_DAY:
        return date(year, 10, 1)
    if occasion == OCCASION_BIRTHDAY:
        born = facts.birth_date
        if born is None:
            return date(year, 1, 1)
        try:
            return born.replace(year=year)
        except ValueError:
            return date(year, 2, 28)
    raise LongevityError(f'Dịp "{occasion}" không hợp lệ: tet, 06-06, 10-01 hoặc birthday.')


def age_on(rule: str, facts: LongevityFacts, day: date) -> int:
    """The age celebrated on ``day`` under ``rule`` (docs/longevity.md §2)."""
    if rule == AGE_YEAR:
        return day.year - facts.birth_year
    if rule == AGE_BIRTHDAY:
        born = facts.birth_date or date(facts.birth_year, 1, 1)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if rule == AGE_LUNAR:
        # A person with only a birth year is taken to give it as a lunar year (as lists usually do).
        born_lunar = lunar_year_of(facts.birth_date) if facts.birth_date else facts.birth_year
        return lunar_year_of(day) - born_lunar
    raise LongevityError(f'Cách tính tuổi "{rule}" không hợp lệ: year, birthday hoặc lunar.')


# How far the age counted under each rule can be from (the celebration year − the birth year), on
# any occasion of that year: ``age_on(rule, facts, day) − (day.year − facts.birth_year)`` is one of
# these (the birthday rule: −1 before the birthday; the lunar rule: −1 on a day before the Tết of
# the year, +1 for a birth before the Tết of the birth year). tests/plans/test_longevity_engine.py
# checks it against ``age_on`` for every rule, occasion and birth day of the years around Tết.
AGE_OFFSETS = {AGE_YEAR: (0,), AGE_BIRTHDAY: (-1, 0), AGE_LUNAR: (-1, 0, 1)}


def birth_years_celebrated(year: int, rule: str | None = None) -> tuple[tuple[int, ...], int]:
    """Which birth years can reach a celebrated age on an occasion of ``year`` under ``rule`` (None:
    any rule): (the birth years that may turn 70 … 95, the latest birth year that may be 100 or
    more). A database reads only these people before ``compute_longevity`` decides (docs/longevity.md §8)."""
    offsets = sorted({d for r in ((rule,) if rule else AGE_RULES) for d in AGE_OFFSETS[r]})
    top = max(CELEBRATED_AGES)
    years = sorted({year - age + d for age in CELEBRATED_AGES if age < top for d in offsets})
    return tuple(years), year - top + max(offsets)


def _gifts(
    level: str, regime: str, province_code: str | None, day: date, rules: LongevityRules
) -> tuple[list[Gift], bool, list[str]]:
    national, local = rules.gift_rows(level, regime, province_code, day)
    gifts: list[Gift] = []
    notes: list[str] = []
    if national and not (local and local.combine == COMBINE_REPLACE):
        gifts.append(Gift(national.giver, national.cash, national.in_kind, national.items, national.basis,
                          SOURCE_NATIONAL))  # fmt: skip
    if local and (local.cash or local.in_kind or local.items):
        gifts.append(Gift(local.giver, local.cash, local.in_kind, local.items, local.basis, SOURCE_PROVINCE))
    if local and local.combine == COMBINE_REPLACE and national:
        notes.append(f"Mức của tỉnh thay cho mức tối thiểu toàn quốc ({national.basis}).")
    if local is None:
        where = f"tỉnh {province_code}" if province_code else "tỉnh (chưa xác định)"
        notes.append(f"Chưa ghi nhận mức quà của {where} cho tuổi {level}: "
                     f"do HĐND tỉnh quyết định ({CLAUSE_GIFTS}).")  # fmt: skip
        if national is None:
            gifts.append(Gift(GIVER_COMMUNE, None, None, "", f"{CLAUSE_AGES}; mức quà do HĐND tỉnh quyết định "
                              f"({CLAUSE_GIFTS}), chưa ghi nhận", "none"))  # fmt: skip
    return gifts, local is not None, notes


def compute_longevity(
    facts: LongevityFacts, occasion: str, year: int, rules: LongevityRules, *, level: str | None = None
) -> LongevityResult:
    """Who is celebrated on an occasion of ``year``, at which level, with which gifts
    (Law 39/2009 art. 21(3); TT 06/2012 art. 7, 8(4); TT 96/2018 art. 3(2)(a)).
    ``level`` forces a level (a person the officer adds by hand); death and moves still apply."""
    day = celebration_date(occasion, year, facts)
    if facts.age_rule:
        if facts.age_rule not in AGE_RULES:
            raise LongevityError(f'Cách tính tuổi "{facts.age_rule}" không hợp lệ: year, birthday hoặc lunar.')
        rule, rule_basis = facts.age_rule, "theo yêu cầu"
    else:
        row = rules.age_rule_for(facts.regime, facts.province_code, day)
        rule, rule_basis = (row.rule, row.basis) if row else (AGE_YEAR, "mặc định, không có văn bản quy định")
    age = age_on(rule, facts, day)
    head = f"{OCCASION_LABELS.get(occasion, occasion)} {year}: ngày {_fmt(day)}. "
    age_text = f"Tuổi {age}, tính theo {AGE_RULE_LABELS[rule]} ({rule_basis})."
    if facts.death_date and facts.death_date < day:
        return LongevityResult(day, age, None, None, rule, explanation=head + age_text + " " +
                               f"Không có trong danh sách: đã chết ngày {_fmt(facts.death_date)}, "
                               "trước ngày tổ chức.", excluded="death")  # fmt: skip
    if facts.moved_out_date and facts.moved_out_date < day:
        return LongevityResult(day, age, None, None, rule, explanation=head + age_text + " " +
                               f"Không có trong danh sách: đã chuyển đi ngày {_fmt(facts.moved_out_date)}, "
                               "trước ngày tổ chức.", excluded="moved")  # fmt: skip
    if level is not None and level not in LEVELS:
        raise LongevityError(f'Mức tuổi "{level}" không hợp lệ.')
    chosen = level is not None
    level = level or level_for_age(age)
    if level is None:
        return LongevityResult(day, age, None, None, rule, explanation=head + age_text + " " +
                               f"Không phải tuổi được mừng thọ (70, 75, 80, 85, 90, 95, 100 và trên 100; "
                               f"{CLAUSE_AGES}).")  # fmt: skip
    # Everything the rest reads (LongevityRules.memo): the same key gives the same result.
    key = (head, age_text, day, age, rule, level, chosen, facts.regime, facts.province_code)
    found = rules.memo.get(key)
    if found is None:
        if len(rules.memo) >= 10_000:  # bounded: rules kept for long (the seeded ones) see many years
            rules.memo.clear()
        found = rules.memo[key] = _celebrated(key, rules)
    return found


def _celebrated(key: tuple, rules: LongevityRules) -> LongevityResult:
    """The result of a person who is celebrated at ``level`` (not excluded), from ``key`` alone."""
    head, age_text, day, age, rule, level, chosen, regime, province_code = key
    gifts, recorded, notes = _gifts(level, regime, province_code, day, rules)
    ceremony = ceremony_for(level)
    card = card_for(level)
    parts = [head + age_text, f"Mức {level}{' (do cán bộ chọn)' if chosen else ''}: {ceremony} ({CLAUSE_TITLES})."]
    if card:
        parts.append(f"{card} chúc thọ, tặng quà ({CLAUSE_GIFTS}).")
    for g in gifts:
        if g.cash or g.in_kind or g.items:
            what = ", ".join(x for x in (g.items, _money(g.in_kind) + " hiện vật" if g.in_kind else "",
                                         _money(g.cash) + " tiền mặt" if g.cash else "") if x)  # fmt: skip
            parts.append(f"{g.giver}: {what} ({g.basis}).")
    parts.extend(notes)
    parts.append(f"Tổng tiền mặt: {_money(sum(g.cash or 0 for g in gifts))}.")
    return LongevityResult(day, age, level, ceremony, rule, tuple(gifts), card, recorded, " ".join(parts),
                           notes=tuple(notes))  # fmt: skip


# -- the JSON format of manage.py compute_longevity ---------------------------------------------


def _date(value, key: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise LongevityError(f'"{key}": ngày không hợp lệ "{value}" (cần yyyy-mm-dd).') from exc


def facts_from_json(case: dict) -> tuple[LongevityFacts, str, int]:
    birth_date = _date(case.get("birth_date"), "birth_date")
    birth_year = case.get("birth_year")
    if birth_date is None and birth_year is None:
        raise LongevityError('Cần "birth_date" hoặc "birth_year".')
    if birth_year is not None and not isinstance(birth_year, int):
        raise LongevityError('"birth_year" phải là số nguyên.')
    if birth_date and birth_year and birth_date.year != birth_year:
        raise LongevityError('"birth_year" khác năm của "birth_date".')
    occasion = case.get("occasion", OCCASION_TET)
    if occasion not in OCCASIONS:
        raise LongevityError(f'Dịp "{occasion}" không hợp lệ: tet, 06-06, 10-01 hoặc birthday.')
    year = case.get("year")
    if not isinstance(year, int):
        raise LongevityError('Cần "year" (số nguyên).')
    regime = str(case.get("regime") or "2025")
    if regime not in ("2025", "legacy"):
        raise LongevityError('"regime" phải là "2025" hoặc "legacy".')
    province = case.get("province")
    facts = LongevityFacts(
        birth_year=birth_year or birth_date.year,
        birth_date=birth_date,
        death_date=_date(case.get("death_date"), "death_date"),
        moved_out_date=_date(case.get("moved_out_date"), "moved_out_date"),
        province_code=str(province).zfill(2) if province not in (None, "") else None,
        regime=regime,
        age_rule=case.get("age_rule") or None,
    )
    return facts, occasion, year


def compute_longevity_cases(doc: dict, rules: LongevityRules) -> dict:
    """``{"cases": [...]}`` → ``{"results": [...]}`` (docs/longevity.md §6); a case that cannot be
    computed gives ``{"id", "error"}``."""
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        raise LongevityError('Tệp cần có dạng {"cases": [...]}.')
    results = []
    for case in doc["cases"]:
        try:
            facts, occasion, year = facts_from_json(case)
            out = compute_longevity(facts, occasion, year, rules).to_json()
        except LongevityError as exc:
            results.append({"id": case.get("id"), "error": str(exc)})
            continue
        results.append({"id": case.get("id"), **out})
    return {"results": results}


# -- the seeded rows (docs/longevity.md §4) -----------------------------------------------------

NQ92_VP = "Nghị quyết 92/2019/NQ-HĐND tỉnh Vĩnh Phúc"
NQ_QT_2020 = "Nghị quyết ngày 23/7/2020 của HĐND tỉnh Quảng Trị"
VINH_PHUC = "26"  # legacy code (merged into Phú Thọ in 2025)
QUANG_TRI = "45"  # legacy code (merged with Quảng Bình in 2025)
TT96_FROM = date(2019, 1, 1)  # the 2019 celebrations are the first under TT 96/2018

SEED_GIFTS: tuple[GiftRule, ...] = (
    GiftRule("100", GIVER_PRESIDENT, TT96_FROM, CLAUSE_GIFTS, cash=700_000, items="5 m lụa"),
    GiftRule("90", GIVER_PROVINCE_CHAIRMAN, TT96_FROM, CLAUSE_GIFTS, cash=500_000, in_kind=150_000,
             items="quà tặng trị giá 150.000 đ"),
    *(
        GiftRule(level, GIVER_PROVINCE, date(2020, 1, 1), NQ92_VP, cash=cash, regime="legacy",
                 province_code=VINH_PHUC, secondary_source=True)
        for level, cash in (("70", 400_000), ("75", 500_000), ("80", 600_000), ("85", 700_000), ("90", 800_000),
                            ("95", 900_000), ("100", 1_000_000), (LEVEL_OVER_100, 1_200_000))
    ),
    *(
        GiftRule(level, GIVER_PROVINCE, date(2020, 7, 23), NQ_QT_2020, cash=cash, regime="legacy",
                 province_code=QUANG_TRI, secondary_source=True)
        for level, cash in (("70", 350_000), ("75", 350_000), ("80", 400_000), ("85", 400_000), ("90", None),
                            ("95", 650_000), ("100", None), (LEVEL_OVER_100, 900_000))
    ),
)
SEED_AGE_RULES: tuple[AgeRuleRow, ...] = ()
SEED_LONGEVITY_RULES = LongevityRules(gifts=SEED_GIFTS, age_rules=SEED_AGE_RULES)
