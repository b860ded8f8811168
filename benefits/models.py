"""Models of the benefits app.

Rule tables first (the engine's data), then payroll (added by the payroll work).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import DisabilityLevel
from btxh.fields import MonthField
from btxh.formatting import format_number

# ===========================================================================
# Rule tables: the engine's data (engine.rules), one row per legal fact.
#
# Rows are added, never edited in place: a new decree or resolution is a new
# row (benefits.services.base_rate_add closes the open row it succeeds). Months
# are stored as the first day of the month; ``valid_to`` is the first day of the
# last month in force, empty when open-ended. ``province_code`` empty means
# national. selectors.ruleset_load() turns these tables into an engine RuleSet.
# ===========================================================================


class Scheme(models.TextChoices):
    MONTHLY_ALLOWANCE = "MONTHLY_ALLOWANCE", _("Trợ cấp xã hội hằng tháng")
    CARE_SUPPORT = "CARE_SUPPORT", _("Hỗ trợ kinh phí chăm sóc, nuôi dưỡng")
    SOCIAL_PENSION = "SOCIAL_PENSION", _("Trợ cấp hưu trí xã hội")


class CategoryKind(models.TextChoices):
    STANDARD = "standard", _("Theo tuổi và mức khuyết tật của đối tượng")
    PER_CHILD = "per_child", _("Theo số con đang nuôi")
    DISABLED_PARENT = "disabled_parent", _("Người khuyết tật mang thai, nuôi con nhỏ")
    CARED = "cared", _("Theo người được chăm sóc")
    FOSTER = "foster", _("Nhận nuôi trẻ em hoặc người cao tuổi")
    FLAT = "flat", _("Mức cố định")


def _month_constraints(prefix: str) -> list:
    # The first-of-month rule is enforced by the services and forms (a day
    # extraction in a CHECK needs a function SQLite does not have outside Django).
    return [
        models.CheckConstraint(
            condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
            name=f"{prefix}_to_after_from",
        ),
    ]


class BaseRate(models.Model):
    """Mức chuẩn trợ giúp xã hội for a span of months (Decree 20 art. 4), national or provincial."""

    amount = models.PositiveIntegerField(_("mức chuẩn (đồng)"), validators=[MinValueValidator(1)])
    valid_from = MonthField(_("áp dụng từ tháng"))
    valid_to = MonthField(_("áp dụng đến hết tháng"), null=True, blank=True)
    province_code = models.CharField(
        _("mã tỉnh"), max_length=8, blank=True, default="", help_text=_("Để trống: mức chuẩn toàn quốc.")
    )
    basis = models.CharField(_("căn cứ pháp lý"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mức chuẩn trợ giúp xã hội")
        verbose_name_plural = _("mức chuẩn trợ giúp xã hội")
        ordering = ["province_code", "valid_from", "id"]
        constraints = _month_constraints("baserate")

    def __str__(self):
        where = f" (tỉnh {self.province_code})" if self.province_code else ""
        return f"{self.amount:,} đ từ {self.valid_from:%m/%Y}{where}".replace(",", ".")


class Category(models.Model):
    """Diện đối tượng: the clause that creates it and the conditions the engine checks."""

    code = models.CharField(_("mã diện"), max_length=32, unique=True)
    scheme = models.CharField(_("chế độ"), max_length=24, choices=Scheme.choices)
    label = models.CharField(_("tên diện"), max_length=255)
    clause = models.CharField(_("căn cứ pháp lý"), max_length=255)
    valid_from = MonthField(_("hiệu lực từ tháng"))
    valid_to = MonthField(_("hiệu lực đến hết tháng"), null=True, blank=True)
    end_basis = models.CharField(_("căn cứ hết hiệu lực"), max_length=255, blank=True)
    kind = models.CharField(_("cách tính"), max_length=24, choices=CategoryKind.choices, default=CategoryKind.STANDARD)
    min_age = models.PositiveSmallIntegerField(_("từ đủ tuổi"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(
        _("dưới tuổi"), null=True, blank=True, help_text=_("Vẫn hưởng trong tháng sinh nhật tuổi này.")
    )
    poverty = models.CharField(
        _("hộ nghèo / cận nghèo"), max_length=64, blank=True, help_text=_("Các giá trị cách nhau bởi dấu phẩy.")
    )
    disability_levels = models.CharField(_("mức khuyết tật"), max_length=64, blank=True)
    requires_studying = models.BooleanField(_("phải đang đi học"), default=False)
    requires_no_pension = models.BooleanField(_("không có lương hưu"), default=False)
    child_under_months = models.PositiveSmallIntegerField(_("con dưới (tháng tuổi)"), null=True, blank=True)
    child_studying_under_months = models.PositiveSmallIntegerField(
        _("con đang đi học dưới (tháng tuổi)"), null=True, blank=True
    )
    stacks_with = models.CharField(_("được hưởng thêm cùng các diện"), max_length=255, blank=True)
    one_per_person = models.BooleanField(_("chỉ một suất mỗi người"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diện đối tượng")
        verbose_name_plural = _("diện đối tượng")
        ordering = ["scheme", "code"]
        constraints = _month_constraints("category")

    def __str__(self):
        return f"{self.code} – {self.label}"


class CoefficientBand(models.Model):
    """Hệ số of a category for an age range, disability level or count (Decree 20 art. 6, art. 20)."""

    category = models.ForeignKey(Category, verbose_name=_("diện"), on_delete=models.PROTECT, related_name="bands")
    coefficient = models.DecimalField(_("hệ số"), max_digits=4, decimal_places=1)
    clause = models.CharField(_("căn cứ pháp lý"), max_length=255)
    label = models.CharField(_("mô tả"), max_length=255, blank=True)
    valid_from = MonthField(_("áp dụng từ tháng"))
    valid_to = MonthField(_("áp dụng đến hết tháng"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("từ đủ tuổi"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("dưới tuổi"), null=True, blank=True)
    disability_level = models.CharField(_("mức khuyết tật"), max_length=16, choices=DisabilityLevel.choices, blank=True)
    min_count = models.PositiveSmallIntegerField(_("từ số lượng"), null=True, blank=True)
    per_count = models.BooleanField(_("nhân theo số lượng"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hệ số")
        verbose_name_plural = _("hệ số")
        ordering = ["category__code", "valid_from", "id"]
        constraints = [
            *_month_constraints("band"),
            models.CheckConstraint(condition=Q(coefficient__gte=0), name="band_coefficient_not_negative"),
        ]

    def __str__(self):
        return f"{self.category.code}: {self.coefficient} {self.label}".strip()


class FlatPurpose(models.TextChoices):
    MONTHLY = "monthly", _("Trợ cấp hằng tháng")
    FUNERAL = "funeral", _("Hỗ trợ chi phí mai táng (một lần)")


class FlatAmount(models.Model):
    """A flat amount: monthly (social pension, Decree 176/2025 art. 3) or the one-off funeral support
    of a scheme (social pension, Law 41/2024 art. 22(3)); a provincial row is a top-up."""

    scheme = models.CharField(_("chế độ"), max_length=24, choices=Scheme.choices, default=Scheme.SOCIAL_PENSION)
    purpose = models.CharField(
        _("loại"),
        max_length=16,
        choices=FlatPurpose.choices,
        default=FlatPurpose.MONTHLY,
        help_text=_("Hằng tháng, hoặc hỗ trợ chi phí mai táng khi đối tượng của chế độ chết."),
    )
    amount = models.PositiveIntegerField(_("số tiền (đồng)"))
    valid_from = MonthField(_("áp dụng từ tháng"))
    valid_to = MonthField(_("áp dụng đến hết tháng"), null=True, blank=True)
    province_code = models.CharField(
        _("mã tỉnh"), max_length=8, blank=True, default="", help_text=_("Để trống: mức toàn quốc; có mã: hỗ trợ thêm.")
    )
    basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    secondary_source = models.BooleanField(
        _("theo nguồn thứ cấp"),
        default=False,
        help_text=_("Số tiền lấy từ nguồn thứ cấp, chưa đối chiếu với văn bản gốc."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mức trợ cấp cố định")
        verbose_name_plural = _("mức trợ cấp cố định")
        ordering = ["scheme", "purpose", "province_code", "valid_from", "id"]
        constraints = _month_constraints("flatamount")

    def __str__(self):
        where = f" (tỉnh {self.province_code})" if self.province_code else ""
        what = " – mai táng" if self.purpose == FlatPurpose.FUNERAL else ""
        text = f"{self.get_scheme_display()}{what}: {self.amount:,} đ từ {self.valid_from:%m/%Y}{where}"
        return text.replace(",", ".")


class EmergencyMeasure(models.TextChoices):
    BASE_MULTIPLE = "base_multiple", _("Bội số của mức chuẩn")
    COST_AT_LEAST = "cost_at_least", _("Chi phí thực tế, tối thiểu bội số mức chuẩn")
    FIXED = "fixed", _("Số tiền cố định mỗi hộ")
    RICE = "rice", _("Gạo (kg/người/tháng)")


class EmergencyAidLevel(models.Model):
    """A level of emergency aid (trợ giúp xã hội đột xuất, Decree 20/2021 art. 12–15), national or a
    province's own higher level (docs/emergency-aid.md §3). ``value``: the multiple of the base
    rate, the amount in đồng, or the kilograms of rice per person per month, per ``measure``."""

    code = models.CharField(_("loại trợ giúp"), max_length=32)
    label = models.CharField(_("nội dung"), max_length=255)
    measure = models.CharField(_("cách tính"), max_length=16, choices=EmergencyMeasure.choices)
    value = models.PositiveBigIntegerField(_("mức"))
    max_months = models.PositiveSmallIntegerField(_("tối đa số tháng mỗi đợt"), null=True, blank=True)
    poverty = models.CharField(
        _("chỉ cho hộ"), max_length=64, blank=True, help_text=_("poor, near_poor, hardship; cách nhau bởi dấu phẩy.")
    )
    min_hospital_days = models.PositiveSmallIntegerField(_("điều trị từ (ngày)"), null=True, blank=True)
    valid_from = MonthField(_("áp dụng từ tháng"))
    valid_to = MonthField(_("áp dụng đến hết tháng"), null=True, blank=True)
    province_code = models.CharField(
        _("mã tỉnh"), max_length=8, blank=True, default="", help_text=_("Để trống: mức toàn quốc (mức tối thiểu).")
    )
    clause = models.CharField(_("căn cứ pháp lý"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mức trợ giúp đột xuất")
        verbose_name_plural = _("mức trợ giúp đột xuất")
        ordering = ["code", "province_code", "valid_from", "id"]
        constraints = _month_constraints("emergencylevel")

    def __str__(self):
        where = f" (tỉnh {self.province_code})" if self.province_code else ""
        return f"{self.code}: {self.value_text}{where} từ {self.valid_from:%m/%Y}"

    @property
    def value_text(self) -> str:
        """ "10 × mức chuẩn", "40.000.000 đ/hộ", "15 kg/người/tháng, tối đa 3 tháng"."""

        if self.measure == EmergencyMeasure.BASE_MULTIPLE:
            return f"{self.value} × mức chuẩn"
        if self.measure == EmergencyMeasure.COST_AT_LEAST:
            return f"chi phí thực tế, tối thiểu {self.value} × mức chuẩn"
        if self.measure == EmergencyMeasure.FIXED:
            return f"{format_number(self.value)} đ/hộ"
        months = f", tối đa {self.max_months} tháng mỗi đợt" if self.max_months else ""
        return f"{self.value} kg/người/tháng{months}"


# ===========================================================================
# End of the rule tables.
# ===========================================================================

# Payment rolls live in benefits/payroll/models.py and emergency aid (events, requests, decisions)
# in benefits/emergency/models.py: import them from there. Django registers an app's models when it
# imports the app's models module, so this one imports those two modules, and re-exports nothing.
from .emergency import models as emergency_models  # noqa: E402, F401
from .payroll import models as payroll_models  # noqa: E402, F401

__all__ = [
    "BaseRate",
    "Category",
    "CategoryKind",
    "CoefficientBand",
    "EmergencyAidLevel",
    "EmergencyMeasure",
    "FlatAmount",
    "FlatPurpose",
    "Scheme",
]
