"""Reads of the benefits app.

``ruleset_load`` builds the engine's RuleSet from the rule tables. Building it
takes a few queries and indexing, so it is kept per process and rebuilt only
when the tables changed: every call runs one small query that fingerprints the
tables (row count, highest id and latest history entry of each), which catches
changes made by another process (a management command, the admin, a worker).
"""

from __future__ import annotations

import threading

from django.db import connection

from btxh.models import Level, Unit
from engine import (
    BaseRateRule,
    CategoryRule,
    CoefficientBandRule,
    FlatAmountRule,
    Month,
    RuleSet,
)
from engine.emergency import EmergencyAidRule, EmergencyRules

from .models import BaseRate, Category, CoefficientBand, EmergencyAidLevel, FlatAmount, FlatPurpose

_RULE_MODELS = (BaseRate, Category, CoefficientBand, FlatAmount)
_lock = threading.Lock()
_cached: tuple[tuple, RuleSet] | None = None


def _codes(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def rules_fingerprint() -> tuple:
    """One query: (count, max id, latest history date) of every rule table."""
    # Table names come from model metadata, never from input.
    qn = connection.ops.quote_name
    parts = []
    for model in _RULE_MODELS:
        table = qn(model._meta.db_table)
        history = qn(model.history.model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
        parts.append(f"(SELECT MAX(id) FROM {table})")  # noqa: S608
        parts.append(f"(SELECT MAX(history_date) FROM {history})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def ruleset_build() -> RuleSet:
    """A RuleSet from the current rows (rows in id order: a later row wins where two overlap)."""
    base_rates = tuple(
        BaseRateRule(
            amount=r.amount,
            valid_from=Month.of(r.valid_from),
            valid_to=Month.of(r.valid_to),
            province_code=r.province_code or None,
            basis=r.basis,
        )
        for r in BaseRate.objects.order_by("id")
    )
    categories = tuple(
        CategoryRule(
            code=c.code,
            scheme=c.scheme,
            label=c.label,
            clause=c.clause,
            valid_from=Month.of(c.valid_from),
            valid_to=Month.of(c.valid_to),
            kind=c.kind,
            min_age=c.min_age,
            max_age=c.max_age,
            poverty=_codes(c.poverty),
            disability_levels=_codes(c.disability_levels),
            requires_studying=c.requires_studying,
            requires_no_pension=c.requires_no_pension,
            child_under_months=c.child_under_months,
            child_studying_under_months=c.child_studying_under_months,
            stacks_with=_codes(c.stacks_with),
            one_per_person=c.one_per_person,
            end_basis=c.end_basis,
        )
        for c in Category.objects.order_by("id")
    )
    bands = tuple(
        CoefficientBandRule(
            category=b.category.code,
            coefficient=b.coefficient,
            clause=b.clause,
            valid_from=Month.of(b.valid_from),
            valid_to=Month.of(b.valid_to),
            min_age=b.min_age,
            max_age=b.max_age,
            disability_level=b.disability_level or None,
            min_count=b.min_count,
            per_count=b.per_count,
            label=b.label,
        )
        for b in CoefficientBand.objects.select_related("category").order_by("id")
    )
    flats = tuple(
        FlatAmountRule(
            scheme=f.scheme,
            amount=f.amount,
            valid_from=Month.of(f.valid_from),
            valid_to=Month.of(f.valid_to),
            province_code=f.province_code or None,
            basis=f.basis,
            purpose=f.purpose,
            secondary_source=f.secondary_source,
        )
        for f in FlatAmount.objects.order_by("id")
    )
    return RuleSet(base_rates=base_rates, categories=categories, flat_amounts=flats, coefficient_bands=bands)


def ruleset_load() -> RuleSet:
    """The engine RuleSet of the rule tables, rebuilt only when they changed."""
    global _cached
    fingerprint = rules_fingerprint()
    cached = _cached
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    with _lock:
        rules = ruleset_build()
        _cached = (fingerprint, rules)
    return rules


def ruleset_invalidate() -> None:
    """Forget the cached RuleSet of this process (the services call it after a change)."""
    global _cached
    _cached = None


def emergency_rules_load():
    """The emergency-aid levels as the engine's ``EmergencyRules`` (rows in id order: a later row of
    the same level wins where two overlap). A handful of rows: read on every call, never cached."""

    return EmergencyRules(
        EmergencyAidRule(
            code=r.code,
            label=r.label,
            measure=r.measure,
            value=r.value,
            clause=r.clause,
            valid_from=Month.of(r.valid_from),
            valid_to=Month.of(r.valid_to),
            province_code=r.province_code or None,
            max_months=r.max_months,
            poverty=_codes(r.poverty),
            min_hospital_days=r.min_hospital_days,
        )
        for r in EmergencyAidLevel.objects.order_by("id")
    )


def rule_tables() -> dict:
    """Every rule row for the rules page, categories with their bands prefetched."""
    flats = FlatAmount.objects.order_by("scheme", "province_code", "valid_from", "id")
    return {
        "base_rates": BaseRate.objects.order_by("province_code", "valid_from", "id"),
        "flat_amounts": flats.filter(purpose=FlatPurpose.MONTHLY),
        "funeral_amounts": flats.filter(purpose=FlatPurpose.FUNERAL),
        "categories": Category.objects.prefetch_related("bands").order_by("scheme", "code"),
        "emergency_levels": EmergencyAidLevel.objects.order_by("code", "province_code", "valid_from", "id"),
    }


def province_choices() -> list[tuple[str, str]]:
    """Province codes known to the rule tables or the unit tree, with names where known."""

    names: dict[str, str] = {}
    for code, name in Unit.objects.filter(level=Level.PROVINCE).order_by("code").values_list("code", "name"):
        names.setdefault(code, name)
    codes = set(names)
    codes |= set(BaseRate.objects.exclude(province_code="").values_list("province_code", flat=True))
    codes |= set(FlatAmount.objects.exclude(province_code="").values_list("province_code", flat=True))
    codes |= set(EmergencyAidLevel.objects.exclude(province_code="").values_list("province_code", flat=True))
    known = {"01": "Thành phố Hà Nội"}
    return [(code, f"{code} – {names.get(code) or known.get(code) or 'Tỉnh ' + code}") for code in sorted(codes)]
