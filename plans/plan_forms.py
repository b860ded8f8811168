"""Forms of the annual plans: the document's fields and its sections as formsets (one page)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.forms import inlineformset_factory

from .plan_models import (
    AnnualPlan,
    PlanActivity,
    PlanBasis,
    PlanResponsibility,
    PlanTarget,
    PlanTask,
)
from .plan_services import START_BLANK, START_LAST_YEAR, START_PARENT

DATE = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"})


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label="Năm kế hoạch", min_value=2020, max_value=2100)
    start = forms.ChoiceField(label="Lập từ", widget=forms.RadioSelect, choices=[
        (START_PARENT, "Kế hoạch đã ban hành của cấp trên năm đó"),
        (START_LAST_YEAR, "Kế hoạch năm trước của đơn vị"),
        (START_BLANK, "Kế hoạch trống"),
    ], initial=START_PARENT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PlanForm(forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["number", "issued_on", "place", "title", "purposes", "requirements", "funding", "recipients",
                  "signer_name", "signer_title"]
        widgets = {
            "issued_on": DATE,
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "funding": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].input_formats = ["%d/%m/%Y"]
        self.helper = FormHelper()
        self.helper.form_tag = False


def _formset(model, fields, widgets=None, extra=1):
    return inlineformset_factory(AnnualPlan, model, fields=fields, widgets=widgets or {}, extra=extra, can_delete=True)


BasisFormSet = _formset(PlanBasis, ["position", "kind", "text"],
                        {"text": forms.TextInput(attrs={"list": "basis-choices", "autocomplete": "off"})})
TargetFormSet = _formset(PlanTarget, ["position", "text", "indicator", "target_value"])
TaskFormSet = _formset(PlanTask, ["position", "title"])
ActivityFormSet = _formset(PlanActivity, ["task", "position", "text", "lead", "partners", "months", "budget",
                                          "funding_source", "system_kind"])
ResponsibilityFormSet = _formset(PlanResponsibility, ["position", "body", "duties"],
                                 {"duties": forms.Textarea(attrs={"rows": 2})})
FORMSETS = (("bases", BasisFormSet, "Căn cứ"), ("targets", TargetFormSet, "Chỉ tiêu"),
            ("tasks", TaskFormSet, "Nhiệm vụ"), ("activities", ActivityFormSet, "Hoạt động"),
            ("responsibilities", ResponsibilityFormSet, "Tổ chức thực hiện"))


def plan_formsets(plan, data=None) -> dict:
    """The sections of a draft as formsets, each with its own prefix; activities choose among the
    plan's saved tasks (a new task is saved first, then its activities added)."""
    out = {}
    for prefix, cls, _label in FORMSETS:
        fs = cls(data, instance=plan, prefix=prefix)
        for form in fs.forms:
            for name, field in form.fields.items():
                css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
                if name != "DELETE":
                    field.widget.attrs.setdefault("class", css)
            for name in ("text", "title", "duties"):
                if name in form.fields:
                    form.fields[name].widget.attrs["style"] = "min-width:18rem"
            if prefix == "activities":
                form.fields["task"].queryset = PlanTask.objects.filter(plan=plan)
        out[prefix] = fs
    return out


class ActivityProgressForm(forms.Form):
    status = forms.ChoiceField(label="Tình trạng", choices=PlanActivity._meta.get_field("status").choices)
    evidence = forms.CharField(label="Kết quả, minh chứng", required=False, max_length=500)
    spent = forms.IntegerField(label="Đã chi (đồng)", required=False, min_value=0)
