"""Funeral support for a deceased beneficiary, paid once to whoever organises the funeral.

- Monthly social allowance: Decree 20/2021/NĐ-CP art. 11(1)(a), (2): at least 20 × the base
  rate of the month of death.
- Social pension: Law 41/2024/QH15 art. 22(3) and Decree 176/2025/NĐ-CP: the amount of the
  funeral-support row of the scheme (``FlatAmountRule`` with purpose "funeral") in force in the
  month of death.

The scheme must have covered the month of death (an entitlement running that month). Several
entitlements, even of both schemes, give one payment only: the highest.
"""

from collections.abc import Sequence
from decimal import Decimal

from .rules import RuleSet
from .types import MONTHLY_ALLOWANCE, SOCIAL_PENSION, Entitlement, Line, Month, PersonFacts

FUNERAL = "FUNERAL"
FUNERAL_MULTIPLIER = 20
FUNERAL_CLAUSE = "Nghị định 20/2021/NĐ-CP điều 11 khoản 1 điểm a, khoản 2"
# The schemes whose beneficiaries' deaths give funeral support (the registry flags a funeral
# claim for them; the roll pays it).
FUNERAL_SCHEMES = (MONTHLY_ALLOWANCE, SOCIAL_PENSION)
SECONDARY_SOURCE_NOTE = "số tiền theo nguồn thứ cấp, chưa đối chiếu văn bản gốc"


def _refs(entitlements: Sequence[Entitlement], rules: RuleSet, scheme: str, month: Month) -> list:
    return [
        e.ref
        for e in entitlements
        if (cat := rules.category(e.category)) is not None
        and cat.scheme == scheme
        and e.start_month <= month
        and (e.end_month is None or month <= e.end_month)
    ]


def _allowance_line(month: Month, ref, rules: RuleSet, province_code: str | None) -> Line | None:
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
        ref=ref,
    )


def _flat_line(scheme: str, month: Month, ref, rules: RuleSet, province_code: str | None) -> Line | None:
    found = rules.funeral_amount(scheme, month, province_code)
    if found is None:
        return None
    total, national, top_up = found
    parts = []
    for row in (national, top_up):
        if row is not None:
            parts.append(f"{row.basis} ({SECONDARY_SOURCE_NOTE})" if row.secondary_source else row.basis)
    return Line(
        scheme=FUNERAL,
        category=FUNERAL,
        coefficient=Decimal(1),
        base_rate=total,
        amount=total,
        basis="; ".join(parts),
        ref=ref,
    )


def funeral_support(
    person: PersonFacts, entitlements: Sequence[Entitlement], rules: RuleSet, province_code: str | None = None
) -> Line | None:
    """The funeral support owed for ``person``, or None (alive, or no scheme with funeral support
    covered the month of death, or no rule for that month)."""
    if person.death_date is None:
        return None
    month = Month.of(person.death_date)
    best = None
    for scheme in FUNERAL_SCHEMES:
        refs = _refs(entitlements, rules, scheme, month)
        if not refs:
            continue
        if scheme == MONTHLY_ALLOWANCE:
            line = _allowance_line(month, refs[0], rules, province_code)
        else:
            line = _flat_line(scheme, month, refs[0], rules, province_code)
        if line is not None and (best is None or line.amount > best.amount):
            best = line
    return best
