"""The categories (diện đối tượng) as the registry needs them: codes, labels and which facts a case must carry.

The legal facts (label, scheme, age limits, poverty condition, months in force) are the
benefits engine's seeded rule rows (``engine.SEED_CATEGORIES``); this module only
derives from them what the entry forms, the importer and the worklist ask for, so that a
rule lives in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from engine import (
    CARE_SUPPORT,
    KIND_CARED,
    KIND_DISABLED_PARENT,
    KIND_FOSTER,
    KIND_PER_CHILD,
    MONTHLY_ALLOWANCE,
    SEED_CATEGORIES,
    SOCIAL_PENSION,
    Month,
)
from engine.funeral import FUNERAL, FUNERAL_CLAUSE

SCHEME_LABELS = {
    MONTHLY_ALLOWANCE: "Trợ cấp xã hội hằng tháng",
    CARE_SUPPORT: "Hỗ trợ kinh phí chăm sóc, nuôi dưỡng",
    SOCIAL_PENSION: "Trợ cấp hưu trí xã hội",
    FUNERAL: "Hỗ trợ chi phí mai táng",
}
# A payment line's category is the funeral support itself (not a category of the registry).
FUNERAL_SHORT = "Mai táng"


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    scheme: str
    label: str
    clause: str
    kind: str
    valid_from: Month
    valid_to: Month | None  # the last month in force
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

    def in_force(self, month: Month | date) -> bool:
        month = Month.of(month)
        return self.valid_from <= month and (self.valid_to is None or month <= self.valid_to)


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
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
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


# ---------------------------------------------------------------------------
# Names for documents and pages: officers type the codes (import files, filters), they read
# Vietnamese. A short form for narrow columns is the clause that creates the category,
# "khoản 5 điều 5 điểm a" -> "K5a Đ5" (derived from the rule row, not a second table);
# documents that use it carry a legend with the full name.
# ---------------------------------------------------------------------------

_CLAUSE = re.compile(r"điều (\d+) khoản (\d+)(?: điểm (\w))?")


@dataclass(frozen=True)
class CategoryName:
    code: str
    short: str  # "K5a Đ5"
    label: str  # "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng"
    clause: str  # "Nghị định 20/2021/NĐ-CP điều 5 khoản 5 điểm a"


def _short_of(clause: str, fallback: str) -> str:
    match = _CLAUSE.search(clause)
    if not match:
        return fallback
    article, number, point = match.groups()
    return f"K{number}{point or ''} Đ{article}"


def category_name(code: str) -> CategoryName:
    """The Vietnamese names of a category code (or of the funeral support); the code itself if unknown."""
    code = (code or "").strip()
    if code == FUNERAL:
        return CategoryName(FUNERAL, FUNERAL_SHORT, SCHEME_LABELS[FUNERAL], FUNERAL_CLAUSE)
    info = category_info(code)
    if info is None:
        return CategoryName(code, code, code, "")
    return CategoryName(code, _short_of(info.clause, code), info.label, info.clause)


def category_codes_of(categories: str) -> list[str]:
    """The codes of a payment line's categories: "K4+K5A" -> ["K4", "K5A"]."""
    return [code.strip() for code in re.split(r"[+,]", categories or "") if code.strip()]


def category_shorts(categories: str) -> str:
    """ "K4+K5A" -> "K4 Đ5, K5a Đ5" (for narrow columns, with :func:`category_legend`)."""
    return ", ".join(category_name(code).short for code in category_codes_of(categories))


def category_labels(categories: str) -> str:
    """ "K4+K5A" -> the full names, separated by "; "."""
    return "; ".join(category_name(code).label for code in category_codes_of(categories))


def category_legend(categories) -> list[CategoryName]:
    """The names of the categories that occur in ``categories`` (line strings), in the order of the law."""
    codes = {code for text in categories for code in category_codes_of(text)}
    order = {code: i for i, code in enumerate([*_categories(), FUNERAL])}
    return [category_name(code) for code in sorted(codes, key=lambda code: (order.get(code, len(order)), code))]
