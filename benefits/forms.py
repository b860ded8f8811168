"""Forms of the benefits app: the calculator and a new base rate."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import DisabilityLevel, Poverty
from btxh.forms import MonthField, date_field
from engine import (
    Child,
    Entitlement,
    Month,
    PersonFacts,
    RuleSet,
)

# "none" first: the calculator starts from a household that is neither poor nor near-poor.
POVERTY_CHOICES = [(Poverty.NONE, _("Không nghèo, không cận nghèo")), (Poverty.POOR, Poverty.POOR.label),
                   (Poverty.NEAR_POOR, Poverty.NEAR_POOR.label)]
DISABILITY_CHOICES = [("", _("Không khuyết tật / chưa xác định")), *DisabilityLevel.choices]


def _date(label, *, required=False):
    return date_field(str(label), required=required)


class CalculatorForm(forms.Form):
    """Facts of one person and the categories to try, for one month (docs/engine.md §3)."""

    month = MonthField(label=_("Tháng tính"))
    province_code = forms.ChoiceField(label=_("Mức chuẩn của tỉnh"), required=False)
    birth_date = _date(_("Ngày sinh"))
    birth_year = forms.IntegerField(
        label=_("Năm sinh (nếu không rõ ngày sinh)"), required=False, min_value=1880, max_value=2100
    )
    death_date = _date(_("Ngày chết"))
    household_poverty = forms.ChoiceField(label=_("Hộ gia đình"), choices=POVERTY_CHOICES, initial="none")
    disability_level = forms.ChoiceField(label=_("Mức khuyết tật"), choices=DISABILITY_CHOICES, required=False)
    has_pension = forms.BooleanField(label=_("Đang hưởng lương hưu, trợ cấp BHXH hằng tháng"), required=False)
    studying = forms.BooleanField(label=_("Đang đi học"), required=False)
    pregnant = forms.BooleanField(label=_("Đang mang thai"), required=False)
    categories = forms.MultipleChoiceField(
        label=_("Diện đối tượng được hưởng"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một diện.")},
    )
    start_month = MonthField(
        label=_("Hưởng từ tháng"), required=False, help_text=_("Để trống: hưởng từ chính tháng tính.")
    )
    end_month = MonthField(label=_("Hưởng đến hết tháng"), required=False)
    cared_birth_date = _date(_("Ngày sinh người được chăm sóc, nuôi dưỡng"))
    cared_disability_level = forms.ChoiceField(
        label=_("Mức khuyết tật của người được chăm sóc"), choices=DISABILITY_CHOICES, required=False
    )
    cared_death_date = _date(_("Ngày chết của người được chăm sóc"))

    def __init__(self, *args, rules: RuleSet, provinces: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.fields["categories"].choices = [(c.code, f"{c.code} – {c.label}") for c in rules.categories]
        self.fields["province_code"].choices = [("", _("Mức toàn quốc")), *provinces]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        start, end = data.get("start_month"), data.get("end_month")
        if start and end and end < start:
            self.add_error("end_month", _("Tháng kết thúc phải sau tháng bắt đầu."))
        return data

    def engine_input(self, children: tuple[Child, ...]) -> tuple[PersonFacts, list[Entitlement], Month, str | None]:
        """(person, entitlements, month, province_code) for engine.compute."""
        d = self.cleaned_data
        month = d["month"]
        person = PersonFacts(
            birth_date=d["birth_date"],
            birth_year=d["birth_year"],
            death_date=d["death_date"],
            household_poverty=d["household_poverty"],
            disability_level=d["disability_level"] or None,
            has_pension=d["has_pension"],
            studying=d["studying"],
            pregnant=d["pregnant"],
            children=children,
        )
        cared = None
        if d["cared_birth_date"] or d["cared_disability_level"]:
            cared = PersonFacts(
                birth_date=d["cared_birth_date"],
                disability_level=d["cared_disability_level"] or None,
                death_date=d["cared_death_date"],
            )
        start = d["start_month"] or month
        entitlements = [
            Entitlement(code, start, d["end_month"], cared_person=cared, ref=code) for code in d["categories"]
        ]
        return person, entitlements, month, d["province_code"] or None


class ChildForm(forms.Form):
    birth_date = _date(_("Ngày sinh của con"))
    studying = forms.BooleanField(label=_("Đang đi học"), required=False)


ChildFormSet = forms.formset_factory(ChildForm, extra=4, max_num=12)


def children_from(formset) -> tuple[Child, ...]:
    return tuple(
        Child(birth_date=f.cleaned_data["birth_date"], studying=f.cleaned_data.get("studying", False))
        for f in formset.forms
        if f.cleaned_data.get("birth_date")
    )


class BaseRateForm(forms.Form):
    """A new base rate (mức chuẩn), national or of one province."""

    amount = forms.IntegerField(label=_("Mức chuẩn (đồng/tháng)"), min_value=1)
    valid_from = MonthField(label=_("Áp dụng từ tháng"))
    valid_to = MonthField(
        label=_("Áp dụng đến hết tháng"), required=False, help_text=_("Để trống nếu áp dụng đến khi có mức mới.")
    )
    basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=255, help_text=_("Ví dụ: Nghị định 76/2024/NĐ-CP."))
    province_code = forms.CharField(
        label=_("Mã tỉnh"), max_length=8, required=False, help_text=_("Để trống: mức chuẩn toàn quốc.")
    )

    def __init__(self, *args, fixed_province: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_province = fixed_province
        if fixed_province is not None:
            field = self.fields["province_code"]
            field.initial = fixed_province
            field.disabled = True
            field.help_text = _("Cán bộ Sở chỉ thêm mức chuẩn của tỉnh mình.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_province_code(self):
        if self.fixed_province is not None:
            return self.fixed_province
        return (self.cleaned_data.get("province_code") or "").strip()
