from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from benefits.engine import Month
from benefits.forms import MonthField


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
