"""Form fields every app uses: dates typed dd/mm/yyyy and months typed mm/yyyy."""

import re
from datetime import date

from django import forms

DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "autocomplete": "off"}
_MONTH = re.compile(r"\s*(\d{1,2})\s*/\s*(\d{4})\s*|\s*(\d{4})-(\d{1,2})\s*")


_DAY = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*")


def date_not_existing(text) -> str:
    """The message for a well-formed day that is not in the calendar ("31/02/1950": February 1950
    has 28 days), or "" when ``text`` is not such a day."""
    import calendar

    match = _DAY.fullmatch(str(text or ""))
    if not match:
        return ""
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    if not 1 <= month <= 12:
        return f"Ngày {day:02d}/{month:02d}/{year} không tồn tại: không có tháng {month}."
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if day == 0 or day > days:
        return f"Ngày {day:02d}/{month:02d}/{year} không tồn tại: tháng {month:02d}/{year} có {days} ngày."
    return ""


class VnDateField(forms.DateField):
    """dd/mm/yyyy; a day not in the calendar says so instead of "invalid"."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if message := date_not_existing(value):
                raise forms.ValidationError(message, code="no_such_day") from None
            raise


def date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    """A date typed as officers write it (dd/mm/yyyy), with the error next to the field."""
    return VnDateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=DATE_WIDGET),
        error_messages={"invalid": "Ngày không hợp lệ (dd/mm/yyyy)."},
    )


def month_parse(text: str) -> date | None:
    """ "07/2025" or "2025-07" → date(2025, 7, 1); None when it is not a month."""
    match = _MONTH.fullmatch(text or "")
    if not match:
        return None
    month, year = (int(match[1]), int(match[2])) if match[1] else (int(match[4]), int(match[3]))
    if not 1 <= month <= 12 or year < 1900:
        return None
    return date(year, month, 1)


class MonthField(forms.CharField):
    """A month typed as mm/yyyy (yyyy-mm is accepted too), cleaned to the first day of that month."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": "mm/yyyy", "autocomplete": "off", "maxlength": 7})
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if hasattr(value, "year") and hasattr(value, "month") and not isinstance(value, str):
            return f"{value.month:02d}/{value.year}"
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        month = month_parse(value)
        if month is None:
            raise forms.ValidationError("Tháng không hợp lệ, hãy nhập dạng mm/yyyy, ví dụ 07/2026.")
        return month
