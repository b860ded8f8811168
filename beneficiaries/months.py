"""Months are stored as the first day of the month (DateField ``start_month`` / ``end_month``):
the arithmetic on those dates. The month itself (parsing, labels) is ``engine.Month``; pages and
messages write a stored month with ``btxh.formatting.format_month``."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def month_add(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def this_month() -> date:
    return month_start(timezone.localdate())

