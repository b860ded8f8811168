"""Payment rolls (danh sách chi trả) and their lines."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from beneficiaries.models import PaymentMethod
from btxh.fields import MonthField
from btxh.scoping import ScopedQuerySet


class RollStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    LOCKED = "locked", _("Đã khóa")
    SETTLED = "settled", _("Đã quyết toán")


class PaymentRoll(models.Model):
    """One commune's roll for one month. Locked rolls never change; a draft can be regenerated."""

    SCOPE_FIELD = "unit"

    unit = models.ForeignKey("btxh.Unit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="payment_rolls")
    month = MonthField(_("tháng"))
    status = FSMField(_("trạng thái"), max_length=16, choices=RollStatus.choices, default=RollStatus.DRAFT)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    generated_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    generation = models.PositiveIntegerField(_("lần lập"), default=0)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người khóa"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    settled_at = models.DateTimeField(_("quyết toán lúc"), null=True, blank=True)
    line_count = models.PositiveIntegerField(_("số dòng"), default=0)
    # The people the roll pays: a person paid under two schemes has two lines, and is one person.
    people_count = models.PositiveIntegerField(_("số người"), default=0)
    total = models.BigIntegerField(_("tổng cộng"), default=0)
    total_amount = models.BigIntegerField(_("tiền tháng này"), default=0)
    total_arrears = models.BigIntegerField(_("truy lĩnh"), default=0)
    total_recovery = models.BigIntegerField(_("truy thu"), default=0)
    total_funeral = models.BigIntegerField(_("mai táng phí"), default=0)
    total_carried_over = models.BigIntegerField(_("chưa nhận chuyển sang"), default=0)
    total_cash = models.BigIntegerField(_("tiền mặt"), default=0)
    total_bank = models.BigIntegerField(_("chuyển khoản"), default=0)
    totals_by_scheme = models.JSONField(_("theo chế độ"), default=dict, blank=True)
    totals_by_category = models.JSONField(_("theo diện"), default=dict, blank=True)
    errors = models.JSONField(_("không tính được"), default=list, blank=True)
    # The incremental month (payroll/carry.py): how many lines were copied unchanged from last
    # month's locked roll, why the month was computed in full otherwise, and the digest of the
    # code that computed it (a roll computed by other code is not carried forward).
    carried_lines = models.PositiveIntegerField(_("số dòng giữ nguyên từ tháng trước"), default=0)
    full_reason = models.CharField(_("lý do tính lại toàn bộ"), max_length=200, blank=True)
    computation_version = models.CharField(_("phiên bản cách tính"), max_length=16, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("danh sách chi trả")
        verbose_name_plural = _("danh sách chi trả")
        ordering = ["-month", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="payment_roll_one_per_unit_month")]

    def __str__(self):
        return f"Danh sách chi trả tháng {self.month:%m/%Y} - {self.unit}"

    @property
    def is_draft(self) -> bool:
        return self.status == RollStatus.DRAFT

    # -- state machine: draft → locked → settled. Only the state changes here; who may do it and
    # what else must hold (maker-checker, stale drafts, the ledger) is in payroll/services.py.
    @transition(field=status, source=RollStatus.DRAFT, target=RollStatus.LOCKED)
    def lock(self, user):
        self.locked_by, self.locked_at = user, timezone.now()

    @transition(field=status, source=RollStatus.LOCKED, target=RollStatus.SETTLED)
    def settle(self):
        self.settled_at = timezone.now()


class LineStatus(models.TextChoices):
    PENDING = "pending", _("Chưa chi trả")
    PAID = "paid", _("Đã nhận")
    NOT_COLLECTED = "not_collected", _("Chưa nhận")


# The columns a roll's writers fill (COPY, bulk insert, the incremental month's INSERT … SELECT), in order.
LINE_COLUMNS = [
    "roll_id", "unit_id", "month", "person_id", "scheme", "categories", "case_ids", "coefficient", "base_rate",
    "amount", "arrears", "arrears_detail", "arrears_months", "recovery", "recovery_detail", "funeral",
    "carried_over", "total", "payment_method", "bank_account", "bank_name", "receiver", "full_name", "birth",
    "national_id", "hamlet", "decision", "facts", "rules", "explanation", "status",
]


class PaymentLine(models.Model):
    """What one beneficiary is paid under one scheme in one roll, with the facts, rules and
    explanation it was computed from (frozen: a later change of facts or rules does not alter it)."""

    SCOPE_FIELD = "unit"

    # The composite indexes below lead with roll, unit and person: no separate index per key.
    roll = models.ForeignKey(PaymentRoll, on_delete=models.CASCADE, related_name="lines", db_index=False)
    # The roll's unit (the roll's foreign key is checked; this copy for scoping is not checked again).
    unit = models.ForeignKey("btxh.Unit", on_delete=models.PROTECT, related_name="+", db_index=False,
                             db_constraint=False)  # fmt: skip
    month = MonthField(_("tháng"))
    # The person is read from the registry in the same generation, and people are never deleted
    # (PROTECT): the database does not check it again per line (a tenth of a roll's commit).
    person = models.ForeignKey(
        "beneficiaries.Person", on_delete=models.PROTECT, related_name="payment_lines", db_index=False,
        db_constraint=False,
    )
    scheme = models.CharField(_("chế độ"), max_length=24)
    categories = models.CharField(_("diện"), max_length=64, blank=True)
    case_ids = models.JSONField(default=list, blank=True)
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2, null=True, blank=True)
    base_rate = models.IntegerField(_("mức chuẩn"), default=0)
    amount = models.BigIntegerField(_("số tiền tháng này"), default=0)
    arrears = models.BigIntegerField(_("truy lĩnh"), default=0)
    arrears_detail = models.JSONField(default=dict, blank=True)
    arrears_months = models.CharField(_("tháng truy lĩnh"), max_length=40, blank=True)
    recovery = models.BigIntegerField(_("truy thu"), default=0)
    recovery_detail = models.JSONField(default=dict, blank=True)
    funeral = models.BigIntegerField(_("mai táng phí"), default=0)
    carried_over = models.BigIntegerField(_("chưa nhận chuyển sang"), default=0)
    total = models.BigIntegerField(_("tổng cộng"), default=0)
    payment_method = models.CharField(_("phương thức"), max_length=8, choices=PaymentMethod.choices, default="cash")
    bank_account = models.CharField(_("số tài khoản"), max_length=32, blank=True)
    bank_name = models.CharField(_("ngân hàng"), max_length=100, blank=True)
    receiver = models.CharField(_("người nhận thay"), max_length=128, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=128)
    birth = models.CharField(_("ngày sinh"), max_length=10, blank=True)
    national_id = models.CharField(_("số định danh"), max_length=12, blank=True)
    hamlet = models.CharField(_("thôn/tổ dân phố"), max_length=100, blank=True)
    decision = models.CharField(_("quyết định"), max_length=120, blank=True)
    facts = models.JSONField(_("dữ kiện"), default=dict)
    rules = models.JSONField(_("căn cứ"), default=list)
    explanation = models.TextField(_("diễn giải"), blank=True)
    status = models.CharField(_("tình trạng nhận"), max_length=16, choices=LineStatus.choices, default="pending")
    settled_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dòng chi trả")
        verbose_name_plural = _("dòng chi trả")
        ordering = ["hamlet", "full_name", "id"]
        # That a person, scheme and month is paid once is the ledger's constraint (LedgerEntry):
        # drafts of two communes may both hold a month (after a move); only one can be locked.
        indexes = [
            models.Index(fields=["roll", "hamlet"], name="payment_line_roll_hamlet"),
            models.Index(fields=["unit", "month"], name="payment_line_unit_month"),
            models.Index(fields=["person", "month"], name="payment_line_person_month"),
        ]

    def __str__(self):
        return f"{self.full_name} - {self.scheme} - {self.month:%m/%Y}"


class RollDocument(models.Model):
    """A rendered document of a roll (kept with the roll)."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("Danh sách chi trả (PDF)")
        XLSX = "xlsx", _("Danh sách chi trả (Excel)")
        CASH_PDF = "cash_pdf", _("Danh sách tiền mặt (PDF)")
        BANK_PDF = "bank_pdf", _("Danh sách chuyển khoản (PDF)")
        BANK_TRANSFER = "bank_transfer", _("Tệp chuyển khoản ngân hàng (Excel)")

    SCOPE_FIELD = "roll__unit"

    roll = models.ForeignKey(PaymentRoll, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    file = models.FileField(upload_to="rolls/%Y/%m/")
    generation = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["roll", "kind"], name="roll_document_one_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} - {self.roll}"


class LedgerEntry(models.Model):
    """One month a payment line pays: its own month's amount, each arrears month (positive) and
    each recovered month (negative), and funeral support (in the month of death).

    ``first`` marks the first payment of a person, scheme and month (a later top-up or recovery
    of the same month is not first); ``locked`` follows the roll. The database refuses a second
    first payment of the same person, scheme and month among locked rolls, whatever the order in
    which rolls are generated, regenerated and locked: a month is paid once."""

    SCOPE_FIELD = "unit"

    # The line, roll, unit and person are written together with the line in one transaction,
    # from it, and never changed: their foreign keys are not checked again by the database (at a
    # million rows a month the deferred checks were a third of a roll's commit). Django still
    # cascades and protects; the rows of a draft are deleted ledger first (services._draft_rows_delete).
    roll = models.ForeignKey(PaymentRoll, on_delete=models.CASCADE, related_name="ledger", db_index=False,
                             db_constraint=False)  # fmt: skip
    line = models.ForeignKey(PaymentLine, on_delete=models.CASCADE, related_name="ledger", db_index=False,
                             db_constraint=False)  # fmt: skip
    unit = models.ForeignKey("btxh.Unit", on_delete=models.PROTECT, related_name="+", db_index=False,
                             db_constraint=False)  # fmt: skip
    person = models.ForeignKey("beneficiaries.Person", on_delete=models.PROTECT, related_name="+", db_index=False,
                               db_constraint=False)  # fmt: skip
    scheme = models.CharField(_("chế độ"), max_length=24)
    month = MonthField(_("tháng được chi trả"))
    amount = models.BigIntegerField(_("số tiền"))
    first = models.BooleanField(_("lần chi đầu của tháng"), default=False)
    locked = models.BooleanField(_("đã khóa"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sổ chi trả theo tháng")
        verbose_name_plural = _("sổ chi trả theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "scheme", "month"], condition=models.Q(locked=True, first=True),
                name="ledger_month_paid_once",
            ),
        ]
        indexes = [
            models.Index(fields=["roll"], name="ledger_roll"),
            models.Index(fields=["person", "month"], name="ledger_person_month"),
            models.Index(fields=["line"], name="ledger_line"),
            # What locked rolls paid in a month (selectors.paid_in_month): empty until one is locked.
            models.Index(fields=["month", "person"], condition=models.Q(locked=True), name="ledger_locked_month"),
        ]

    def __str__(self):
        return f"{self.person_id} {self.scheme} {self.month:%m/%Y}: {self.amount}"


class LineStatusChange(models.Model):
    """Who changed a payment line's collection status, when, and why (settlement and its corrections)."""

    SCOPE_FIELD = "line__unit"

    line = models.ForeignKey(PaymentLine, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=16, choices=LineStatus.choices)
    new_status = models.CharField(max_length=16, choices=LineStatus.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.line_id}: {self.old_status} → {self.new_status}"
