"""People, households and cases (hồ sơ) with their lifecycle, documents and events.

Months are DateFields holding the first day of the month (``start_month``,
``end_month``, ``paid_until_month``). Every model declares ``SCOPE_FIELD`` so that
``.for_user(user)`` narrows it to the user's subtree (btxh.scoping).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from btxh.fields import MonthField
from btxh.scoping import ScopedQuerySet

from .categories import category_choices, category_info


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Poverty(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    NONE = "none", _("Không nghèo")


class DisabilityLevel(models.TextChoices):
    SEVERE = "severe", _("Nặng")
    EXTRA_SEVERE = "extra_severe", _("Đặc biệt nặng")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Tiền mặt")
    BANK = "bank", _("Chuyển khoản")


class Relationship(models.TextChoices):
    HEAD = "head", _("Chủ hộ")
    SPOUSE = "spouse", _("Vợ/chồng")
    CHILD = "child", _("Con")
    PARENT = "parent", _("Bố/mẹ")
    GRANDCHILD = "grandchild", _("Cháu")
    GRANDPARENT = "grandparent", _("Ông/bà")
    SIBLING = "sibling", _("Anh/chị/em")
    OTHER = "other", _("Khác")


class Hamlet(models.Model):
    """Thôn / tổ dân phố: a part of a commune, on the commune's own list. People and households point
    at it (``hamlet_ref``); their ``hamlet`` text is its name, set when it is chosen and rewritten by a
    rename, so lists, documents and the frozen payroll lines keep reading text. Two names that differ
    only in case, spacing or diacritics are the same hamlet (``name_key``, unique per commune)."""

    SCOPE_FIELD = "commune"

    commune = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="hamlets")
    name = models.CharField(_("tên thôn/tổ dân phố"), max_length=100)
    name_key = models.CharField(max_length=100, editable=False)
    code = models.CharField(_("mã"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang sử dụng"), default=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thôn/tổ dân phố")
        verbose_name_plural = _("thôn/tổ dân phố")
        ordering = ["commune", "order", "name_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name_key"], name="hamlet_unique_name_per_commune"),
        ]

    def __str__(self):
        return self.name


class Household(models.Model):
    """Hộ gia đình: its poverty status is recorded per year (HouseholdPoverty)."""

    SCOPE_FIELD = "unit"

    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="households")
    hamlet = models.CharField(_("thôn/tổ dân phố"), max_length=100, blank=True)
    hamlet_ref = models.ForeignKey(
        Hamlet, verbose_name=_("thôn/tổ dân phố"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="households",
    )
    code = models.CharField(_("mã hộ"), max_length=30, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")

    def __str__(self):
        head = next((m for m in self.members.all() if m.relationship_to_head == Relationship.HEAD), None)
        return f"Hộ {head.full_name}" if head else f"Hộ #{self.pk}"

    def poverty_in(self, year: int) -> str:
        """The status of ``year`` (from prefetched rows when there are any)."""
        for row in self.poverty_records.all():
            if row.year == year:
                return row.status
        return Poverty.NONE


class HouseholdPoverty(models.Model):
    SCOPE_FIELD = "household__unit"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="poverty_records")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("hộ nghèo/cận nghèo"), max_length=16, choices=Poverty.choices)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tình trạng nghèo của hộ")
        verbose_name_plural = _("tình trạng nghèo của hộ")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="household_poverty_one_per_year")]

    def __str__(self):
        return f"{self.year}: {self.get_status_display()}"


class PersonQuerySet(ScopedQuerySet):
    def alive(self):
        return self.filter(death_date__isnull=True)


class Person(models.Model):
    """Đối tượng bảo trợ xã hội: a person who has (or may have) one or more cases."""

    SCOPE_FIELD = "unit"

    full_name = models.CharField(_("họ và tên"), max_length=128)
    name_normalized = models.CharField(max_length=128, editable=False)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices)
    national_id = models.CharField(_("số định danh cá nhân"), max_length=12, null=True, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=40, blank=True)
    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="people")
    hamlet = models.CharField(_("thôn/tổ dân phố"), max_length=100)
    hamlet_ref = models.ForeignKey(
        Hamlet, verbose_name=_("thôn/tổ dân phố"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="people",
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    relationship_to_head = models.CharField(
        _("quan hệ với chủ hộ"), max_length=16, choices=Relationship.choices, blank=True
    )
    has_pension = models.BooleanField(_("đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng"), default=False)
    death_date = models.DateField(_("ngày chết"), null=True, blank=True)
    payment_method = models.CharField(
        _("hình thức chi trả"), max_length=8, choices=PaymentMethod.choices, default=PaymentMethod.CASH
    )
    bank_account = models.CharField(_("số tài khoản"), max_length=30, blank=True)
    bank_name = models.CharField(_("ngân hàng"), max_length=100, blank=True)
    receiver_name = models.CharField(_("người giám hộ / người được ủy quyền nhận"), max_length=128, blank=True)
    receiver_relationship = models.CharField(_("quan hệ với đối tượng"), max_length=60, blank=True)
    receiver_national_id = models.CharField(_("số định danh người nhận"), max_length=12, blank=True)
    receiver_phone = models.CharField(_("điện thoại người nhận"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_normalized", "updated_at"])

    class Meta:
        verbose_name = _("đối tượng")
        verbose_name_plural = _("đối tượng")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"], condition=Q(national_id__isnull=False), name="person_unique_national_id"
            ),
        ]
        indexes = [
            # Lists: a commune's people in name order; search by name prefix / fragment.
            models.Index(fields=["unit", "name_normalized"], name="person_unit_name"),
            models.Index(fields=["name_normalized", "id"], name="person_name"),
            models.Index(fields=["name_normalized"], name="person_name_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["birth_year"], name="person_birth_year"),
            models.Index(fields=["unit", "birth_year"], name="person_unit_birth_year"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def birth_text(self) -> str:
        return self.birth_date.strftime("%d/%m/%Y") if self.birth_date else str(self.birth_year)

    @property
    def is_dead(self) -> bool:
        return self.death_date is not None


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ phê duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã phê duyệt")
    ACTIVE = "active", _("Đang hưởng")
    SUSPENDED = "suspended", _("Tạm dừng")
    TERMINATED = "terminated", _("Đã thôi hưởng")


# Cases whose decision stands: payroll reads them, a second case of the same category is refused.
DECIDED_STATUSES = (CaseStatus.APPROVED, CaseStatus.ACTIVE, CaseStatus.SUSPENDED)
OPEN_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED, *DECIDED_STATUSES)


class TerminationReason(models.TextChoices):
    DEATH = "death", _("Chết")
    MOVED = "moved", _("Chuyển đi nơi khác")
    INELIGIBLE = "ineligible", _("Không còn đủ điều kiện")
    REFUSED = "refused", _("Từ chối nhận")


class CaseSource(models.TextChoices):
    ENTERED = "entered", _("Nhập trên hệ thống")
    IMPORTED = "imported", _("Nhập từ danh sách Excel")
    MOVED = "moved", _("Chuyển đến từ xã khác")


class CaseQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def decided(self):
        return self.filter(status__in=DECIDED_STATUSES)


class Case(models.Model):
    """Hồ sơ: one person's application for one category, from entry to termination.

    The state machine: draft → submitted → approved (or returned → submitted again)
    → active ⇄ suspended → terminated. Transitions are only called by the services
    in ``beneficiaries.services.cases``, which check who may do what.
    """

    SCOPE_FIELD = "unit"
    # The facts of a case an officer enters (the case form, the services that save it, the copy a
    # move makes); the category, state and decision are not among them.
    FACT_FIELDS = (
        "disability_level",
        "disability_certificate_number",
        "disability_certificate_date",
        "disability_certificate_valid_until",
        "studying_until",
        "pregnant",
        "pregnancy_due_date",
        "cared_person",
        "note",
    )

    person = models.ForeignKey(Person, verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="cases")
    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="cases")
    category = models.CharField(_("diện đối tượng"), max_length=24, choices=category_choices)
    status = FSMField(_("trạng thái"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    source = models.CharField(_("nguồn"), max_length=10, choices=CaseSource.choices, default=CaseSource.ENTERED)

    # Facts the category needs.
    disability_level = models.CharField(
        _("mức độ khuyết tật"),
        max_length=16,
        choices=DisabilityLevel.choices,
        blank=True,
        help_text=_("Của đối tượng (K6) hoặc của người được chăm sóc (hỗ trợ chăm sóc người khuyết tật)."),
    )
    disability_certificate_number = models.CharField(_("số giấy xác nhận khuyết tật"), max_length=50, blank=True)
    disability_certificate_date = models.DateField(_("ngày cấp giấy xác nhận"), null=True, blank=True)
    disability_certificate_valid_until = models.DateField(_("giấy xác nhận có giá trị đến"), null=True, blank=True)
    studying_until = models.DateField(_("đi học đến"), null=True, blank=True)
    pregnant = models.BooleanField(_("đang mang thai"), default=False)
    pregnancy_due_date = models.DateField(_("ngày dự sinh"), null=True, blank=True)
    cared_person = models.ForeignKey(
        Person,
        verbose_name=_("người được chăm sóc, nuôi dưỡng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cared_by_cases",
    )
    note = models.TextField(_("ghi chú"), blank=True)

    # Submission and decision.
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approving_unit = models.ForeignKey(
        "btxh.Unit",
        verbose_name=_("cấp phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=128, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    start_month = MonthField(_("tháng bắt đầu hưởng"), null=True, blank=True)
    end_month = MonthField(_("tháng cuối cùng được hưởng"), null=True, blank=True)
    paid_until_month = MonthField(
        _("đã chi trả đến tháng"),
        null=True,
        blank=True,
        help_text=_("Các tháng đến tháng này đã được chi trả ngoài hệ thống; chỉ truy lĩnh sau tháng này."),
    )
    suspended_from_month = MonthField(_("tạm dừng từ tháng"), null=True, blank=True)
    suspension_reason = models.CharField(_("lý do tạm dừng"), max_length=200, blank=True)
    termination_reason = models.CharField(
        _("lý do thôi hưởng"), max_length=16, choices=TerminationReason.choices, blank=True
    )
    termination_note = models.CharField(_("ghi chú thôi hưởng"), max_length=200, blank=True)
    # An ending recorded from an event (death, move, end of studies) waits for the approving level's
    # decision; payment already stops at the legal month (end_month), whatever the decision's date.
    end_proposed = models.BooleanField(_("chờ quyết định thôi hưởng"), default=False)
    previous_case = models.ForeignKey(
        "self",
        verbose_name=_("hồ sơ trước (xã cũ)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_cases",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        constraints = [
            # One open case per person and category; a terminated one may be followed by a new one.
            models.UniqueConstraint(
                fields=["person", "category"], condition=~Q(status="terminated"), name="case_one_open_per_category"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="case_unit_status"),
            models.Index(fields=["approving_unit", "status"], name="case_approver_status"),
            models.Index(fields=["category", "status"], name="case_category_status"),
            models.Index(fields=["status", "end_month"], name="case_status_end"),
        ]

    def __str__(self):
        return f"{self.category} – {self.person.full_name}" if self.person_id else self.category

    @property
    def info(self):
        return category_info(self.category)

    @property
    def category_label(self) -> str:
        info = self.info
        return info.label if info else self.category

    @property
    def is_editable(self) -> bool:
        return self.status in (CaseStatus.DRAFT, CaseStatus.RETURNED)

    # -- state machine: only the state changes here; the rules are in the services ----
    @transition(field=status, source=[CaseStatus.DRAFT, CaseStatus.RETURNED], target=CaseStatus.SUBMITTED)
    def submit(self):
        pass

    @transition(field=status, source=CaseStatus.SUBMITTED, target=CaseStatus.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=CaseStatus.SUBMITTED, target=CaseStatus.RETURNED)
    def return_to_commune(self):
        pass

    @transition(field=status, source=CaseStatus.APPROVED, target=CaseStatus.ACTIVE)
    def activate(self):
        pass

    @transition(field=status, source=CaseStatus.ACTIVE, target=CaseStatus.SUSPENDED)
    def suspend(self):
        pass

    @transition(field=status, source=CaseStatus.SUSPENDED, target=CaseStatus.ACTIVE)
    def resume(self):
        pass

    @transition(field=status, source=list(DECIDED_STATUSES), target=CaseStatus.TERMINATED)
    def terminate(self):
        pass


class CaseChild(models.Model):
    """A child the person raises (K4) or a young child of a disabled parent (CS-DISABLED-PARENT)."""

    SCOPE_FIELD = "case__unit"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="children")
    full_name = models.CharField(_("họ và tên con"), max_length=128, blank=True)
    birth_date = models.DateField(_("ngày sinh"))
    studying_until = models.DateField(_("đi học đến"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("con của đối tượng")
        verbose_name_plural = _("con của đối tượng")
        ordering = ["birth_date", "id"]

    def __str__(self):
        return self.full_name or self.birth_date.strftime("%d/%m/%Y")


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Tờ khai / đơn đề nghị")
    CERTIFICATE = "certificate", _("Giấy xác nhận khuyết tật")
    IDENTITY = "identity", _("Giấy tờ tùy thân, giấy khai sinh")
    SCHOOL = "school", _("Giấy xác nhận đang đi học")
    DECISION = "decision", _("Quyết định")
    OTHER = "other", _("Khác")


class CaseDocument(models.Model):
    SCOPE_FIELD = "case__unit"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại giấy tờ"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("tên giấy tờ"), max_length=200, blank=True)
    file = models.FileField(_("tệp"), upload_to="case-documents/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giấy tờ của hồ sơ")
        verbose_name_plural = _("giấy tờ của hồ sơ")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title or self.get_kind_display()

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class CaseEvent(models.Model):
    """What happened to a case, in words an officer reads (the field-level audit is ``history``)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Lập hồ sơ")
        IMPORTED = "imported", _("Nhập từ danh sách")
        SUBMITTED = "submitted", _("Nộp phê duyệt")
        RETURNED = "returned", _("Trả lại")
        APPROVED = "approved", _("Phê duyệt")
        ACTIVATED = "activated", _("Bắt đầu chi trả")
        SUSPENDED = "suspended", _("Tạm dừng")
        RESUMED = "resumed", _("Tiếp tục hưởng")
        TERMINATED = "terminated", _("Thôi hưởng")
        MOVED_OUT = "moved_out", _("Chuyển đi")
        MOVED_IN = "moved_in", _("Chuyển đến")
        CHANGED = "changed", _("Thay đổi thông tin")

    SCOPE_FIELD = "case__unit"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    month = MonthField(_("tháng"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện của hồ sơ")
        verbose_name_plural = _("sự kiện của hồ sơ")
        ordering = ["at", "id"]

    def __str__(self):
        return self.get_kind_display()


class FuneralClaim(models.Model):
    """Hỗ trợ chi phí mai táng owed once when a beneficiary dies (Decree 20 art. 11); payroll pays it."""

    SCOPE_FIELD = "unit"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="funeral_claim")
    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+")
    death_date = models.DateField(_("ngày chết"))
    # Whoever organises the funeral receives the support (Decree 20/2021 art. 11, Tờ khai mẫu 04).
    organiser_name = models.CharField(_("người tổ chức mai táng"), max_length=128, blank=True)
    organiser_relationship = models.CharField(_("quan hệ với người chết"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_month = MonthField(_("đã chi trong tháng"), null=True, blank=True)
    decision = models.ForeignKey(
        "Decision", verbose_name=_("quyết định hỗ trợ"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="funeral_claims",
    )
    payment_ref = models.CharField(_("chứng từ chi trả"), max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hỗ trợ mai táng")
        verbose_name_plural = _("hỗ trợ mai táng")

    def __str__(self):
        return f"Mai táng: {self.person}"


class AssessmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Chờ quyết định")
    DECIDED = "decided", _("Đã quyết định")


class DisabilityAssessment(models.Model):
    """A disability level that takes effect from a month (the month of the new certificate of
    disability level). Earlier levels are kept; the facts of a month use the latest decided level
    in force then (Decree 20/2021 art. 8: an adjustment applies from the month the person
    qualifies). Proposed by the commune officer, decided by the approving level."""

    SCOPE_FIELD = "person__unit"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disability_assessments")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    level = models.CharField(_("mức độ khuyết tật"), max_length=16, choices=DisabilityLevel.choices)
    from_month = MonthField(_("áp dụng từ tháng"))
    certificate_number = models.CharField(_("số giấy xác nhận"), max_length=50, blank=True)
    certificate_date = models.DateField(_("ngày cấp"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.PROPOSED)  # fmt: skip
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    # The approving level's decision to change the amount (kind "change"): its number and date are
    # the Decision's, numbered with the unit's other decisions of the year.
    decision = models.ForeignKey(
        "Decision", verbose_name=_("quyết định điều chỉnh"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="assessments",
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá mức độ khuyết tật")
        verbose_name_plural = _("đánh giá mức độ khuyết tật")
        ordering = ["from_month", "id"]

    def __str__(self):
        return f"{self.person} – {self.get_level_display()} từ {self.from_month:%m/%Y}"


class PensionPeriod(models.Model):
    """A pension or other monthly social-insurance benefit, from its start month (to its end month):
    the social pension and the categories that exclude a pension read it month by month."""

    SCOPE_FIELD = "person__unit"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pension_periods")
    start_month = MonthField(_("hưởng từ tháng"))
    end_month = MonthField(_("đến tháng"), null=True, blank=True)
    note = models.CharField(_("loại, giấy tờ"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("thời gian hưởng lương hưu, trợ cấp BHXH")
        verbose_name_plural = _("thời gian hưởng lương hưu, trợ cấp BHXH")
        ordering = ["start_month", "id"]

    def __str__(self):
        return f"{self.person} – lương hưu/BHXH từ {self.start_month:%m/%Y}"


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("Quyết định hưởng trợ cấp")
    CHANGE = "change", _("Quyết định điều chỉnh mức trợ cấp")
    SUSPEND = "suspend", _("Quyết định tạm dừng hưởng")
    RESUME = "resume", _("Quyết định hưởng tiếp")
    TERMINATE = "terminate", _("Quyết định thôi hưởng")


class Decision(models.Model):
    """A decision (quyết định) of the approving level about one or many cases — to grant, to change
    the amount (a decided disability level), to suspend, to resume, to stop: its number, date
    and signer. The number is unique per issuing unit and year (Decree 30/2020/NĐ-CP art. 15:
    documents are numbered from 01 on 1 January each year, per issuing body)."""

    SCOPE_FIELD = "unit"

    unit = models.ForeignKey("btxh.Unit", verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại quyết định"), max_length=12, choices=DecisionKind.choices)
    number = models.CharField(_("số quyết định"), max_length=50)
    year = models.PositiveSmallIntegerField(_("năm"))
    decision_date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=128, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    cases = models.ManyToManyField(Case, verbose_name=_("hồ sơ"), related_name="decisions", blank=True)
    # Change, suspension, resumption: the month it applies from and why, as decided (the case's own
    # fields move on with the next event; the decision keeps what it said).
    month = MonthField(_("áp dụng từ tháng"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="decision_number_once_per_unit_year"),
        ]

    def __str__(self):
        return f"Quyết định số {self.number} ngày {self.decision_date:%d/%m/%Y}"
