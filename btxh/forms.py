"""Form fields every app uses: dates typed dd/mm/yyyy and months typed mm/yyyy."""

import calendar
import re

from django import forms

from engine import EngineError, Month

from .formatting import format_month

DATE_WIDGET = {"placeholder": "dd/mm/yyyy", "autocomplete": "off"}


_DAY = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*")


def date_not_existing(text) -> str:
    """The message for a well-formed day that is not in the calendar ("31/02/1950": February 1950
    has 28 days), or "" when ``text`` is not such a day."""

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


class MonthField(forms.CharField):
    """The one month form field: typed mm/yyyy (``Month.parse`` also reads 8/2024 and 2024-08),
    cleaned to an ``engine.Month``. The form field of ``btxh.fields.MonthField``."""

    default_error_messages = {
        "invalid": "Tháng không hợp lệ, hãy nhập dạng mm/yyyy, ví dụ 07/2026.",
        "too_early": "Tháng không hợp lệ: năm phải từ 1900 trở đi (nhập dạng mm/yyyy).",
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": "mm/yyyy", "autocomplete": "off", "maxlength": 7})
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value if isinstance(value, str) or value is None else format_month(value)

    def to_python(self, value):
        if isinstance(value, Month):
            return value
        value = super().to_python(value)
        if not value:
            return None
        try:
            month = Month.parse(value)
        except EngineError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if month.year < 1900:
            raise forms.ValidationError(self.error_messages["too_early"], code="too_early")
        return month
