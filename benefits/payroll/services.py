"""Writes for payroll: generate a commune's roll, fan out a province, lock, settle.

Decree 20/2021/NĐ-CP art. 34(4)-(5): before the 25th the commune sends the payment service
the list for the next month with arrears and funeral money and the balances not collected;
before the 20th the service returns who was paid and who was not (carried to next month).
"""

import gc
import io
import json
import logging
import threading
from collections import defaultdict
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django_fsm import can_proceed

from beneficiaries.models import Case, FuneralClaim
from beneficiaries.services import case_activate, case_suspend
from benefits.selectors import ruleset_load
from btxh.formatting import format_date
from btxh.models import Level, Role, Unit
from btxh.period_locks import period_lock_reason
from btxh.roll_events import roll_locked_notify
from btxh.scoping import unit_in_scope
from btxh.selectors import approver_role, approving_unit
from engine import EngineError, Month

from .carry import COMPUTATION_VERSION, carry_forward_plan, carry_forward_write
from .compute import LineRow, line_ledger, months_label, payee_lines, payee_problem
from .models import LINE_COLUMNS, LedgerEntry, LineStatus, LineStatusChange, PaymentLine, PaymentRoll, RollStatus
from .selectors import (
    MAX_LOOKBACK_MONTHS,
    FuneralBeyondLookback,
    funeral_beyond_lookback,
    ledger_for,
    payees_for_unit,
    province_code_of,
)

logger = logging.getLogger(__name__)


LOCKED_STATUSES = (RollStatus.LOCKED, RollStatus.SETTLED)


class PayrollError(Exception):
    """A payroll action refused, with a message for the officer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.user_message = message


# Who prepares rolls (generate, lock, settle): the page and the commands check the same.
PREPARERS = (Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.ADMINISTRATOR)


def may_prepare(user, unit: Unit | None = None) -> bool:
    """Whether ``user`` may prepare rolls (those of ``unit``, when given: it must be in their scope)."""
    if not (user.is_national or user.role in PREPARERS):
        return False
    return unit is None or unit_in_scope(unit, user)


def may_lock(user, roll: PaymentRoll) -> str:
    """Why ``user`` may not lock ``roll`` ("" when they may). Maker-checker: the officer generates
    the roll, the commune leader (or the approving level of a legacy chain) checks and locks it,
    never the person who generated it (Decree 20/2021/NĐ-CP art. 34(4): the list is approved by
    the commune People's Committee before it goes to the payment service). ``user`` None is the
    server's operator running ``manage.py lock_payroll`` without ``--user``."""

    if user is None:
        return ""
    if not user.is_authenticated:
        return "Cần đăng nhập để khóa danh sách."
    if roll.generated_by_id is not None and roll.generated_by_id == user.pk:
        return "Người lập danh sách không được tự khóa: lãnh đạo xã kiểm tra và khóa danh sách."
    approver = approving_unit(roll.unit)
    if user.unit_id == roll.unit_id and user.role == Role.COMMUNE_LEADER:
        return ""
    if user.unit_id == approver.pk and user.role == approver_role(approver):
        return ""
    return "Chỉ lãnh đạo xã được khóa danh sách chi trả."


def payroll_month_check(month: Month, today: date) -> None:
    """Refuse a roll for a month that has not come: a roll may be made for any month up to the
    one after ``today``'s (the list for the next month goes to the payment service before the
    25th, Decree 20/2021 art. 34(4)). A roll further ahead would pay the months between as
    arrears before they are owed. The one rule the form, the command, the jobs and
    ``payroll_generate`` apply."""
    current = Month.of(today)
    if month > current + 1:
        raise PayrollError(
            f"Tháng {month.text} chưa đến: chỉ lập được danh sách cho tháng hiện tại "
            f"({current.text}) và tháng sau ({(current + 1).text}), "
            "hoặc các tháng đã qua."
        )


def _later_locked_check(unit: Unit, month: Month) -> None:
    """Refuse a roll (generating or locking it) for a month before one already locked: the locked
    roll paid the months never rolled before it as arrears, so a roll for one of them would pay
    that month a second time (back-fill months in order, before locking the later ones)."""
    later = (
        PaymentRoll.objects.filter(unit=unit, month__gt=month.first_day, status__in=LOCKED_STATUSES)
        .order_by("-month")
        .first()
    )
    if later is not None:
        raise PayrollError(
            f"Đã khóa danh sách tháng {later.month:%m/%Y} của {unit.name}: không lập, không khóa được danh sách "
            f"tháng {month.text} trước đó (các tháng chưa lập đã được truy lĩnh trong danh sách "
            "đã khóa; nhập bù các tháng theo thứ tự trước khi khóa tháng sau)."
        )


def _roll_get_or_create(unit: Unit, month: Month) -> PaymentRoll:
    try:
        with transaction.atomic():
            roll, _ = PaymentRoll.objects.get_or_create(unit=unit, month=month.first_day)
    except IntegrityError:  # created at the same instant by another generation
        roll = PaymentRoll.objects.get(unit=unit, month=month.first_day)
    return roll


def _roll_rows(unit: Unit, month: Month, progress=None, skip=frozenset()) -> tuple[list[LineRow], list, dict]:
    """The lines of a commune's roll (but those of the people in ``skip``, carried forward), the
    people it cannot pay this month with the reason (an engine error, or an approved or active
    case that computes to nothing), and the ledger read."""
    rules = ruleset_load()
    province = province_code_of(unit)
    payees = payees_for_unit(unit, month, skip=skip)
    need = [p for p in payees if p.recheck_from is not None or p.month_paid]
    since = min((p.recheck_from or month) for p in need) if need else None
    ledger = ledger_for([p.person_id for p in need], since, unit) if need else {}
    if progress:
        progress.set_total(len(payees), f"Đang tính {len(payees)} đối tượng")
    rows: list[LineRow] = []
    problems = []
    for i, p in enumerate(payees, start=1):
        kind = "zero"
        try:
            lines = payee_lines(p, month, rules, province, ledger)
            reason = payee_problem(p, month, rules, province, lines)
        except EngineError as exc:  # nothing is paid to this person until the data is fixed
            lines, reason, kind = [], str(exc), "error"
        rows.extend(lines)
        if reason:
            problems.append(_problem(p, reason, kind))
        if progress and i % 500 == 0:
            progress.set_done(i)
    problems.extend(_review_problem(f, month) for f in funeral_beyond_lookback(unit, month))
    return rows, problems, ledger


def _problem(p, reason: str, kind: str) -> dict:
    """An entry of the roll's "không tính được" list (kept in ``PaymentRoll.errors``): ``kind`` is
    "error" when the engine could not compute the person (no line at all, arrears included), "zero"
    when an approved or active case computes to nothing this month."""
    return {
        "kind": kind, "person_id": p.person_id, "name": p.info.get("full_name", ""), "hamlet": p.info.get("hamlet", ""),
        "cases": {str(k): v for k, v in p.open_cases.items()}, "error": reason, "resolution": "",
    }


REVIEW = "review"  # the kind of a "không tính được" entry the roll leaves to the officer to settle by hand


def _review_problem(f: FuneralBeyondLookback, month: Month) -> dict:
    """An entry of kind "review": funeral support decided for someone the roll no longer reads
    (``selectors.funeral_beyond_lookback``). It is owed once (Decree 20/2021 art. 11), but a roll
    looks back MAX_LOOKBACK_MONTHS at most: older is reviewed by hand, never dropped silently."""
    reason = (
        f"Hỗ trợ chi phí mai táng đã có quyết định ({f.decision}) nhưng chưa chi trả: người này chết ngày "
        f"{format_date(f.death_date)}, quá {MAX_LOOKBACK_MONTHS} tháng trước tháng {month.text} nên danh sách "
        "không tự tính; cần xem xét, giải quyết riêng."
    )
    return {
        "kind": REVIEW, "person_id": f.person_id, "name": f.name, "hamlet": f.hamlet, "cases": f.cases,
        "error": reason, "resolution": "",
    }


def unresolved_problems(roll: PaymentRoll) -> list[dict]:
    return [e for e in roll.errors or () if not e.get("resolution")]


def _line_values(roll: PaymentRoll, r: LineRow, dumps=None) -> tuple:
    """The values of one line in LINE_COLUMNS order; ``dumps`` encodes the JSON columns (COPY)."""
    info = r.info
    dumps = dumps or (lambda value: value)
    return (
        roll.pk, roll.unit_id, roll.month, r.person_id, r.scheme, r.categories[:64], dumps(r.case_ids), r.coefficient,
        r.base_rate, r.amount, r.arrears, dumps(r.arrears_detail),
        months_label(Month.parse(k).index for k in r.arrears_detail) if r.arrears_detail else "",
        r.recovery, dumps(r.recovery_detail), r.funeral,
        r.carried_over, r.total, info.get("payment_method") or "cash", info.get("bank_account", ""),
        info.get("bank_name", ""), info.get("receiver", "") or "", info.get("full_name", ""), info.get("birth", ""),
        info.get("national_id", ""), info.get("hamlet", ""), info.get("decision", "")[:120], dumps(r.facts),
        dumps(r.rules), r.explanation, LineStatus.PENDING,
    )


def _json_encoder():
    """json.dumps for the JSON columns, with caches for what many lines share."""
    rules_cache: dict[tuple, str] = {}

    def dumps(value) -> str:
        if not value:
            return "[]" if isinstance(value, list) else "{}"
        if isinstance(value, list):
            if isinstance(value[0], int):  # case ids
                return "[" + ",".join(map(str, value)) + "]"
            key = tuple(value)  # rule bases: a handful of distinct lists per roll
            text = rules_cache.get(key)
            if text is None:
                text = rules_cache[key] = json.dumps(value, ensure_ascii=False)
            return text
        if isinstance(value, str):  # the facts snapshot is already JSON text
            return value
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    return dumps


def _lines_write(roll: PaymentRoll, rows: list[LineRow]) -> None:
    """Insert the lines: COPY on PostgreSQL (the fast path for a million lines), bulk insert elsewhere."""
    if connection.vendor == "postgresql":
        sql = f"COPY {PaymentLine._meta.db_table} ({', '.join(LINE_COLUMNS)}) FROM STDIN"
        dumps = _json_encoder()
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            for r in rows:
                write(_line_values(roll, r, dumps))
    else:
        objs = []
        for r in rows:
            values = dict(zip(LINE_COLUMNS, _line_values(roll, r), strict=True))
            values["facts"] = json.loads(values["facts"])
            objs.append(PaymentLine(**values))
        PaymentLine.objects.bulk_create(objs, batch_size=2000)


def _totals(roll: PaymentRoll) -> dict:
    """The roll's totals, summed by the database over its lines (computed and carried forward)."""
    lines = PaymentLine.objects.filter(roll=roll)
    sums = lines.aggregate(
        line_count_=Count("id"), total_=Sum("total"), total_amount_=Sum("amount"), total_arrears_=Sum("arrears"),
        people_count_=Count("person_id", distinct=True),  # a person paid under two schemes has two lines
        total_recovery_=Sum("recovery"), total_funeral_=Sum("funeral"), total_carried_over_=Sum("carried_over"),
        total_bank_=Sum("total", filter=Q(payment_method="bank")), total_cash_=Sum("total", filter=~Q(payment_method="bank")),
    )  # (the names of the roll's fields, with "_": an aggregate may not share a field's name)
    by_scheme: dict[str, int] = defaultdict(int)
    by_category: dict[str, int] = defaultdict(int)
    for scheme, categories, total in lines.values_list("scheme", "categories").annotate(t=Sum("total")).order_by():
        by_scheme[scheme] += total
        by_category[categories or scheme] += total
    return {
        **{k.rstrip("_"): v or 0 for k, v in sums.items()},
        "totals_by_scheme": dict(sorted(by_scheme.items())), "totals_by_category": dict(sorted(by_category.items())),
    }


LEDGER_COLUMNS = ["roll_id", "line_id", "unit_id", "person_id", "scheme", "month", "amount", "first", "locked"]


def _ledger_write(roll: PaymentRoll, rows: list[LineRow], month: Month, ledger) -> None:
    """One ledger row per month each line pays (``compute.line_ledger``), unlocked until the roll is."""
    line_ids = {
        (pid, scheme): pk for pk, pid, scheme in PaymentLine.objects.filter(roll=roll).values_list("pk", "person_id", "scheme")
    }
    values = (
        (roll.pk, line_ids[(r.person_id, r.scheme)], roll.unit_id, r.person_id, scheme, day, amount, first, False)
        for r in rows
        for scheme, day, amount, first in line_ledger(r, month, ledger)
    )
    if connection.vendor == "postgresql":
        sql = f"COPY {LedgerEntry._meta.db_table} ({', '.join(LEDGER_COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for v in values:
                copy.write_row(v)
    else:
        LedgerEntry.objects.bulk_create(
            (LedgerEntry(**dict(zip(LEDGER_COLUMNS, v, strict=True))) for v in values), batch_size=2000
        )


def _draft_rows_delete(roll: PaymentRoll) -> None:
    """Delete a draft's ledger rows and lines in two statements (the ORM would first load every
    line to cascade; a draft's lines have no status changes, those are made on locked rolls)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {LedgerEntry._meta.db_table} WHERE roll_id = %s", [roll.pk])  # noqa: S608 (table names from the models)
        cursor.execute(f"DELETE FROM {PaymentLine._meta.db_table} WHERE roll_id = %s", [roll.pk])  # noqa: S608


def roll_stale_reason(roll: PaymentRoll) -> str:
    """Why a draft must be regenerated before it is locked, or "": an earlier roll of the same
    commune was locked, settled or regenerated after this draft was computed, so the months this
    draft reconciled may have been paid since."""
    if not roll.is_draft or roll.generated_at is None:
        return ""
    earlier = (
        PaymentRoll.objects.filter(unit_id=roll.unit_id, month__lt=roll.month)
        .filter(Q(locked_at__gt=roll.generated_at) | Q(settled_at__gt=roll.generated_at) | Q(generated_at__gt=roll.generated_at))
        .order_by("-month")
        .first()
    )
    if earlier is None:
        return ""
    return (
        f"Danh sách tháng {earlier.month:%m/%Y} đã được lập lại, khóa hoặc ghi nhận kết quả sau khi danh sách này "
        "được lập: phải lập lại danh sách này trước khi khóa."
    )


# SQLite (the embedded default) has one writer at a time and no row locks: generations in
# this process take turns instead. PostgreSQL uses the roll's row lock below.
_SQLITE_WRITER = threading.Lock()


def payroll_generate(
    *, unit: Unit, month: Month, user=None, progress=None, today: date | None = None, full: bool = False
) -> PaymentRoll:
    """Generate (or regenerate) a commune's draft roll for ``month`` (see ``_payroll_generate``);
    refused for a month after the next one (``payroll_month_check``; ``today`` defaults to the
    office's date). ``full``: compute every line, carrying nothing forward from last month."""
    payroll_month_check(month, today or timezone.localdate())
    # A commune's lines are tens of thousands of small objects that all live until the roll is
    # written: the cyclic garbage collector would only rescan them (a third of the time).
    gc.disable()
    try:
        if connection.vendor == "sqlite":
            with _SQLITE_WRITER:
                return _payroll_generate(unit=unit, month=month, user=user, progress=progress, full=full)
        return _payroll_generate(unit=unit, month=month, user=user, progress=progress, full=full)
    finally:
        gc.enable()


def _payroll_generate(*, unit: Unit, month: Month, user=None, progress=None, full: bool = False) -> PaymentRoll:
    """Generate (or regenerate) a commune's draft roll for ``month``.

    The lines of the people nothing changed for are copied from last month's locked roll
    (``carry.carry_forward_plan``); the others are computed, then all are written in one
    transaction that holds the roll's row lock: a second generation of the same roll waits,
    then replaces the lines; a worker killed mid-way leaves the draft as it was; a locked roll
    is never changed. ``generated_at`` is when the reading started: a change written while the
    roll was computed counts as a change after it.
    """
    if unit.level != Level.COMMUNE:
        raise PayrollError("Danh sách chi trả được lập cho từng xã.")
    _later_locked_check(unit, month)
    if reason := period_lock_reason(unit, month.first_day):  # a report covering the month was accepted
        raise PayrollError(reason)
    roll = _roll_get_or_create(unit, month)
    if not roll.is_draft:
        raise PayrollError(f"Danh sách tháng {month.text} của {unit.name} đã khóa, không thể lập lại.")
    started = timezone.now()
    carry, full_reason = (None, "lập lại toàn bộ theo yêu cầu") if full else carry_forward_plan(unit, month)
    rows, errors, ledger = _roll_rows(unit, month, progress, skip=carry.people if carry else frozenset())
    with transaction.atomic():
        roll = PaymentRoll.objects.select_for_update().get(pk=roll.pk)
        if not roll.is_draft:
            raise PayrollError(f"Danh sách tháng {month.text} của {unit.name} đã khóa trong lúc lập.")
        _draft_rows_delete(roll)
        roll.documents.all().delete()
        _lines_write(roll, rows)
        _ledger_write(roll, rows, month, ledger)
        roll.carried_lines = carry_forward_write(roll, carry) if carry else 0
        for key, value in _totals(roll).items():
            setattr(roll, key, value)
        roll.errors = errors
        roll.full_reason = full_reason[:200]
        roll.computation_version = COMPUTATION_VERSION
        roll.generation += 1
        roll.generated_by = user
        roll.generated_at = started
        roll._history_user = user
        roll.save()
    if progress:
        progress.set_done(progress.job.progress_total)
    return roll


def payroll_lock(*, roll: PaymentRoll, user) -> PaymentRoll:
    """Lock a draft roll: from now on it never changes, and what it pays counts as paid."""

    if refusal := may_lock(user, roll):
        raise PayrollError(refusal)
    with transaction.atomic():
        roll = PaymentRoll.objects.select_for_update().get(pk=roll.pk)
        if not can_proceed(roll.lock):
            raise PayrollError("Chỉ khóa được danh sách đang ở trạng thái nháp.")
        if roll.generation == 0:
            raise PayrollError("Danh sách chưa được lập.")
        _later_locked_check(roll.unit, Month.of(roll.month))
        if stale := roll_stale_reason(roll):
            raise PayrollError(stale)
        if unresolved := unresolved_problems(roll):
            raise PayrollError(
                f"Còn {len(unresolved)} đối tượng không tính được chưa xử lý: sửa dữ liệu rồi lập lại danh sách, "
                "hoặc xác nhận tạm dừng hưởng cho từng người."
            )
        roll.lock(user)
        roll._history_user = user
        roll.save()
        try:
            with transaction.atomic():  # the database refuses a month paid twice (ledger_month_paid_once)
                LedgerEntry.objects.filter(roll=roll).update(locked=True)
        except IntegrityError:
            raise PayrollError(
                "Danh sách này chi trả lần thứ hai một tháng mà danh sách khác đã khóa đã chi trả: "
                "phải lập lại danh sách trước khi khóa."
            ) from None
        locked = roll
        transaction.on_commit(lambda: roll_locked_notify(locked))  # reports precomputes its summaries
        funeral_people = PaymentLine.objects.filter(roll=roll, funeral__gt=0).values("person_id")
        FuneralClaim.objects.filter(person_id__in=funeral_people, paid_month__isnull=True).update(
            paid_month=roll.month, payment_ref=f"Danh sách chi trả #{roll.pk}"
        )
    return roll


def payroll_problem_suspend(*, roll: PaymentRoll, person_id: int, user, reason: str = "") -> PaymentRoll:
    """Confirm that a person the roll cannot pay is suspended: their approved or active cases of this
    commune are suspended from the roll's month (Decree 20/2021 art. 8(1)) and the entry on the
    roll's "không tính được" list is marked as handled, with who and why. An entry of kind "review"
    (funeral support beyond the lookback) suspends nothing: the officer confirms it is settled by hand."""

    with transaction.atomic():
        roll = PaymentRoll.objects.select_for_update().get(pk=roll.pk)
        if not roll.is_draft:
            raise PayrollError("Danh sách đã khóa.")
        entry = next((e for e in roll.errors if e.get("person_id") == person_id and not e.get("resolution")), None)
        if entry is None:
            raise PayrollError("Người này không có trong danh sách không tính được, hoặc đã được xử lý.")
        who = getattr(user, "get_full_name", lambda: "")() or getattr(user, "username", "")
        if entry.get("kind") == REVIEW:  # funeral support settled by hand: no case to suspend
            entry["resolution"] = f"Xem xét, giải quyết riêng ngoài danh sách ({who}, {timezone.localdate():%d/%m/%Y})"
            roll.save(update_fields=["errors"])
            return roll
        why = (reason or "").strip() or f"Không tính được khi lập danh sách: {entry['error']}"
        for case in Case.objects.filter(pk__in=[int(k) for k in entry["cases"]], unit=roll.unit):
            if case.status == "approved":
                case_activate(case=case, user=user)
            if case.status == "active":
                case_suspend(case=case, user=user, month=roll.month, reason=why[:200])
        entry["resolution"] = f"Tạm dừng hưởng từ tháng {roll.month:%m/%Y} ({who}, {timezone.localdate():%d/%m/%Y})"
        roll.save(update_fields=["errors"])
    return roll


def problem_handled_message(roll: PaymentRoll, person_id: int) -> str:
    """What the roll page says once ``payroll_problem_suspend`` handled the entry of ``person_id``."""
    entry = next((e for e in roll.errors or () if e.get("person_id") == person_id and e.get("resolution")), {})
    if entry.get("kind") == REVIEW:
        return "Đã ghi nhận: hỗ trợ mai táng được xem xét, giải quyết riêng."
    return "Đã tạm dừng hưởng và ghi nhận xử lý."


def _status_changes(lines, new_status: str, user, reason: str = "") -> None:
    """Record who changed which lines' collection status, and set it (one bulk update)."""
    now = timezone.now()
    changes = [
        LineStatusChange(line_id=pk, old_status=old, new_status=new_status, changed_by=user, reason=reason[:300])
        for pk, old in lines.exclude(status=new_status).values_list("pk", "status")
    ]
    LineStatusChange.objects.bulk_create(changes, batch_size=2000)
    PaymentLine.objects.filter(pk__in=[c.line_id for c in changes]).update(status=new_status, settled_at=now)


def payroll_settle(*, roll: PaymentRoll, not_collected_ids, user) -> PaymentRoll:
    """Record what the payment service returned: every line paid except ``not_collected_ids``
    (Decree 20/2021 art. 34(5)). A roll is settled once; a later correction is
    ``payroll_settlement_correct``, an act of the approving level with a reason."""
    with transaction.atomic():
        roll = PaymentRoll.objects.select_for_update().get(pk=roll.pk)
        if roll.is_draft:
            raise PayrollError("Phải khóa danh sách trước khi ghi nhận kết quả chi trả.")
        if not can_proceed(roll.settle):
            raise PayrollError(
                f"Danh sách đã được ghi nhận kết quả chi trả lúc {timezone.localtime(roll.settled_at):%H:%M %d/%m/%Y}. "
                "Muốn sửa, cấp phê duyệt điều chỉnh kết quả và ghi rõ lý do."
            )
        lines = PaymentLine.objects.filter(roll=roll)
        _status_changes(lines.exclude(pk__in=not_collected_ids), LineStatus.PAID, user)
        _status_changes(lines.filter(pk__in=not_collected_ids), LineStatus.NOT_COLLECTED, user)
        roll.settle()
        roll._history_user = user
        roll.save()
    return roll


def may_correct_settlement(user, roll: PaymentRoll) -> bool:
    """The approving level of the roll's commune (its chairman, or the district in a legacy chain)."""

    approver = approving_unit(roll.unit)
    return bool(user.is_authenticated and user.unit_id == approver.pk and user.role == approver_role(approver))


def payroll_settlement_correct(*, roll: PaymentRoll, line_ids, user, reason: str) -> PaymentRoll:
    """Correct a settled roll: the lines ``line_ids`` flip between collected and not collected.

    Only the approving level of the commune may, with a reason; refused once the next month's roll
    is locked (it already carried, or did not carry, the money). A draft of the next month becomes
    stale and must be regenerated. Every change is recorded with who, when and why."""
    reason = (reason or "").strip()
    if not reason:
        raise PayrollError("Cần ghi lý do điều chỉnh kết quả chi trả.")
    if not may_correct_settlement(user, roll):
        raise PayrollError("Chỉ cấp phê duyệt của xã được điều chỉnh kết quả chi trả đã ghi nhận.")
    with transaction.atomic():
        roll = PaymentRoll.objects.select_for_update().get(pk=roll.pk)
        if roll.status != RollStatus.SETTLED:
            raise PayrollError("Chỉ điều chỉnh được danh sách đã ghi nhận kết quả chi trả.")
        later = PaymentRoll.objects.filter(unit_id=roll.unit_id, month__gt=roll.month, status__in=LOCKED_STATUSES)
        if later.exists():
            raise PayrollError(
                "Danh sách tháng sau đã khóa (số tiền chưa nhận đã được chuyển sang hoặc không): "
                "không điều chỉnh được kết quả tháng này."
            )
        lines = PaymentLine.objects.filter(roll=roll, pk__in=line_ids)
        to_paid = lines.filter(status=LineStatus.NOT_COLLECTED)
        to_not = lines.filter(status=LineStatus.PAID)
        paid_ids, not_ids = list(to_paid.values_list("pk", flat=True)), list(to_not.values_list("pk", flat=True))
        _status_changes(PaymentLine.objects.filter(pk__in=paid_ids), LineStatus.PAID, user, reason)
        _status_changes(PaymentLine.objects.filter(pk__in=not_ids), LineStatus.NOT_COLLECTED, user, reason)
        roll.settled_at = timezone.now()  # a draft of the next month computed before this is stale
        roll._history_user = user
        roll._change_reason = reason[:100]
        roll.save()
    return roll




def payroll_settle_from_excel(*, roll: PaymentRoll, data: bytes, user) -> tuple[PaymentRoll, int]:
    """Settle from the returned Excel list: a line whose "Ký nhận" column is empty, or marked
    "Chưa nhận", was not collected. Lines are matched by the national ID or name in the file."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = wb.worksheets[0]
    header_row = None
    not_collected_keys: set[str] = set()
    for row in ws.iter_rows(values_only=True):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if header_row is None:
            if "Họ và tên" in cells:
                header_row = cells
            continue
        record = dict(zip(header_row, cells, strict=False))
        name = record.get("Họ và tên", "")
        if not name or not record.get("STT", "").isdigit():
            continue
        signed = record.get("Ký nhận", "")
        note = record.get("Ghi chú", "").lower()
        if not signed or "chưa nhận" in signed.lower() or "chưa nhận" in note:
            not_collected_keys.add(record.get("Số định danh", "") or name)
    ids = [
        pk for pk, nid, name in PaymentLine.objects.filter(roll=roll).values_list("pk", "national_id", "full_name")
        if (nid and nid in not_collected_keys) or name in not_collected_keys
    ]
    return payroll_settle(roll=roll, not_collected_ids=ids, user=user), len(ids)


def communes_under(unit: Unit):
    return Unit.objects.subtree(unit).filter(level=Level.COMMUNE).order_by("path")
