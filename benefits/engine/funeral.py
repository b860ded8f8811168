"""Funeral support for a deceased monthly-allowance beneficiary (Decree 20/2021/NĐ-CP art. 11).

Art. 11(1)(a): a person receiving a monthly social allowance who dies; art. 11(2): at
least 20 × the base rate, once, paid to whoever organises the funeral. Several
entitlements give one payment only.
"""

from collections.abc import Sequence
from decimal import Decimal

from .rules import RuleSet
from .types import MONTHLY_ALLOWANCE, Entitlement, Line, Month, PersonFacts

FUNERAL = "FUNERAL"
FUNERAL_MULTIPLIER = 20
FUNERAL_CLAUSE = "Nghị định 20/2021/NĐ-CP điều 11 khoản 1 điểm a, khoản 2"


def funeral_support(
    person: PersonFacts, entitlements: Sequence[Entitlement], rules: RuleSet, province_code: str | None = None
) -> Line | None:
    """The funeral support owed for ``person``, or None (alive, or no monthly allowance when they died)."""
    if person.death_date is None:
        return None
    month = Month.of(person.death_date)
    refs = [
        e.ref
        for e in entitlements
        if (cat := rules.category(e.category)) is not None
        and cat.scheme == MONTHLY_ALLOWANCE
        and e.start_month <= month
        and (e.end_month is None or month <= e.end_month)
    ]
    if not refs:
        return None
    base = rules.base_rate(month, province_code)
    if base is None:
        return None
    rule = rules.base_rate_rule(month, province_code)
    basis = f"{FUNERAL_CLAUSE}; mức chuẩn: {rule.basis}" if rule else FUNERAL_CLAUSE
    return Line(
        scheme=FUNERAL,
        category=FUNERAL,
        coefficient=Decimal(FUNERAL_MULTIPLIER),
        base_rate=base,
        amount=FUNERAL_MULTIPLIER * base,
        basis=basis,
        ref=refs[0],
    )
