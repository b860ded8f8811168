"""Periods, due dates and the figures of a payments report (plain data, no queries)."""

from dataclasses import dataclass
from datetime import date, timedelta

from engine import Month

# The money and counts a payments report carries, in the order they are shown.
FIELDS = (
    "people", "lines", "amount", "arrears", "recoveries", "funeral", "carried_over", "total",
    "cash", "bank", "bank_people", "not_collected",
)
FIELD_LABELS = {
    "people": "Số người được chi trả",
    "lines": "Số lượt chi trả (người × chế độ)",
    "amount": "Tiền tháng này",
    "arrears": "Truy lĩnh",
    "recoveries": "Truy thu",
    "funeral": "Hỗ trợ mai táng phí",
    "carried_over": "Chưa nhận tháng trước chuyển sang",
    "total": "Tổng cộng",
    "cash": "Chi bằng tiền mặt",
    "bank": "Chi qua tài khoản",
    "bank_people": "Số người nhận qua tài khoản",
    "not_collected": "Chưa nhận (chuyển tháng sau)",
}
MONEY_FIELDS = tuple(f for f in FIELDS if f not in ("people", "lines", "bank_people"))
GROUP_FIELDS = ("people", "lines", "total", "arrears", "recoveries")

# Default due days (a province may set its own later): payments by the 5th of the next month;
# results (Decree 20/2021 art. 42) by 15/06 and 15/12.
PAYMENTS_DUE_DAY = 5
RESULTS_H1_DUE = (6, 15)  # (month, day)
RESULTS_H2_DUE = (12, 15)


def empty_figures() -> dict:
    return {**dict.fromkeys(FIELDS, 0), "by_scheme": {}, "by_category": {}, "rolls": 0}


def figures_add(into: dict, other: dict) -> dict:
    """Add ``other`` figures to ``into`` (in place), groups included."""
    for f in FIELDS:
        into[f] = into.get(f, 0) + int(other.get(f, 0) or 0)
    into["rolls"] = into.get("rolls", 0) + int(other.get("rolls", 0) or 0)
    for group in ("by_scheme", "by_category"):
        target = into.setdefault(group, {})
        for key, values in (other.get(group) or {}).items():
            row = target.setdefault(key, dict.fromkeys(GROUP_FIELDS, 0))
            for f in GROUP_FIELDS:
                row[f] += int(values.get(f, 0) or 0)
    return into


def figures_changes(before: dict, after: dict) -> list[dict]:
    """The top-level figures that differ between two sets (what changed since a submit)."""
    return [
        {"field": f, "label": FIELD_LABELS[f], "before": int(before.get(f, 0) or 0), "after": int(after.get(f, 0) or 0)}
        for f in FIELDS
        if int(before.get(f, 0) or 0) != int(after.get(f, 0) or 0)
    ]


@dataclass(frozen=True)
class Period:
    """A month ("2026-07"), a half-year ("2026-H1", "2026-H2") or a year ("2026")."""

    year: int
    month: int | None = None
    half: int | None = None

    @classmethod
    def parse(cls, text: str) -> "Period":
        text = (text or "").strip()
        try:
            upper = text.upper()
            if "-H" in upper:  # 2026-H1
                y, h = upper.split("-H")
                if h not in ("1", "2"):
                    raise ValueError(h)
                return cls(int(y), half=int(h))
            if "/" in text:  # 07/2026
                m, y = text.split("/")
                return cls(int(y), _month(int(m)))
            if "-" in text:
                y, m = text.split("-")
                return cls(int(y), _month(int(m)))
            if len(text) == 4:
                return cls(int(text))
        except ValueError:
            pass
        raise ValueError(
            f"Kỳ báo cáo không hợp lệ: {text!r} (tháng mm/yyyy hoặc yyyy-mm, 6 tháng yyyy-H1 / yyyy-H2, năm yyyy)."
        )

    @classmethod
    def of(cls, day: date) -> "Period":
        return cls(day.year, day.month)

    @classmethod
    def half_of(cls, day: date) -> "Period":
        return cls(day.year, half=1 if day.month <= 6 else 2)

    def __str__(self) -> str:
        if self.half:
            return f"{self.year}-H{self.half}"
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    @property
    def label(self) -> str:
        if self.half:
            return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"
        return f"{self.month:02d}/{self.year}" if self.month else str(self.year)

    @property
    def is_month(self) -> bool:
        return bool(self.month)

    @property
    def months(self) -> list[date]:
        if self.month:
            return [date(self.year, self.month, 1)]
        if self.half:
            first = 1 if self.half == 1 else 7
            return [date(self.year, m, 1) for m in range(first, first + 6)]
        return [date(self.year, m, 1) for m in range(1, 13)]

    @property
    def first_day(self) -> date:
        return self.months[0]

    @property
    def last_month(self) -> date:
        return self.months[-1]

    @property
    def last_day(self) -> date:
        following = self.last_month
        following = date(following.year + 1, 1, 1) if following.month == 12 else date(following.year, following.month + 1, 1)
        return following - timedelta(days=1)

    def previous(self) -> "Period":
        if self.half:
            return Period(self.year, half=1) if self.half == 2 else Period(self.year - 1, half=2)
        if not self.month:
            return Period(self.year - 1)
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def next(self) -> "Period":
        if self.half:
            return Period(self.year, half=2) if self.half == 1 else Period(self.year + 1, half=1)
        if not self.month:
            return Period(self.year + 1)
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    @property
    def due(self) -> date:
        """The default due date (a province may set its own: ``reports.selectors.due_date``):
        a month's payments report by the 5th of the next month; the results of the first half by
        15/06, of the second half and of the year by 15/12."""
        if self.month:
            following = self.next()
            return date(following.year, following.month, PAYMENTS_DUE_DAY)
        if self.half == 1:
            return date(self.year, *RESULTS_H1_DUE)
        return date(self.year, *RESULTS_H2_DUE)


def _month(m: int) -> int:
    if not 1 <= m <= 12:
        raise ValueError(m)
    return m


def months_back(last: date | Month, count: int) -> list[Month]:
    """``count`` months ending with ``last``'s month, oldest first (Months, as month columns read back)."""
    end = Month.of(last)
    return Month.range(end - (count - 1), end)


# ---------------------------------------------------------------------------
# The results report (báo cáo kết quả thực hiện chính sách trợ giúp xã hội, 6 tháng / năm)
# ---------------------------------------------------------------------------
RESULTS_FIELDS = ("beneficiaries", "new_cases", "ended_cases", "lines", "total", "arrears", "recoveries", "funeral")
RESULTS_LABELS = {
    "beneficiaries": "Số đối tượng đang hưởng cuối kỳ",
    "new_cases": "Số đối tượng mới hưởng trong kỳ",
    "ended_cases": "Số đối tượng thôi hưởng trong kỳ",
    "lines": "Số lượt chi trả (người × chế độ × tháng)",
    "total": "Tổng kinh phí đã chi trả",
    "arrears": "Trong đó: truy lĩnh",
    "recoveries": "Truy thu",
    "funeral": "Hỗ trợ chi phí mai táng",
}
RESULTS_MONEY = ("total", "arrears", "recoveries", "funeral")
# Sections of the results report and the label of each of their figures.
RESULTS_SECTIONS = {
    "care_support": ("Hỗ trợ kinh phí chăm sóc, nuôi dưỡng", {"beneficiaries": "Số người cuối kỳ", "total": "Kinh phí"}),
    "social_pension": ("Trợ cấp hưu trí xã hội", {"beneficiaries": "Số người cuối kỳ", "total": "Kinh phí"}),
    "emergency": ("Trợ giúp xã hội khẩn cấp", {
        "requests": "Số lượt được trợ giúp", "households": "Số hộ được trợ giúp", "people": "Số khẩu được cấp gạo",
        "rice_kg": "Gạo (kg)", "amount": "Kinh phí", "judged": "Số hồ sơ đến hạn quyết định",
        "on_time": "Số hồ sơ quyết định đúng hạn",
    }),
    "longevity": ("Chúc thọ, mừng thọ người cao tuổi", {"people": "Số người được chúc thọ, mừng thọ", "amount": "Kinh phí"}),
}
RESULTS_SECTION_MONEY = {"total", "amount"}


def empty_results() -> dict:
    return {
        "kind": "results", **dict.fromkeys(RESULTS_FIELDS, 0), "rolls": 0,
        "by_category": {}, "by_scheme": {},
        **{name: dict.fromkeys(labels, 0) for name, (_title, labels) in RESULTS_SECTIONS.items()},
    }


def deep_add(into: dict, other: dict) -> dict:
    """Add every number of ``other`` into ``into`` (in place), nested dicts included; text, lists
    and flags are left alone (a child's status, its own children)."""
    for key, value in (other or {}).items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            into[key] = int(into.get(key, 0) or 0) + value
        elif isinstance(value, dict):
            deep_add(into.setdefault(key, {}), value)
    return into


def results_changes(before: dict, after: dict) -> list[dict]:
    """The figures of a results report that differ (totals and sections; the by-category and
    by-scheme rows are summarised by their totals)."""
    out = []

    def number(d, *keys):
        for k in keys:
            d = (d or {}).get(k) if isinstance(d, dict) else None
        return int(d or 0)

    for f in RESULTS_FIELDS:
        if number(before, f) != number(after, f):
            out.append({"field": f, "label": RESULTS_LABELS[f], "before": number(before, f), "after": number(after, f)})
    for name, (title, labels) in RESULTS_SECTIONS.items():
        for f, label in labels.items():
            b, a = number(before, name, f), number(after, name, f)
            if b != a:
                out.append({"field": f"{name}.{f}", "label": f"{title}: {label}", "before": b, "after": a})
    return out


def changes_of(kind: str, before: dict, after: dict) -> list[dict]:
    return results_changes(before, after) if kind == "results" else figures_changes(before, after)
