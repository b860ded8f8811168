from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from benefits.engine import EngineError, Month


class MonthField(forms.CharField):
    """A month typed as mm/yyyy (or yyyy-mm)."""

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            if "/" in value:
                mm, yyyy = value.split("/")
                return Month(int(yyyy), int(mm))
            return Month.parse(value)
        except (ValueError, EngineError):
            raise forms.ValidationError(_("Tháng không hợp lệ, hãy nhập dạng mm/yyyy, ví dụ 07/2026.")) from None


def current_month() -> Month:
    today = date.today()  # noqa: DTZ011 - the office's calendar month
    return Month(today.year, today.month)


class RollGenerateForm(forms.Form):
    month = MonthField(label=_("Tháng chi trả"), help_text=_("dạng mm/yyyy"))


class RollSettleForm(forms.Form):
    returned_file = forms.FileField(
        label=_("Danh sách đơn vị chi trả gửi lại (Excel)"), required=False,
        help_text=_("Dòng để trống cột “Ký nhận” hoặc ghi “Chưa nhận” được tính là chưa nhận."),
    )
