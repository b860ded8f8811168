"""The K5C → social pension conversion page (thin: list, convert, redirect)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from beneficiaries.permissions import is_approver

from .conversion import k5c_convert, k5c_open_cases


class K5CConversionForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=50)
    decision_date = forms.DateField(label="Ngày quyết định", help_text="dd/mm/yyyy")
    signer = forms.CharField(label="Người ký", max_length=128, required=False)


def k5c_conversion(request):
    cases = k5c_open_cases(request.user)
    form = K5CConversionForm(request.POST or None)
    may_convert = is_approver(request.user)
    if request.method == "POST" and may_convert and form.is_valid():
        chosen = cases.filter(pk__in=[int(i) for i in request.POST.getlist("case") if i.isdigit()])
        try:
            created = k5c_convert(user=request.user, cases=list(chosen), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã chuyển {len(created)} người sang trợ cấp hưu trí xã hội từ tháng 07/2025.")
            return redirect("benefits:k5c-conversion")
    return render(request, "benefits/k5c_conversion.html", {"cases": cases[:500], "count": cases.count(),
                                                             "form": form, "may_convert": may_convert})
