"""Administrative units, staff, access log and background jobs."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .jobs import kind_label
from .scoping import ScopedQuerySet


class Regime(models.TextChoices):
    TWO_TIER = "2025", _("Hai cấp (từ 01/7/2025)")
    LEGACY = "legacy", _("Ba cấp (đến 30/6/2025)")


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Tỉnh/thành phố")
    DISTRICT = 2, _("Huyện/quận/thị xã")
    COMMUNE = 3, _("Xã/phường/đặc khu")


class UnitQuerySet(ScopedQuerySet):
    def subtree(self, unit: "Unit"):
        return self.filter(path__startswith=unit.path)

    def communes(self):
        return self.filter(level=Level.COMMUNE)


class Unit(models.Model):
    """One administrative unit. ``path`` is the materialised path from the root
    ("2025:01/00004/"): a subtree is a prefix match, the chain a split."""

    SCOPE_FIELD = ""

    regime = models.CharField(_("chế độ"), max_length=8, choices=Regime.choices)
    code = models.CharField(_("mã"), max_length=8)
    name = models.CharField(_("tên"), max_length=128)
    type = models.CharField(_("loại"), max_length=40)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=64, unique=True, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "level", "code"], name="unit_unique_code"),
        ]
        indexes = [
            models.Index(fields=["path"], name="unit_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "regime"], name="unit_level_regime"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_commune(self) -> bool:
        return self.level == Level.COMMUNE

    def ancestor_paths(self) -> list[str]:
        """Paths from the root down to (and including) this unit."""
        head, _, rest = self.path.partition(":")
        parts = [p for p in rest.split("/") if p]
        return [f"{head}:" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Công chức VHXH xã")
    COMMUNE_LEADER = "commune_leader", _("Lãnh đạo UBND xã")
    DISTRICT_OFFICER = "district_officer", _("Cán bộ Phòng LĐTBXH huyện")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ Sở (tỉnh)")
    VIEWER = "viewer", _("Người xem / kiểm tra")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class User(AbstractUser):
    """A member of staff: one unit, one role. An administrator without a unit sees the whole country."""

    SCOPE_FIELD = "unit"

    full_name = models.CharField(_("họ và tên"), max_length=128, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField(_("vai trò"), max_length=24, choices=Role.choices, default=Role.VIEWER)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    def __str__(self):
        return self.full_name or self.username

    @property
    def is_national(self) -> bool:
        return self.is_superuser or (self.role == Role.ADMINISTRATOR and self.unit_id is None)

    @property
    def can_edit_cases(self) -> bool:
        return self.role == Role.COMMUNE_OFFICER

    @property
    def can_approve(self) -> bool:
        return self.role in (Role.COMMUNE_LEADER, Role.DISTRICT_OFFICER)

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.VIEWER

    @property
    def can_read_access_log(self) -> bool:
        """Who looked at whose record is for auditors and the levels above the commune, not for officers."""
        return self.is_national or self.role in (Role.VIEWER, Role.ADMINISTRATOR, Role.PROVINCE_OFFICER)


class AccessLog(models.Model):
    """Who looked at or exported which person's record: disability and HIV status are sensitive data."""

    class Action(models.TextChoices):
        VIEW = "view", _("Xem")
        EXPORT = "export", _("Xuất")
        DOWNLOAD = "download", _("Tải về")

    SCOPE_FIELD = "unit"

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, verbose_name=_("người xem"), null=True, on_delete=models.SET_NULL)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị của hồ sơ"), null=True, on_delete=models.SET_NULL)
    action = models.CharField(_("hành động"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("loại"), max_length=64)
    object_id = models.CharField(_("mã bản ghi"), max_length=64, blank=True)
    object_repr = models.CharField(_("bản ghi"), max_length=200, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="accesslog_object")]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    SUCCEEDED = "succeeded", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class Job(models.Model):
    """A piece of background work with its progress and result file."""

    SCOPE_FIELD = "unit"

    kind = models.CharField(_("loại việc"), max_length=64, db_index=True)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        User, verbose_name=_("người yêu cầu"), null=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), null=True, on_delete=models.PROTECT, related_name="jobs")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    status = models.CharField(_("trạng thái"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress_done = models.PositiveIntegerField(_("đã xong"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng"), default=0)
    message = models.CharField(_("ghi chú"), max_length=300, blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    result_file = models.FileField(_("tệp kết quả"), upload_to="jobs/%Y/%m/", blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    worker = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]

    def __str__(self):
        return f"{self.label} #{self.pk}"

    @property
    def label(self) -> str:

        return kind_label(self.kind)

    @property
    def files(self) -> list[dict]:
        from .jobs import job_files

        return job_files(self)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
