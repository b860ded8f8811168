from django import forms

from .models import ReportDueDates


class DueDatesForm(forms.ModelForm):
    class Meta:
        model = ReportDueDates
        fields = ["payments_day", "results_h1_day", "results_h1_month", "results_h2_day", "results_h2_month"]
        widgets = {f: forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": "max-width: 7rem"})
                   for f in fields}
