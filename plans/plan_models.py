"""Annual plans (kế hoạch năm): one unit's plan for one year, cascaded from its parent's
(docs/plans.md). Imported by ``plans.models``; every model declares ``SCOPE_FIELD``.

A plan is a draft until it is issued; an issued plan never changes. A correction is a new
version (``previous_version``) that, once issued, supersedes the old one, which is kept.
Activities record their progress through the year on the issued plan (status, evidence):
that is the plan being carried out, not the plan being changed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from btxh.scoping import ScopedQuerySet


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    SUPERSEDED = "superseded", _("Đã được thay thế")


class SignerTitle(models.TextChoices):
    CHAIRMAN = "chairman", _("Chủ tịch")
    DEPUTY = "deputy", _("KT. Chủ tịch / Phó Chủ tịch")


class BasisKind(models.TextChoices):
    PARENT_PLAN = "parent_plan", _("Kế hoạch của cấp trên")
    BUDGET = "budget", _("Quyết định giao dự toán")
    LAW = "law", _("Luật, nghị định, thông tư")
    OTHER = "other", _("Văn bản khác")


class Indicator(models.TextChoices):
    BENEFICIARIES_PAID = "beneficiaries_paid", _("Số người được chi trả (danh sách khóa cuối năm)")
    ELIGIBLE_PAID_PCT = "eligible_paid_pct", _("Tỷ lệ đối tượng đủ điều kiện được chi trả hằng tháng (%)")
    NON_CASH_PCT = "non_cash_pct", _("Tỷ lệ người nhận qua tài khoản (%)")
    SPENDING_TOTAL = "spending_total", _("Tổng kinh phí đã chi trả (đồng)")
    NEW_CASES = "new_cases", _("Số hồ sơ bắt đầu hưởng trong năm")
    TERMINATED_CASES = "terminated_cases", _("Số hồ sơ thôi hưởng trong năm")
    EMERGENCY_ON_TIME_PCT = "emergency_aided_on_time_pct", _("Tỷ lệ trợ giúp đột xuất được quyết định kịp thời (%)")
    LONGEVITY_LISTED = "longevity_listed", _("Số người cao tuổi trong danh sách chúc thọ, mừng thọ")
    LONGEVITY_DELIVERED = "longevity_delivered", _("Số người cao tuổi đã được trao quà chúc thọ, mừng thọ")


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    DROPPED = "dropped", _("Không thực hiện")


class SystemActivity(models.TextChoices):
    """Recurring activities the system itself records: done when the record exists."""

    LONGEVITY_TET = "longevity_tet", _("Lập danh sách chúc thọ, mừng thọ dịp Tết")
    CENTENARIANS = "centenarians", _("Lập danh sách người thọ 100 tuổi")
    ROLLS_LOCKED = "rolls_locked", _("Chi trả trợ cấp hằng tháng đủ 12 tháng (danh sách đã khóa)")
    EMERGENCY_RICE = "emergency_rice", _("Hỗ trợ gạo cứu đói dịp Tết, giáp hạt")


class AnnualPlan(models.Model):
    """Kế hoạch năm of one unit: the document's fields and its status."""

    SCOPE_FIELD = "unit"

    unit = models.ForeignKey("btxh.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    version = models.PositiveSmallIntegerField(_("lần ban hành"), default=1)
    status = models.CharField(_("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    number = models.CharField(_("số"), max_length=40, blank=True, help_text=_("Ví dụ: 25/KH-UBND"))
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    title = models.CharField(_("trích yếu"), max_length=300)
    purposes = models.TextField(_("mục đích"), blank=True)
    requirements = models.TextField(_("yêu cầu"), blank=True)
    funding = models.TextField(_("kinh phí thực hiện"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    signer_name = models.CharField(_("người ký"), max_length=128, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=10, choices=SignerTitle.choices,
                                    default=SignerTitle.DEPUTY)
    parent_plan = models.ForeignKey("self", verbose_name=_("kế hoạch cấp trên"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="child_plans")
    started_from = models.ForeignKey("self", verbose_name=_("lập từ kế hoạch"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    previous_version = models.ForeignKey("self", verbose_name=_("đính chính kế hoạch"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="corrections")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["-year", "unit__path", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "version"], name="plan_one_per_unit_year_version"),
            # At most one draft and one issued plan per unit and year (older versions are superseded).
            models.UniqueConstraint(fields=["unit", "year", "status"], name="plan_one_draft_one_issued",
                                    condition=models.Q(status__in=("draft", "issued"))),
        ]

    def __str__(self):
        return f"{self.title} ({self.unit}, {self.year})"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def reference(self) -> str:
        """ "Kế hoạch số 25/KH-UBND ngày 20/01/2026 của UBND Tỉnh Tuyên Quang"."""
        number = f" số {self.number}" if self.number else ""
        day = f" ngày {self.issued_on:%d/%m/%Y}" if self.issued_on else ""
        return f"Kế hoạch{number}{day} của Ủy ban nhân dân {self.unit.name}"


class PlanPart(models.Model):
    """A numbered part of a plan (its bases, targets, tasks, activities, responsibilities): seen by
    whoever sees the plan's unit, listed in the order the officer numbered them."""

    SCOPE_FIELD = "plan__unit"

    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class PlanBasis(PlanPart):
    """Căn cứ: a document the plan cites (the parent's plan, a budget decision, a decree)."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="bases")
    kind = models.CharField(_("loại"), max_length=12, choices=BasisKind.choices, default=BasisKind.LAW)
    text = models.CharField(_("văn bản"), max_length=500)

    class Meta(PlanPart.Meta):
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")

    def __str__(self):
        return self.text


class PlanTarget(PlanPart):
    """Chỉ tiêu: a sentence of the plan and, where one fits, an indicator and its target value."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="targets")
    text = models.CharField(_("chỉ tiêu"), max_length=500)
    indicator = models.CharField(_("đo bằng chỉ số"), max_length=32, choices=Indicator.choices, blank=True)
    target_value = models.DecimalField(_("giá trị mục tiêu"), max_digits=16, decimal_places=1, null=True, blank=True)
    parent_target = models.ForeignKey("self", verbose_name=_("chỉ tiêu cấp trên"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="child_targets")

    class Meta(PlanPart.Meta):
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self):
        return self.text

    @property
    def target_shown(self) -> str:
        """The target value as offices write it: "98,0%", "1.200"."""
        from .indicators import Measured

        if not self.indicator or self.target_value is None:
            return ""
        return Measured(self.indicator, "", None, self.target_value).target_shown


class PlanTask(PlanPart):
    """Nhiệm vụ: a numbered task of section II."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    parent_task = models.ForeignKey("self", verbose_name=_("thực hiện nhiệm vụ cấp trên"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="child_tasks")

    class Meta(PlanPart.Meta):
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self):
        return self.title


class PlanActivity(PlanPart):
    """Hoạt động of a task: who leads, months, budget, and its progress through the year."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="activities")
    task = models.ForeignKey(PlanTask, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="activities")
    text = models.CharField(_("hoạt động"), max_length=500)
    lead = models.CharField(_("chủ trì"), max_length=200, blank=True)
    partners = models.CharField(_("phối hợp"), max_length=300, blank=True)
    months = models.CharField(_("thời gian (tháng)"), max_length=60, blank=True, help_text=_("Ví dụ: 1-2, 12"))
    budget = models.BigIntegerField(_("kinh phí dự kiến (đồng)"), null=True, blank=True)
    spent = models.BigIntegerField(_("kinh phí đã chi (đồng)"), null=True, blank=True)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=200, blank=True)
    system_kind = models.CharField(_("hoạt động hệ thống tự ghi nhận"), max_length=20, choices=SystemActivity.choices,
                                   blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=ActivityStatus.choices,
                              default=ActivityStatus.NOT_STARTED)
    evidence = models.CharField(_("kết quả, minh chứng"), max_length=500, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["task__position", "position", "id"]

    def __str__(self):
        return self.text

    @property
    def details(self) -> str:
        """ "chủ trì: …; phối hợp: …; tháng 3, 6; dự kiến 1.500.000 đ (ngân sách xã)"."""
        from btxh.formatting import format_money

        parts = [f"chủ trì: {self.lead}" if self.lead else "", f"phối hợp: {self.partners}" if self.partners else "",
                 f"tháng {self.months}" if self.months else "",
                 f"dự kiến {format_money(self.budget)}" + (f" ({self.funding_source})" if self.funding_source else "")
                 if self.budget else ""]
        return "; ".join(p for p in parts if p)


class PlanResponsibility(PlanPart):
    """Tổ chức thực hiện: a department or unit and its duties."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="responsibilities")
    body = models.CharField(_("cơ quan, đơn vị"), max_length=200)
    duties = models.TextField(_("nhiệm vụ"))

    class Meta(PlanPart.Meta):
        verbose_name = _("trách nhiệm thực hiện")
        verbose_name_plural = _("trách nhiệm thực hiện")

    def __str__(self):
        return self.body
