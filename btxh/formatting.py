"""How numbers, money and dates are written for Vietnamese officers."""

from datetime import date, datetime
from decimal import Decimal

from engine import Month

# A person with no hamlet recorded, in lists grouped by hamlet.
NO_HAMLET = "Chưa ghi thôn/tổ dân phố"


def format_number(value: int | Decimal | float | None, decimals: int = 0) -> str:
    """1500000 -> "1.500.000"; Decimal("1.5") with decimals=1 -> "1,5"."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):,.{decimals}f}" if decimals else f"{int(value):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_money(value: int | None) -> str:
    """1500000 -> "1.500.000 đ"."""
    if value is None or value == "":
        return ""
    return f"{format_number(value)} đ"


def format_coefficient(value) -> str:
    """Decimal("2.0") -> "2,0"; Decimal("2.5") -> "2,5"."""
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), decimals=1)


def format_date(value: date | datetime | None) -> str:
    if not value:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_month(value) -> str:
    """A Month, a date (its month) or a month's text ("2025-07", "2025-07-01") -> "07/2025": ``Month.text``."""
    if not value:
        return ""
    if isinstance(value, str):
        value = Month.parse(value[:7] if len(value) == 10 else value)
    return Month.of(value).text
