"""compute(): the amount a person is owed for one month, with its explanation.

Conventions implemented (docs/engine.md §6):

1. amount = base rate of the month (higher of national and provincial) × coefficient,
   whole đồng; coefficients are handled as integer tenths.
2. age in a month = age on its last day; a birth year alone means 1 January.
   Anniversaries are taken to fall in the birth month (29 February → February).
3. eligibility lost in a month is paid through that month: death month paid,
   nothing after; an "under N" condition still holds in the month of the N-th
   birthday (a child counts for K1/K3/K4 in the month of the 16th birthday).
4. monthly allowances: only the highest coefficient, except that a category
   with ``stacks_with`` (K4) is paid in addition to one of those (K5x, K6, K8).
5. care support is a separate scheme, paid on top.
6. social pension against monthly allowance: the higher of the two (pension
   compared with the monthly-allowance total; care support not compared).
7. nothing outside an entitlement's start and end months or outside the
   months a category is in force.

Each rule above only ever takes a maximum of non-negative amounts or adds
them, so adding an entitlement can never lower the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .rules import (
    KIND_CARED,
    KIND_DISABLED_PARENT,
    KIND_FLAT,
    KIND_FOSTER,
    KIND_PER_CHILD,
    RuleSet,
    _Band,
    _Category,
)
from .seed import CLAUSE_CARE_IN_ADDITION, CLAUSE_HIGHEST_ONLY, CLAUSE_PENSION_OR_ALLOWANCE, CLAUSE_STOP
from .types import (
    CARE_SUPPORT,
    MONTHLY_ALLOWANCE,
    SOCIAL_PENSION,
    EngineError,
    Entitlement,
    Line,
    Month,
    PersonFacts,
    Result,
)

_POVERTY_TEXT = {"poor": "hộ nghèo", "near_poor": "hộ cận nghèo", "none": "không nghèo, không cận nghèo"}
_DECIMALS: dict[int, Decimal] = {}


def format_money(amount: int) -> str:
    """Vietnamese thousands separator: 1750000 → ``"1.750.000"``."""
    return f"{amount:,}".replace(",", ".")


def format_coefficient(tenths: int) -> str:
    """Vietnamese decimal comma: 25 → ``"2,5"``."""
    return f"{tenths // 10},{tenths % 10}"


def _decimal(tenths: int) -> Decimal:
    d = _DECIMALS.get(tenths)
    if d is None:
        d = _DECIMALS[tenths] = Decimal(f"{tenths // 10}.{tenths % 10}")
    return d


def _birth_index(facts, what: str) -> int | None:
    bd = facts.birth_date
    if bd is not None:
        return bd.year * 12 + bd.month - 1
    by = facts.birth_year
    if by is not None:
        if not isinstance(by, int):
            raise EngineError(f"Năm sinh {what} không hợp lệ: {by!r}")
        return by * 12
    return None


def total_heading(month: Month) -> str:
    """The start of an explanation's last line, "Tổng cộng tháng 07/2026:" (the only words of an
    explanation that name its month: the incremental month rewrites them when it copies a line)."""
    return f"Tổng cộng {month.label}:"


def _age_text(months: int) -> str:
    return f"{months // 12} tuổi" if months >= 12 else f"{months} tháng tuổi"


class _Hit:
    """One eligible entitlement before the combination rules run."""

    __slots__ = ("amount", "band", "cat", "count", "detail", "ent", "flat", "tenths")

    def __init__(self, cat, ent, tenths, band, count, detail, flat=None, amount=0):
        self.cat = cat
        self.ent = ent
        self.tenths = tenths
        self.band = band
        self.count = count
        self.detail = detail
        self.flat = flat
        self.amount = amount


def _count_children(children, m: int, under: int | None, studying_under: int | None, code: str) -> int:
    n = 0
    for child in children:
        bd = child.birth_date
        if bd is not None:
            cm = m - (bd.year * 12 + bd.month - 1)
        elif child.birth_year is not None:
            cm = m - child.birth_year * 12
        else:
            raise EngineError(f"{code}: thiếu ngày sinh hoặc năm sinh của con")
        if cm < 0:
            continue
        if (under is not None and cm <= under) or (
            studying_under is not None and child.studying and cm <= studying_under
        ):
            n += 1
    return n


def _evaluate(cat: _Category, ent: Entitlement, person: PersonFacts, b: int | None, m: int, rules, province):
    """A _Hit if the entitlement pays this month, else the Vietnamese reason why not."""
    kind = cat.kind
    code = cat.code
    if kind in (KIND_CARED, KIND_FOSTER):
        facts = ent.cared_person
        if facts is None:
            raise EngineError(f"{code}: thiếu thông tin người được chăm sóc, nuôi dưỡng")
        dd = facts.death_date
        if dd is not None and m > dd.year * 12 + dd.month - 1:
            return (
                f"người được chăm sóc đã chết {Month.of(dd).label}, "
                f"thôi hưởng từ tháng sau ({CLAUSE_STOP})"
            )
        sb = _birth_index(facts, "người được chăm sóc")
        whose = "người được chăm sóc "
    else:
        facts = person
        sb = b
        whose = ""

    # Eligibility conditions of the category, checked on the subject's facts.
    if cat.poverty is not None and facts.household_poverty not in cat.poverty:
        return f"{whose}thuộc {_POVERTY_TEXT.get(facts.household_poverty, facts.household_poverty)}"
    if cat.disability is not None and facts.disability_level not in cat.disability:
        return f"{whose}không có mức khuyết tật theo diện"
    if cat.no_pension and facts.has_pension:
        return f"{whose}đang hưởng lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng"
    if cat.studying and not facts.studying:
        return f"{whose}không còn đi học"
    months = None
    if sb is not None:
        months = m - sb
        if months < 0:
            return f"{whose}chưa sinh"
    min_age = cat.min_age
    max_months = cat.max_months
    if min_age is not None or max_months is not None:
        if months is None:
            raise EngineError(f"{code}: thiếu ngày sinh hoặc năm sinh {whose or 'của đối tượng'}".strip())
        if kind == KIND_FOSTER:
            # A fostered K1 child (under max_age) or K5D elderly person (from min_age).
            child_ok = max_months is not None and months <= max_months
            if not child_ok and (min_age is None or months // 12 < min_age):
                return f"{whose}không còn là trẻ em và chưa là người cao tuổi"
        else:
            if min_age is not None and months // 12 < min_age:
                return f"{whose}chưa đủ {min_age} tuổi"
            if max_months is not None and months > max_months:
                return (
                    f"{whose}đã quá {max_months // 12} tuổi (hưởng đến hết tháng sinh nhật "
                    f"{max_months // 12} tuổi, {CLAUSE_STOP})"
                )

    if kind == KIND_FLAT:
        flat = rules._flat_lookup(cat.scheme, m, province)
        if flat is None:
            raise EngineError(f"{code}: chưa có mức trợ cấp cho {Month.from_index(m).label}")
        detail = "" if months is None else f", {_age_text(months)}"
        return _Hit(cat, ent, 10, None, 1, detail, flat, flat[0])

    count = 1
    if kind == KIND_PER_CHILD:
        count = _count_children(person.children, m, cat.child_months, cat.child_study_months, code)
        if count == 0:
            return "không có con đang nuôi thuộc diện hưởng"
        detail = f", nuôi {count} con"
    elif kind == KIND_DISABLED_PARENT:
        count = _count_children(person.children, m, cat.child_months, None, code) + (1 if person.pregnant else 0)
        if count == 0:
            return "không mang thai và không nuôi con dưới 36 tháng tuổi"
        detail = ""
    elif months is None:
        detail = ""
    else:
        detail = f", {whose}{_age_text(months)}"

    # The highest coefficient among the bands that match (Decree 20 art. 6(2)).
    best: _Band | None = None
    best_tenths = -1
    level = facts.disability_level
    for band in cat.bands:
        if band.from_idx > m or band.to_idx < m:
            continue
        if band.min_age is not None or band.max_age is not None:
            if months is None:
                raise EngineError(f"{code}: thiếu ngày sinh hoặc năm sinh {whose or 'của đối tượng'}".strip())
            age = months // 12
            if (band.min_age is not None and age < band.min_age) or (band.max_age is not None and age >= band.max_age):
                continue
        if band.disability is not None and band.disability != level:
            continue
        if band.min_count is not None and count < band.min_count:
            continue
        tenths = band.tenths * count if band.per_count else band.tenths
        if tenths > best_tenths:
            best = band
            best_tenths = tenths
    if best is None:
        return "không có hệ số áp dụng cho tháng này"
    return _Hit(cat, ent, best_tenths, best, count, detail)


def _combine_allowances(hits: list[_Hit]) -> tuple[list[_Hit], int]:
    """The monthly allowances actually paid and their total tenths.

    One highest coefficient; a category that stacks (K4) may add one of the
    categories it stacks with. The best option wins, so the result only grows
    when a hit is added.
    """
    best: list[_Hit] = []
    best_tenths = -1
    for hit in hits:
        if hit.tenths > best_tenths:
            best, best_tenths = [hit], hit.tenths
        stacks = hit.cat.stacks_with
        if stacks:
            partner = None
            for other in hits:
                if other.cat.code in stacks and (partner is None or other.tenths > partner.tenths):
                    partner = other
            if partner is not None and hit.tenths + partner.tenths > best_tenths:
                best, best_tenths = [hit, partner], hit.tenths + partner.tenths
    return best, best_tenths


def compute(
    person: PersonFacts,
    entitlements: Sequence[Entitlement],
    month: Month,
    rules: RuleSet,
    province_code: str | None = None,
) -> Result:
    """What ``person`` is owed for ``month`` under ``entitlements``.

    Raises EngineError for an unknown category, a missing fact the category
    needs (birth date, the cared person) or a month without a base rate.
    """
    m = month.year * 12 + month.month - 1
    dd = person.death_date
    death_m = None
    if dd is not None:
        death_m = dd.year * 12 + dd.month - 1
        if m > death_m:
            return Result(
                month,
                (),
                0,
                f"Đối tượng đã chết {Month.from_index(death_m).label}: thôi hưởng từ tháng sau tháng chết "
                f"({CLAUSE_STOP}).\n{total_heading(Month.from_index(m))} 0 đ.",
            )
    b = _birth_index(person, "của đối tượng")
    cats = rules._categories

    allowance: list[_Hit] = []
    pension: _Hit | None = None
    care: list[_Hit] = []
    notes: list[str] = []
    for ent in entitlements:
        cat = cats.get(ent.category)
        if cat is None:
            raise EngineError(f"Diện đối tượng không tồn tại: {ent.category!r}")
        s = ent.start_month
        if m < s.year * 12 + s.month - 1:
            notes.append(f"{cat.code}: không hưởng – chưa đến tháng bắt đầu hưởng ({s.label}).")
            continue
        e = ent.end_month
        if e is not None and m > e.year * 12 + e.month - 1:
            notes.append(f"{cat.code}: không hưởng – đã hết thời gian hưởng ({e.label}).")
            continue
        if m < cat.from_idx:
            notes.append(f"{cat.code}: không hưởng – diện chỉ có từ {Month.from_index(cat.from_idx).label} ({cat.clause}).")
            continue
        if m > cat.to_idx:
            notes.append(
                f"{cat.code}: không hưởng – diện hết hiệu lực từ {Month.from_index(cat.to_idx + 1).label}"
                f" ({cat.end_basis or cat.clause})."
            )
            continue
        hit = _evaluate(cat, ent, person, b, m, rules, province_code)
        if hit.__class__ is str:
            notes.append(f"{cat.code}: không hưởng – {hit}.")
            continue
        scheme = cat.scheme
        if scheme == MONTHLY_ALLOWANCE:
            allowance.append(hit)
        elif scheme == SOCIAL_PENSION:
            if pension is None or hit.amount > pension.amount:
                pension = hit
        else:
            care.append(hit)

    text: list[str] = []
    lines: list[Line] = []
    total = 0
    base_amount, base_text, base_basis = 0, "", ""
    if allowance or care:
        base = rules._base_lookup(m, province_code)
        if base is None:
            raise EngineError(f"Chưa có mức chuẩn trợ giúp xã hội cho {Month.from_index(m).label}")
        base_amount, base_basis = base[0], base[1]
        base_text = format_money(base_amount)

    allowance_paid: list[_Hit] = []
    allowance_total = 0
    if allowance:
        allowance_paid, _ = _combine_allowances(allowance)
        for hit in allowance_paid:
            hit.amount = (base_amount * hit.tenths + 5) // 10
            allowance_total += hit.amount
    pension_wins = pension is not None and pension.amount > allowance_total

    if pension_wins:
        total += _pension_line(pension, lines, text)
        if allowance:
            text.append(
                f"Trợ cấp hưu trí xã hội ({format_money(pension.amount)} đ) cao hơn trợ cấp xã hội "
                f"hằng tháng ({format_money(allowance_total)} đ): chỉ hưởng trợ cấp hưu trí xã hội "
                f"({CLAUSE_PENSION_OR_ALLOWANCE})."
            )
    elif allowance_paid:
        for hit in allowance_paid:
            total += _rate_line(hit, base_amount, base_text, base_basis, lines, text)
        if len(allowance_paid) == 2:
            text.append(
                f"{allowance_paid[0].cat.code} được hưởng thêm cùng với {allowance_paid[1].cat.code} "
                f"({CLAUSE_HIGHEST_ONLY})."
            )
        if len(allowance) > len(allowance_paid):
            dropped = ", ".join(
                f"{h.cat.code} (hệ số {format_coefficient(h.tenths)})" for h in allowance if h not in allowance_paid
            )
            text.append(
                f"Không cộng {dropped}: người thuộc nhiều diện chỉ được hưởng một mức cao nhất ({CLAUSE_HIGHEST_ONLY})."
            )
        if pension is not None:
            text.append(
                f"Trợ cấp hưu trí xã hội ({format_money(pension.amount)} đ) không cao hơn trợ cấp xã hội "
                f"hằng tháng ({format_money(allowance_total)} đ): chỉ hưởng trợ cấp xã hội hằng tháng "
                f"({CLAUSE_PENSION_OR_ALLOWANCE})."
            )

    if care:
        paid_once: dict[str, _Hit] = {}
        care_paid: list[_Hit] = []
        for hit in care:
            if hit.cat.one_per_person:
                prev = paid_once.get(hit.cat.code)
                if prev is None:
                    paid_once[hit.cat.code] = hit
                    care_paid.append(hit)
                elif hit.tenths > prev.tenths:
                    care_paid[care_paid.index(prev)] = hit
                    paid_once[hit.cat.code] = hit
            else:
                care_paid.append(hit)
        for hit in care_paid:
            total += _rate_line(hit, base_amount, base_text, base_basis, lines, text)
        if lines and len(care_paid) < len(lines):
            text.append(f"Hỗ trợ chăm sóc được hưởng thêm ngoài trợ cấp của bản thân ({CLAUSE_CARE_IN_ADDITION}).")

    if not lines:
        text.append(f"Không có khoản nào được hưởng trong {Month.from_index(m).label}.")
    if notes:
        text.extend(notes)
    if death_m == m:
        text.append(
            f"Đối tượng chết trong {Month.from_index(m).label}: được hưởng hết tháng này, thôi hưởng từ tháng sau "
            f"({CLAUSE_STOP})."
        )
    text.append(f"{total_heading(Month.from_index(m))} {format_money(total)} đ.")
    return Result(month, tuple(lines), total, "\n".join(text))


def _rate_line(hit: _Hit, base_amount: int, base_text: str, base_basis: str, lines: list, text: list) -> int:
    cat = hit.cat
    band = hit.band
    tenths = hit.tenths
    amount = (base_amount * tenths + 5) // 10
    basis = f"{band.cite}; mức chuẩn: {base_basis}"
    lines.append(Line(cat.scheme, cat.code, _decimal(tenths), base_amount, amount, basis, hit.ent.ref))
    band_label = f" ({band.label})" if band.label and not band.per_count else ""
    if band.per_count:
        factor = f"{hit.count} × {format_coefficient(band.tenths)} = hệ số {format_coefficient(tenths)}"
    else:
        factor = f"hệ số {format_coefficient(tenths)}"
    text.append(
        f"{cat.code} – {cat.label}{band_label}{hit.detail}: {factor} × mức chuẩn {base_text} đ"
        f" = {format_money(amount)} đ ({basis})."
    )
    return amount


def _pension_line(hit: _Hit, lines: list, text: list) -> int:
    cat = hit.cat
    amount, national, top_up = hit.flat
    basis = f"{cat.clause}; mức trợ cấp: {national.basis}"
    if top_up is None:
        how = f"{format_money(amount)} đ"
    else:
        basis = f"{basis}; hỗ trợ thêm: {top_up.basis}"
        how = (
            f"{format_money(national.amount)} đ + hỗ trợ thêm của tỉnh {format_money(top_up.amount)} đ"
            f" = {format_money(amount)} đ"
        )
    lines.append(Line(cat.scheme, cat.code, _decimal(10), amount, amount, basis, hit.ent.ref))
    text.append(f"{cat.code} – {cat.label}{hit.detail}: trợ cấp hưu trí xã hội {how} ({basis}).")
    return amount


__all__ = ["CARE_SUPPORT", "compute", "format_coefficient", "format_money"]
