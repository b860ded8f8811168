"""Events, requests and decisions of emergency aid (Decree 20/2021/NĐ-CP Chapter III).

An event (storm, flood, fire, hunger at Tết, …) hits one or more communes on a date: a commune
officer records it for their commune, a district or province officer for several communes of
their subtree, and a commune officer may add their commune to an event declared above it
(``EventCommune``). For each household or person hit, the commune officer records a request of
one kind of aid with the facts its rule needs; the person is linked to the registry (found, or
added with a household by the registry's own service). Requests and decisions stay per commune:
the officer prepares a decision over their commune's pending requests of the event; the approving level (the commune chairman in the
two-tier regime, the district in the legacy one) decides it with a number and a date, a
different person from the one who prepared it (a database check as well). Each request keeps its
dates (received, decided, paid) for the timeliness figure (docs/emergency-aid.md §6).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from btxh.scoping import ScopedQuerySet


class EventKind(models.TextChoices):
    STORM = "storm", _("Bão")
    FLOOD = "flood", _("Lũ, lụt, sạt lở")
    FIRE = "fire", _("Hỏa hoạn")
    TET_HUNGER = "tet_hunger", _("Thiếu đói dịp Tết")
    LEAN_SEASON = "lean_season", _("Giáp hạt, mất mùa")
    ACCIDENT = "accident", _("Tai nạn")
    OTHER = "other", _("Lý do bất khả kháng khác")


class AidKind(models.TextChoices):
    RICE_TET = "EM-RICE-TET", _("Gạo cứu đói dịp Tết")
    RICE_DISASTER = "EM-RICE-DISASTER", _("Gạo cứu đói sau thiên tai, giáp hạt")
    INJURY = "EM-INJURY", _("Hỗ trợ người bị thương nặng")
    FUNERAL = "EM-FUNERAL", _("Hỗ trợ mai táng (người chết, mất tích)")
    FUNERAL_UNCLAIMED = "EM-FUNERAL-UNCLAIMED", _("Mai táng người không có người nhận")
    HOUSE_REBUILD = "EM-HOUSE-REBUILD", _("Làm nhà ở (nhà đổ, sập, trôi, cháy)")
    HOUSE_RELOCATE = "EM-HOUSE-RELOCATE", _("Di dời nhà ở khẩn cấp")
    HOUSE_REPAIR = "EM-HOUSE-REPAIR", _("Sửa chữa nhà ở hư hỏng nặng")


class HouseholdStatus(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    HARDSHIP = "hardship", _("Hộ có hoàn cảnh khó khăn")
    NONE = "none", _("Không thuộc các diện trên")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Chờ quyết định")
    APPROVED = "approved", _("Đã quyết định hỗ trợ")
    REFUSED = "refused", _("Không hỗ trợ")
    PAID = "paid", _("Đã chi trả")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo, chờ phê duyệt")
    DECIDED = "decided", _("Đã quyết định")


class EventQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """An event is seen by a user whose scope holds any of its communes, once however many
        (a province sees a storm over twelve communes as one row)."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_national:
            return self
        if user.unit_id is None:
            return self.none()
        hit = EventCommune.objects.filter(unit__path__startswith=user.unit.path).values("event_id")
        return self.filter(pk__in=hit)


class EmergencyEvent(models.Model):
    """Sự kiện: what hit which communes, and when."""

    SCOPE_FIELD = "communes"  # any of them; EventQuerySet.for_user keeps one row per event

    # Who recorded it: a commune for itself, or the district or province for communes under it.
    declared_unit = models.ForeignKey(
        "btxh.Unit", verbose_name=_("đơn vị ghi nhận"), on_delete=models.PROTECT, related_name="+"
    )
    communes = models.ManyToManyField(
        "btxh.Unit", verbose_name=_("các xã bị ảnh hưởng"), through="EventCommune", related_name="+"
    )
    kind = models.CharField(_("loại sự kiện"), max_length=16, choices=EventKind.choices)
    name = models.CharField(_("tên sự kiện"), max_length=200)
    occurred_on = models.DateField(_("ngày xảy ra"))
    place = models.CharField(_("địa bàn bị ảnh hưởng"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện cần trợ giúp đột xuất")
        verbose_name_plural = _("sự kiện cần trợ giúp đột xuất")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.name} ({self.occurred_on:%d/%m/%Y})"


class EventCommune(models.Model):
    """One commune an event hit: added when the event was recorded, or later by the commune
    itself joining an event its district or province declared."""

    SCOPE_FIELD = "unit"

    event = models.ForeignKey(EmergencyEvent, on_delete=models.CASCADE, related_name="commune_links")
    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("xã bị ảnh hưởng")
        verbose_name_plural = _("xã bị ảnh hưởng")
        ordering = ["event", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="emergency_event_commune_once")]

    def __str__(self):
        return f"{self.event.name} – {self.unit.name}"


class EmergencyDeadline(models.Model):
    """The province's deadline, in days, for deciding a request after it is received (default 2
    days, Decree 20/2021 art. 12(3)); dated and cited, never edited in place: a new decision of
    the province is a new row from its date (docs/emergency-aid.md §6)."""

    SCOPE_FIELD = "province"

    province = models.ForeignKey("btxh.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    days = models.PositiveSmallIntegerField(_("số ngày"))
    valid_from = models.DateField(_("áp dụng cho đề nghị nhận từ ngày"))
    basis = models.CharField(_("căn cứ"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thời hạn quyết định trợ giúp đột xuất của tỉnh")
        verbose_name_plural = _("thời hạn quyết định trợ giúp đột xuất của tỉnh")
        ordering = ["province", "-valid_from", "-id"]
        constraints = [models.CheckConstraint(condition=Q(days__gte=1), name="emergency_deadline_days_positive")]

    def __str__(self):
        return f"{self.days} ngày từ {self.valid_from:%d/%m/%Y} ({self.basis})"


class EmergencyDecision(models.Model):
    """Quyết định hỗ trợ đột xuất over requests of one event; prepared by one person, decided by another."""

    SCOPE_FIELD = "unit"

    event = models.ForeignKey(EmergencyEvent, on_delete=models.PROTECT, related_name="decisions")
    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+")
    approving_unit = models.ForeignKey(
        "btxh.Unit", verbose_name=_("cấp quyết định"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=DecisionStatus.choices,
                              default=DecisionStatus.DRAFT)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=128, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định trợ giúp đột xuất")
        verbose_name_plural = _("quyết định trợ giúp đột xuất")
        ordering = ["-prepared_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("prepared_by")),
                name="emergency_decision_not_by_preparer",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(decided_on__isnull=False) & ~Q(number="")),
                name="emergency_decision_number_and_date",
            ),
        ]

    def __str__(self):
        if self.number:
            return f"Quyết định số {self.number} ngày {self.decided_on:%d/%m/%Y}"
        return f"Dự thảo quyết định – {self.event.name}"


class EmergencyRequest(models.Model):
    """Đề nghị hỗ trợ: one kind of aid for one household or person hit by an event."""

    SCOPE_FIELD = "unit"

    event = models.ForeignKey(EmergencyEvent, on_delete=models.PROTECT, related_name="requests")
    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại trợ giúp"), max_length=32, choices=AidKind.choices)
    person = models.ForeignKey(
        "beneficiaries.Person", verbose_name=_("đối tượng trong sổ"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="emergency_requests",
    )
    household = models.ForeignKey(
        "beneficiaries.Household", verbose_name=_("hộ trong sổ"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="emergency_requests",
    )
    full_name = models.CharField(_("họ và tên (chủ hộ / người được hỗ trợ)"), max_length=128)
    national_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    hamlet = models.CharField(_("thôn/tổ dân phố"), max_length=100, blank=True)
    # The facts the kind's rule needs.
    people = models.PositiveSmallIntegerField(_("số nhân khẩu thiếu đói"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("số tháng đề nghị"), null=True, blank=True)
    household_status = models.CharField(
        _("tình trạng hộ"), max_length=16, choices=HouseholdStatus.choices, blank=True
    )
    hospital_days = models.PositiveSmallIntegerField(_("số ngày điều trị"), null=True, blank=True)
    cost = models.PositiveBigIntegerField(_("chi phí mai táng thực tế (đồng)"), null=True, blank=True)
    subject_name = models.CharField(_("người chết, mất tích, bị thương"), max_length=128, blank=True)
    damage = models.CharField(_("mức thiệt hại nhà ở"), max_length=255, blank=True)
    # Dates and outcome.
    received_on = models.DateField(_("ngày nhận đề nghị"))
    # The deadline for the decision: received_on + the province's days in force on that date.
    decide_by = models.DateField(_("hạn quyết định"), null=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=RequestStatus.choices,
                              default=RequestStatus.RECEIVED)
    decision = models.ForeignKey(
        EmergencyDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), default=0)
    rice_kg = models.PositiveIntegerField(_("số gạo (kg)"), default=0)
    basis = models.CharField(_("căn cứ"), max_length=500, blank=True)
    explanation = models.TextField(_("cách tính"), blank=True)
    refusal_reason = models.CharField(_("lý do không hỗ trợ"), max_length=300, blank=True)
    paid_on = models.DateField(_("ngày chi trả"), null=True, blank=True)
    # Who keeps one household from receiving the same aid twice for one event (see services).
    dedupe_key = models.CharField(max_length=200, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị trợ giúp đột xuất")
        verbose_name_plural = _("đề nghị trợ giúp đột xuất")
        ordering = ["event", "hamlet", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "unit", "kind", "dedupe_key"],
                condition=~Q(status="refused"),
                name="emergency_request_once_per_event",
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(status="paid"), name="emergency_request_paid_has_status"
            ),
        ]
        indexes = [models.Index(fields=["unit", "received_on"], name="emergency_request_received")]

    def __str__(self):
        return f"{self.full_name} – {self.get_kind_display()}"

    @property
    def is_rice(self) -> bool:
        return self.kind in (AidKind.RICE_TET, AidKind.RICE_DISASTER)
