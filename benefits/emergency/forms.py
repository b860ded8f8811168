"""Forms of emergency aid: dates typed dd/mm/yyyy, errors at the field (crispy)."""

from django import forms

from beneficiaries.forms import ImportForm, hamlet_name_field
from beneficiaries.models import Sex
from btxh.forms import date_field
from btxh.uploads import returned_list_check

from .models import AidKind, EventKind, HouseholdStatus


class CommunesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


def _communes_field(user, *, exclude=()):
    """The communes of the user's district or province, to tick."""
    from btxh.selectors import unit_options_for

    return CommunesField(label="Các xã bị ảnh hưởng", queryset=unit_options_for(user).exclude(pk__in=exclude)
                         .order_by("path"), error_messages={"required": "Chọn ít nhất một xã bị ảnh hưởng."})


class EventForm(forms.Form):
    """An event; a district or province officer ticks the communes it hit (a commune officer
    records it for their own commune)."""

    kind = forms.ChoiceField(label="Loại sự kiện", choices=EventKind.choices)
    name = forms.CharField(label="Tên sự kiện", max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Bão số 10 (Bualoi)"}))
    occurred_on = date_field("Ngày xảy ra", required=True)
    place = forms.CharField(label="Địa bàn bị ảnh hưởng (thôn, tổ)", max_length=255, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from btxh.models import Level

        if user.unit is not None and user.unit.level != Level.COMMUNE:
            self.fields["communes"] = _communes_field(user)


class EventCommunesForm(forms.Form):
    """Communes a district or province officer adds to an event."""

    def __init__(self, *args, user, event, **kwargs):
        super().__init__(*args, **kwargs)
        already = event.commune_links.values_list("unit_id", flat=True)
        self.fields["communes"] = _communes_field(user, exclude=already)


class RequestForm(forms.Form):
    """One household or person; the event and commune are kept between entries."""

    kind = forms.ChoiceField(label="Loại trợ giúp", choices=AidKind.choices)
    full_name = forms.CharField(label="Họ và tên chủ hộ / người được hỗ trợ", max_length=128, required=False)
    national_id = forms.CharField(label="Số định danh cá nhân", max_length=20, required=False,
                                  help_text="Người đã có trong sổ đối tượng được nối tự động; người chưa có được thêm vào sổ "
                                            "cùng một hộ mới (cần năm sinh, giới tính, thôn).")
    birth_year = forms.IntegerField(label="Năm sinh", min_value=1900, max_value=2100, required=False)
    sex = forms.ChoiceField(label="Giới tính", required=False, choices=[("", "—"), *Sex.choices])
    hamlet = forms.CharField(label="Thôn/tổ dân phố", max_length=100, required=False)
    people = forms.IntegerField(label="Số nhân khẩu thiếu đói", min_value=1, max_value=50, required=False)
    months = forms.IntegerField(label="Số tháng đề nghị hỗ trợ gạo", min_value=1, max_value=12, required=False)
    household_status = forms.ChoiceField(label="Tình trạng hộ", required=False,
                                         choices=[("", "—"), *HouseholdStatus.choices])
    hospital_days = forms.IntegerField(label="Số ngày điều trị (người bị thương)", min_value=0, required=False)
    subject_name = forms.CharField(label="Họ tên người chết, mất tích, bị thương", max_length=128, required=False)
    cost = forms.IntegerField(label="Chi phí mai táng thực tế (đồng)", min_value=0, required=False)
    damage = forms.CharField(label="Mức thiệt hại nhà ở", max_length=255, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "Ví dụ: sập hoàn toàn; tốc mái, không ở được"}))
    received_on = date_field("Ngày nhận đề nghị", required=True)
    confirm_duplicate = forms.BooleanField(label="Tôi đã kiểm tra: đây là một người khác", required=False)

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        if field := hamlet_name_field(commune, required=False):  # chosen from the commune's list once it has one
            self.fields["hamlet"] = field


class ApproveForm(forms.Form):
    number = forms.CharField(label="Số quyết định", max_length=50)
    decided_on = date_field("Ngày quyết định", required=True)
    signer = forms.CharField(label="Người ký", max_length=128, required=False)


class RefuseForm(forms.Form):
    reason = forms.CharField(label="Lý do không hỗ trợ", max_length=300)


class PaidForm(forms.Form):
    paid_on = date_field("Ngày chi trả", required=True)


class RequestImportForm(ImportForm):
    """The commune's Excel list of the households hit by an event (docs/emergency-aid.md §8)."""


class PaidUploadForm(forms.Form):
    """The list sent back signed: who signed "Ký nhận" received the aid (docs/emergency-aid.md §7)."""

    returned_file = forms.FileField(
        label="Danh sách ký nhận gửi lại (Excel)",
        help_text="Tệp Excel của danh sách chi tiền hoặc cấp gạo; dòng để trống cột “Ký nhận” hoặc ghi “Chưa nhận” là chưa nhận.",
    )
    paid_on = date_field("Ngày chi trả", required=True)

    COLUMNS = ("Họ và tên", "Ký nhận")

    def clean_returned_file(self):
        """A file that cannot be read as one of the lists is an error at the field, not a 500."""
        upload = self.cleaned_data["returned_file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel .xlsx.")
        data = returned_list_check(upload, self.COLUMNS, what="danh sách chi trả hoặc cấp gạo", code="not_a_list",
                                   aliases={"Họ và tên chủ hộ": "Họ và tên"})  # fmt: skip
        self.data_bytes = data
        return upload


class DeadlineForm(forms.Form):
    days = forms.IntegerField(label="Thời hạn quyết định (ngày, kể từ ngày nhận đề nghị)", min_value=1, max_value=30)
    valid_from = date_field("Áp dụng cho đề nghị nhận từ ngày", required=True)
    basis = forms.CharField(label="Căn cứ (văn bản của tỉnh)", max_length=255,
                            widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Quyết định số 12/2026/QĐ-UBND ngày 05/01/2026"}))
