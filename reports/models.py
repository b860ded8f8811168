"""Reports up the chain (báo cáo định kỳ) and the per-roll summaries they are computed from."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from btxh.fields import MonthField
from btxh.scoping import ScopedQuerySet


class ReportKind(models.TextChoices):
    PAYMENTS = "payments", _("Báo cáo chi trả tháng")
    RESULTS = "results", _("Báo cáo kết quả thực hiện chính sách trợ giúp xã hội")
    # Longevity celebrations (plans/): one kind per occasion, the period is the year.
    LONGEVITY = "longevity", _("Danh sách chúc thọ, mừng thọ dịp Tết")
    LONGEVITY_ELDERLY_DAY = "longevity_0606", _("Danh sách mừng thọ Ngày Người cao tuổi (06/6)")
    LONGEVITY_INTERNATIONAL_DAY = "longevity_1001", _("Danh sách mừng thọ Ngày Quốc tế Người cao tuổi (01/10)")
    LONGEVITY_BIRTHDAY = "longevity_birthday", _("Danh sách mừng thọ sinh nhật trong năm")
    PLAN_RESULTS = "plan_results", _("Báo cáo kết quả thực hiện kế hoạch năm")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")


# A unit that has not started its report shows this status (there is no row).
MISSING = "missing"
MISSING_LABEL = "Chưa lập"


class Report(models.Model):
    """One unit's report of one kind for one period ("2026-07" for a month).

    While it is a draft its figures are computed from the data on every read; submitting freezes
    them in ``snapshot``. The level above returns it (with a comment) or accepts it, which locks
    the period's data of the unit's subtree (``btxh.period_locks``)."""

    SCOPE_FIELD = "unit"

    unit = models.ForeignKey("btxh.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("loại báo cáo"), max_length=24, choices=ReportKind.choices)
    period = models.CharField(_("kỳ báo cáo"), max_length=7)
    status = models.CharField(_("trạng thái"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    narrative = models.TextField(_("thuyết minh"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    # Children not accepted when the unit submitted, each with the reason recorded by the officer.
    missing_children = models.JSONField(_("đơn vị cấp dưới còn thiếu"), default=list, blank=True)
    snapshot = models.JSONField(_("số liệu đã gửi"), default=dict, blank=True)
    # The figures as last accepted: a later acceptance with other figures tells the parent.
    accepted_snapshot = models.JSONField(_("số liệu đã được chấp nhận"), default=dict, blank=True)
    # Children whose accepted figures changed after this report counted them (cleared on submit):
    # [{"unit_id", "unit", "name", "at", "changes": [{"label", "before", "after"}]}].
    child_changes = models.JSONField(_("số liệu cấp dưới đã thay đổi"), default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến cấp trên"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-period", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "period"], name="report_one_per_unit_kind_period")]
        indexes = [models.Index(fields=["kind", "period", "status"], name="report_kind_period_status")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_label} - {self.unit}"

    @property
    def period_label(self) -> str:
        from .figures import Period

        return Period.parse(self.period).label

    @property
    def is_results(self) -> bool:
        return self.kind == ReportKind.RESULTS

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def is_sent(self) -> bool:
        """Submitted or accepted: its figures are the snapshot it sent, its documents no draft."""
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class ReportEvent(models.Model):
    """The history of a report: every submit, return, accept and reopen, with who, when and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("Lập báo cáo")
        SUBMIT = "submit", _("Gửi cấp trên")
        RETURN = "return", _("Trả lại")
        ACCEPT = "accept", _("Chấp nhận")
        REOPEN = "reopen", _("Mở lại")
        CHILD_CHANGED = "child_changed", _("Số liệu cấp dưới thay đổi sau khi chấp nhận")

    SCOPE_FIELD = "report__unit"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    total = models.BigIntegerField(_("tổng tiền lúc đó"), null=True, blank=True)
    # What changed against the figures accepted before (an acceptance, a child's change).
    changes = models.JSONField(_("thay đổi"), default=list, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch sử báo cáo")
        verbose_name_plural = _("lịch sử báo cáo")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} - {self.report}"


class RollSummary(models.Model):
    """What one locked roll pays under one scheme and category: computed once, the first time the
    reports read the roll (a locked roll's lines never change; settling it recomputes the row for
    the money not collected). ``roll_people`` counts the roll's distinct people on one of its rows
    (0 on the others), so a sum over rolls counts each person once per roll."""

    SCOPE_FIELD = "unit"

    roll = models.ForeignKey("benefits.PaymentRoll", on_delete=models.CASCADE, related_name="summaries")
    unit = models.ForeignKey("btxh.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = MonthField(_("tháng"))
    roll_status = models.CharField(max_length=16)
    scheme = models.CharField(_("chế độ"), max_length=24)
    category = models.CharField(_("diện"), max_length=64)
    lines = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    roll_people = models.PositiveIntegerField(default=0)
    amount = models.BigIntegerField(default=0)
    arrears = models.BigIntegerField(default=0)
    recovery = models.BigIntegerField(default=0)
    funeral = models.BigIntegerField(default=0)
    carried_over = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    cash = models.BigIntegerField(default=0)
    bank = models.BigIntegerField(default=0)
    bank_people = models.PositiveIntegerField(default=0)
    not_collected = models.BigIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổng hợp danh sách chi trả")
        verbose_name_plural = _("tổng hợp danh sách chi trả")
        constraints = [
            models.UniqueConstraint(fields=["roll", "scheme", "category"], name="roll_summary_one_per_scheme_category"),
        ]
        indexes = [models.Index(fields=["unit", "month"], name="roll_summary_unit_month")]

    def __str__(self):
        return f"{self.roll_id} {self.scheme} {self.category}"


class ReportDueDates(models.Model):
    """A province's due dates of the reports (hạn gửi báo cáo), editable by the province officer;
    without a row the defaults apply: payments by the 5th of the next month, results by 15/06
    and 15/12 (the second half and the year)."""

    SCOPE_FIELD = "province"

    province = models.OneToOneField("btxh.Unit", verbose_name=_("tỉnh"), on_delete=models.CASCADE, related_name="+")
    payments_day = models.PositiveSmallIntegerField(
        _("báo cáo chi trả tháng: ngày của tháng sau"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    results_h1_day = models.PositiveSmallIntegerField(_("6 tháng đầu năm: ngày"), default=15,
                                                      validators=[MinValueValidator(1), MaxValueValidator(31)])
    results_h1_month = models.PositiveSmallIntegerField(_("6 tháng đầu năm: tháng"), default=6,
                                                        validators=[MinValueValidator(1), MaxValueValidator(12)])
    results_h2_day = models.PositiveSmallIntegerField(_("6 tháng cuối năm và cả năm: ngày"), default=15,
                                                      validators=[MinValueValidator(1), MaxValueValidator(31)])
    results_h2_month = models.PositiveSmallIntegerField(_("6 tháng cuối năm và cả năm: tháng"), default=12,
                                                        validators=[MinValueValidator(1), MaxValueValidator(12)])
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hạn gửi báo cáo")
        verbose_name_plural = _("hạn gửi báo cáo")

    def __str__(self):
        return f"Hạn gửi báo cáo - {self.province}"


class PeopleCount(models.Model):
    """The distinct people a commune's locked rolls pay over a period longer than a month (a
    year, a half-year), kept so that a year's total reads one row per commune instead of every
    line. ``rolls`` is the signature of the rolls it was counted from ("id:status,…"): when a
    roll of the period is locked, settled or reopened it differs and the count is redone."""

    SCOPE_FIELD = "unit"

    unit = models.ForeignKey("btxh.Unit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    rolls = models.TextField(blank=True)
    people = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("số người được chi trả trong kỳ")
        verbose_name_plural = _("số người được chi trả trong kỳ")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="people_count_one_per_unit_period")]

    def __str__(self):
        return f"{self.unit_id} {self.period}: {self.people}"
