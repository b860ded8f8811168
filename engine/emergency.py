"""Emergency aid (trợ giúp xã hội đột xuất): the rule rows and the pure computation.

Decree 20/2021/NĐ-CP Chapter III (art. 12–15), rules and sources in docs/emergency-aid.md.
Every level is a dated, cited row (``EmergencyAidRule``): a multiple of the base rate
(injury 10×, death or missing 50×, an unclaimed burial at least 50× or its actual cost), a
fixed amount per household (housing 40 / 30 / 20 million) or kilograms of rice per person and
month (15 kg; at most 1 month at Tết, at most 3 per round otherwise). The national rows are
minimums: a province may add its own row for a kind, which can only raise the level (a
provincial row lower than the national one is ignored, docs/emergency-aid.md §3).

Amounts linked to the base rate use the base rate in force in the month of the aid decision,
the higher of the national and the province's own (``RuleSet.base_rate``, docs/engine.md §5).

Plain Python: no Django, no database (docs/architecture.md §1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .compute import format_money
from .rules import RuleSet
from .types import EngineError, Month

# How a row's ``value`` turns into aid.
MEASURE_BASE_MULTIPLE = "base_multiple"  # value × base rate of the decision month
MEASURE_COST_AT_LEAST = "cost_at_least"  # the actual cost, at least value × base rate
MEASURE_FIXED = "fixed"  # value đồng per household
MEASURE_RICE = "rice"  # value kg per person per month, at most max_months months
MEASURES = (MEASURE_BASE_MULTIPLE, MEASURE_COST_AT_LEAST, MEASURE_FIXED, MEASURE_RICE)

# Household status for housing aid: poor, near-poor, or in particular hardship (hộ có hoàn cảnh
# khó khăn), as the file format spells them.
EM_POOR = "poor"
EM_NEAR_POOR = "near_poor"
EM_HARDSHIP = "hardship"
EM_NONE = "none"
EM_POVERTY_LEVELS = (EM_POOR, EM_NEAR_POOR, EM_HARDSHIP, EM_NONE)
EM_POVERTY_LABELS = {
    EM_POOR: "hộ nghèo",
    EM_NEAR_POOR: "hộ cận nghèo",
    EM_HARDSHIP: "hộ có hoàn cảnh khó khăn",
    EM_NONE: "không thuộc hộ nghèo, cận nghèo, khó khăn",
}

RICE_TET = "EM-RICE-TET"
RICE_DISASTER = "EM-RICE-DISASTER"
INJURY = "EM-INJURY"
FUNERAL = "EM-FUNERAL"
FUNERAL_UNCLAIMED = "EM-FUNERAL-UNCLAIMED"
HOUSE_REBUILD = "EM-HOUSE-REBUILD"
HOUSE_RELOCATE = "EM-HOUSE-RELOCATE"
HOUSE_REPAIR = "EM-HOUSE-REPAIR"
KINDS = (RICE_TET, RICE_DISASTER, INJURY, FUNERAL, FUNERAL_UNCLAIMED, HOUSE_REBUILD, HOUSE_RELOCATE, HOUSE_REPAIR)
RICE_KINDS = (RICE_TET, RICE_DISASTER)
HOUSEHOLD_KINDS = (RICE_TET, RICE_DISASTER, HOUSE_REBUILD, HOUSE_RELOCATE, HOUSE_REPAIR)

ND20 = "Nghị định 20/2021/NĐ-CP"
DECREE20_START = Month(2021, 7)


@dataclass(frozen=True, slots=True)
class EmergencyAidRule:
    """One level of one kind of emergency aid, for a span of months (inclusive).

    National when ``province_code`` is None; otherwise the province's own level, which can only
    raise the national one (its ``value`` and ``max_months`` count only where higher). The
    conditions (``poverty``, ``min_hospital_days``) are read from the national row: a province
    may pay more, never to fewer people.
    """

    code: str
    label: str
    measure: str
    value: int
    clause: str
    valid_from: Month
    valid_to: Month | None = None
    province_code: str | None = None
    max_months: int | None = None
    poverty: tuple[str, ...] = ()
    min_hospital_days: int | None = None

    def in_force(self, month: Month) -> bool:
        return self.valid_from <= month and (self.valid_to is None or month <= self.valid_to)


SEED_EMERGENCY_RULES: tuple[EmergencyAidRule, ...] = (
    EmergencyAidRule(
        RICE_TET,
        "Hỗ trợ gạo cho hộ gia đình thiếu đói dịp Tết Nguyên đán",
        MEASURE_RICE,
        15,
        f"{ND20} điều 12 khoản 1",
        DECREE20_START,
        max_months=1,
    ),
    EmergencyAidRule(
        RICE_DISASTER,
        "Hỗ trợ gạo cho hộ thiếu đói do thiên tai, hỏa hoạn, mất mùa, giáp hạt",
        MEASURE_RICE,
        15,
        f"{ND20} điều 12 khoản 1",
        DECREE20_START,
        max_months=3,
    ),
    EmergencyAidRule(
        INJURY,
        "Hỗ trợ người bị thương nặng (điều trị từ 3 ngày trở lên)",
        MEASURE_BASE_MULTIPLE,
        10,
        f"{ND20} điều 13",
        DECREE20_START,
        min_hospital_days=3,
    ),
    EmergencyAidRule(
        FUNERAL,
        "Hỗ trợ chi phí mai táng cho hộ có người chết, mất tích",
        MEASURE_BASE_MULTIPLE,
        50,
        f"{ND20} điều 14 khoản 1",
        DECREE20_START,
    ),
    EmergencyAidRule(
        FUNERAL_UNCLAIMED,
        "Hỗ trợ cơ quan tổ chức mai táng người chết không có người nhận",
        MEASURE_COST_AT_LEAST,
        50,
        f"{ND20} điều 14 khoản 2",
        DECREE20_START,
    ),
    EmergencyAidRule(
        HOUSE_REBUILD,
        "Hỗ trợ làm nhà ở cho hộ có nhà bị đổ, sập, trôi, cháy hoàn toàn",
        MEASURE_FIXED,
        40_000_000,
        f"{ND20} điều 15 khoản 1",
        DECREE20_START,
        poverty=(EM_POOR, EM_NEAR_POOR, EM_HARDSHIP),
    ),
    EmergencyAidRule(
        HOUSE_RELOCATE,
        "Hỗ trợ di dời nhà ở khẩn cấp theo quyết định của cơ quan có thẩm quyền",
        MEASURE_FIXED,
        30_000_000,
        f"{ND20} điều 15 khoản 2",
        DECREE20_START,
    ),
    EmergencyAidRule(
        HOUSE_REPAIR,
        "Hỗ trợ sửa chữa nhà ở bị hư hỏng nặng, không ở được",
        MEASURE_FIXED,
        20_000_000,
        f"{ND20} điều 15 khoản 3",
        DECREE20_START,
        poverty=(EM_POOR, EM_NEAR_POOR, EM_HARDSHIP),
    ),
)


class EmergencyRules:
    """The emergency-aid rows, indexed by kind. Later rows of the same level win on overlap."""

    def __init__(self, rows) -> None:
        self.rows = tuple(rows)
        self._national: dict[str, list[EmergencyAidRule]] = {}
        self._provincial: dict[tuple[str, str], list[EmergencyAidRule]] = {}
        for row in self.rows:
            if row.measure not in MEASURES:
                raise EngineError(f"Trợ giúp đột xuất {row.code}: cách tính không hợp lệ {row.measure!r}")
            if row.value < 0 or (row.max_months is not None and row.max_months < 1):
                raise EngineError(f"Trợ giúp đột xuất {row.code}: mức không hợp lệ")
            if any(p not in EM_POVERTY_LEVELS for p in row.poverty):
                raise EngineError(f"Trợ giúp đột xuất {row.code}: tình trạng hộ không hợp lệ")
            if row.province_code is None:
                self._national.setdefault(row.code, []).append(row)
            else:
                self._provincial.setdefault((row.code, row.province_code), []).append(row)

    @staticmethod
    def _pick(rows, month: Month) -> EmergencyAidRule | None:
        found = None
        for row in rows:
            if row.in_force(month):
                found = row
        return found

    def national(self, code: str, month: Month) -> EmergencyAidRule | None:
        return self._pick(self._national.get(code, ()), month)

    def provincial(self, code: str, month: Month, province_code: str | None) -> EmergencyAidRule | None:
        if province_code is None:
            return None
        return self._pick(self._provincial.get((code, province_code), ()), month)

    def label(self, code: str) -> str:
        rows = self._national.get(code)
        return rows[-1].label if rows else code


SEED_EMERGENCY = EmergencyRules(SEED_EMERGENCY_RULES)


@dataclass(frozen=True, slots=True)
class EmergencyFacts:
    """What a request says: the kind, the decision date and the facts the kind's rule needs."""

    kind: str
    decision_date: date
    province_code: str | None = None
    people: int | None = None
    months: int | None = None
    household_poverty: str | None = None
    cost: int | None = None
    hospital_days: int | None = None


@dataclass(frozen=True, slots=True)
class EmergencyResult:
    """``amount`` in đồng (0 for rice), ``rice_kg`` (0 for cash aid); ``months`` granted (rice)."""

    kind: str
    eligible: bool
    amount: int
    rice_kg: int
    basis: str
    explanation: str
    base_rate: int | None = None
    months: int = 0


def _level(rules: EmergencyRules, facts: EmergencyFacts, month: Month):
    """(national row, provincial row that raises it or None, value, max_months)."""
    nat = rules.national(facts.kind, month)
    if nat is None:
        return None
    prov = rules.provincial(facts.kind, month, facts.province_code)
    value, max_months = nat.value, nat.max_months
    raised = None
    if prov is not None:
        if prov.value > value:
            value, raised = prov.value, prov
        if prov.max_months is not None and (max_months is None or prov.max_months > max_months):
            max_months, raised = prov.max_months, prov
    return nat, raised, value, max_months


def _basis(nat: EmergencyAidRule, raised: EmergencyAidRule | None, base_basis: str | None = None) -> str:
    parts = [nat.clause]
    if raised is not None:
        parts.append(f"mức của tỉnh: {raised.clause}")
    if base_basis:
        parts.append(f"mức chuẩn: {base_basis}")
    return "; ".join(parts)


def compute_emergency(facts: EmergencyFacts, rules: EmergencyRules, base_rules: RuleSet) -> EmergencyResult:
    """What one emergency-aid request is owed, with its legal basis and a Vietnamese explanation.

    Raises EngineError for an unknown kind or a fact the kind needs that is missing or malformed
    (rice without people); a request whose conditions are not met is not an error: it is
    ``eligible`` False with the reason.
    """
    if facts.kind not in KINDS:
        raise EngineError(f"Loại trợ giúp đột xuất không hợp lệ: {facts.kind!r}")
    if not isinstance(facts.decision_date, date):
        raise EngineError("Thiếu ngày quyết định hỗ trợ")
    month = Month.of(facts.decision_date)
    found = _level(rules, facts, month)
    if found is None:
        raise EngineError(f"{facts.kind}: không có quy định áp dụng trong {month.label}")
    nat, raised, value, max_months = found
    title = f"{facts.kind} – {nat.label}"

    def refuse(reason: str) -> EmergencyResult:
        return EmergencyResult(facts.kind, False, 0, 0, _basis(nat, None), f"{title}: không đủ điều kiện: {reason}.")

    if nat.measure == MEASURE_RICE:
        people = facts.people
        if not isinstance(people, int) or isinstance(people, bool) or people < 1:
            raise EngineError(f"{facts.kind}: cần số nhân khẩu thiếu đói (số nguyên từ 1)")
        months = 1 if facts.months is None else facts.months
        if not isinstance(months, int) or isinstance(months, bool) or months < 1:
            raise EngineError(f"{facts.kind}: số tháng hỗ trợ phải là số nguyên từ 1")
        note = ""
        if max_months is not None and months > max_months:
            note = f" Đề nghị {months} tháng, tối đa {max_months} tháng mỗi đợt: hỗ trợ {max_months} tháng."
            months = max_months
        kg = value * people * months
        text = (
            f"{title}: {value} kg × {people} người × {months} tháng = {format_money(kg)} kg gạo "
            f"({_basis(nat, raised)}).{note}"
        )
        return EmergencyResult(facts.kind, True, 0, kg, _basis(nat, raised), text, None, months)

    if nat.poverty:
        status = facts.household_poverty or EM_NONE
        if status not in EM_POVERTY_LEVELS:
            raise EngineError(f"{facts.kind}: tình trạng hộ không hợp lệ {status!r}")
        if status not in nat.poverty:
            wanted = ", ".join(EM_POVERTY_LABELS[p] for p in nat.poverty)
            return refuse(f"chỉ hỗ trợ {wanted}; hộ này {EM_POVERTY_LABELS[status]}")
    days = facts.hospital_days
    if nat.min_hospital_days is not None and days is not None and days < nat.min_hospital_days:
        return refuse(
            f"bị thương nặng là điều trị từ {nat.min_hospital_days} ngày trở lên; người này điều trị {days} ngày"
        )

    if nat.measure == MEASURE_FIXED:
        text = f"{title}: {format_money(value)} đ mỗi hộ ({_basis(nat, raised)})."
        return EmergencyResult(facts.kind, True, value, 0, _basis(nat, raised), text)

    base = base_rules.base_rate(month, facts.province_code)
    base_row = base_rules.base_rate_rule(month, facts.province_code)
    if base is None or base_row is None:
        raise EngineError(f"Không có mức chuẩn trợ giúp xã hội cho {month.label}")
    basis = _basis(nat, raised, base_row.basis)
    minimum = value * base
    computed = f"{value} × mức chuẩn {format_money(base)} đ ({month.label}) = {format_money(minimum)} đ"
    if nat.measure == MEASURE_BASE_MULTIPLE:
        text = f"{title}: {computed} ({basis})."
        return EmergencyResult(facts.kind, True, minimum, 0, basis, text, base)
    # MEASURE_COST_AT_LEAST: the actual cost, never less than the multiple.
    cost = facts.cost
    if cost is not None and (not isinstance(cost, int) or isinstance(cost, bool) or cost < 0):
        raise EngineError(f"{facts.kind}: chi phí thực tế phải là số đồng không âm")
    if cost is not None and cost > minimum:
        text = f"{title}: theo chi phí thực tế {format_money(cost)} đ (không thấp hơn {computed}) ({basis})."
        return EmergencyResult(facts.kind, True, cost, 0, basis, text, base)
    shown = "chưa có chi phí thực tế" if cost is None else f"chi phí thực tế {format_money(cost)} đ"
    text = f"{title}: {shown}, hỗ trợ mức tối thiểu {computed} ({basis})."
    return EmergencyResult(facts.kind, True, minimum, 0, basis, text, base)


# ---------------------------------------------------------------------------
# The JSON format of docs/emergency-aid.md §5 (``manage.py compute_emergency_aid``).

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CASE_KEYS = frozenset(
    {"id", "kind", "decision_date", "province", "regime", "people", "months", "household_poverty", "cost",
     "hospital_days", "description", "expected"}
)


def _int_or_none(case: dict, key: str) -> int | None:
    value = case.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise EngineError(f"{key}: cần một số nguyên, không phải {value!r}")
    return value


def emergency_facts_from_json(case: dict) -> EmergencyFacts:
    """One case of the file format, parsed; an unknown key is an error (a typo must not change an amount)."""
    if not isinstance(case, dict):
        raise EngineError("Mỗi hồ sơ phải là một đối tượng JSON")
    unknown = sorted(set(case) - _CASE_KEYS)
    if unknown:
        raise EngineError(f"Khóa không hợp lệ: {', '.join(unknown)}")
    text = case.get("decision_date")
    if not isinstance(text, str) or not _DATE.match(text):
        raise EngineError(f"decision_date: ngày không hợp lệ (cần dạng YYYY-MM-DD): {text!r}")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise EngineError(f"decision_date: ngày không hợp lệ: {text!r}") from None
    province = case.get("province")
    if province is not None and not isinstance(province, str):
        raise EngineError(f"province: cần mã tỉnh dạng chuỗi, không phải {province!r}")
    regime = case.get("regime", "2025")
    if regime not in ("2025", "legacy"):
        raise EngineError(f"regime: cần \"2025\" hoặc \"legacy\", không phải {regime!r}")
    poverty = case.get("household_poverty")
    if poverty is not None and poverty not in EM_POVERTY_LEVELS:
        raise EngineError(f"household_poverty: cần một trong {', '.join(EM_POVERTY_LEVELS)}")
    return EmergencyFacts(
        kind=case.get("kind"),
        decision_date=day,
        province_code=province or None,
        people=_int_or_none(case, "people"),
        months=_int_or_none(case, "months"),
        household_poverty=poverty,
        cost=_int_or_none(case, "cost"),
        hospital_days=_int_or_none(case, "hospital_days"),
    )


def emergency_result_json(case_id, result: EmergencyResult) -> dict:
    return {
        "id": case_id,
        "eligible": result.eligible,
        "amount": result.amount,
        "rice_kg": result.rice_kg,
        "basis": result.basis,
        "explanation": result.explanation,
    }


def compute_emergency_cases(doc, rules: EmergencyRules, base_rules: RuleSet) -> dict:
    """``{"cases": [...]}`` → ``{"results": [...]}``, same order; a case that cannot be computed
    gives ``{"id", "error"}`` and the others are still computed."""
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        raise EngineError('Tệp phải có dạng {"cases": [...]}')
    results = []
    for case in doc["cases"]:
        case_id = case.get("id") if isinstance(case, dict) else None
        try:
            result = compute_emergency(emergency_facts_from_json(case), rules, base_rules)
        except EngineError as exc:
            results.append({"id": case_id, "error": str(exc)})
            continue
        results.append(emergency_result_json(case_id, result))
    return {"results": results}
