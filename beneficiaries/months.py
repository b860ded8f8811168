"""Months are stored as the first day of the month (DateField ``start_month`` / ``end_month``)."""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone

_MONTH_TEXT = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*")


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def month_add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def this_month() -> date:
    return month_start(timezone.localdate())


def month_parse(text: str) -> date | None:
    """ "07/2025" → date(2025, 7, 1); None when it is not a month."""
    match = _MONTH_TEXT.fullmatch(text or "")
    if not match:
        return None
    month, year = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return None
    return date(year, month, 1)


def month_label(month: date | None) -> str:
    return f"{month.month:02d}/{month.year}" if month else ""
