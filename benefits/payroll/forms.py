from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from btxh.forms import MonthField
from btxh.uploads import returned_list_check
from engine import Month

from .models import PaymentRoll, RollStatus
from .services import PayrollError, payroll_month_check


def current_month() -> Month:
    return Month.of(timezone.localdate())  # the office's calendar month


class RollMonthForm(forms.Form):
    """The month of the rolls to look at (any month)."""

    month = MonthField(label=_("Tháng chi trả"), help_text=_("dạng mm/yyyy"))


class RollGenerateForm(RollMonthForm):
    """The month of a roll to make: not after the next month (``payroll_month_check``)."""

    full = forms.BooleanField(
        label=_("Tính lại toàn bộ"), required=False,
        help_text=_("Không giữ nguyên dòng nào của danh sách tháng trước đã khóa (chậm hơn; kết quả như nhau)."),
    )

    def __init__(self, *args, today: date | None = None, unit=None, proposed: Month | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.unit = unit
        if not self.is_bound:  # a locked month is not offered: the first one not locked from ``proposed``
            month = proposed or Month.of(today or timezone.localdate())
            while month in self._locked_months():
                month += 1
            self.initial["month"] = month.text

    def _locked_months(self) -> set:

        if self.unit is None or self.unit.level != 3:
            return set()
        if not hasattr(self, "_locked"):
            self._locked = {
                Month.of(d)
                for d in PaymentRoll.objects.filter(unit=self.unit)
                .exclude(status=RollStatus.DRAFT)
                .values_list("month", flat=True)
            }
        return self._locked

    def clean_month(self):
        month = self.cleaned_data["month"]
        try:
            payroll_month_check(month, self.today or timezone.localdate())
        except PayrollError as exc:
            raise forms.ValidationError(exc.user_message, code="month_not_come") from exc
        if month in self._locked_months():
            raise forms.ValidationError(
                f"Danh sách tháng {month.text} của {self.unit.name} đã khóa, không lập lại được.",
                code="locked",
            )
        return month


class RollSettleForm(forms.Form):
    returned_file = forms.FileField(
        label=_("Danh sách đơn vị chi trả gửi lại (Excel)"),
        required=False,
        help_text=_("Dòng để trống cột “Ký nhận” hoặc ghi “Chưa nhận” được tính là chưa nhận."),
    )

    # The columns the settlement reads (payroll_settle_from_excel): a workbook without them would
    # settle every line as collected.
    RETURNED_COLUMNS = ("Họ và tên", "Ký nhận")

    def clean_returned_file(self):
        """A file that cannot be read as the roll's Excel list is an error at the field, not a 500."""
        upload = self.cleaned_data.get("returned_file")
        if not upload:
            return upload
        returned_list_check(upload, self.RETURNED_COLUMNS, what="danh sách chi trả", code="not_a_roll")
        return upload
