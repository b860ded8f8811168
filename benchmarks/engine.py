"""How fast is the benefits engine? ``python benchmarks/engine.py [--n 1000000]``.

Generates a realistic mix of beneficiaries (mostly social pensions and single
disability or elderly allowances, some combinations, care support, deaths and
closed entitlements), then calls ``compute`` for ``n`` person-months: each
person for the current month and for past months, as payroll does for arrears.
Prints the time spent in ``compute`` and the rate. Acceptance target: 1,000,000
person-months in under 20 s in one process.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import (
    SEED_RULESET,
    Child,
    Entitlement,
    Month,
    PersonFacts,
    compute,
)


def _birth(rng: random.Random, age_from: int, age_to: int, at: int = 2026) -> date:
    year = at - rng.randint(age_from, age_to)
    return date(year, rng.randint(1, 12), rng.randint(1, 28))


def person_make(rng: random.Random) -> tuple[PersonFacts, tuple[Entitlement, ...]]:
    """One beneficiary with the entitlements a commune would have recorded."""
    start = Month(2021, 7) + rng.randint(0, 40)
    roll = rng.random()
    death = date(2025, rng.randint(1, 12), 15) if rng.random() < 0.03 else None
    poverty = rng.choice(("poor", "poor", "near_poor", "none"))
    if roll < 0.40:  # social pension
        person = PersonFacts(birth_date=_birth(rng, 75, 98), household_poverty=poverty, death_date=death)
        ents = (Entitlement("SP-75", Month(2025, 7), ref=1),)
    elif roll < 0.55:  # disability allowance
        level = rng.choice(("severe", "severe", "extra_severe"))
        person = PersonFacts(birth_date=_birth(rng, 1, 90), disability_level=level, death_date=death)
        ents = (Entitlement("K6", start, ref=1),)
    elif roll < 0.65:  # poor elderly, sometimes with a pension claim too
        person = PersonFacts(birth_date=_birth(rng, 62, 95), household_poverty="poor", death_date=death)
        ents = (Entitlement("K5A", start, ref=1),)
        if rng.random() < 0.3:
            ents += (Entitlement("SP-75", Month(2025, 7), ref=2),)
    elif roll < 0.72:  # orphan with a foster household
        person = PersonFacts(birth_date=_birth(rng, 0, 17))
        ents = (Entitlement("K1", start, ref=1),)
    elif roll < 0.77:  # foster household (the carer is the person)
        child = PersonFacts(birth_date=_birth(rng, 0, 16))
        person = PersonFacts(birth_date=_birth(rng, 30, 60))
        ents = (Entitlement("CS-FOSTER", start, cared_person=child, ref=1),)
    elif roll < 0.84:  # poor single parent, sometimes disabled
        kids = tuple(
            Child(birth_date=_birth(rng, 0, 21), studying=rng.random() < 0.5) for _ in range(rng.randint(1, 3))
        )
        disabled = rng.random() < 0.4
        person = PersonFacts(
            birth_date=_birth(rng, 22, 50),
            household_poverty="poor",
            disability_level="severe" if disabled else None,
            children=kids,
        )
        ents = (Entitlement("K4", start, ref=1),)
        if disabled:
            ents += (Entitlement("K6", start, ref=2),)
    elif roll < 0.88:  # disabled parent of a young child
        person = PersonFacts(
            birth_date=_birth(rng, 20, 40),
            disability_level="severe",
            pregnant=rng.random() < 0.3,
            children=(Child(birth_date=_birth(rng, 0, 3)),),
        )
        ents = (Entitlement("K6", start, ref=1), Entitlement("CS-DISABLED-PARENT", start, ref=2))
    elif roll < 0.93:  # elderly disabled: K5A and K6, highest only
        person = PersonFacts(birth_date=_birth(rng, 60, 90), household_poverty="poor", disability_level="extra_severe")
        ents = (Entitlement("K5A", start, ref=1), Entitlement("K6", start, ref=2))
    elif roll < 0.96:  # old K5C, closed by the reform
        person = PersonFacts(birth_date=_birth(rng, 81, 99))
        ents = (Entitlement("K5C", start, Month(2025, 6), ref=1), Entitlement("SP-75", Month(2025, 7), ref=2))
    else:  # household caring for an extra-severely disabled member
        member = PersonFacts(birth_date=_birth(rng, 5, 70), disability_level="extra_severe")
        person = PersonFacts(birth_date=_birth(rng, 30, 70))
        ents = (
            Entitlement("CS-HOUSEHOLD", start, cared_person=member, ref=1),
            Entitlement("K8", start, ref=2),
        )
    return person, ents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="person-months to compute")
    parser.add_argument("--people", type=int, default=50_000, help="distinct beneficiaries")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    people = [person_make(rng) for _ in range(args.people)]
    provinces = [rng.choice((None, None, "01", "79")) for _ in range(args.people)]
    current = Month(2026, 6)
    # Mostly the current month; the rest are arrears over the past two years.
    months = [current] * 24 + [current - k for k in range(1, 25)]
    work = [(people[i % args.people], provinces[i % args.people], rng.choice(months)) for i in range(args.n)]

    rules = SEED_RULESET
    lines = 0
    paid = 0
    started = time.perf_counter()
    for (person, ents), province, month in work:
        result = compute(person, ents, month, rules, province)
        lines += len(result.lines)
        paid += result.total
    elapsed = time.perf_counter() - started

    print(f"person-months: {args.n:,}  people: {args.people:,}  lines: {lines:,}  paid: {paid:,} đ")
    print(
        f"time: {elapsed:.2f} s  rate: {args.n / elapsed:,.0f} person-months/s  ({elapsed / args.n * 1e6:.1f} µs each)"
    )
    print("target: 1,000,000 in < 20 s:", "OK" if args.n / elapsed >= 50_000 else "TOO SLOW")


if __name__ == "__main__":
    main()
