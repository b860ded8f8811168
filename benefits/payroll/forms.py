from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits.engine import Month
from benefits.forms import MonthField

from .services import PayrollError, payroll_month_check


def current_month() -> Month:
    return Month.of(timezone.localdate())  # the office's calendar month


class RollMonthForm(forms.Form):
    """The month of the rolls to look at (any month)."""

    month = MonthField(label=_("Tháng chi trả"), help_text=_("dạng mm/yyyy"))


class RollGenerateForm(RollMonthForm):
    """The month of a roll to make: not after the next month (``payroll_month_check``)."""

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_month(self):
        month = self.cleaned_data["month"]
        try:
            payroll_month_check(month, self.today or timezone.localdate())
        except PayrollError as exc:
            raise forms.ValidationError(exc.user_message, code="month_not_come") from exc
        return month


class RollSettleForm(forms.Form):
    returned_file = forms.FileField(
        label=_("Danh sách đơn vị chi trả gửi lại (Excel)"),
        required=False,
        help_text=_("Dòng để trống cột “Ký nhận” hoặc ghi “Chưa nhận” được tính là chưa nhận."),
    )
