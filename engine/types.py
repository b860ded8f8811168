"""Plain data the engine reads and returns: months, facts, entitlements, results.

Everything here is a frozen dataclass so that a fact or a result can be shared,
hashed and cached without fear of someone changing it underneath.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# Schemes (docs/engine.md §4).
MONTHLY_ALLOWANCE = "MONTHLY_ALLOWANCE"
CARE_SUPPORT = "CARE_SUPPORT"
SOCIAL_PENSION = "SOCIAL_PENSION"
SCHEMES = (MONTHLY_ALLOWANCE, CARE_SUPPORT, SOCIAL_PENSION)

# Household poverty and disability levels as the facts format spells them.
POVERTY_POOR = "poor"
POVERTY_NEAR_POOR = "near_poor"
POVERTY_NONE = "none"
POVERTY_LEVELS = (POVERTY_POOR, POVERTY_NEAR_POOR, POVERTY_NONE)
DISABILITY_SEVERE = "severe"
DISABILITY_EXTRA_SEVERE = "extra_severe"
DISABILITY_LEVELS = (DISABILITY_SEVERE, DISABILITY_EXTRA_SEVERE)


_MONTH_TEXT = re.compile(r"\s*(?:(?P<y1>\d{4})-(?P<m1>\d{1,2})|(?P<m2>\d{1,2})\s*/\s*(?P<y2>\d{4}))\s*")


class EngineError(ValueError):
    """A case the engine cannot compute: unknown category, malformed fact, missing rule.

    The message is Vietnamese and meant for the officer who entered the facts.
    """


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month. Ordered; ``Month(2024, 8) < Month(2024, 9)``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise EngineError(f"Tháng không hợp lệ: {self.year}-{self.month}")

    # -- construction -----------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> Month:
        """The one month parser: ``"2024-08"`` (files, URLs, the JSON format) and ``"08/2024"`` or
        ``"8/2024"`` (as officers type it) → ``Month(2024, 8)``.
        Anything else raises EngineError."""
        if isinstance(text, Month):
            return text
        match = _MONTH_TEXT.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise EngineError(f"Tháng không hợp lệ (cần dạng YYYY-MM hoặc mm/yyyy): {text!r}")
        year, month = (match["y1"], match["m1"]) if match["y1"] else (match["y2"], match["m2"])
        return cls(int(year), int(month))

    @classmethod
    @functools.lru_cache(maxsize=4096)  # months are few and immutable: a roll asks for the same ones
    def of(cls, day: date | Month | None) -> Month | None:
        """The month a date falls in (a Month is its own month); None for an unknown date (a nullable column)."""
        if day is None or isinstance(day, Month):
            return day
        return cls(day.year, day.month)

    @classmethod
    def from_index(cls, index: int) -> Month:
        """Inverse of :attr:`index`."""
        year, month0 = divmod(index, 12)
        return cls(year, month0 + 1)

    @staticmethod
    def range(first: Month, last: Month) -> list[Month]:
        """Every month from ``first`` to ``last``, both included (empty if first > last)."""
        return [Month.from_index(i) for i in range(first.index, last.index + 1)]

    # -- arithmetic -------------------------------------------------------
    @property
    def index(self) -> int:
        """Months since year 0: consecutive months have consecutive indexes."""
        return self.year * 12 + self.month - 1

    def next(self) -> Month:
        return Month.from_index(self.index + 1)

    def prev(self) -> Month:
        return Month.from_index(self.index - 1)

    def __add__(self, months: int) -> Month:
        if not isinstance(months, int):
            return NotImplemented
        return Month.from_index(self.index + months)

    def __sub__(self, other: int | Month) -> Month | int:
        """``m - 3`` is a month; ``m - other_month`` is a number of months."""
        if isinstance(other, Month):
            return self.index - other.index
        if isinstance(other, int):
            return Month.from_index(self.index - other)
        return NotImplemented

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    # -- text -------------------------------------------------------------
    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __format__(self, spec: str) -> str:
        """``f"{m}"`` is ``str(m)``; a date format (``f"{m:%m/%Y}"``) formats the month's first day,
        as it did when months were stored as dates."""
        return format(self.first_day, spec) if spec else str(self)

    @property
    def text(self) -> str:
        """As pages, documents and forms show it: ``"08/2024"`` (``str()`` is ``"2024-08"``)."""
        return f"{self.month:02d}/{self.year}"

    @property
    def label(self) -> str:
        """In the engine's sentences: ``"tháng 8/2024"``."""
        return f"tháng {self.month}/{self.year}"


@dataclass(frozen=True, slots=True)
class Child:
    """A child the person raises (K4) or a young child of a disabled parent (CS-DISABLED-PARENT)."""

    birth_date: date | None = None
    birth_year: int | None = None
    studying: bool = False


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What the engine needs to know about a person. Only facts, no decisions.

    ``birth_year`` is used when ``birth_date`` is unknown (taken as 1 January).
    ``household_poverty`` is ``"poor"``, ``"near_poor"`` or ``"none"``;
    ``disability_level`` is ``"severe"``, ``"extra_severe"`` or None.
    """

    birth_date: date | None = None
    birth_year: int | None = None
    death_date: date | None = None
    household_poverty: str = POVERTY_NONE
    disability_level: str | None = None
    has_pension: bool = False
    studying: bool = False
    pregnant: bool = False
    children: tuple[Child, ...] = ()


@dataclass(frozen=True, slots=True)
class Entitlement:
    """One decided right to one category from ``start_month`` through ``end_month``.

    ``cared_person`` is the person cared for by a care-support entitlement;
    ``ref`` is the caller's identifier (a case id) and is copied to every line.
    """

    category: str
    start_month: Month
    end_month: Month | None = None
    cared_person: PersonFacts | None = None
    ref: object = None


@dataclass(frozen=True, slots=True)
class Line:
    """One amount owed for one month under one scheme.

    For a flat-amount scheme (social pension) the coefficient is 1.0 and
    ``base_rate`` is the flat amount, so that ``amount == coefficient × base_rate``
    holds for every line.
    """

    scheme: str
    category: str
    coefficient: Decimal
    base_rate: int
    amount: int
    basis: str
    ref: object = None


@dataclass(frozen=True, slots=True)
class Result:
    """What is owed for one person and one month. ``total == sum(line.amount)``."""

    month: Month
    lines: tuple[Line, ...]
    total: int
    explanation: str = field(default="", compare=False)
