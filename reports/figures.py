"""Periods, due dates and the figures of a payments report (plain data, no queries)."""

from dataclasses import dataclass
from datetime import date

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
    """A month ("2026-07") or a year ("2026")."""

    year: int
    month: int | None = None

    @classmethod
    def parse(cls, text: str) -> "Period":
        text = (text or "").strip()
        try:
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
        raise ValueError(f"Kỳ báo cáo không hợp lệ: {text!r} (tháng mm/yyyy hoặc yyyy-mm, năm yyyy).")

    @classmethod
    def of(cls, day: date) -> "Period":
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}" if self.month else str(self.year)

    @property
    def months(self) -> list[date]:
        return [date(self.year, self.month, 1)] if self.month else [date(self.year, m, 1) for m in range(1, 13)]

    @property
    def first_day(self) -> date:
        return self.months[0]

    def previous(self) -> "Period":
        if not self.month:
            return Period(self.year - 1)
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def next(self) -> "Period":
        if not self.month:
            return Period(self.year + 1)
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    @property
    def due(self) -> date:
        """When the payments report of this month is due: the 5th of the next month."""
        following = self.next()
        return date(following.year, following.month, PAYMENTS_DUE_DAY)


def _month(m: int) -> int:
    if not 1 <= m <= 12:
        raise ValueError(m)
    return m


def months_back(last: date, count: int) -> list[date]:
    """``count`` first-of-month dates ending with ``last``'s month, oldest first."""
    index = last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]
