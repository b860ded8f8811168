"""Reports up the chain (báo cáo định kỳ) and the per-roll summaries they are computed from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from btxh.scoping import ScopedQuerySet


class ReportKind(models.TextChoices):
    PAYMENTS = "payments", _("Báo cáo chi trả tháng")
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
        year, _, month = self.period.partition("-")
        return f"{month}/{year}" if month else year

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReportEvent(models.Model):
    """The history of a report: every submit, return, accept and reopen, with who, when and why."""

    class Action(models.TextChoices):
        CREATE = "create", _("Lập báo cáo")
        SUBMIT = "submit", _("Gửi cấp trên")
        RETURN = "return", _("Trả lại")
        ACCEPT = "accept", _("Chấp nhận")
        REOPEN = "reopen", _("Mở lại")

    SCOPE_FIELD = "report__unit"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    total = models.BigIntegerField(_("tổng tiền lúc đó"), null=True, blank=True)

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
    month = models.DateField(_("tháng"))
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
