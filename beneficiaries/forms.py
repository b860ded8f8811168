"""Forms of the registry. They parse and check what was typed; the services decide."""

from __future__ import annotations

import json
import re
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.core.validators import MaxValueValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from btxh.forms import MonthField, date_field, date_not_existing
from btxh.models import Level, Regime, Unit
from btxh.uploads import UploadError, upload_size_check, xlsx_upload_check

from .categories import all_categories, category_choices
from .identity import national_id_format_errors
from .identity_checks import name_duplicate_message, person_identity_check
from .models import (
    Case,
    DisabilityLevel,
    DocumentKind,
    Hamlet,
    Household,
    PaymentMethod,
    Person,
    Poverty,
    Relationship,
    Sex,
    TerminationReason,
)
from .selectors import hamlet_names, hamlet_options
from .services.people import PERSON_FIELD_ORDER


class BirthField(forms.CharField):
    """A birth date (dd/mm/yyyy) or, when only that is known, a four-digit year."""

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        if re.fullmatch(r"\d{4}", value):
            return (None, int(value))
        for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                day = timezone.datetime.strptime(value, fmt).date()
            except ValueError:
                continue
            if day > timezone.localdate():  # said with the other fields' errors, not after them
                raise forms.ValidationError("Ngày sinh không được ở tương lai.", code="future")
            return (day, day.year)
        if message := date_not_existing(value):
            raise forms.ValidationError(message, code="no_such_day")
        raise forms.ValidationError("Nhập ngày sinh dạng dd/mm/yyyy, hoặc năm sinh (4 chữ số) nếu chỉ biết năm.")

    def prepare_value(self, value):
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, tuple):
            return value[0].strftime("%d/%m/%Y") if value[0] else str(value[1])
        return value


def apply_error(form: forms.Form, exc) -> None:
    """Put a service's RegistryError (any ValidationError) next to its fields (unknown keys go to the top)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------
class PersonForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=128)
    birth_date = BirthField(
        label="Ngày sinh",
        help_text="dd/mm/yyyy; chỉ nhập năm (4 chữ số) nếu không rõ ngày.",
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy hoặc yyyy", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices, widget=forms.RadioSelect)
    national_id = forms.CharField(
        label="Số định danh cá nhân",
        required=False,
        max_length=20,
        help_text="12 chữ số (số căn cước công dân).",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    ethnicity = forms.CharField(label="Dân tộc", required=False, max_length=40, initial="Kinh")
    phone = forms.CharField(label="Điện thoại", required=False, max_length=20)
    has_pension = forms.BooleanField(label="Đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng", required=False)
    hamlet = forms.ModelChoiceField(
        label="Thôn/tổ dân phố", queryset=Hamlet.objects.none(), empty_label="— Chọn thôn/tổ dân phố —"
    )
    household = forms.ModelChoiceField(
        label="Thuộc hộ gia đình",
        queryset=Household.objects.none(),
        required=False,
        empty_label="— Hộ mới (đối tượng là chủ hộ) —",
    )
    relationship_to_head = forms.ChoiceField(
        label="Quan hệ với chủ hộ", choices=[("", "—"), *Relationship.choices], required=False
    )
    poverty = forms.ChoiceField(
        label="Hộ nghèo/cận nghèo năm nay",
        choices=[("", "— Không thay đổi —"), *Poverty.choices],
        required=False,
    )
    payment_method = forms.ChoiceField(
        label="Hình thức chi trả", choices=PaymentMethod.choices, initial=PaymentMethod.CASH
    )
    bank_account = forms.CharField(label="Số tài khoản", required=False, max_length=30)
    bank_name = forms.CharField(label="Ngân hàng", required=False, max_length=100)
    receiver_name = forms.CharField(label="Họ tên người giám hộ / người nhận thay", required=False, max_length=128)
    receiver_relationship = forms.CharField(label="Quan hệ với đối tượng", required=False, max_length=60)
    receiver_national_id = forms.CharField(label="Số định danh người nhận", required=False, max_length=12)
    receiver_phone = forms.CharField(label="Điện thoại người nhận", required=False, max_length=20)
    confirm_duplicate = forms.BooleanField(
        label="Tôi đã kiểm tra: đây là một người khác",
        required=False,
    )

    def __init__(self, *args, user, unit, instance: Person | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = person_initial(instance)
        super().__init__(*args, **kwargs)
        self.user = user
        self.unit = unit
        self.instance = instance
        self.name_matches: list[Person] = []
        self.fields["hamlet"].queryset = hamlet_options(unit, keep=instance.hamlet_ref_id if instance else None)
        if not self.fields["hamlet"].queryset.exists():
            self.fields["hamlet"].help_text = mark_safe(  # noqa: S308 - our own text and URL
                'Xã chưa có danh sách thôn/tổ dân phố: thêm ở trang '
                f'<a href="{reverse("beneficiaries:hamlet-list")}">Thôn/tổ dân phố</a>.'
            )
        households = Household.objects.filter(unit=unit).prefetch_related("members").order_by("hamlet", "id")
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda h: f"{h} – {h.hamlet}"
        self.helper = self._helper()

    @property
    def show_confirm(self) -> bool:
        return bool(self.name_matches) or bool(self.data.get("confirm_duplicate"))

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            Fieldset(
                "Thông tin cá nhân",
                grid_row(("full_name", 6), ("birth_date", 3), ("sex", 3)),
                grid_row((national_id_wrapper(), 6), ("ethnicity", 3), ("phone", 3)),
                "has_pension",
            ),
            Fieldset(
                "Nơi ở và hộ gia đình",
                grid_row(("hamlet", 4), ("household", 4), ("relationship_to_head", 4)),
                grid_row(("poverty", 4)),
            ),
            Fieldset("Chi trả", grid_row(("payment_method", 4), ("bank_account", 4), ("bank_name", 4))),
            Fieldset(
                "Người giám hộ hoặc người được ủy quyền nhận",
                grid_row(("receiver_name", 4), ("receiver_relationship", 3), ("receiver_national_id", 3),
                         ("receiver_phone", 2)),
            ),
            Div(
                "confirm_duplicate",
                css_class="alert alert-warning" if self.show_confirm else "d-none",
                css_id="confirm-duplicate",
            ),
        )
        return helper

    def clean_national_id(self):
        value = re.sub(r"[\s.]", "", self.cleaned_data.get("national_id") or "")
        return value or None

    def clean(self):
        data = super().clean()
        birth = data.get("birth_date")
        if birth:
            data["birth_date"], data["birth_year"] = birth
        if data.get("full_name") and birth:
            check = person_identity_check(
                user=self.user,
                unit=self.unit,
                full_name=data["full_name"],
                sex=data.get("sex"),
                birth_date=data.get("birth_date"),
                birth_year=data.get("birth_year"),
                national_id=data.get("national_id"),
                exclude_pk=self.instance.pk if self.instance else None,
            )
            for message in check.errors.get("national_id", []):
                self.add_error("national_id", message)
            self.name_matches = check.name_matches
            if check.name_matches and not data.get("confirm_duplicate"):
                self.add_error("confirm_duplicate", name_duplicate_message(check.name_matches, self.user))
        elif data.get("national_id"):
            for message in national_id_format_errors(data["national_id"]):
                self.add_error("national_id", message)
        if data.get("household") and not data.get("relationship_to_head"):
            self.add_error("relationship_to_head", "Chọn quan hệ với chủ hộ.")
        self.helper = self._helper()
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        fields = {k: data.get(k) for k in PERSON_FIELD_ORDER}
        if fields["payment_method"] != PaymentMethod.BANK:
            fields["bank_account"] = fields["bank_name"] = ""
        return fields


def grid_row(*columns) -> Row:
    """A row of the form's grid: each ``(field, width)`` a column ``width`` twelfths wide on a
    medium screen and up (full width on a phone)."""
    return Row(*(Column(field, css_class=f"col-md-{width}") for field, width in columns))


def national_id_wrapper() -> Div:
    """The national ID field in a block that htmx re-validates on change (the whole form is sent:
    the check needs the sex and the birth year)."""
    return Div(
        Field("national_id"),
        css_id="field-national_id",
        hx_post=reverse("beneficiaries:person-validate-national-id"),
        hx_trigger="change",
        hx_include="closest form",
        hx_target="this",
        hx_swap="outerHTML",
    )


def person_initial(person: Person) -> dict:
    initial = {
        name: getattr(person, name) for name in PERSON_FIELD_ORDER if name not in ("birth_date", "birth_year")
    }
    initial["birth_date"] = (person.birth_date, person.birth_year)
    initial["hamlet"] = person.hamlet_ref_id
    return initial


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------
def category_needs() -> dict[str, list[str]]:
    """Which fact sections each category shows (read by static/js/beneficiaries.js)."""
    out = {}
    for info in all_categories():
        needs = []
        if info.needs_disability_level:
            needs.append("disability")
        if info.needs_own_disability and info.needs_disability_level:
            needs.append("certificate")
        if info.needs_cared_person:
            needs.append("cared")
        if info.needs_children:
            needs.append("children")
        if info.needs_pregnancy:
            needs.append("pregnancy")
        if info.needs_studying:
            needs.append("studying")
        out[info.code] = needs
    return out


class CaseForm(forms.Form):
    category = forms.ChoiceField(label="Diện đối tượng")
    disability_level = forms.ChoiceField(
        label="Mức độ khuyết tật",
        required=False,
        choices=[("", "—"), *DisabilityLevel.choices],
        help_text="Của đối tượng (K6) hoặc của người được chăm sóc.",
    )
    disability_certificate_number = forms.CharField(label="Số giấy xác nhận khuyết tật", required=False, max_length=50)
    disability_certificate_date = date_field("Ngày cấp giấy xác nhận")
    disability_certificate_valid_until = date_field("Giấy xác nhận có giá trị đến")
    studying_until = date_field("Đi học đến ngày", help_text="Theo giấy xác nhận của nhà trường.")
    pregnant = forms.BooleanField(label="Đang mang thai", required=False)
    pregnancy_due_date = date_field("Ngày dự sinh")
    cared_person = forms.ModelChoiceField(
        label="Người được chăm sóc, nuôi dưỡng",
        queryset=Person.objects.none(),
        required=False,
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, person: Person, fixed_category: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["category"].choices = [("", "— Chọn diện —"), *category_choices()]
        self.fields["category"].widget.attrs["data-category-needs"] = json.dumps(category_needs())
        if fixed_category:
            self.fields["category"].disabled = True
            self.fields["category"].initial = fixed_category
        self.fields["cared_person"].queryset = (
            Person.objects.filter(unit=person.unit, death_date__isnull=True)
            .exclude(pk=person.pk)
            .only("id", "full_name", "birth_date", "birth_year")
            .order_by("name_normalized")
        )
        self.fields["cared_person"].label_from_instance = lambda p: f"{p.full_name} ({p.birth_text})"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("category", css_class="col-md-8")),
            Div(Row(Column("disability_level", css_class="col-md-4")), data_needs="disability"),
            Div(
                Row(
                    Column("disability_certificate_number", css_class="col-md-4"),
                    Column("disability_certificate_date", css_class="col-md-4"),
                    Column("disability_certificate_valid_until", css_class="col-md-4"),
                ),
                data_needs="certificate",
            ),
            Div(Row(Column("cared_person", css_class="col-md-8")), data_needs="cared"),
            Div(Row(Column("studying_until", css_class="col-md-4")), data_needs="studying"),
            Div(
                Row(Column("pregnant", css_class="col-md-4"), Column("pregnancy_due_date", css_class="col-md-4")),
                data_needs="pregnancy",
            ),
            HTML('{% include "beneficiaries/_children_formset.html" %}'),
            "note",
        )

    def facts(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in Case.FACT_FIELDS} | {
            "disability_level": data.get("disability_level") or ""
        }


class ChildForm(forms.Form):
    full_name = forms.CharField(label="Họ tên con", required=False, max_length=128)
    birth_date = date_field("Ngày sinh")
    studying_until = date_field("Đi học đến")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"
            field.widget.attrs["aria-label"] = field.label

    def clean(self):
        data = super().clean()
        if data.get("full_name") and not data.get("birth_date"):
            self.add_error("birth_date", "Cần ngày sinh của con.")
        return data


ChildFormSet = forms.formset_factory(ChildForm, extra=2, max_num=12)


def children_from(formset) -> list[dict]:
    return [
        {
            "full_name": f.cleaned_data.get("full_name") or "",
            "birth_date": f.cleaned_data["birth_date"],
            "studying_until": f.cleaned_data.get("studying_until"),
        }
        for f in formset.forms
        if f.cleaned_data.get("birth_date")
    ]


class ApproveForm(forms.Form):
    decision_number = forms.CharField(
        label="Số quyết định", max_length=50, widget=forms.TextInput(attrs={"placeholder": "vd. 125/QĐ-UBND"})
    )
    decision_date = date_field("Ngày quyết định", required=True)
    signer = forms.CharField(label="Người ký", max_length=128, required=False)
    start_month = MonthField(
        label="Tháng bắt đầu hưởng",
        required=False,
        help_text="Để trống: theo quy định (thường là tháng ký quyết định).",
    )
    activate = forms.BooleanField(label="Đưa vào chi trả ngay", required=False, initial=True)


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 3}))


class SuspendForm(forms.Form):
    month = MonthField(label="Tạm dừng từ tháng")
    reason = forms.CharField(label="Lý do", max_length=200)


class ResumeForm(forms.Form):
    month = MonthField(label="Tiếp tục hưởng từ tháng")
    note = forms.CharField(label="Ghi chú", max_length=200, required=False)


class TerminateForm(forms.Form):
    reason = forms.ChoiceField(label="Lý do thôi hưởng", choices=TerminationReason.choices)
    end_month = MonthField(
        label="Tháng cuối cùng được hưởng", help_text="Tháng phát sinh sự kiện vẫn được hưởng; thôi hưởng từ tháng sau."
    )
    note = forms.CharField(label="Ghi chú", max_length=200, required=False)


class DeathForm(forms.Form):
    death_date = date_field("Ngày chết", required=True)
    organiser_name = forms.CharField(
        label="Người tổ chức mai táng", max_length=128, required=False,
        help_text="Người nhận hỗ trợ chi phí mai táng (tờ khai mẫu số 04).",
    )
    organiser_relationship = forms.CharField(label="Quan hệ với người chết", max_length=60, required=False)
    note = forms.CharField(label="Ghi chú (giấy báo tử…)", max_length=200, required=False)


class MoveForm(forms.Form):
    commune_code = forms.CharField(
        label="Mã xã nơi chuyển đến", max_length=8, help_text="Mã 5 chữ số của xã/phường theo danh mục hành chính."
    )
    hamlet = forms.CharField(
        label="Thôn/tổ dân phố nơi chuyển đến",
        max_length=100,
        help_text="Tên trong danh sách thôn/tổ dân phố của xã chuyển đến (không phân biệt hoa thường, dấu).",
    )
    month = MonthField(label="Chuyển từ tháng", help_text="Xã mới chi trả từ tháng này; xã cũ đến hết tháng trước.")

    def __init__(self, *args, regime: str = Regime.TWO_TIER, **kwargs):
        super().__init__(*args, **kwargs)
        self.regime = regime

    def clean_commune_code(self):
        code = self.cleaned_data["commune_code"].strip()
        units = Unit.objects.filter(code=code, level=Level.COMMUNE)
        unit = units.filter(regime=self.regime).first() or units.first()
        if unit is None:
            raise forms.ValidationError(f"Không có xã/phường mã {code}.")
        self.cleaned_data["to_unit"] = unit
        return code


class DisabilityChangeForm(forms.Form):
    level = forms.ChoiceField(
        label="Mức độ khuyết tật mới",
        choices=[("", "Không còn khuyết tật nặng, đặc biệt nặng"), *DisabilityLevel.choices],
        required=False,
    )
    month = MonthField(label="Áp dụng từ tháng")
    certificate_number = forms.CharField(label="Số giấy xác nhận mới", required=False, max_length=50)
    certificate_date = date_field("Ngày cấp")
    valid_until = date_field("Có giá trị đến")


class StudiesEndForm(forms.Form):
    end_date = date_field("Ngày thôi học / tốt nghiệp", required=True)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Loại giấy tờ", choices=DocumentKind.choices)
    title = forms.CharField(label="Tên giấy tờ", required=False, max_length=200)
    file = forms.FileField(label="Tệp (ảnh chụp, bản quét PDF)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            upload_size_check(upload.size or 0)  # BTXH_MAX_UPLOAD_MB, as every upload
        except UploadError as exc:
            raise forms.ValidationError(str(exc), code="too_large") from exc
        name = upload.name.lower()
        if not name.endswith((".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xlsx")):
            raise forms.ValidationError("Chỉ nhận tệp PDF, ảnh (JPG, PNG), Word hoặc Excel.")
        return upload


class PovertyForm(forms.Form):
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "aria-label": "Năm"}),
    )
    status = forms.ChoiceField(
        label="Tình trạng",
        choices=Poverty.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": "Tình trạng"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp danh sách (.xlsx)")
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, chưa nhập", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Tải lên và kiểm tra"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel .xlsx.")
        try:
            xlsx_upload_check(upload)
        except UploadError as exc:
            raise forms.ValidationError(str(exc), code="upload") from exc
        return upload


class PovertyReviewImportForm(ImportForm):
    """The commune's approved list of poor and near-poor households for one year."""

    year = forms.IntegerField(label="Năm của danh sách", min_value=2000)

    field_order = ["year", "file", "dry_run"]

    def __init__(self, *args, max_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = max_year
        self.fields["year"].validators.append(MaxValueValidator(max_year))
        self.fields["year"].help_text = f"Danh sách được phê duyệt cho năm này (đến năm {max_year})."


class PovertyConfirmForm(forms.Form):
    """One household's status for one year, confirmed by the officer."""

    year = forms.IntegerField(min_value=2000)
    status = forms.ChoiceField(choices=Poverty.choices)


class PensionPeriodForm(forms.Form):
    start_month = MonthField(label="Từ tháng")
    end_month = MonthField(label="Đến tháng", required=False)
    note = forms.CharField(label="Loại, giấy tờ", required=False, max_length=200)


class AssessmentDecideForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=50)
    decision_date = date_field("Ngày quyết định", required=True)


class DecisionForm(forms.Form):
    """Number, date and signer of a decision that covers the cases ticked on the page."""

    decision_number = forms.CharField(
        label="Số quyết định", max_length=50, widget=forms.TextInput(attrs={"placeholder": "vd. 125/QĐ-UBND"})
    )
    decision_date = date_field("Ngày quyết định", required=True)
    signer = forms.CharField(label="Người ký", max_length=128, required=False)


class BatchFilterForm(forms.Form):
    """Which submitted cases the batch page lists: category, hamlet, submitted between two dates."""

    category = forms.ChoiceField(label="Diện", required=False)
    hamlet = forms.CharField(label="Thôn/tổ dân phố", required=False)
    submitted_from = date_field("Nộp từ ngày", required=False)
    submitted_to = date_field("đến ngày", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Tất cả"), *list(category_choices())]


# ---------------------------------------------------------------------------
# Hamlets
# ---------------------------------------------------------------------------
def hamlet_name_field(commune, *, current: str = "", required: bool = True) -> forms.ChoiceField | None:
    """For a register that keeps the hamlet's name as text (emergency aid, the elderly register): a
    select of the commune's active hamlets (and the record's own, if no longer on it), or None while
    the commune has no list (the form keeps its text input)."""
    names = hamlet_names(commune) if commune is not None else []
    if not names:
        return None
    if current and current not in names:
        names.append(current)
    return forms.ChoiceField(
        label="Thôn/tổ dân phố", required=required, choices=[("", "— Chọn thôn/tổ dân phố —"), *((n, n) for n in names)]
    )


class HamletForm(forms.Form):
    name = forms.CharField(label="Tên thôn/tổ dân phố", max_length=100,
                           widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Thôn Nà Pồng"}))
    code = forms.CharField(label="Mã (nếu có)", max_length=20, required=False)
    order = forms.IntegerField(label="Thứ tự", min_value=0, max_value=32767, required=False,
                               help_text="Thứ tự trong danh sách; để trống: xếp cuối.")
