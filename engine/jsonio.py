"""The JSON facts format of docs/engine.md §9 (what ``manage.py compute_benefit`` speaks)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .compute import compute
from .rules import RuleSet
from .types import (
    DISABILITY_LEVELS,
    POVERTY_LEVELS,
    POVERTY_NONE,
    Child,
    EngineError,
    Entitlement,
    Month,
    PersonFacts,
    Result,
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERSON_KEYS = frozenset(
    {
        "birth_date",
        "birth_year",
        "death_date",
        "household_poverty",
        "disability_level",
        "has_pension",
        "studying",
        "pregnant",
        "children",
    }
)
_CHILD_KEYS = frozenset({"birth_date", "birth_year", "studying"})
_ENTITLEMENT_KEYS = frozenset({"category", "start_month", "end_month", "cared_person", "ref", "id"})


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One case of the facts format, parsed."""

    id: object
    month: Month
    province_code: str | None
    person: PersonFacts
    entitlements: tuple[Entitlement, ...]


def _date(value, what: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise EngineError(f"{what}: ngày không hợp lệ (cần dạng YYYY-MM-DD): {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise EngineError(f"{what}: ngày không hợp lệ: {value!r}") from None


def _year(value, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 9999:
        raise EngineError(f"{what}: năm sinh không hợp lệ: {value!r}")
    return value


def _bool(obj: dict, key: str, what: str) -> bool:
    value = obj.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise EngineError(f"{what}: {key} phải là true hoặc false")
    return value


def _object(value, what: str, keys: frozenset[str]) -> dict:
    if not isinstance(value, dict):
        raise EngineError(f"{what}: cần một đối tượng JSON")
    unknown = set(value) - keys
    if unknown:
        raise EngineError(f"{what}: trường không được hỗ trợ: {', '.join(sorted(unknown))}")
    return value


def _month(value, what: str) -> Month:
    try:
        return Month.parse(value)
    except EngineError as exc:
        raise EngineError(f"{what}: {exc}") from None


def child_from_json(obj, what: str = "con") -> Child:
    obj = _object(obj, what, _CHILD_KEYS)
    return Child(
        birth_date=_date(obj.get("birth_date"), what),
        birth_year=_year(obj.get("birth_year"), what),
        studying=_bool(obj, "studying", what),
    )


def person_from_json(obj, what: str = "person") -> PersonFacts:
    obj = _object(obj, what, _PERSON_KEYS)
    poverty = obj.get("household_poverty") or POVERTY_NONE
    if poverty not in POVERTY_LEVELS:
        raise EngineError(f"{what}: household_poverty không hợp lệ: {poverty!r}")
    level = obj.get("disability_level")
    if level is not None and level not in DISABILITY_LEVELS:
        raise EngineError(f"{what}: disability_level không hợp lệ: {level!r}")
    children = obj.get("children") or []
    if not isinstance(children, list):
        raise EngineError(f"{what}: children phải là một danh sách")
    return PersonFacts(
        birth_date=_date(obj.get("birth_date"), what),
        birth_year=_year(obj.get("birth_year"), what),
        death_date=_date(obj.get("death_date"), what),
        household_poverty=poverty,
        disability_level=level,
        has_pension=_bool(obj, "has_pension", what),
        studying=_bool(obj, "studying", what),
        pregnant=_bool(obj, "pregnant", what),
        children=tuple(child_from_json(c, f"{what}.children[{i}]") for i, c in enumerate(children)),
    )


def entitlement_from_json(obj, what: str = "entitlement") -> Entitlement:
    obj = _object(obj, what, _ENTITLEMENT_KEYS)
    category = obj.get("category")
    if not isinstance(category, str) or not category:
        raise EngineError(f"{what}: thiếu mã diện (category)")
    if obj.get("start_month") is None:
        raise EngineError(f"{what}: thiếu tháng bắt đầu hưởng (start_month)")
    end = obj.get("end_month")
    cared = obj.get("cared_person")
    return Entitlement(
        category=category,
        start_month=_month(obj["start_month"], f"{what}.start_month"),
        end_month=None if end is None else _month(end, f"{what}.end_month"),
        cared_person=None if cared is None else person_from_json(cared, f"{what}.cared_person"),
        ref=obj.get("ref", obj.get("id")),
    )


def facts_from_json(obj) -> CaseFacts:
    """Parse one case ``{"id", "month", "province_code", "person", "entitlements"}``."""
    if not isinstance(obj, dict):
        raise EngineError("Mỗi hồ sơ phải là một đối tượng JSON")
    if obj.get("month") is None:
        raise EngineError("Thiếu tháng tính (month)")
    province = obj.get("province_code")
    if province is not None and not isinstance(province, str):
        raise EngineError(f"province_code phải là chuỗi: {province!r}")
    entitlements = obj.get("entitlements") or []
    if not isinstance(entitlements, list):
        raise EngineError("entitlements phải là một danh sách")
    return CaseFacts(
        id=obj.get("id"),
        month=_month(obj["month"], "month"),
        province_code=province or None,
        person=person_from_json(obj.get("person") or {}),
        entitlements=tuple(entitlement_from_json(e, f"entitlements[{i}]") for i, e in enumerate(entitlements)),
    )


def result_to_json(result: Result, case_id: object = None) -> dict:
    """A result in the facts format (``coefficient`` as a string such as ``"1.5"``)."""
    return {
        "id": case_id,
        "month": str(result.month),
        "total": result.total,
        "lines": [
            {
                "scheme": line.scheme,
                "category": line.category,
                "coefficient": str(line.coefficient),
                "base_rate": line.base_rate,
                "amount": line.amount,
                "basis": line.basis,
            }
            for line in result.lines
        ],
        "explanation": result.explanation,
    }


def compute_case(obj, rules: RuleSet) -> dict:
    """One case in, one result out; an error becomes ``{"id", "error"}``."""
    case_id = obj.get("id") if isinstance(obj, dict) else None
    try:
        facts = facts_from_json(obj)
        result = compute(facts.person, facts.entitlements, facts.month, rules, facts.province_code)
    except EngineError as exc:
        return {"id": case_id, "error": str(exc)}
    return result_to_json(result, case_id)


def compute_cases(doc, rules: RuleSet) -> dict:
    """``{"cases": [...]}`` → ``{"results": [...]}``, one result per case, same order."""
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        raise EngineError('Tệp phải là một đối tượng JSON có khóa "cases" là một danh sách')
    return {"results": [compute_case(case, rules) for case in doc["cases"]]}
