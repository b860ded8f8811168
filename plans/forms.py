"""Forms of the longevity celebrations (crispy, Vietnamese, dd/mm/yyyy)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from beneficiaries.forms import BirthField, ImportForm, apply_error, hamlet_name_field
from engine import longevity as engine

from .models import Combine, Level, Occasion, Regime

__all__ = ["CeremonyForm", "DeliverForm", "ElderlyForm", "ElderlyImportForm", "GiftLevelForm", "ManualEntryForm", "ReturnForm",
           "RoundOpenForm", "apply_error"]  # fmt: skip

SEX_CHOICES = [("male", "Nam"), ("female", "Nữ")]


class _Helper:
    submit_label = "Lưu"

    def _helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class ElderlyForm(_Helper, forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=128)
    birth = BirthField(label="Ngày sinh", help_text="dd/mm/yyyy; hoặc năm sinh (4 chữ số) nếu chỉ biết năm.",
                       widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy hoặc yyyy", "autocomplete": "off"}))
    sex = forms.ChoiceField(label="Giới tính", choices=SEX_CHOICES, widget=forms.RadioSelect)
    national_id = forms.CharField(label="Số định danh cá nhân", required=False, max_length=12)
    hamlet = forms.CharField(label="Thôn/tổ dân phố", max_length=100)
    death_date = forms.DateField(label="Ngày chết", required=False, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    moved_out_date = forms.DateField(label="Ngày chuyển đi", required=False,
                                     widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    moved_to = forms.CharField(label="Chuyển đến", required=False, max_length=200)
    note = forms.CharField(label="Ghi chú", required=False, max_length=300)

    def __init__(self, *args, instance=None, commune=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "full_name": instance.full_name, "birth": (instance.birth_date, instance.birth_year),
                "sex": instance.sex, "national_id": instance.national_id or "", "hamlet": instance.hamlet,
                "death_date": instance.death_date, "moved_out_date": instance.moved_out_date,
                "moved_to": instance.moved_to, "note": instance.note,
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        commune = instance.unit if instance is not None else commune
        if field := hamlet_name_field(commune, current=instance.hamlet if instance is not None else ""):
            self.fields["hamlet"] = field  # chosen from the commune's list once it has one
        self._helper()

    def service_fields(self) -> dict:
        d = dict(self.cleaned_data)
        birth_date, birth_year = d.pop("birth")
        return {**d, "birth_date": birth_date, "birth_year": birth_year}


class ElderlyImportForm(ImportForm):
    pass


class RoundOpenForm(_Helper, forms.Form):
    submit_label = "Lập danh sách"
    occasion = forms.ChoiceField(label="Dịp", choices=Occasion.choices, initial=engine.OCCASION_TET)
    year = forms.IntegerField(label="Năm", min_value=2000)

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"year": today.year + 1 if today.month >= 9 else today.year})
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = today.year + 1
        self.fields["year"].widget.attrs["max"] = today.year + 1
        self._helper()


class ManualEntryForm(_Helper, forms.Form):
    submit_label = "Thêm vào danh sách"
    full_name = forms.CharField(label="Họ và tên", max_length=128)
    birth = BirthField(label="Ngày sinh", widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy hoặc yyyy"}))
    sex = forms.ChoiceField(label="Giới tính", choices=SEX_CHOICES, widget=forms.RadioSelect)
    hamlet = forms.CharField(label="Thôn/tổ dân phố", max_length=100)
    level = forms.ChoiceField(label="Mức tuổi", choices=Level.choices)
    reason = forms.CharField(label="Lý do thêm", max_length=200, help_text="Ví dụ: chưa có trong danh sách của Hội.")

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        if field := hamlet_name_field(commune):
            self.fields["hamlet"] = field  # chosen from the commune's list once it has one
        self._helper()


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(label="Ngày trao quà")
    received_by = forms.CharField(label="Người nhận", required=False, max_length=128)
    signature_returned = forms.BooleanField(label="Đã nộp danh sách ký nhận", required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Lý do trả lại", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class GiftLevelForm(_Helper, forms.Form):
    """A new gift level from a resolution (a new row; the open row of the level is closed)."""

    submit_label = "Thêm mức quà"
    level = forms.ChoiceField(label="Mức tuổi", choices=Level.choices)
    giver = forms.CharField(label="Người/cơ quan tặng", max_length=100, initial="UBND tỉnh")
    cash = forms.IntegerField(label="Tiền mặt (đồng)", required=False, min_value=0)
    in_kind = forms.IntegerField(label="Hiện vật trị giá (đồng)", required=False, min_value=0)
    items = forms.CharField(label="Quà bằng hiện vật", required=False, max_length=200)
    valid_from = forms.DateField(label="Áp dụng cho lễ từ ngày", widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    combine = forms.ChoiceField(label="Ở mức 90 và 100 tuổi", choices=Combine.choices, initial=Combine.ADD)
    basis = forms.CharField(label="Căn cứ pháp lý", max_length=255,
                            help_text="Số, ngày, cơ quan ban hành, ví dụ: Nghị quyết 12/2026/NQ-HĐND ngày 10/7/2026.")
    secondary_source = forms.BooleanField(label="Theo nguồn thứ cấp (chưa đọc văn bản gốc)", required=False)
    regime = forms.ChoiceField(label="Chế độ đơn vị", choices=Regime.choices[1:], required=False)
    province_code = forms.CharField(label="Mã tỉnh", max_length=8, required=False)

    def __init__(self, *args, choose_province: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not choose_province:  # a province officer adds only their own province's rows
            del self.fields["regime"], self.fields["province_code"]
        self._helper()

    def service_fields(self) -> dict:
        d = dict(self.cleaned_data)
        d["items"] = d.get("items") or ""
        return d


class CeremonyForm(forms.Form):
    attendees = forms.IntegerField(label="Số người dự lễ", required=False, min_value=0)
    certificate_unit_cost = forms.IntegerField(label="Giấy mừng thọ và khung (đồng/người)", required=False, min_value=0)
    other_cost = forms.IntegerField(label="Hội trường, trang trí, chi khác (đồng)", required=False, min_value=0)
    note = forms.CharField(label="Diễn giải", required=False, max_length=300)
