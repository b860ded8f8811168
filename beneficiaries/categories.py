"""The categories (diện đối tượng) as the registry needs them: codes, labels and which facts a case must carry.

The legal facts (label, scheme, age limits, poverty condition, months in force) are the
benefits engine's seeded rule rows (``benefits.engine.SEED_CATEGORIES``); this module only
derives from them what the entry forms, the importer and the worklist ask for, so that a
rule lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from benefits.engine import (
    CARE_SUPPORT,
    KIND_CARED,
    KIND_DISABLED_PARENT,
    KIND_FOSTER,
    KIND_PER_CHILD,
    MONTHLY_ALLOWANCE,
    SEED_CATEGORIES,
    SOCIAL_PENSION,
)

SCHEME_LABELS = {
    MONTHLY_ALLOWANCE: "Trợ cấp xã hội hằng tháng",
    CARE_SUPPORT: "Hỗ trợ kinh phí chăm sóc, nuôi dưỡng",
    SOCIAL_PENSION: "Trợ cấp hưu trí xã hội",
}


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    scheme: str
    label: str
    clause: str
    kind: str
    valid_from: date
    valid_to: date | None  # first day of the last month in force
    poverty: tuple[str, ...]
    disability_levels: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    requires_studying: bool
    child_under_months: int | None
    child_studying_under_months: int | None

    @property
    def choice_label(self) -> str:
        return f"{self.code} – {self.label}"

    @property
    def scheme_label(self) -> str:
        return SCHEME_LABELS.get(self.scheme, self.scheme)

    # What a case of this category must say (the engine's facts, docs/engine.md §3).
    @property
    def needs_cared_person(self) -> bool:
        return self.kind in (KIND_CARED, KIND_FOSTER)

    @property
    def needs_own_disability(self) -> bool:
        """The person's own disability level (K6; the disabled parent of CS-DISABLED-PARENT)."""
        return bool(self.disability_levels) and not self.needs_cared_person

    @property
    def needs_disability_level(self) -> bool:
        """A level on the case: the person's own, or the cared person's for the care of a disabled person.

        For CS-DISABLED-PARENT the level is the one of the parent's own K6 case, so it is not asked again.
        """
        return bool(self.disability_levels) and self.kind != KIND_DISABLED_PARENT

    @property
    def needs_children(self) -> bool:
        return self.kind in (KIND_PER_CHILD, KIND_DISABLED_PARENT)

    @property
    def needs_pregnancy(self) -> bool:
        return self.kind == KIND_DISABLED_PARENT

    @property
    def needs_studying(self) -> bool:
        return self.requires_studying

    @property
    def needs_poverty(self) -> bool:
        return bool(self.poverty)

    def in_force(self, month: date) -> bool:
        return self.valid_from <= month and (self.valid_to is None or month <= self.valid_to)


def _first_day(month) -> date | None:
    return None if month is None else date(month.year, month.month, 1)


@cache
def _categories() -> dict[str, CategoryInfo]:
    out = {}
    for rule in SEED_CATEGORIES:
        out[rule.code] = CategoryInfo(
            code=rule.code,
            scheme=rule.scheme,
            label=rule.label,
            clause=rule.clause,
            kind=rule.kind,
            valid_from=_first_day(rule.valid_from),
            valid_to=_first_day(rule.valid_to),
            poverty=tuple(rule.poverty),
            disability_levels=tuple(rule.disability_levels),
            min_age=rule.min_age,
            max_age=rule.max_age,
            requires_studying=rule.requires_studying,
            child_under_months=rule.child_under_months,
            child_studying_under_months=rule.child_studying_under_months,
        )
    return out


def category_info(code: str) -> CategoryInfo | None:
    return _categories().get(code)


def all_categories() -> list[CategoryInfo]:
    return list(_categories().values())


def category_choices() -> list[tuple[str, str]]:
    """Choices of ``Case.category`` (a callable, so that migrations do not copy the labels)."""
    return [(c.code, c.choice_label) for c in _categories().values()]


def category_codes() -> list[str]:
    return list(_categories())
