"""Rule rows (data) and the RuleSet that indexes them for the engine.

Every number the law sets is a row here: base rates, categories with their
eligibility conditions, coefficient bands and flat amounts, each with the
months it is in force and the clause it comes from. Rows are never edited in
place; a new decree is a new row (``RuleSet.with_rows`` builds the new set).

Month ranges are inclusive: ``valid_to`` is the last month the row applies to,
``None`` means open-ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .types import (
    DISABILITY_LEVELS,
    MONTHLY_ALLOWANCE,
    POVERTY_LEVELS,
    SCHEMES,
    SOCIAL_PENSION,
    EngineError,
    Month,
)

# Category kinds: how a category turns facts into a coefficient. The kinds are
# structure (who is looked at, what is counted); every coefficient and age
# limit they use is a row or a field of a row.
KIND_STANDARD = "standard"  # bands by the person's own age and disability level
KIND_PER_CHILD = "per_child"  # band coefficient × number of qualifying children (K4)
KIND_DISABLED_PARENT = "disabled_parent"  # bands by pregnancy + young children count
KIND_CARED = "cared"  # bands by the cared person's age and disability level
KIND_FOSTER = "foster"  # cared person is a child (under max_age) or elderly (from min_age)
KIND_FLAT = "flat"  # a flat amount of the scheme (social pension), not base × coefficient
KINDS = (KIND_STANDARD, KIND_PER_CHILD, KIND_DISABLED_PARENT, KIND_CARED, KIND_FOSTER, KIND_FLAT)

# What a flat-amount row pays: every month (the social pension), or once when the
# beneficiary dies (funeral support to whoever organises the funeral).
FLAT_MONTHLY = "monthly"
FLAT_FUNERAL = "funeral"
FLAT_PURPOSES = (FLAT_MONTHLY, FLAT_FUNERAL)

_OPEN = 10**9  # month index meaning "no end"
_NEVER = -(10**9)


@dataclass(frozen=True, slots=True)
class BaseRateRule:
    """Mức chuẩn trợ giúp xã hội: national when ``province_code`` is None, else a provincial override."""

    amount: int
    valid_from: Month
    valid_to: Month | None = None
    province_code: str | None = None
    basis: str = ""


@dataclass(frozen=True, slots=True)
class CategoryRule:
    """A category (diện đối tượng) created by a clause, with the conditions the engine checks.

    Ages are counted on the last day of the month. ``min_age``: from the month of
    that birthday. ``max_age``: "under N", still counted in the month of the N-th
    birthday and not after (Decree 20 art. 8(2): paid through the month
    eligibility ends). For kind ``foster`` the cared person qualifies if under
    ``max_age`` *or* from ``min_age``.

    ``child_under_months`` / ``child_studying_under_months`` say which children
    count for kinds ``per_child`` and ``disabled_parent`` (same "through the
    birthday month" rule). ``stacks_with`` lists the categories this one is paid
    in addition to (K4 with K5x/K6/K8, Decree 20 art. 6(2)); ``one_per_person``
    pays a care-support category once even if several entitlements name it.
    """

    code: str
    scheme: str
    label: str
    clause: str
    valid_from: Month
    valid_to: Month | None = None
    kind: str = KIND_STANDARD
    min_age: int | None = None
    max_age: int | None = None
    poverty: tuple[str, ...] = ()
    disability_levels: tuple[str, ...] = ()
    requires_studying: bool = False
    requires_no_pension: bool = False
    child_under_months: int | None = None
    child_studying_under_months: int | None = None
    stacks_with: tuple[str, ...] = ()
    one_per_person: bool = False
    end_basis: str = ""


@dataclass(frozen=True, slots=True)
class CoefficientBandRule:
    """One coefficient of a category for an age range / disability level / count.

    ``min_age`` ≤ age < ``max_age`` (age on the last day of the month, of the
    person or, for care categories, of the cared person). ``min_count``: the
    band applies from that many counted items (pregnancy and young children);
    ``per_count``: the coefficient is multiplied by the count (K4). When several
    bands match, the highest coefficient is paid.
    """

    category: str
    coefficient: Decimal
    clause: str
    valid_from: Month
    valid_to: Month | None = None
    min_age: int | None = None
    max_age: int | None = None
    disability_level: str | None = None
    min_count: int | None = None
    per_count: bool = False
    label: str = ""


@dataclass(frozen=True, slots=True)
class FlatAmountRule:
    """A flat amount of a scheme: monthly (the social pension) or, with ``purpose`` "funeral",
    the one-off funeral support owed when a beneficiary of the scheme dies in a month the row
    covers (the social pension's, Law 41/2024 art. 22(3)).

    A national row (``province_code`` None) gives the amount; a provincial row is
    a top-up paid on top of it in that province (Law 41/2024 art. 22(1)).
    ``secondary_source``: the amount is taken from secondary sources, not yet checked
    against the official text (shown as such on the rules page and in the line's basis).
    """

    scheme: str
    amount: int
    valid_from: Month
    valid_to: Month | None = None
    province_code: str | None = None
    basis: str = ""
    purpose: str = FLAT_MONTHLY
    secondary_source: bool = False


# ---------------------------------------------------------------------------
# Compiled forms: plain slotted objects with integer month indexes, built once
# per RuleSet so that compute() does integer comparisons only.


def _from_idx(m: Month | None) -> int:
    return _NEVER if m is None else m.index


def _to_idx(m: Month | None) -> int:
    return _OPEN if m is None else m.index


def _tenths(value: Decimal, where: str) -> int:
    scaled = Decimal(value) * 10
    if scaled != scaled.to_integral_value() or scaled < 0:
        raise EngineError(f"{where}: hệ số {value} phải là bội số không âm của 0,1")
    return int(scaled)


class _Band:
    __slots__ = (
        "cite",
        "clause",
        "disability",
        "from_idx",
        "label",
        "max_age",
        "min_age",
        "min_count",
        "per_count",
        "rule",
        "tenths",
        "to_idx",
    )

    def __init__(self, rule: CoefficientBandRule) -> None:
        self.rule = rule
        self.tenths = _tenths(rule.coefficient, f"Hệ số {rule.category}")
        self.from_idx = _from_idx(rule.valid_from)
        self.to_idx = _to_idx(rule.valid_to)
        self.min_age = rule.min_age
        self.max_age = rule.max_age
        self.disability = rule.disability_level
        self.min_count = rule.min_count
        self.per_count = rule.per_count
        self.clause = rule.clause
        self.label = rule.label
        self.cite = rule.clause


def _cite(category_clause: str, band_clause: str) -> str:
    """Both clauses, the instrument named once when they share it.

    ``"Nghị định 20/2021/NĐ-CP điều 5 khoản 6"`` + ``"Nghị định 20/2021/NĐ-CP điều 6 khoản 1 điểm e"``
    → ``"Nghị định 20/2021/NĐ-CP điều 5 khoản 6, điều 6 khoản 1 điểm e"``.
    """
    if not band_clause or band_clause == category_clause:
        return category_clause
    cut = category_clause.find(" điều ")
    if cut > 0 and band_clause.startswith(category_clause[: cut + 1]):
        return f"{category_clause}, {band_clause[cut + 1 :]}"
    return f"{category_clause}; {band_clause}"


class _Category:
    __slots__ = (
        "bands",
        "child_months",
        "child_study_months",
        "clause",
        "code",
        "disability",
        "end_basis",
        "from_idx",
        "kind",
        "label",
        "max_months",
        "min_age",
        "no_pension",
        "one_per_person",
        "poverty",
        "rule",
        "scheme",
        "stacks_with",
        "studying",
        "to_idx",
    )

    def __init__(self, rule: CategoryRule, bands: list[_Band]) -> None:
        self.rule = rule
        self.code = rule.code
        self.scheme = rule.scheme
        self.kind = rule.kind
        self.label = rule.label
        self.clause = rule.clause
        self.end_basis = rule.end_basis
        self.from_idx = _from_idx(rule.valid_from)
        self.to_idx = _to_idx(rule.valid_to)
        self.min_age = rule.min_age
        # "under N" counted through the month of the N-th birthday: at most N×12
        # months after the birth month.
        self.max_months = None if rule.max_age is None else rule.max_age * 12
        self.poverty = frozenset(rule.poverty) or None
        self.disability = frozenset(rule.disability_levels) or None
        self.studying = rule.requires_studying
        self.no_pension = rule.requires_no_pension
        self.child_months = rule.child_under_months
        self.child_study_months = rule.child_studying_under_months
        self.stacks_with = frozenset(rule.stacks_with)
        self.one_per_person = rule.one_per_person
        for band in bands:
            band.cite = _cite(rule.clause, band.clause)
        self.bands = tuple(bands)


def _pick_last(rows: list, m: int) -> object | None:
    """The row in force in month index ``m``; when rows overlap the later row wins."""
    found = None
    for row in rows:
        if row[0] <= m <= row[1]:
            found = row
    return found


@dataclass(frozen=True)
class RuleSet:
    """All rule rows, indexed once. Immutable; build a new one to change a rule.

    When two rows of the same level (national, or the same province) cover a
    month, the row that comes later in ``base_rates`` / ``flat_amounts`` wins:
    a row added for past months overrides what was there.
    """

    base_rates: tuple[BaseRateRule, ...]
    categories: tuple[CategoryRule, ...]
    flat_amounts: tuple[FlatAmountRule, ...] = ()
    coefficient_bands: tuple[CoefficientBandRule, ...] = ()
    _categories: dict = field(init=False, repr=False, compare=False)
    _base_national: list = field(init=False, repr=False, compare=False)
    _base_provincial: dict = field(init=False, repr=False, compare=False)
    _flat_national: dict = field(init=False, repr=False, compare=False)
    _flat_provincial: dict = field(init=False, repr=False, compare=False)
    _funeral_national: dict = field(init=False, repr=False, compare=False)
    _funeral_provincial: dict = field(init=False, repr=False, compare=False)
    _base_cache: dict = field(init=False, repr=False, compare=False)
    _flat_cache: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        for name in ("base_rates", "categories", "flat_amounts", "coefficient_bands"):
            set_(self, name, tuple(getattr(self, name)))

        bands_by_cat: dict[str, list[_Band]] = {}
        for band_rule in self.coefficient_bands:
            if band_rule.disability_level is not None and band_rule.disability_level not in DISABILITY_LEVELS:
                raise EngineError(f"Hệ số {band_rule.category}: mức khuyết tật không hợp lệ")
            bands_by_cat.setdefault(band_rule.category, []).append(_Band(band_rule))

        cats: dict[str, _Category] = {}
        for rule in self.categories:
            if rule.scheme not in SCHEMES:
                raise EngineError(f"Diện {rule.code}: chế độ không hợp lệ {rule.scheme!r}")
            if rule.kind not in KINDS:
                raise EngineError(f"Diện {rule.code}: loại quy tắc không hợp lệ {rule.kind!r}")
            if (rule.kind == KIND_FLAT) != (rule.scheme == SOCIAL_PENSION):
                raise EngineError(f"Diện {rule.code}: chỉ trợ cấp hưu trí xã hội là mức cố định")
            if rule.code in cats:
                raise EngineError(f"Diện {rule.code} được khai báo hai lần")
            if any(p not in POVERTY_LEVELS for p in rule.poverty):
                raise EngineError(f"Diện {rule.code}: mức nghèo không hợp lệ")
            # A category without bands is allowed (it pays nothing until its bands
            # are added), so that adding a category row never breaks the whole set.
            cats[rule.code] = _Category(rule, bands_by_cat.pop(rule.code, []))
        if bands_by_cat:
            raise EngineError(f"Hệ số cho diện không tồn tại: {', '.join(sorted(bands_by_cat))}")
        for cat in cats.values():
            unknown = cat.stacks_with - cats.keys()
            if unknown:
                raise EngineError(f"Diện {cat.code}: cộng với diện không tồn tại {sorted(unknown)}")
            if cat.stacks_with and cat.scheme != MONTHLY_ALLOWANCE:
                raise EngineError(f"Diện {cat.code}: chỉ trợ cấp hằng tháng được cộng thêm")

        national: list = []
        provincial: dict[str, list] = {}
        for rate in self.base_rates:
            if rate.amount < 0:
                raise EngineError("Mức chuẩn không được âm")
            row = (_from_idx(rate.valid_from), _to_idx(rate.valid_to), rate)
            if rate.province_code is None:
                national.append(row)
            else:
                provincial.setdefault(rate.province_code, []).append(row)

        flat_nat: dict[str, list] = {}
        flat_prov: dict[tuple[str, str], list] = {}
        funeral_nat: dict[str, list] = {}
        funeral_prov: dict[tuple[str, str], list] = {}
        for flat in self.flat_amounts:
            if flat.scheme not in SCHEMES:
                raise EngineError(f"Mức cố định: chế độ không hợp lệ {flat.scheme!r}")
            if flat.purpose not in FLAT_PURPOSES:
                raise EngineError(f"Mức cố định: loại không hợp lệ {flat.purpose!r}")
            row = (_from_idx(flat.valid_from), _to_idx(flat.valid_to), flat)
            nat, prov = (flat_nat, flat_prov) if flat.purpose == FLAT_MONTHLY else (funeral_nat, funeral_prov)
            if flat.province_code is None:
                nat.setdefault(flat.scheme, []).append(row)
            else:
                prov.setdefault((flat.scheme, flat.province_code), []).append(row)

        set_(self, "_categories", cats)
        set_(self, "_base_national", national)
        set_(self, "_base_provincial", provincial)
        set_(self, "_flat_national", flat_nat)
        set_(self, "_flat_provincial", flat_prov)
        set_(self, "_funeral_national", funeral_nat)
        set_(self, "_funeral_provincial", funeral_prov)
        set_(self, "_base_cache", {})
        set_(self, "_flat_cache", {})

    # -- lookups ------------------------------------------------------------
    def category(self, code: str) -> CategoryRule | None:
        cat = self._categories.get(code)
        return None if cat is None else cat.rule

    def base_rate_rule(self, month: Month, province_code: str | None = None) -> BaseRateRule | None:
        """The base-rate row that applies: the higher of national and provincial."""
        found = self._base_lookup(month.index, province_code)
        return None if found is None else found[2]

    def base_rate(self, month: Month, province_code: str | None = None) -> int | None:
        found = self._base_lookup(month.index, province_code)
        return None if found is None else found[0]

    def _base_lookup(self, m: int, province: str | None) -> tuple[int, str, BaseRateRule] | None:
        key = (m, province)
        try:
            return self._base_cache[key]
        except KeyError:
            pass
        nat = _pick_last(self._base_national, m)
        prov = None if province is None else _pick_last(self._base_provincial.get(province, ()), m)
        # A province may only set a higher base; when the national one catches up
        # it applies (HN NQ 63/2025 art. 2(5)).
        chosen = nat if prov is None or (nat is not None and nat[2].amount >= prov[2].amount) else prov
        value = None if chosen is None else (chosen[2].amount, chosen[2].basis, chosen[2])
        self._base_cache[key] = value
        return value

    def _flat_lookup(self, scheme: str, m: int, province: str | None) -> tuple | None:
        """(total, national row, top-up row or None) of a flat-amount scheme."""
        key = (scheme, m, province)
        try:
            return self._flat_cache[key]
        except KeyError:
            pass
        nat = _pick_last(self._flat_national.get(scheme, ()), m)
        value = None
        if nat is not None:
            top = None if province is None else _pick_last(self._flat_provincial.get((scheme, province), ()), m)
            total = nat[2].amount + (0 if top is None else top[2].amount)
            value = (total, nat[2], None if top is None else top[2])
        self._flat_cache[key] = value
        return value

    def funeral_amount(self, scheme: str, month: Month, province_code: str | None = None) -> tuple | None:
        """The funeral support row of a scheme for a death in ``month``: ``(total, national row,
        provincial top-up row or None)``, or None when no row covers the month."""
        m = month.index
        nat = _pick_last(self._funeral_national.get(scheme, ()), m)
        if nat is None:
            return None
        top = None
        if province_code is not None:
            top = _pick_last(self._funeral_provincial.get((scheme, province_code), ()), m)
        return (nat[2].amount + (0 if top is None else top[2].amount), nat[2], None if top is None else top[2])

    # -- building new sets ----------------------------------------------------
    def with_rows(
        self,
        *,
        base_rates: tuple[BaseRateRule, ...] = (),
        categories: tuple[CategoryRule, ...] = (),
        flat_amounts: tuple[FlatAmountRule, ...] = (),
        coefficient_bands: tuple[CoefficientBandRule, ...] = (),
    ) -> RuleSet:
        """A new RuleSet with the given rows appended (later rows win on overlap)."""
        return RuleSet(
            base_rates=self.base_rates + tuple(base_rates),
            categories=self.categories + tuple(categories),
            flat_amounts=self.flat_amounts + tuple(flat_amounts),
            coefficient_bands=self.coefficient_bands + tuple(coefficient_bands),
        )

