"""Longevity celebrations (chúc thọ, mừng thọ): the rule rows, the elderly register and the
celebration rounds of a commune (docs/longevity.md).

Rule rows (``LongevityGiftLevel``, ``LongevityAgeRule``) are national data like the benefits rule
tables: added, never edited in place; ``plans.selectors.longevity_rules_load`` turns them into the
engine's ``LongevityRules`` (engine/longevity.py). Every other model declares
``SCOPE_FIELD``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from btxh.scoping import ScopedQuerySet
from engine import longevity as engine


class Regime(models.TextChoices):
    NATIONAL = "", _("Toàn quốc")
    TWO_TIER = "2025", _("Hai cấp (từ 01/7/2025)")
    LEGACY = "legacy", _("Ba cấp (đến 30/6/2025)")


class Level(models.TextChoices):
    L70 = "70", "70"
    L75 = "75", "75"
    L80 = "80", "80"
    L85 = "85", "85"
    L90 = "90", "90"
    L95 = "95", "95"
    L100 = "100", "100"
    OVER_100 = "100+", _("Trên 100")


LEVEL_ORDER = {value: i for i, value in enumerate(engine.LEVELS)}


class Occasion(models.TextChoices):
    TET = engine.OCCASION_TET, _("Tết Nguyên đán")
    ELDERLY_DAY = engine.OCCASION_ELDERLY_DAY, _("Ngày Người cao tuổi Việt Nam (06/6)")
    INTERNATIONAL_DAY = engine.OCCASION_INTERNATIONAL_DAY, _("Ngày Quốc tế Người cao tuổi (01/10)")
    BIRTHDAY = engine.OCCASION_BIRTHDAY, _("Sinh nhật trong năm")


class AgeRule(models.TextChoices):
    YEAR = engine.AGE_YEAR, _("Năm tổ chức trừ năm sinh")
    BIRTHDAY = engine.AGE_BIRTHDAY, _("Tuổi tròn đến ngày tổ chức")
    LUNAR = engine.AGE_LUNAR, _("Theo năm âm lịch")


class Combine(models.TextChoices):
    ADD = engine.COMBINE_ADD, _("Cộng thêm vào mức toàn quốc")
    REPLACE = engine.COMBINE_REPLACE, _("Thay cho mức toàn quốc")


# ===========================================================================
# Rule rows
# ===========================================================================


class LongevityGiftLevel(models.Model):
    """Mức quà chúc thọ, mừng thọ for one age level: national (TT 96/2018 art. 3(2)(a)) or a
    province's (HĐND resolution). Dated, cited, never edited in place: a new resolution is a new
    row (``plans.services.longevity_gift_add`` closes the open row it succeeds)."""

    level = models.CharField(_("mức tuổi"), max_length=4, choices=Level.choices)
    giver = models.CharField(_("người/cơ quan tặng"), max_length=100)
    cash = models.PositiveIntegerField(_("tiền mặt (đồng)"), null=True, blank=True)
    in_kind = models.PositiveIntegerField(_("hiện vật trị giá (đồng)"), null=True, blank=True)
    items = models.CharField(_("quà bằng hiện vật"), max_length=200, blank=True)
    valid_from = models.DateField(_("áp dụng cho lễ từ ngày"))
    valid_to = models.DateField(_("áp dụng đến hết ngày"), null=True, blank=True)
    regime = models.CharField(_("chế độ đơn vị"), max_length=8, choices=Regime.choices, blank=True, default="")
    province_code = models.CharField(
        _("mã tỉnh"), max_length=8, blank=True, default="", help_text=_("Để trống: mức tối thiểu toàn quốc.")
    )
    combine = models.CharField(
        _("so với mức toàn quốc"), max_length=8, choices=Combine.choices, default=Combine.ADD
    )
    basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    secondary_source = models.BooleanField(_("theo nguồn thứ cấp"), default=False)
    created_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mức quà mừng thọ")
        verbose_name_plural = _("mức quà mừng thọ")
        ordering = ["regime", "province_code", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="giftlevel_to_after_from"
            ),
        ]

    def __str__(self):
        where = f" (tỉnh {self.province_code})" if self.province_code else ""
        return f"Mức {self.level}: {self.giver}{where} từ {self.valid_from:%d/%m/%Y}"


class LongevityAgeRule(models.Model):
    """How a province counts the age celebrated (no national text fixes it; default: the year)."""

    regime = models.CharField(_("chế độ đơn vị"), max_length=8, choices=Regime.choices[1:])
    province_code = models.CharField(_("mã tỉnh"), max_length=8)
    rule = models.CharField(_("cách tính tuổi"), max_length=8, choices=AgeRule.choices)
    valid_from = models.DateField(_("áp dụng cho lễ từ ngày"))
    valid_to = models.DateField(_("áp dụng đến hết ngày"), null=True, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=255)
    created_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cách tính tuổi mừng thọ của tỉnh")
        verbose_name_plural = _("cách tính tuổi mừng thọ của tỉnh")
        ordering = ["regime", "province_code", "valid_from", "id"]

    def __str__(self):
        return f"Tỉnh {self.province_code}: {self.get_rule_display()} từ {self.valid_from:%d/%m/%Y}"


# ===========================================================================
# The elderly register
# ===========================================================================


class ElderlySource(models.TextChoices):
    IMPORTED = "imported", _("Danh sách Hội Người cao tuổi")
    ENTERED = "entered", _("Nhập trên hệ thống")


class ElderlyPerson(models.Model):
    """Người cao tuổi of a commune, whether or not a beneficiary. Linked to the registry's
    ``Person`` when the same person is there (by ID, else by name and birth): that person's
    recorded death and moves then apply here too."""

    SCOPE_FIELD = "unit"

    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("họ và tên"), max_length=128)
    name_normalized = models.CharField(max_length=128, editable=False)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    sex = models.CharField(_("giới tính"), max_length=8, choices=[("male", "Nam"), ("female", "Nữ")])
    national_id = models.CharField(_("số định danh cá nhân"), max_length=12, null=True, blank=True)
    hamlet = models.CharField(_("thôn/tổ dân phố"), max_length=100)
    person = models.ForeignKey(
        "beneficiaries.Person",
        verbose_name=_("đối tượng trong sổ BTXH"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    death_date = models.DateField(_("ngày chết"), null=True, blank=True)
    moved_out_date = models.DateField(_("ngày chuyển đi"), null=True, blank=True)
    moved_to = models.CharField(_("chuyển đến"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=ElderlySource.choices, default=ElderlySource.ENTERED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_normalized", "updated_at"])

    class Meta:
        verbose_name = _("người cao tuổi")
        verbose_name_plural = _("người cao tuổi")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"], condition=Q(national_id__isnull=False), name="elderly_unique_national_id"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "birth_year"], name="elderly_unit_birth_year"),
            models.Index(fields=["unit", "name_normalized"], name="elderly_unit_name"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def birth_text(self) -> str:
        return self.birth_date.strftime("%d/%m/%Y") if self.birth_date else str(self.birth_year)


# ===========================================================================
# Celebration rounds
# ===========================================================================


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Đang lập")
    SUBMITTED = "submitted", _("Đã gửi cấp trên")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Cấp trên đã nhận")


class CelebrationRound(models.Model):
    """Đợt chúc thọ, mừng thọ: one commune's list for one occasion of one year.

    It is a submittable document: ``status``, ``submitted_*``, ``decided_*`` and
    ``return_reason`` are what a shared submit / return / accept mechanism needs
    (``plans.services.round_submit``, ``round_accept``, ``round_return`` until one exists)."""

    SCOPE_FIELD = "unit"

    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+")
    occasion = models.CharField(_("dịp"), max_length=10, choices=Occasion.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    date = models.DateField(_("ngày tổ chức"), null=True, blank=True, help_text=_("Sinh nhật: để trống."))
    age_rule = models.CharField(_("cách tính tuổi"), max_length=8, choices=AgeRule.choices, default=AgeRule.YEAR)
    status = models.CharField(_("trạng thái"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    first_computed_at = models.DateTimeField(_("lập lần đầu lúc"), null=True, blank=True)
    computed_at = models.DateTimeField(_("tính lại lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("cấp trên xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    # The ceremony budget line (the commune's budget, docs/longevity.md §4): certificates and
    # frames, refreshments per attendee, hall and other costs at cost.
    ceremony_attendees = models.PositiveIntegerField(_("số người dự lễ"), default=0)
    certificate_unit_cost = models.PositiveIntegerField(_("giấy mừng thọ và khung (đồng/người)"), default=0)
    ceremony_other_cost = models.PositiveIntegerField(_("hội trường, chi khác (đồng)"), default=0)
    ceremony_note = models.CharField(_("diễn giải chi phí tổ chức"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đợt mừng thọ")
        verbose_name_plural = _("đợt mừng thọ")
        ordering = ["-year", "occasion", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "occasion", "year"], name="round_one_per_unit_occasion_year"),
        ]

    def __str__(self):
        return f"{self.get_occasion_display()} {self.year} – {self.unit}"

    @property
    def title(self) -> str:
        return f"{self.get_occasion_display()} {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in (RoundStatus.DRAFT, RoundStatus.RETURNED)

    def ceremony_lines(self, people: int) -> list[tuple[str, int, int, int]]:
        """(what, quantity, unit cost, amount) of the ceremony budget for ``people`` celebrated."""
        return [
            ("Giấy mừng thọ và khung", people, self.certificate_unit_cost, people * self.certificate_unit_cost),
            ("Nước uống cho người dự lễ", self.ceremony_attendees, REFRESHMENT_PER_ATTENDEE,
             self.ceremony_attendees * REFRESHMENT_PER_ATTENDEE),
            ("Hội trường, trang trí và chi khác (theo thực tế)", 1 if self.ceremony_other_cost else 0,
             self.ceremony_other_cost, self.ceremony_other_cost),
        ]  # fmt: skip


# Refreshments at the ceremony, per attendee (docs/longevity.md §4).
REFRESHMENT_PER_ATTENDEE = 20_000


class CelebrationEntry(models.Model):
    """One person on a round: who, age, level, ceremony, gifts and their amount, delivery."""

    SCOPE_FIELD = "round__unit"

    round = models.ForeignKey(CelebrationRound, on_delete=models.CASCADE, related_name="entries")
    elderly = models.ForeignKey(ElderlyPerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(
        "beneficiaries.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    full_name = models.CharField(_("họ và tên"), max_length=128)
    birth_text = models.CharField(_("ngày/năm sinh"), max_length=10)
    sex = models.CharField(_("giới tính"), max_length=8, blank=True)
    national_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    hamlet = models.CharField(_("thôn/tổ dân phố"), max_length=100)
    date = models.DateField(_("ngày tổ chức"))
    age = models.PositiveSmallIntegerField(_("tuổi"))
    level = models.CharField(_("mức tuổi"), max_length=4, choices=Level.choices)
    ceremony = models.CharField(_("nghi lễ"), max_length=40)
    card = models.CharField(_("thiếp chúc thọ của"), max_length=40, blank=True)
    gifts = models.JSONField(_("quà tặng"), default=list)
    cash = models.PositiveIntegerField(_("tiền mặt"), default=0)
    in_kind = models.PositiveIntegerField(_("hiện vật trị giá"), default=0)
    national_amount = models.PositiveIntegerField(_("kinh phí theo mức toàn quốc"), default=0)
    province_amount = models.PositiveIntegerField(_("kinh phí theo mức của tỉnh"), default=0)
    local_amount_recorded = models.BooleanField(_("đã có mức của tỉnh"), default=False)
    explanation = models.TextField(_("diễn giải"), blank=True)
    manual_reason = models.CharField(_("lý do thêm thủ công"), max_length=200, blank=True)
    dropped_out = models.BooleanField(_("đã ra khỏi danh sách"), default=False)
    dropped_reason = models.CharField(_("lý do ra khỏi danh sách"), max_length=200, blank=True)
    delivered_on = models.DateField(_("ngày trao quà"), null=True, blank=True)
    received_by = models.CharField(_("người nhận"), max_length=128, blank=True)
    signature_returned = models.BooleanField(_("đã nộp danh sách ký nhận"), default=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("người được mừng thọ")
        verbose_name_plural = _("người được mừng thọ")
        ordering = ["hamlet", "full_name", "id"]

    def __str__(self):
        return f"{self.full_name} ({self.level})"

    @property
    def is_manual(self) -> bool:
        return bool(self.manual_reason)

    @property
    def amount(self) -> int:
        return self.cash + self.in_kind


from .plan_models import *  # noqa: E402,F403  (annual plans: one app, two files)
