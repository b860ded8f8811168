"""The seeded rule rows: the single source of the legal facts the project starts with.

Sources and confidence: ``docs/legal-rules.md`` §2 (base rates),
§3 (categories, Decree 20/2021 art. 5–6), §5 (care support, art. 20), §6
(social pension) and §11 (Hà Nội NQ 63/2025). The data migration of the
``benefits`` app inserts exactly these rows.

Deliberately absent: the reported Decree 335/2026/NĐ-CP (540,000 from
2026-07) is unverified [U]; an administrator adds it as a new row once the
official text is confirmed (``manage.py add_base_rate``).
"""

from __future__ import annotations

from decimal import Decimal

from .rules import (
    FLAT_FUNERAL,
    KIND_CARED,
    KIND_DISABLED_PARENT,
    KIND_FLAT,
    KIND_FOSTER,
    KIND_PER_CHILD,
    KIND_STANDARD,
    BaseRateRule,
    CategoryRule,
    CoefficientBandRule,
    FlatAmountRule,
    RuleSet,
)
from .types import (
    CARE_SUPPORT,
    DISABILITY_EXTRA_SEVERE,
    DISABILITY_SEVERE,
    MONTHLY_ALLOWANCE,
    POVERTY_NEAR_POOR,
    POVERTY_POOR,
    SOCIAL_PENSION,
    Month,
)

HA_NOI = "01"

ND20 = "Nghị định 20/2021/NĐ-CP"
ND136 = "Nghị định 136/2013/NĐ-CP"
ND76 = "Nghị định 76/2024/NĐ-CP"
ND176 = "Nghị định 176/2025/NĐ-CP"
LUAT41 = "Luật Bảo hiểm xã hội 41/2024/QH15"
NQ63_HN = "Nghị quyết 63/2025/NQ-HĐND"

# Clauses the engine cites for its combination and timing rules (not rows: they
# are how rows combine, docs/engine.md §6, conventions 3–6).
CLAUSE_HIGHEST_ONLY = f"{ND20} điều 6 khoản 2"
CLAUSE_CARE_IN_ADDITION = f"{ND20} điều 20 khoản 2 điểm b"
CLAUSE_PENSION_OR_ALLOWANCE = f"{LUAT41} điều 22 khoản 2"
CLAUSE_STOP = f"{ND20} điều 8 khoản 2"

DECREE20_START = Month(2021, 7)
PENSION_START = Month(2025, 7)
K5BC_END = Month(2025, 6)

SEED_BASE_RATES: tuple[BaseRateRule, ...] = (
    BaseRateRule(270_000, Month(2014, 1), Month(2021, 6), None, f"{ND136} điều 4"),
    BaseRateRule(360_000, Month(2021, 7), Month(2024, 6), None, f"{ND20} điều 4 khoản 2"),
    BaseRateRule(500_000, Month(2024, 7), None, None, ND76),
    BaseRateRule(650_000, Month(2026, 1), None, HA_NOI, f"{NQ63_HN} điều 2 khoản 1"),
)

_POOR = (POVERTY_POOR,)
_POOR_OR_NEAR = (POVERTY_POOR, POVERTY_NEAR_POOR)
_DISABLED = (DISABILITY_SEVERE, DISABILITY_EXTRA_SEVERE)
_K4_STACKS = ("K5A", "K5B", "K5C", "K5D", "K6", "K8")

SEED_CATEGORIES: tuple[CategoryRule, ...] = (
    CategoryRule(
        "K1",
        MONTHLY_ALLOWANCE,
        "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng",
        f"{ND20} điều 5 khoản 1",
        DECREE20_START,
        max_age=16,
    ),
    CategoryRule(
        "K2",
        MONTHLY_ALLOWANCE,
        "Người từ đủ 16 đến 22 tuổi đang đi học, trước đó thuộc diện K1",
        f"{ND20} điều 5 khoản 2",
        DECREE20_START,
        min_age=16,
        max_age=22,
        requires_studying=True,
    ),
    CategoryRule(
        "K3",
        MONTHLY_ALLOWANCE,
        "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo",
        f"{ND20} điều 5 khoản 3",
        DECREE20_START,
        max_age=16,
        poverty=_POOR,
    ),
    CategoryRule(
        "K4",
        MONTHLY_ALLOWANCE,
        "Người đơn thân thuộc hộ nghèo, hộ cận nghèo đang nuôi con",
        f"{ND20} điều 5 khoản 4",
        DECREE20_START,
        kind=KIND_PER_CHILD,
        poverty=_POOR_OR_NEAR,
        child_under_months=16 * 12,
        child_studying_under_months=22 * 12,
        stacks_with=_K4_STACKS,
    ),
    CategoryRule(
        "K5A",
        MONTHLY_ALLOWANCE,
        "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng",
        f"{ND20} điều 5 khoản 5 điểm a",
        DECREE20_START,
        min_age=60,
        poverty=_POOR,
    ),
    CategoryRule(
        "K5B",
        MONTHLY_ALLOWANCE,
        "Người cao tuổi từ đủ 75 đến 80 tuổi thuộc hộ nghèo, hộ cận nghèo ở vùng dân tộc thiểu số "
        "và miền núi đặc biệt khó khăn",
        f"{ND20} điều 5 khoản 5 điểm b",
        DECREE20_START,
        K5BC_END,
        min_age=75,
        max_age=80,
        poverty=_POOR_OR_NEAR,
        end_basis=f"{ND176} điều 8 khoản 2",
    ),
    CategoryRule(
        "K5C",
        MONTHLY_ALLOWANCE,
        "Người từ đủ 80 tuổi trở lên không có lương hưu, trợ cấp hằng tháng",
        f"{ND20} điều 5 khoản 5 điểm c",
        DECREE20_START,
        K5BC_END,
        min_age=80,
        requires_no_pension=True,
        end_basis=f"{ND176} điều 8 khoản 2",
    ),
    CategoryRule(
        "K5D",
        MONTHLY_ALLOWANCE,
        "Người cao tuổi đủ điều kiện vào cơ sở trợ giúp xã hội nhưng được nhận chăm sóc tại cộng đồng",
        f"{ND20} điều 5 khoản 5 điểm d",
        DECREE20_START,
        min_age=60,
        poverty=_POOR,
    ),
    CategoryRule(
        "K6",
        MONTHLY_ALLOWANCE,
        "Người khuyết tật nặng, đặc biệt nặng",
        f"{ND20} điều 5 khoản 6",
        DECREE20_START,
        disability_levels=_DISABLED,
    ),
    CategoryRule(
        "K7",
        MONTHLY_ALLOWANCE,
        "Trẻ em dưới 3 tuổi thuộc hộ nghèo, hộ cận nghèo ở vùng dân tộc thiểu số và miền núi đặc biệt khó khăn",
        f"{ND20} điều 5 khoản 7",
        DECREE20_START,
        max_age=3,
        poverty=_POOR_OR_NEAR,
    ),
    CategoryRule(
        "K8",
        MONTHLY_ALLOWANCE,
        "Người nhiễm HIV/AIDS thuộc hộ nghèo không có thu nhập ổn định",
        f"{ND20} điều 5 khoản 8",
        DECREE20_START,
        poverty=_POOR,
        requires_no_pension=True,
    ),
    CategoryRule(
        "CS-FOSTER",
        CARE_SUPPORT,
        "Hỗ trợ nhận chăm sóc, nuôi dưỡng trẻ em diện K1 hoặc người cao tuổi diện K5D",
        f"{ND20} điều 20 khoản 1",
        DECREE20_START,
        kind=KIND_FOSTER,
        min_age=60,
        max_age=16,
    ),
    CategoryRule(
        "CS-DISABLED-PARENT",
        CARE_SUPPORT,
        "Hỗ trợ người khuyết tật đang mang thai hoặc nuôi con dưới 36 tháng tuổi",
        f"{ND20} điều 20 khoản 2 điểm a",
        DECREE20_START,
        kind=KIND_DISABLED_PARENT,
        disability_levels=_DISABLED,
        child_under_months=36,
        one_per_person=True,
    ),
    CategoryRule(
        "CS-HOUSEHOLD",
        CARE_SUPPORT,
        "Hỗ trợ hộ gia đình trực tiếp chăm sóc người khuyết tật đặc biệt nặng",
        f"{ND20} điều 20 khoản 2 điểm c",
        DECREE20_START,
        kind=KIND_CARED,
        disability_levels=(DISABILITY_EXTRA_SEVERE,),
    ),
    CategoryRule(
        "CS-FOSTER-DISABLED",
        CARE_SUPPORT,
        "Hỗ trợ nhận chăm sóc, nuôi dưỡng người khuyết tật đặc biệt nặng",
        f"{ND20} điều 20 khoản 2 điểm d",
        DECREE20_START,
        kind=KIND_CARED,
        disability_levels=(DISABILITY_EXTRA_SEVERE,),
    ),
    CategoryRule(
        "SP-75",
        SOCIAL_PENSION,
        "Người từ đủ 75 tuổi không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng",
        f"{LUAT41} điều 21 khoản 1",
        PENSION_START,
        kind=KIND_FLAT,
        min_age=75,
        requires_no_pension=True,
    ),
    CategoryRule(
        "SP-70-POOR",
        SOCIAL_PENSION,
        "Người từ đủ 70 đến dưới 75 tuổi thuộc hộ nghèo, hộ cận nghèo, không có lương hưu",
        f"{LUAT41} điều 21 khoản 2",
        PENSION_START,
        kind=KIND_FLAT,
        min_age=70,
        max_age=75,
        poverty=_POOR_OR_NEAR,
        requires_no_pension=True,
    ),
)


def _band(category: str, coefficient: str, clause: str, label: str = "", **kwargs) -> CoefficientBandRule:
    return CoefficientBandRule(
        category=category,
        coefficient=Decimal(coefficient),
        clause=clause,
        valid_from=DECREE20_START,
        label=label,
        **kwargs,
    )


_A6 = f"{ND20} điều 6 khoản 1"
_A20 = f"{ND20} điều 20"
SEED_COEFFICIENT_BANDS: tuple[CoefficientBandRule, ...] = (
    _band("K1", "2.5", f"{_A6} điểm a", "dưới 4 tuổi", max_age=4),
    _band("K1", "1.5", f"{_A6} điểm a", "từ đủ 4 tuổi", min_age=4),
    _band("K2", "1.5", f"{_A6} điểm b"),
    _band("K3", "2.5", f"{_A6} điểm c", "dưới 4 tuổi", max_age=4),
    _band("K3", "2.0", f"{_A6} điểm c", "từ đủ 4 tuổi", min_age=4),
    _band("K4", "1.0", f"{_A6} điểm d", "mỗi con đang nuôi", min_count=1, per_count=True),
    _band("K5A", "1.5", f"{_A6} điểm đ", "từ đủ 60 đến dưới 80 tuổi", min_age=60, max_age=80),
    _band("K5A", "2.0", f"{_A6} điểm đ", "từ đủ 80 tuổi", min_age=80),
    _band("K5B", "1.0", f"{_A6} điểm đ"),
    _band("K5C", "1.0", f"{_A6} điểm đ"),
    _band("K5D", "3.0", f"{_A6} điểm đ"),
    _band(
        "K6",
        "2.0",
        f"{_A6} điểm e",
        "khuyết tật nặng, trẻ em dưới 16 tuổi",
        max_age=16,
        disability_level=DISABILITY_SEVERE,
    ),
    _band("K6", "1.5", f"{_A6} điểm e", "khuyết tật nặng", min_age=16, max_age=60, disability_level=DISABILITY_SEVERE),
    _band(
        "K6", "2.0", f"{_A6} điểm e", "khuyết tật nặng, người cao tuổi", min_age=60, disability_level=DISABILITY_SEVERE
    ),
    _band(
        "K6",
        "2.5",
        f"{_A6} điểm e",
        "khuyết tật đặc biệt nặng, trẻ em dưới 16 tuổi",
        max_age=16,
        disability_level=DISABILITY_EXTRA_SEVERE,
    ),
    _band(
        "K6",
        "2.0",
        f"{_A6} điểm e",
        "khuyết tật đặc biệt nặng",
        min_age=16,
        max_age=60,
        disability_level=DISABILITY_EXTRA_SEVERE,
    ),
    _band(
        "K6",
        "2.5",
        f"{_A6} điểm e",
        "khuyết tật đặc biệt nặng, người cao tuổi",
        min_age=60,
        disability_level=DISABILITY_EXTRA_SEVERE,
    ),
    _band("K7", "1.5", f"{_A6} điểm g"),
    _band("K8", "1.5", f"{_A6} điểm g"),
    _band("CS-FOSTER", "2.5", f"{_A20} khoản 1 điểm a", "trẻ em dưới 4 tuổi", max_age=4),
    _band("CS-FOSTER", "1.5", f"{_A20} khoản 1 điểm b", "từ đủ 4 tuổi", min_age=4),
    _band(
        "CS-DISABLED-PARENT",
        "1.5",
        f"{_A20} khoản 2 điểm a",
        "mang thai hoặc nuôi một con dưới 36 tháng tuổi",
        min_count=1,
    ),
    _band(
        "CS-DISABLED-PARENT",
        "2.0",
        f"{_A20} khoản 2 điểm a",
        "mang thai và nuôi con dưới 36 tháng tuổi, hoặc nuôi từ hai con dưới 36 tháng tuổi",
        min_count=2,
    ),
    _band("CS-HOUSEHOLD", "1.0", f"{_A20} khoản 2 điểm c"),
    _band("CS-FOSTER-DISABLED", "2.5", f"{_A20} khoản 2 điểm d", "trẻ em dưới 16 tuổi", max_age=16),
    _band("CS-FOSTER-DISABLED", "1.5", f"{_A20} khoản 2 điểm d", "người từ đủ 16 tuổi", min_age=16),
)

SEED_FLAT_AMOUNTS: tuple[FlatAmountRule, ...] = (
    FlatAmountRule(SOCIAL_PENSION, 500_000, PENSION_START, None, None, f"{ND176} điều 3 khoản 1"),
    FlatAmountRule(SOCIAL_PENSION, 150_000, Month(2026, 1), None, HA_NOI, f"{NQ63_HN} điều 7"),
)

# Added after the first seed, by their own data migration (0007_seed_social_pension_funeral).
# The social pension's funeral support (Law 41/2024 art. 22(3); Decree 176/2025, in force
# from 07/2025): reported as 10,000,000 đ (20 × 500,000) by secondary sources; marked so
# until the amount is checked against the official text (then a successor row without the mark).
SEED_FUNERAL_AMOUNTS: tuple[FlatAmountRule, ...] = (
    FlatAmountRule(
        SOCIAL_PENSION,
        10_000_000,
        PENSION_START,
        None,
        None,
        f"{LUAT41} điều 22 khoản 3; {ND176}",
        purpose=FLAT_FUNERAL,
        secondary_source=True,
    ),
)

SEED_RULESET = RuleSet(
    base_rates=SEED_BASE_RATES,
    categories=SEED_CATEGORIES,
    flat_amounts=SEED_FLAT_AMOUNTS + SEED_FUNERAL_AMOUNTS,
    coefficient_bands=SEED_COEFFICIENT_BANDS,
)

# KIND_STANDARD is the default of CategoryRule; imported for readers looking for every kind.
__all__ = [
    "HA_NOI",
    "KIND_STANDARD",
    "SEED_BASE_RATES",
    "SEED_CATEGORIES",
    "SEED_COEFFICIENT_BANDS",
    "SEED_FLAT_AMOUNTS",
    "SEED_FUNERAL_AMOUNTS",
    "SEED_RULESET",
]
