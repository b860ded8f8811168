"""Reads of the longevity celebrations, scoped through ``for_user`` (docs/longevity.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum

from beneficiaries.models import Person
from btxh.models import Level, Unit
from engine import longevity as engine

from .models import LEVEL_ORDER, CelebrationEntry, CelebrationRound, ElderlyPerson, LongevityAgeRule, LongevityGiftLevel


def longevity_rules_load() -> engine.LongevityRules:
    """The rule rows as the engine's ``LongevityRules`` (a few dozen rows: read each time, once
    per round or page, so that a row just added applies everywhere at once)."""
    gifts = tuple(
        engine.GiftRule(
            level=g.level, giver=g.giver, valid_from=g.valid_from, basis=g.basis, cash=g.cash, in_kind=g.in_kind,
            items=g.items, valid_to=g.valid_to, regime=g.regime, province_code=g.province_code or None,
            combine=g.combine, secondary_source=g.secondary_source, order=g.pk,
        )
        for g in LongevityGiftLevel.objects.all()
    )
    age_rules = tuple(
        engine.AgeRuleRow(regime=r.regime, province_code=r.province_code, rule=r.rule, valid_from=r.valid_from,
                          basis=r.basis, valid_to=r.valid_to, order=r.pk)
        for r in LongevityAgeRule.objects.all()
    )
    return engine.LongevityRules(gifts=gifts, age_rules=age_rules)


def province_of(unit: Unit) -> tuple[str, str]:
    return unit.regime, unit.path.split(":", 1)[1].split("/", 1)[0]


# ---------------------------------------------------------------------------
# Who is due on a round
# ---------------------------------------------------------------------------


@dataclass
class Candidate:
    elderly_id: int | None
    person_id: int | None
    full_name: str
    birth_date: date | None
    birth_year: int
    sex: str
    national_id: str | None
    hamlet: str
    death_date: date | None = None
    moved_out_date: date | None = None
    moved_to: str = ""
    moved_elsewhere: str = ""  # the registry shows the person in another commune

    @property
    def key(self) -> tuple:
        return ("e", self.elderly_id) if self.elderly_id else ("p", self.person_id)

    @property
    def birth_text(self) -> str:
        return self.birth_date.strftime("%d/%m/%Y") if self.birth_date else str(self.birth_year)


_ELDERLY_VALUES = (
    "pk", "person_id", "full_name", "birth_date", "birth_year", "sex", "national_id", "hamlet", "death_date",
    "moved_out_date", "moved_to", "person__death_date", "person__unit_id", "person__unit__name",
)  # fmt: skip


_PERSON_VALUES = ("pk", "full_name", "birth_date", "birth_year", "sex", "national_id", "hamlet", "death_date")


def _from_elderly_row(r, unit_id: int) -> Candidate:
    """A candidate from a row of ``_ELDERLY_VALUES`` (a tuple in that order)."""
    (pk, person_id, full_name, birth_date, birth_year, sex, national_id, hamlet, death_date, moved_out_date, moved_to,
     person_death_date, person_unit_id, person_unit_name) = r  # fmt: skip
    deaths = [d for d in (death_date, person_death_date) if d]
    moved = person_unit_name if person_id and person_unit_id != unit_id else ""
    return Candidate(pk, person_id, full_name, birth_date, birth_year, sex, national_id, hamlet,
                     min(deaths) if deaths else None, moved_out_date, moved_to, moved)  # fmt: skip


def candidate_from_elderly(elderly: ElderlyPerson) -> Candidate:
    row = ElderlyPerson.objects.filter(pk=elderly.pk).values_list(*_ELDERLY_VALUES).get()
    return _from_elderly_row(row, elderly.unit_id)


def compute_for(cand: Candidate, *, round_: CelebrationRound, rules: engine.LongevityRules,
                level: str | None = None, province: tuple[str, str] | None = None) -> engine.LongevityResult:  # fmt: skip
    regime, code = province or province_of(round_.unit)
    facts = engine.LongevityFacts(
        birth_year=cand.birth_year, birth_date=cand.birth_date, death_date=cand.death_date,
        moved_out_date=cand.moved_out_date, province_code=code, regime=regime, age_rule=round_.age_rule,
    )  # fmt: skip
    return engine.compute_longevity(facts, round_.occasion, round_.year, rules, level=level)


def celebrated_birth_years(year: int, rule: str | None = None) -> tuple[tuple[int, ...], int]:
    """(the birth years that may turn a celebrated age below 100 in ``year`` under ``rule`` — None: any
    counting rule —, the latest birth year that may be 100 or more): the engine's
    ``birth_years_celebrated``."""
    return engine.birth_years_celebrated(year, rule)


def round_candidates(
    *, round_: CelebrationRound, rules: engine.LongevityRules, on_round: bool = True
) -> tuple[dict, dict]:
    """(due, excluded) for a round: ``due`` maps a key to (candidate, result) for everyone who turns a
    celebrated age; ``excluded`` maps a key to the reason a person of that age is not listed.
    Two queries for the commune (its register, and the registry's people not in it).
    ``on_round=False``: the round has no entries yet (just created), do not look for them."""
    unit = round_.unit
    # Only the birth years that can reach a celebrated age under the round's counting rule are read, in
    # SQL (the engine's ``birth_years_celebrated``: the year rule reads exactly the celebrated birth
    # years, the others one year either side); and the people already on the round, so that whoever
    # is no longer due gets the reason. Rows come as tuples, not model instances. No ORDER BY: the
    # page and the documents sort the entries.
    years, oldest = celebrated_birth_years(round_.year, round_.age_rule)
    of_age = Q(birth_year__in=years) | Q(birth_year__lte=oldest)
    linked = ElderlyPerson.objects.filter(unit=unit, person__isnull=False).values("person_id")

    def people(query):
        return query.exclude(pk__in=linked).values_list(*_PERSON_VALUES)

    elderly = ElderlyPerson.objects.filter(of_age, unit=unit).values_list(*_ELDERLY_VALUES)
    registry = people(Person.objects.filter(of_age, unit=unit))
    if on_round:
        # The people already on the round: a second branch of a UNION, not an OR with a subquery
        # (which would make the database read every person of the commune instead of using the
        # (unit, birth year) index).
        on_round = round_.entries.all()
        elderly = elderly.union(
            ElderlyPerson.objects.filter(unit=unit, pk__in=on_round.filter(elderly__isnull=False).values("elderly_id"))
            .values_list(*_ELDERLY_VALUES)
        )  # fmt: skip
        registry = registry.union(people(Person.objects.filter(
            unit=unit, pk__in=on_round.filter(elderly__isnull=True, person__isnull=False).values("person_id"))
        ))  # fmt: skip
    unit_id = unit.pk
    candidates = [_from_elderly_row(r, unit_id) for r in elderly]
    candidates += [Candidate(None, *r) for r in registry]
    due, excluded = {}, {}
    province = province_of(unit)
    for cand in candidates:
        result = compute_for(cand, round_=round_, rules=rules, province=province)
        if cand.moved_elsewhere and result.level:
            excluded[cand.key] = f"Đã chuyển đến {cand.moved_elsewhere} (theo sổ đối tượng)."
        elif result.excluded == "death":
            excluded[cand.key] = f"Đã chết ngày {cand.death_date:%d/%m/%Y}, trước ngày tổ chức."
        elif result.excluded == "moved":
            where = f" đến {cand.moved_to}" if cand.moved_to else ""
            excluded[cand.key] = f"Đã chuyển đi{where} ngày {cand.moved_out_date:%d/%m/%Y}, trước ngày tổ chức."
        elif result.level:
            due[cand.key] = (cand, result)
        else:
            excluded[cand.key] = f"Không ở tuổi được mừng thọ ({result.age} tuổi)."
    return due, excluded


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def elderly_list(*, user, unit=None, query: str = "", hamlet: str = ""):
    rows = ElderlyPerson.objects.for_user(user).select_related("unit", "person")
    if unit is not None:
        rows = rows.filter(unit=unit)
    if query:
        from beneficiaries.identity import name_normalize

        q = name_normalize(query)
        rows = rows.filter(Q(name_normalized__contains=q) | Q(national_id=query.strip()))
    if hamlet:
        rows = rows.filter(hamlet=hamlet)
    return rows.order_by("hamlet", "name_normalized", "pk")


def rounds_for(user):
    return CelebrationRound.objects.for_user(user).select_related("unit").order_by("-year", "occasion", "unit__path")


@dataclass
class LevelTotal:
    level: str
    count: int = 0
    cash: int = 0
    in_kind: int = 0
    national: int = 0
    province: int = 0

    @property
    def amount(self) -> int:
        return self.cash + self.in_kind


def _level_key(level: str) -> int:
    return LEVEL_ORDER.get(level, 99)


def round_listing(round_: CelebrationRound) -> dict:
    """The round as the page and the documents show it: by hamlet then level, the totals by
    level, the 100- and 90-year-olds, the people who dropped out."""
    entries = list(round_.entries.all())
    listed = [e for e in entries if not e.dropped_out]
    listed.sort(key=lambda e: (e.hamlet, _level_key(e.level), e.full_name))
    by_hamlet: dict[str, dict[str, list]] = {}
    for e in listed:
        by_hamlet.setdefault(e.hamlet, {}).setdefault(e.level, []).append(e)
    totals: dict[str, LevelTotal] = {}
    for e in listed:
        t = totals.setdefault(e.level, LevelTotal(e.level))
        t.count += 1
        t.cash += e.cash
        t.in_kind += e.in_kind
        t.national += e.national_amount
        t.province += e.province_amount
    grand = LevelTotal("all")
    for t in totals.values():
        for name in ("count", "cash", "in_kind", "national", "province"):
            setattr(grand, name, getattr(grand, name) + getattr(t, name))
    ceremony = round_.ceremony_lines(grand.count)
    ceremony_total = sum(line[3] for line in ceremony)
    return {
        "ceremony": ceremony,
        "ceremony_total": ceremony_total,
        "budget_total": grand.amount + ceremony_total,
        "entries": listed,
        "by_hamlet": by_hamlet,
        "totals": [totals[k] for k in sorted(totals, key=_level_key)],
        "grand": grand,
        "president": [e for e in listed if e.level == "100"],
        "chairman": [e for e in listed if e.level == "90"],
        "dropped": [e for e in entries if e.dropped_out],
        "unrecorded": sum(1 for e in listed if not e.local_amount_recorded),
    }


def overview(*, user, occasion: str, year: int) -> dict:
    """For a district or province: every commune's round status and counts by level, the
    100- and 90-year-olds, the budget by source."""
    unit = user.unit
    communes = Unit.objects.for_user(user).filter(level=Level.COMMUNE)
    if unit is not None:
        communes = communes.filter(regime=unit.regime)
    rounds = {r.unit_id: r for r in rounds_for(user).filter(occasion=occasion, year=year)}
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    money: dict[int, dict[str, int]] = defaultdict(lambda: {"national": 0, "province": 0, "cash": 0, "in_kind": 0})
    for row in (
        CelebrationEntry.objects.for_user(user)
        .filter(round__occasion=occasion, round__year=year, dropped_out=False)
        .values("round__unit_id", "level")
        .annotate(n=Count("pk"), national=Sum("national_amount"), province=Sum("province_amount"),
                  cash=Sum("cash"), in_kind=Sum("in_kind"))
    ):
        uid = row["round__unit_id"]
        counts[uid][row["level"]] = row["n"]
        for name in ("national", "province", "cash", "in_kind"):
            money[uid][name] += row[name] or 0
    lines = []
    for commune in communes.order_by("path"):
        r = rounds.get(commune.pk)
        lines.append({"unit": commune, "round": r, "counts": [counts[commune.pk].get(lv, 0) for lv in engine.LEVELS],
                      "total": sum(counts[commune.pk].values()), "money": money[commune.pk]})  # fmt: skip
    for line in lines:  # the ceremony budget line of each round: the commune's budget
        r = line["round"]
        line["money"]["commune"] = sum(x[3] for x in r.ceremony_lines(line["total"])) if r else 0
    sums = {lv: sum(line["counts"][i] for line in lines) for i, lv in enumerate(engine.LEVELS)}
    budget = {name: sum(line["money"][name] for line in lines)
              for name in ("national", "province", "cash", "in_kind", "commune")}  # fmt: skip
    cards = (
        CelebrationEntry.objects.for_user(user)
        .filter(round__occasion=occasion, round__year=year, dropped_out=False, level__in=["90", "100"])
        .select_related("round__unit")
        .order_by("round__unit__path", "hamlet", "full_name")
    )
    return {
        "lines": lines,
        "levels": engine.LEVELS,
        "sums": [sums[lv] for lv in engine.LEVELS],
        "total": sum(sums.values()),
        "budget": budget,
        "president": [e for e in cards if e.level == "100"],
        "chairman": [e for e in cards if e.level == "90"],
    }
