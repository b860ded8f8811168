"""Writes of the longevity celebrations (docs/longevity.md): the elderly register, the gift
levels, the celebration rounds and their submission up the chain. Keyword-only, atomic."""

from __future__ import annotations

import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from beneficiaries.errors import NotAllowed, RegistryError
from beneficiaries.identity import name_normalize, national_id_errors
from beneficiaries.models import Person
from beneficiaries.permissions import can_edit_in
from beneficiaries.services import ImportResult
from beneficiaries.services.hamlets import hamlet_listed_name
from btxh.models import Level, Role, Unit, User
from engine import longevity as engine

from . import selectors
from .importing import ElderlyPlan, elderly_read
from .models import (
    CelebrationEntry,
    CelebrationRound,
    ElderlyPerson,
    ElderlySource,
    LongevityGiftLevel,
)

BATCH = 1000


class PlanError(RegistryError):
    """A rule of the celebrations refused the change (Vietnamese message; a form can show it)."""


def _require_commune_editor(user: User, unit: Unit) -> None:
    if not can_edit_in(user, unit) or unit.level != Level.COMMUNE:
        raise NotAllowed("Chỉ công chức văn hóa - xã hội của xã được sửa danh sách người cao tuổi và đợt mừng thọ.")


# ---------------------------------------------------------------------------
# The elderly register
# ---------------------------------------------------------------------------


def elderly_import(
    *, data: bytes, unit: Unit, user: User | None, dry_run: bool = False, today: date | None = None
) -> ImportResult:
    """Import the Elderly Association's list of a commune (Law 39/2009 art. 2: from full 60). If any
    row has an error nothing is written (the report marks every error). A person already in the
    register (same ID, else same name and birth) is updated, never duplicated; each row is linked to
    the registry's Person by ID, else by name and birth, so that deaths and moves recorded there apply."""
    today = today or timezone.localdate()
    if user is not None:
        _require_commune_editor(user, unit)
    plan = elderly_read(data, unit=unit, today=today)
    new = sum(1 for r in plan.rows if not r.existing_id)
    if plan.errors or dry_run:
        counts = (0, 0) if plan.errors else (new, len(plan.rows) - new)
        return ImportResult(plan, plan.summary(created=counts[0], updated=counts[1]), data)
    created, updated = _elderly_write(plan, user=user)
    return ImportResult(plan, plan.summary(created=created, updated=updated), data)


@transaction.atomic
def _elderly_write(plan: ElderlyPlan, *, user: User | None) -> tuple[int, int]:
    creates, updates = [], []
    existing = ElderlyPerson.objects.in_bulk([r.existing_id for r in plan.rows if r.existing_id])
    for row in plan.rows:
        v = row.values
        if row.existing_id:
            e = existing[row.existing_id]
            e.full_name, e.name_normalized, e.hamlet, e.sex = v["full_name"], v["name_normalized"], v["hamlet"], v["sex"]
            e.birth_year = v["birth_year"]
            e.birth_date = v.get("birth_date") or e.birth_date
            e.national_id = v.get("national_id") or e.national_id
            e.person_id = row.person_id or e.person_id
            updates.append(e)
        else:
            creates.append(
                ElderlyPerson(
                    unit=plan.unit, full_name=v["full_name"], name_normalized=v["name_normalized"],
                    birth_date=v.get("birth_date"), birth_year=v["birth_year"], sex=v["sex"],
                    national_id=v.get("national_id"), hamlet=v["hamlet"], person_id=row.person_id,
                    source=ElderlySource.IMPORTED, created_by=user,
                )
            )
    if creates:
        bulk_create_with_history(creates, ElderlyPerson, batch_size=BATCH, default_user=user)
    if updates:
        bulk_update_with_history(
            updates, ElderlyPerson, ["full_name", "name_normalized", "hamlet", "sex", "birth_year", "birth_date",
                                     "national_id", "person_id"], batch_size=BATCH, default_user=user)  # fmt: skip
    return len(creates), len(updates)


ELDERLY_FIELDS = frozenset(
    {"full_name", "birth_date", "birth_year", "sex", "national_id", "hamlet", "death_date", "moved_out_date",
     "moved_to", "note"}
)


@transaction.atomic
def elderly_save(*, user: User, unit: Unit | None = None, elderly: ElderlyPerson | None = None, **fields) -> ElderlyPerson:
    """Add one elderly person to a commune's register, or correct one (Law 39/2009 art. 2, 21).
    A death or a move out recorded here keeps the person off rounds dated after it."""
    unknown = set(fields) - ELDERLY_FIELDS
    if unknown:
        raise TypeError(f"Unknown elderly fields: {sorted(unknown)}")
    if elderly is None:
        if unit is None:
            raise PlanError("Cần chọn xã.")
        elderly = ElderlyPerson(unit=unit, created_by=user, source=ElderlySource.ENTERED)
    _require_commune_editor(user, elderly.unit)
    old_hamlet = elderly.hamlet if elderly.pk else None
    for name, value in fields.items():
        setattr(elderly, name, value)
    elderly.full_name = " ".join((elderly.full_name or "").split())
    elderly.hamlet = " ".join((elderly.hamlet or "").split())
    elderly.national_id = (elderly.national_id or "").strip() or None
    elderly.moved_to = elderly.moved_to or ""
    elderly.note = elderly.note or ""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if elderly.birth_date:
        elderly.birth_year = elderly.birth_date.year
    if not elderly.full_name:
        errors.setdefault("full_name", []).append("Cần nhập họ và tên.")
    if not elderly.birth_year:
        errors.setdefault("birth_date", []).append("Cần nhập ngày sinh hoặc năm sinh.")
    elif not 1880 <= elderly.birth_year <= today.year - 60:
        errors.setdefault("birth_date", []).append("Người cao tuổi là người từ đủ 60 tuổi (Luật Người cao tuổi điều 2).")
    if not elderly.hamlet:
        errors.setdefault("hamlet", []).append("Cần nhập thôn/tổ dân phố.")
    elif elderly.hamlet != old_hamlet:  # chosen from the commune's list once it has one
        try:
            elderly.hamlet = hamlet_listed_name(elderly.unit, elderly.hamlet)
        except ValidationError as exc:
            errors.setdefault("hamlet", []).extend(exc.message_dict["hamlet"])
    for name in ("death_date", "moved_out_date"):
        if getattr(elderly, name) and getattr(elderly, name) > today:
            errors.setdefault(name, []).append("Không được ở tương lai.")
    if elderly.national_id:
        for message in national_id_errors(elderly.national_id, sex=elderly.sex, birth_year=elderly.birth_year):
            errors.setdefault("national_id", []).append(message)
        held = ElderlyPerson.objects.filter(national_id=elderly.national_id).exclude(pk=elderly.pk).first()
        if held:
            errors.setdefault("national_id", []).append(f"Số định danh đã có trong danh sách của {held.unit.name}.")
    if errors:
        raise PlanError(errors)
    elderly.name_normalized = name_normalize(elderly.full_name)
    if elderly.person_id is None:
        elderly.person_id = _registry_person(elderly)
    elderly._history_user = user
    elderly.save()
    return elderly


def _registry_person(elderly: ElderlyPerson) -> int | None:
    """The registry's Person that is the same person: by ID, else by name and birth in the commune."""
    if elderly.national_id:
        found = Person.objects.filter(national_id=elderly.national_id, unit=elderly.unit).values_list("pk", flat=True)
        return found.first()
    people = Person.objects.filter(unit=elderly.unit, name_normalized=elderly.name_normalized,
                                   birth_year=elderly.birth_year)  # fmt: skip
    if elderly.birth_date:
        people = people.filter(birth_date__in=[elderly.birth_date, None])
    return people.values_list("pk", flat=True).first()


# ---------------------------------------------------------------------------
# Gift levels (rule rows: added, never edited)
# ---------------------------------------------------------------------------


@transaction.atomic
def longevity_gift_add(
    *, user: User, level: str, giver: str, valid_from: date, basis: str, cash: int | None = None,
    in_kind: int | None = None, items: str = "", province_code: str = "", regime: str = "",
    combine: str = engine.COMBINE_ADD, secondary_source: bool = False,
) -> LongevityGiftLevel:
    """Add a gift level from a resolution (TT 96/2018 art. 3(2)(a): the province's HĐND sets the
    levels). Rows are never edited: an open row of the same level and province is closed the day
    before the new one starts; a row starting earlier than the open one is a back-dated correction
    (the later-added row wins on overlapping days). A province officer adds only their province's."""
    if user.role == Role.PROVINCE_OFFICER and user.unit_id:
        own_regime, own_code = selectors.province_of(user.unit)
        if (regime, province_code) != (own_regime, own_code):
            raise NotAllowed("Cán bộ tỉnh chỉ thêm mức quà của tỉnh mình.")
    elif not (user.is_superuser or user.role == Role.ADMINISTRATOR):
        raise NotAllowed("Chỉ cán bộ tỉnh hoặc quản trị được thêm mức quà mừng thọ.")
    if level not in engine.LEVELS:
        raise PlanError({"level": ["Mức tuổi không hợp lệ."]})
    if not (basis or "").strip():
        raise PlanError({"basis": ["Cần ghi căn cứ pháp lý (số, ngày của nghị quyết)."]})
    if bool(province_code) != bool(regime):
        raise PlanError({"province_code": ["Mức của tỉnh cần cả mã tỉnh và chế độ đơn vị."]})
    from datetime import timedelta

    open_rows = LongevityGiftLevel.objects.select_for_update().filter(
        level=level, province_code=province_code, regime=regime, valid_to__isnull=True, valid_from__lt=valid_from
    )
    for row in open_rows:
        row.valid_to = valid_from - timedelta(days=1)
        row._history_user = user
        row.save(update_fields=["valid_to"])
    row = LongevityGiftLevel(
        level=level, giver=giver.strip(), cash=cash, in_kind=in_kind, items=items.strip(), valid_from=valid_from,
        province_code=province_code, regime=regime, combine=combine, basis=basis.strip(),
        secondary_source=secondary_source, created_by=user,
    )  # fmt: skip
    row._history_user = user
    row.save()
    return row


# ---------------------------------------------------------------------------
# Celebration rounds
# ---------------------------------------------------------------------------


def _round_date(occasion: str, year: int) -> date | None:
    if occasion == engine.OCCASION_BIRTHDAY:
        return None
    return engine.celebration_date(occasion, year, engine.LongevityFacts(birth_year=year - 70))


@transaction.atomic
def round_open(*, user: User, unit: Unit, occasion: str, year: int) -> CelebrationRound:
    """Open (or find) a commune's round for an occasion and compute its list (Law 39/2009 art. 21(3);
    TT 06/2012 art. 7)."""
    _require_commune_editor(user, unit)
    if occasion not in engine.OCCASIONS:
        raise PlanError({"occasion": ["Dịp không hợp lệ."]})
    today = timezone.localdate()
    if not 2000 <= year <= today.year + 1:
        raise PlanError({"year": [f"Năm từ 2000 đến {today.year + 1}."]})
    found = CelebrationRound.objects.filter(unit=unit, occasion=occasion, year=year).first()
    if found:
        return found
    rules = selectors.longevity_rules_load()
    regime, code = selectors.province_of(unit)
    row = rules.age_rule_for(regime, code, _round_date(occasion, year) or date(year, 1, 1))
    now = timezone.now()
    round_ = CelebrationRound(unit=unit, occasion=occasion, year=year, date=_round_date(occasion, year),
                              age_rule=row.rule if row else engine.AGE_YEAR, created_by=user,
                              first_computed_at=now, computed_at=now)  # fmt: skip
    round_._history_user = user
    round_.save()
    # In this transaction, without a savepoint; the round's one history row says it was computed.
    _round_compute(round_, user=user, rules=rules, new=True)
    return round_


@transaction.atomic
def round_compute(
    *, round_: CelebrationRound, user: User | None, copy: bool | None = None, rules: engine.LongevityRules | None = None
) -> dict:
    """(Re)compute a round from the register and the registry (docs/longevity.md §5), one set-based
    selection per commune. People newly due are added; people no longer listed (died or moved before
    the date, taken out of the register) stay on the round marked as dropped out, with the reason;
    people added by hand are kept. Returns counts.

    History (django-simple-history): the entries a computation creates get **no per-row history
    record**. They are not anyone's edit but the output of the one rule (engine/longevity.py) over
    the register, whose own changes are in its history; the round records each computation (a
    history row of the round with ``computed_at`` and the user), so a created entry is explained by
    "computed at T by U from the register as it was". What happens to an entry after it was
    created is recorded per row: a recomputation that changes an entry or drops a person out writes
    the changed rows only, with history (``bulk_update_with_history``); adding a person by hand
    (``entry_add_manual``) and marking gifts delivered (``entry_deliver``) save with history.
    Writing 500 history rows per commune beside its 500 entries was half the time of a province's
    Tết round (docs/longevity.md §8).

    ``rules``: the rule rows already loaded by the caller in the same transaction (else read here).
    New entries are written with ``COPY`` on PostgreSQL (``copy=None``: whenever the database is
    PostgreSQL) and with ``bulk_create`` elsewhere; both write the same values (``_entry_row``).
    """
    return _round_compute(round_, user=user, copy=copy, rules=rules)


def _round_compute(
    round_: CelebrationRound, *, user: User | None, copy: bool | None = None, rules: engine.LongevityRules | None = None,
    new: bool = False,
) -> dict:
    """``new``: the round was just created (by ``round_open``, its times set): it has no entries yet."""
    if user is not None:
        _require_commune_editor(user, round_.unit)
    if not round_.is_editable:
        raise PlanError("Danh sách đã gửi cấp trên: không tính lại được (cấp trên trả lại thì tính lại được).")
    rules = rules or selectors.longevity_rules_load()
    due, excluded = selectors.round_candidates(round_=round_, rules=rules, on_round=not new)
    current = {} if new else {(_entry_key(e)): e for e in round_.entries.all()}
    now = timezone.now()
    creates, changed, kept = [], [], 0
    by_result: dict[int, tuple] = {}  # people of one age share one result (engine: LongevityRules.memo)
    for key, (cand, result) in due.items():
        row = _entry_row(cand, result, by_result)
        entry = current.get(key)
        if entry is None:
            creates.append(row)
            continue
        kept += 1
        before = [getattr(entry, name) for name in _ENTRY_FIELDS]
        if before != list(row) or entry.dropped_out:
            for name, value in zip(_ENTRY_FIELDS, row, strict=True):
                setattr(entry, name, value)
            entry.dropped_out, entry.dropped_reason = False, ""
            changed.append(entry)
    dropped = []
    for key, entry in current.items():
        if key in due or entry.is_manual or entry.dropped_out:
            continue
        entry.dropped_out = True
        entry.dropped_reason = excluded.get(key, "Không còn trong danh sách người cao tuổi của xã.")[:200]
        dropped.append(entry)
    if creates:
        entries_insert(round_, creates, copy=copy)
    fields = [*_ENTRY_FIELDS, "dropped_out", "dropped_reason"]
    if changed or dropped:
        bulk_update_with_history(changed + dropped, CelebrationEntry, fields, batch_size=BATCH, default_user=user)
    if not new:
        round_.computed_at = now
        round_.first_computed_at = round_.first_computed_at or now
        round_._history_user = user
        round_.save(update_fields=["computed_at", "first_computed_at"])
    return {"added": len(creates), "kept": kept, "dropped": len(dropped)}


def entries_insert(round_: CelebrationRound, rows: list[tuple], *, copy: bool | None = None) -> None:
    """Write computed entries (tuples in ``_ENTRY_FIELDS`` order) on a round, without per-row history
    (``round_compute`` says why). ``copy``: PostgreSQL ``COPY … FROM STDIN`` (psycopg 3), no model
    instance built; ``False``: ``bulk_create``, any database; ``None``: COPY on PostgreSQL."""
    if copy is None:
        copy = connection.vendor == "postgresql"
    if not copy:
        CelebrationEntry.objects.bulk_create(
            [CelebrationEntry(round=round_, **dict(zip(_ENTRY_FIELDS, row, strict=True))) for row in rows],
            batch_size=BATCH,
        )
        return
    if connection.vendor != "postgresql":
        raise ValueError("COPY needs PostgreSQL.")
    meta = CelebrationEntry._meta
    columns = ["round_id", *_ENTRY_FIELDS, *_ENTRY_DEFAULTS]
    sql = f"COPY {meta.db_table} ({', '.join(meta.get_field(c).column for c in columns)}) FROM STDIN"
    gifts = _ENTRY_FIELDS.index("gifts")
    tail = tuple(_ENTRY_DEFAULTS.values())
    as_json: dict[int, str] = {}  # rows of one result share its gift list (_entry_row)
    round_id = round_.pk
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as out:
        for row in rows:
            text = as_json.get(id(row[gifts]))
            if text is None:
                text = as_json[id(row[gifts])] = json.dumps(row[gifts], ensure_ascii=False)
            out.write_row((round_id, *row[:gifts], text, *row[gifts + 1 :], *tail))


def _entry_key(entry: CelebrationEntry) -> tuple:
    if entry.elderly_id:
        return ("e", entry.elderly_id)
    if entry.person_id:
        return ("p", entry.person_id)
    return ("m", entry.pk)


_ENTRY_FIELDS = (
    "elderly_id", "person_id", "full_name", "birth_text", "sex", "national_id", "hamlet", "date", "age", "level",
    "ceremony", "card", "gifts", "cash", "in_kind", "national_amount", "province_amount", "local_amount_recorded",
    "explanation",
)  # fmt: skip
# The other columns of a computed entry: what the model's defaults give (COPY does not apply them).
_ENTRY_DEFAULTS = {"manual_reason": "", "dropped_out": False, "dropped_reason": "", "delivered_on": None,
                   "received_by": "", "signature_returned": False}  # fmt: skip


def _entry_row(cand, result: engine.LongevityResult, by_result: dict | None = None) -> tuple:
    """The computed values of one entry, in ``_ENTRY_FIELDS`` order (``by_result``: the values of each
    result already turned into columns, by ``id``; the gift list is then shared, never mutated)."""
    values = by_result.get(id(result)) if by_result is not None else None
    if values is None:
        values = (result.date, result.age, result.level, result.ceremony, result.card or "",
                  [g.to_json() for g in result.gifts], result.cash_total, result.in_kind_total,
                  result.national_total, result.province_total, result.local_amount_recorded,
                  result.explanation)  # fmt: skip
        if by_result is not None:
            by_result[id(result)] = values
    return (cand.elderly_id, cand.person_id, cand.full_name, cand.birth_text, cand.sex, cand.national_id or "",
            cand.hamlet, *values)  # fmt: skip


def _entry_values(cand, result: engine.LongevityResult) -> dict:
    return dict(zip(_ENTRY_FIELDS, _entry_row(cand, result), strict=True))


@transaction.atomic
def entry_add_manual(
    *, round_: CelebrationRound, user: User, full_name: str, birth_year: int, hamlet: str, level: str, reason: str,
    birth_date: date | None = None, sex: str = "", elderly: ElderlyPerson | None = None,
) -> CelebrationEntry:
    """Add a person by hand with a reason (e.g. not in the register, or papers giving another age):
    the officer chooses the level; the gifts are that level's (TT 96/2018 art. 3(2)(a))."""
    _require_commune_editor(user, round_.unit)
    if not round_.is_editable:
        raise PlanError("Danh sách đã gửi cấp trên: không thêm được.")
    errors: dict[str, list[str]] = {}
    if not (reason or "").strip():
        errors["reason"] = ["Cần ghi lý do thêm."]
    if not (full_name or "").strip():
        errors["full_name"] = ["Cần nhập họ và tên."]
    if level not in engine.LEVELS:
        errors["level"] = ["Chọn mức tuổi."]
    if elderly is not None and elderly.unit_id != round_.unit_id:
        errors["elderly"] = ["Người này không thuộc xã của đợt mừng thọ."]
    try:
        hamlet = hamlet_listed_name(round_.unit, hamlet)
    except ValidationError as exc:
        errors["hamlet"] = exc.message_dict["hamlet"]
    if errors:
        raise PlanError(errors)
    if birth_date:
        birth_year = birth_date.year
    cand = selectors.Candidate(elderly.pk if elderly else None, elderly.person_id if elderly else None,
                               " ".join(full_name.split()), birth_date, birth_year, sex, None,
                               " ".join((hamlet or "").split()))  # fmt: skip
    rules = selectors.longevity_rules_load()
    result = selectors.compute_for(cand, round_=round_, rules=rules, level=level)
    values = _entry_values(cand, result)
    if elderly is None:
        values["elderly_id"] = None
    entry = CelebrationEntry(round=round_, manual_reason=reason.strip()[:200], **values)
    entry._history_user = user
    entry.save()
    return entry


@transaction.atomic
def entry_deliver(
    *, entry: CelebrationEntry, user: User, delivered_on: date, received_by: str, signature_returned: bool
) -> CelebrationEntry:
    """Record that the gifts were handed over (who received, on which day, the signed list back)."""
    _require_commune_editor(user, entry.round.unit)
    if delivered_on > timezone.localdate():
        raise PlanError({"delivered_on": ["Ngày trao quà không được ở tương lai."]})
    entry.delivered_on = delivered_on
    entry.received_by = (received_by or "").strip()[:128] or entry.full_name
    entry.signature_returned = signature_returned
    entry._history_user = user
    entry.save(update_fields=["delivered_on", "received_by", "signature_returned"])
    return entry


@transaction.atomic
def round_ceremony_set(
    *, round_: CelebrationRound, user: User, attendees: int, certificate_unit_cost: int, other_cost: int, note: str = ""
) -> CelebrationRound:
    """The ceremony budget line of a round (the commune's budget, docs/longevity.md §4): the number of
    attendees (refreshments per attendee), the certificate and frame per person, the hall and other costs."""
    _require_commune_editor(user, round_.unit)
    round_ = CelebrationRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_editable:
        raise PlanError("Danh sách đã gửi cấp trên: không sửa được dự toán.")
    errors = {name: ["Không được âm."] for name, value in (("attendees", attendees),
              ("certificate_unit_cost", certificate_unit_cost), ("other_cost", other_cost)) if value < 0}  # fmt: skip
    if errors:
        raise PlanError(errors)
    round_.ceremony_attendees, round_.certificate_unit_cost = attendees, certificate_unit_cost
    round_.ceremony_other_cost, round_.ceremony_note = other_cost, (note or "").strip()[:300]
    round_._history_user = user
    round_.save(update_fields=["ceremony_attendees", "certificate_unit_cost", "ceremony_other_cost", "ceremony_note"])
    return round_


# -- up the chain: the shared submit / return / accept of reports/ -----------------------------


def _report_of(round_: CelebrationRound, user: User | None = None, *, open_it: bool = False):
    from reports.models import Report
    from reports.services import report_open

    from .reporting import report_kind

    if open_it:
        return report_open(unit=round_.unit, kind=report_kind(round_), period=str(round_.year), user=user)
    report = Report.objects.filter(unit=round_.unit, kind=report_kind(round_), period=str(round_.year)).first()
    if report is None:
        raise PlanError("Danh sách chưa được gửi cấp trên.")
    return report


def _via_reports(action):
    from reports.services import ReportError

    try:
        return action()
    except ReportError as exc:
        raise PlanError(exc.user_message) from exc


@transaction.atomic
def round_submit(*, round_: CelebrationRound, user: User) -> CelebrationRound:
    """The commune sends its list to the level above (the Elderly Association lists the 90- and
    100-year-olds for the cards, TT 96/2018 art. 3(2)(a)) as its report of the occasion's kind and
    year (reports.services.report_submit freezes the counts and the budget; the round follows)."""
    from reports.services import report_submit

    _require_commune_editor(user, round_.unit)
    round_ = CelebrationRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_editable:
        raise PlanError("Danh sách đã được gửi.")
    _via_reports(lambda: report_submit(report=_report_of(round_, user, open_it=True), user=user))
    return CelebrationRound.objects.get(pk=round_.pk)


def _require_reviewer(user: User, round_: CelebrationRound) -> None:
    from reports.selectors import may_review_report

    if not may_review_report(user, round_.unit):
        raise NotAllowed("Chỉ cán bộ cấp trên trực tiếp của xã được nhận hoặc trả lại danh sách.")


@transaction.atomic
def round_accept(*, round_: CelebrationRound, user: User) -> CelebrationRound:
    """The level above accepts the commune's list (reports.services.report_accept)."""
    from reports.services import report_accept

    _require_reviewer(user, round_)
    _via_reports(lambda: report_accept(report=_report_of(round_), user=user))
    return CelebrationRound.objects.get(pk=round_.pk)


@transaction.atomic
def round_return(*, round_: CelebrationRound, user: User, reason: str) -> CelebrationRound:
    """The level above returns the list to the commune with a reason (reports.services.report_return)."""
    from reports.services import report_return

    _require_reviewer(user, round_)
    if not (reason or "").strip():
        raise PlanError({"reason": ["Cần ghi lý do trả lại."]})
    _via_reports(lambda: report_return(report=_report_of(round_), user=user, comment=reason))
    return CelebrationRound.objects.get(pk=round_.pk)


def elderly_hamlet_renamed(hamlet, old_name: str) -> None:
    """The register follows a rename of a hamlet of the commune's list (registered with the registry
    in PlansConfig.ready()); the rounds' entries keep the name their lists were printed with."""
    ElderlyPerson.objects.filter(unit_id=hamlet.commune_id, hamlet=old_name).update(hamlet=hamlet.name)
