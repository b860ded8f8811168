"""Writes of emergency aid (Decree 20/2021/NĐ-CP Chapter III, art. 12–17; docs/emergency-aid.md).

Keyword-only, atomic. The commune officer records events and requests and prepares a decision;
the approving level decides it (the commune chairman in the two-tier regime, Decree 147/2025
art. 5(2)(b); the district in the legacy one) — never the person who prepared it or entered one
of its requests; amounts come from the engine over the rule rows, at the decision date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from beneficiaries.hamlets import hamlet_name_clean
from beneficiaries.identity import name_normalize, national_id_clean
from beneficiaries.models import Hamlet, Person
from beneficiaries.permissions import can_edit_in
from beneficiaries.services.hamlets import hamlet_listed_name
from btxh.formatting import NO_HAMLET
from btxh.models import Level
from btxh.selectors import approver_role, approving_unit
from engine import EngineError
from engine.emergency import (
    FUNERAL,
    FUNERAL_UNCLAIMED,
    HOUSE_REBUILD,
    HOUSE_REPAIR,
    HOUSEHOLD_KINDS,
    INJURY,
    RICE_KINDS,
    EmergencyFacts,
    compute_emergency,
)

from .importing import HEADERS, cell_key, cell_text, requests_read, requests_report, requests_result_report
from .models import (
    AidKind,
    DecisionStatus,
    EmergencyDecision,
    EmergencyEvent,
    EmergencyRequest,
    EventCommune,
    RequestStatus,
)


def province_code_of(unit) -> str | None:
    """The province's code from a unit's path ("2025:01/00004/" → "01")."""
    if unit is None or not unit.path:
        return None
    return unit.path.partition(":")[2].split("/", 1)[0] or None


def is_emergency_approver(user, commune) -> bool:
    """The leader of the commune (two-tier regime) or the officer of its district (legacy)."""
    if not (user and user.is_authenticated and user.unit_id):
        return False
    unit = approving_unit(commune)
    return user.unit_id == unit.pk and user.role == approver_role(unit)


@transaction.atomic
def deadline_set(*, user, province, days: int, valid_from: date, basis: str):
    """The province's deadline for deciding a request (Decree 20/2021 art. 12(3) sets 2 days when
    the province sets none), for requests received from ``valid_from``; a new row, never an edit.
    Only the province's own officer sets it."""
    from btxh.models import Role

    from .models import EmergencyDeadline

    if not (user.unit_id == province.pk and province.level == Level.PROVINCE and user.role == Role.PROVINCE_OFFICER):
        raise PermissionDenied
    errors = {}
    if not 1 <= days <= 30:
        errors["days"] = "Thời hạn từ 1 đến 30 ngày."
    if not basis.strip():
        errors["basis"] = "Ghi căn cứ (số, ngày văn bản của tỉnh)."
    if errors:
        raise ValidationError(errors)
    return EmergencyDeadline.objects.create(province=province, days=days, valid_from=valid_from,
                                            basis=basis.strip(), created_by=user)


def _facts(request: EmergencyRequest, on: date) -> EmergencyFacts:
    return EmergencyFacts(
        kind=request.kind,
        decision_date=on,
        province_code=province_code_of(request.unit),
        people=request.people,
        months=request.months,
        household_poverty=request.household_status or None,
        cost=request.cost,
        hospital_days=request.hospital_days,
    )


def request_compute(request: EmergencyRequest, on: date, *, rules=None, base_rules=None):
    """The engine's result for a request if it were decided on ``on``."""
    from benefits.selectors import emergency_rules_load, ruleset_load

    return compute_emergency(_facts(request, on), rules or emergency_rules_load(), base_rules or ruleset_load())


# Who records an event, by the level of their unit: the commune officer for their commune, the
# district or province officer for communes under them (docs/emergency-aid.md §4a).
DECLARING_ROLES = {Level.COMMUNE: "commune_officer", Level.DISTRICT: "district_officer",
                   Level.PROVINCE: "province_officer"}


def can_declare_events(user) -> bool:
    """May record an event (for their commune, or for communes of their district or province)."""
    return bool(user and user.is_authenticated and user.unit_id
                and DECLARING_ROLES.get(user.unit.level) == user.role)


def _communes_checked(user, communes, *, field: str = "communes") -> list:
    """The communes an officer may put an event on: their own (a commune officer), or communes of
    their subtree (a district or province officer)."""
    communes = list(dict.fromkeys(communes or []))
    if not communes:
        raise ValidationError({field: "Chọn ít nhất một xã bị ảnh hưởng."})
    top = user.unit
    for unit in communes:
        if unit.level != Level.COMMUNE:
            raise ValidationError({field: f"{unit.name} không phải xã, phường."})
        if not unit.path.startswith(top.path):
            raise PermissionDenied
    return communes


@transaction.atomic
def event_create(*, user, kind: str, name: str, occurred_on: date, communes=None, unit=None, place: str = "",
                 note: str = ""):
    """Record an event that calls for emergency aid (Decree 20/2021 art. 12–16) and the communes it
    hit: a commune officer for their commune, a district or province officer for one or more
    communes of their subtree (``unit`` is a shorthand for one commune)."""
    if not can_declare_events(user):
        raise PermissionDenied
    if communes is None and unit is not None:
        communes = [unit]
    if user.unit.level == Level.COMMUNE:
        communes = communes or [user.unit]
        if [c.pk for c in communes] != [user.unit_id]:
            raise PermissionDenied
    communes = _communes_checked(user, communes)
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "Ngày xảy ra không được sau hôm nay."})
    if not name.strip():
        raise ValidationError({"name": "Cần tên sự kiện."})
    event = EmergencyEvent.objects.create(
        declared_unit=user.unit, kind=kind, name=name.strip(), occurred_on=occurred_on, place=place.strip(),
        note=note, created_by=user,
    )
    EventCommune.objects.bulk_create([EventCommune(event=event, unit=c, added_by=user) for c in communes])
    return event


def may_add_communes(user, event: EmergencyEvent) -> bool:
    """A commune officer may add their commune to an event their district or province declared; a
    district or province officer may add communes of their subtree to an event declared at, above
    or under their unit (the same province)."""
    if not can_declare_events(user):
        return False
    mine, declared = user.unit.path, event.declared_unit.path
    if user.unit.level == Level.COMMUNE:
        return mine.startswith(declared) and mine != declared
    return mine.startswith(declared) or declared.startswith(mine)


@transaction.atomic
def event_communes_add(*, user, event: EmergencyEvent, communes=None) -> list:
    """Add communes to an event rather than record it twice ("Bão số 3" declared by the province,
    joined by a commune it hit). A commune officer adds their own commune."""
    if not may_add_communes(user, event):
        raise PermissionDenied
    if user.unit.level == Level.COMMUNE:
        communes = [user.unit]
    communes = _communes_checked(user, communes)
    already = set(event.commune_links.values_list("unit_id", flat=True))
    added = [c for c in communes if c.pk not in already]
    if not added:
        raise ValidationError({"communes": "Các xã đã chọn đã có trong sự kiện này."})
    EventCommune.objects.bulk_create([EventCommune(event=event, unit=c, added_by=user) for c in added])
    return added


def event_commune_for(user, event: EmergencyEvent, unit=None):
    """The commune whose requests ``user`` enters under ``event``: ``unit`` or the user's own, if the
    event hit it and the user may enter requests there."""
    named, unit = unit is not None, unit or user.unit
    if unit is None or not can_edit_in(user, unit):
        raise PermissionDenied
    if not event.commune_links.filter(unit=unit).exists():
        if not named:  # the officer's own commune is not one the event hit
            raise PermissionDenied
        raise ValidationError({"unit": f"Sự kiện này chưa ghi {unit.name} là xã bị ảnh hưởng."})
    return unit


def _required(kind: str, data: dict) -> dict:
    """The facts a kind's rule needs, missing ones as field errors (docs/emergency-aid.md §4)."""
    errors = {}
    if kind in RICE_KINDS:
        if not data.get("people"):
            errors["people"] = "Gạo cứu đói cần số nhân khẩu thiếu đói."
        if kind == AidKind.RICE_DISASTER and not data.get("months"):
            errors["months"] = "Cần số tháng hỗ trợ (tối đa 3 tháng mỗi đợt)."
    if kind in (HOUSE_REBUILD, HOUSE_REPAIR, AidKind.HOUSE_RELOCATE):
        if not data.get("damage"):
            errors["damage"] = "Hỗ trợ nhà ở cần mô tả mức thiệt hại nhà ở."
        if kind != AidKind.HOUSE_RELOCATE and not data.get("household_status"):
            errors["household_status"] = "Hỗ trợ nhà ở cần tình trạng hộ (nghèo, cận nghèo, khó khăn)."
    if kind == INJURY and data.get("hospital_days") is None:
        errors["hospital_days"] = "Người bị thương nặng cần số ngày điều trị."
    if kind in (FUNERAL, FUNERAL_UNCLAIMED, INJURY) and not data.get("subject_name"):
        errors["subject_name"] = "Cần họ tên người chết, mất tích hoặc bị thương."
    return errors


def _dedupe_key(kind: str, *, person, household, national_id: str, full_name: str, hamlet: str,
                subject_name: str) -> str:
    """Who may get one aid of a kind per event: the household for rice and housing, the person
    hurt, dead or missing for the others."""
    if kind in HOUSEHOLD_KINDS:
        if household is not None:
            return f"ho:{household.pk}"
        if person is not None:
            return f"nguoi:{person.pk}"
        if national_id:
            return f"cccd:{national_id}"
        return f"ten:{name_normalize(full_name)}|{name_normalize(hamlet)}"
    return f"nguoi:{name_normalize(subject_name)}|{name_normalize(hamlet)}"


# How a request met the registry (docs/emergency-aid.md §4): the person it names was found there
# (by ID number, or by name and birth year in the commune), or added to it with a new household.
REGISTRY_FOUND = "found"
REGISTRY_CREATED = "created"


def registry_person_for(*, user, commune, full_name: str, national_id: str, birth_year: int | None, sex: str,
                        hamlet: str, confirm_duplicate: bool = False, new_hamlets: bool = False) -> tuple[Person, str]:
    """The registry person a request is for, deduplicated as the registry does
    (beneficiaries/identity_checks.py): the holder of the ID number (who must be of this
    commune and bear this name), else a person of the commune with the same normalised name and
    birth year; else a new person, with a household of their own in their hamlet, added through the
    registry's ``person_create`` — its checks of the ID number and of namesakes elsewhere in the
    province (``confirm_duplicate`` when the officer has checked it is someone else)."""
    from beneficiaries.errors import PossibleDuplicate, RegistryError
    from beneficiaries.identity import national_id_implied
    from beneficiaries.identity_checks import name_duplicates, national_id_holder
    from beneficiaries.services import household_create_for, person_create
    from beneficiaries.services.hamlets import hamlet_create, hamlet_match, hamlet_resolve

    if national_id:
        holder = national_id_holder(national_id)
        if holder is not None:
            if holder.unit_id != commune.pk:
                raise ValidationError({"national_id": f"Số định danh này đã có trong sổ đối tượng của "
                                                      f"{holder.unit.name}, không phải của {commune.name}."})
            if name_normalize(holder.full_name) != name_normalize(full_name):
                raise ValidationError({"national_id": f"Số định danh này đã có trong sổ đối tượng cho người "
                                                      f"khác ({holder.full_name})."})
            return holder, REGISTRY_FOUND
        implied = national_id_implied(national_id)
        if implied is not None:
            birth_year, sex = birth_year or implied[0], sex or implied[1]
    if birth_year:  # the registry's namesake of the commune: the same person
        same_commune = [p for p in name_duplicates(full_name=full_name, birth_date=None, birth_year=birth_year,
                                                   unit=commune)
                        if p.unit_id == commune.pk and not (p.national_id and national_id)]
        if same_commune:
            return same_commune[0], REGISTRY_FOUND
    missing = {}
    if not birth_year:
        missing["birth_year"] = "Chưa có trong sổ đối tượng: cần năm sinh (hoặc số định danh) để thêm vào sổ."
    if not sex:
        missing["sex"] = "Chưa có trong sổ đối tượng: cần giới tính để thêm vào sổ."
    if not hamlet.strip():
        missing["hamlet"] = "Chưa có trong sổ đối tượng: cần thôn/tổ dân phố để thêm hộ vào sổ."
    if missing:
        raise ValidationError(missing)
    try:
        with transaction.atomic():
            # A commune with no hamlet list yet starts it with this hamlet; during a commune's first
            # import (``new_hamlets``) every hamlet of the file is added, as the beneficiary import does.
            if new_hamlets:
                listed = hamlet_match(commune, hamlet) or hamlet_create(
                    commune=commune, name=hamlet, user=user, check_user=False
                )
            else:
                listed = hamlet_resolve(commune, hamlet, create_first=True, user=user)
            person = person_create(user=user, unit=commune, confirm_duplicate=confirm_duplicate,
                                   full_name=full_name, birth_year=birth_year, sex=sex,
                                   national_id=national_id or None, hamlet=listed)
            household_create_for(person=person, user=user)
    except PossibleDuplicate as exc:
        raise ValidationError({"confirm_duplicate": exc.messages}) from None
    except RegistryError as exc:
        fields = {"birth_date": "birth_year", "national_id": "national_id", "sex": "sex", "hamlet": "hamlet"}
        if hasattr(exc, "error_dict"):
            raise ValidationError({fields.get(k, "full_name"): v for k, v in exc.message_dict.items()}) from None
        raise ValidationError({"full_name": exc.messages}) from None
    return person, REGISTRY_CREATED


@transaction.atomic
def request_create(
    *,
    user,
    event: EmergencyEvent,
    kind: str,
    full_name: str,
    received_on: date,
    unit=None,
    national_id: str = "",
    birth_year: int | None = None,
    sex: str = "",
    hamlet: str = "",
    people: int | None = None,
    months: int | None = None,
    household_status: str = "",
    hospital_days: int | None = None,
    cost: int | None = None,
    subject_name: str = "",
    damage: str = "",
    person: Person | None = None,
    confirm_duplicate: bool = False,
    rules=None,
    base_rules=None,
    new_hamlets: bool = False,
) -> EmergencyRequest:
    """Record a request for emergency aid for a household or person of ``unit`` (the officer's
    commune by default; one the event hit) hit by ``event`` (Decree 20/2021 art. 12(3): the list
    drawn up by the commune). The person is linked to the registry — found there, or added with a
    household of their own (``registry_person_for``); ``request.registry`` says which. A household
    gets one aid of a kind per event (a database constraint). An unclaimed burial names nobody of
    the registry."""
    commune = event_commune_for(user, event, unit)
    if kind not in AidKind.values:
        raise ValidationError({"kind": "Loại trợ giúp không hợp lệ."})
    data = {"people": people, "months": months, "household_status": household_status,
            "hospital_days": hospital_days, "damage": damage.strip(), "subject_name": subject_name.strip()}
    errors = _required(kind, data)
    full_name = " ".join(full_name.split())
    if not full_name:
        errors["full_name"] = "Cần họ tên chủ hộ hoặc người được hỗ trợ."
    if received_on < event.occurred_on:
        errors["received_on"] = "Ngày nhận đề nghị không được trước ngày xảy ra sự kiện."
    if received_on > timezone.localdate():
        errors["received_on"] = "Ngày nhận đề nghị không được sau hôm nay."
    clean_id = national_id_clean(national_id) or ""
    if clean_id and not (len(clean_id) == 12 and clean_id.isdigit()):
        errors["national_id"] = "Số định danh cá nhân gồm 12 chữ số."
    try:
        hamlet = hamlet_name_clean(hamlet) if new_hamlets else hamlet_listed_name(commune, hamlet)
    except ValidationError as exc:
        errors["hamlet"] = exc.message_dict["hamlet"][0]
    if errors:
        raise ValidationError(errors)
    registry = REGISTRY_FOUND
    if person is not None and person.unit_id != commune.pk:
        raise ValidationError({"person": "Đối tượng không thuộc xã của đề nghị."})
    if person is None and kind != FUNERAL_UNCLAIMED:
        person, registry = registry_person_for(user=user, commune=commune, full_name=full_name,
                                               national_id=clean_id, birth_year=birth_year, sex=sex,
                                               hamlet=hamlet, confirm_duplicate=confirm_duplicate,
                                               new_hamlets=new_hamlets)
    household = person.household if person is not None else None
    if person is not None:
        clean_id = clean_id or (person.national_id or "")
        hamlet = hamlet or person.hamlet
        birth_year = birth_year or person.birth_year
    from datetime import timedelta

    from .selectors import deadline_for

    request = EmergencyRequest(
        event=event, unit=commune, kind=kind, person=person, household=household,
        decide_by=received_on + timedelta(days=deadline_for(commune, received_on)[0]),
        full_name=full_name, national_id=clean_id, birth_year=birth_year, hamlet=hamlet.strip(),
        people=people, months=months, household_status=household_status, hospital_days=hospital_days,
        cost=cost, subject_name=subject_name.strip(), damage=damage.strip(), received_on=received_on,
        created_by=user,
        dedupe_key=_dedupe_key(kind, person=person, household=household, national_id=clean_id,
                               full_name=full_name, hamlet=hamlet, subject_name=subject_name or full_name),
    )
    try:
        result = request_compute(request, received_on, rules=rules, base_rules=base_rules)
    except EngineError as exc:
        raise ValidationError({"kind": str(exc)}) from exc
    # What it would get if decided today; the decision recomputes at its own date.
    request.amount, request.rice_kg = result.amount, result.rice_kg
    request.basis, request.explanation = result.basis[:500], result.explanation
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError(
            {"full_name": "Hộ (người) này đã có đề nghị cùng loại trợ giúp cho sự kiện này."}
        ) from None
    request.registry = registry if person is not None else ""
    return request


@transaction.atomic
def decision_prepare(*, user, event: EmergencyEvent, unit=None) -> EmergencyDecision:
    """Draw up the draft decision over the requests of one commune (``unit``, the officer's own by
    default) of the event waiting for one (Decree 20/2021 art. 12(3): the commune submits its list
    to the chairman)."""
    commune = event_commune_for(user, event, unit)
    pending = EmergencyRequest.objects.select_for_update().filter(
        event=event, unit=commune, status=RequestStatus.RECEIVED, decision__isnull=True
    )
    if not pending.exists():
        raise ValidationError("Không có đề nghị nào đang chờ lập quyết định.")
    decision = EmergencyDecision.objects.create(
        event=event, unit=commune, approving_unit=approving_unit(commune), prepared_by=user
    )
    pending.update(decision=decision)
    return decision


def _check_approver(user, decision: EmergencyDecision) -> None:
    if not is_emergency_approver(user, decision.unit):
        raise PermissionDenied
    if decision.prepared_by_id == user.pk or decision.requests.filter(created_by=user).exists():
        raise ValidationError("Người lập danh sách, nhập đề nghị không được tự quyết định hỗ trợ.")


@transaction.atomic
def request_refuse(*, user, request: EmergencyRequest, reason: str, on: date | None = None) -> EmergencyRequest:
    """Refuse a request with a reason (Decree 20/2021 art. 12(3): the chairman decides, and a
    refusal is answered in writing with its reason)."""
    if request.status != RequestStatus.RECEIVED:
        raise ValidationError("Chỉ từ chối được đề nghị đang chờ quyết định.")
    if not is_emergency_approver(user, request.unit):
        raise PermissionDenied
    if request.created_by_id == user.pk:
        raise ValidationError("Người nhập đề nghị không được tự quyết định.")
    if not reason.strip():
        raise ValidationError({"reason": "Phải ghi lý do không hỗ trợ."})
    request.status = RequestStatus.REFUSED
    request.refusal_reason = reason.strip()[:300]
    request.decided_on = on or timezone.localdate()
    request.decision = None
    request.amount, request.rice_kg = 0, 0
    request.save()
    return request


@transaction.atomic
def decision_approve(*, user, decision: EmergencyDecision, number: str, decided_on: date,
                     signer: str = "") -> EmergencyDecision:
    """Decide the draft: number, date, and every request's amount from the rule rows at the
    decision date (Decree 20/2021 art. 12(3), 13–15; the base rate of the decision month,
    docs/emergency-aid.md §2). Refused when the decider prepared the list or entered a request,
    or when a request does not meet its conditions (refuse it first, with its reason)."""
    decision = EmergencyDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError("Quyết định này đã được ban hành.")
    _check_approver(user, decision)
    errors = {}
    if not number.strip():
        errors["number"] = "Cần số quyết định."
    if decided_on > timezone.localdate():
        errors["decided_on"] = "Ngày quyết định không được sau hôm nay."
    requests = list(decision.requests.filter(status=RequestStatus.RECEIVED).select_related("unit"))
    if not requests:
        errors["number"] = "Quyết định không còn đề nghị nào."
    if any(decided_on < r.received_on for r in requests):
        errors["decided_on"] = "Ngày quyết định không được trước ngày nhận đề nghị."
    if errors:
        raise ValidationError(errors)
    from benefits.selectors import emergency_rules_load, ruleset_load

    rules, base_rules = emergency_rules_load(), ruleset_load()
    not_eligible = []
    for request in requests:
        try:
            result = request_compute(request, decided_on, rules=rules, base_rules=base_rules)
        except EngineError as exc:
            raise ValidationError(f"{request.full_name}: {exc}") from exc
        if not result.eligible:
            not_eligible.append(f"{request.full_name} ({result.explanation})")
            continue
        request.amount, request.rice_kg = result.amount, result.rice_kg
        request.basis, request.explanation = result.basis[:500], result.explanation
        request.status, request.decided_on = RequestStatus.APPROVED, decided_on
    if not_eligible:
        raise ValidationError("Không đủ điều kiện, hãy ghi lý do không hỗ trợ trước: " + "; ".join(not_eligible))
    EmergencyRequest.objects.bulk_update(
        requests, ["amount", "rice_kg", "basis", "explanation", "status", "decided_on"]
    )
    decision.number, decision.decided_on = number.strip(), decided_on
    decision.signer = signer.strip() or user.full_name
    decision.decided_by, decision.decided_at = user, timezone.now()
    decision.status = DecisionStatus.DECIDED
    decision.save()
    return decision


@transaction.atomic
def requests_mark_paid(*, user, decision: EmergencyDecision, request_ids, paid_on: date) -> int:
    """Mark the requests of a decided list as paid from the returned, signed list (Decree 20/2021
    art. 12(3): the commune pays and keeps the signed list)."""
    if not can_edit_in(user, decision.unit):
        raise PermissionDenied
    if decision.status != DecisionStatus.DECIDED:
        raise ValidationError("Chỉ ghi nhận chi trả cho quyết định đã ban hành.")
    if paid_on < decision.decided_on or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "Ngày chi trả phải từ ngày quyết định đến hôm nay."})
    return decision.requests.filter(pk__in=list(request_ids), status=RequestStatus.APPROVED).update(
        status=RequestStatus.PAID, paid_on=paid_on
    )


def _list_key(national_id, name, hamlet) -> str:
    hamlet = "" if hamlet == NO_HAMLET else hamlet
    return f"cccd:{national_id}" if national_id else f"ten:{name_normalize(name)}|{name_normalize(hamlet or '')}"


@transaction.atomic
def requests_paid_from_excel(*, user, decision: EmergencyDecision, data: bytes, paid_on: date) -> int:
    """Mark paid from the returned, signed list (the cash or the rice list of this decision, as
    printed): a row whose "Ký nhận" is filled, and not "Chưa nhận", was received. A signed row that
    matches no decided request of the decision refuses the whole file (nothing is marked)."""
    from btxh.uploads import xlsx_open

    sheet = xlsx_open(data, read_only=True).worksheets[0]
    header, signed = None, []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [cell_text(v) for v in values]
        if header is None:
            if "Họ và tên" in cells or "Họ và tên chủ hộ" in cells:
                header = [cell_key(c) for c in cells]
            continue
        record = dict(zip(header, cells, strict=False))
        name = record.get("ho va ten") or record.get("ho va ten chu ho", "")
        if not name or not record.get("stt", "").isdigit():
            continue  # hamlet, subtotal and signature rows
        mark, note = cell_key(record.get("ky nhan", "")), cell_key(record.get("ghi chu", ""))
        if mark and "chua nhan" not in mark and "chua nhan" not in note:
            signed.append((number, name, record))
    if header is None:
        raise ValidationError({"returned_file": "Không tìm thấy dòng tiêu đề (dòng có ô “Họ và tên”)."})
    rice_list = "so gao (kg)" in header
    candidates: dict[tuple, list[int]] = {}
    for r in decision.requests.filter(status=RequestStatus.APPROVED):
        if r.is_rice == rice_list:
            key = (_list_key(r.national_id, r.full_name, r.hamlet), "" if rice_list else cell_key(r.get_kind_display()))
            candidates.setdefault(key, []).append(r.pk)
    ids, unknown = [], []
    for number, name, record in signed:
        key = (_list_key(record.get("so dinh danh ca nhan", ""), name, record.get("thon/to dan pho", "")),
               "" if rice_list else cell_key(record.get("loai tro giup", "")))
        found = candidates.get(key)
        if found:
            ids.extend(found)
        elif not decision.requests.filter(status=RequestStatus.PAID, full_name=name).exists():
            unknown.append(f"dòng {number} ({name})")
    if unknown:
        raise ValidationError({"returned_file": "Không khớp với đề nghị nào của quyết định này, không ghi nhận dòng nào: "
                               + ", ".join(unknown) + "."})
    if not ids:
        raise ValidationError({"returned_file": "Danh sách không có ai ký nhận mà chưa được ghi nhận chi trả."})
    return requests_mark_paid(user=user, decision=decision, request_ids=ids, paid_on=paid_on)


# ---------------------------------------------------------------------------
# Bulk entry: the commune's Excel list of an event (docs/emergency-aid.md §8)

# The service's field errors and the import column they point at.
_IMPORT_COLUMN = {"person": "national_id", "__all__": "full_name", "unit": "full_name"}


@dataclass
class RequestImportResult:
    plan: object
    summary: dict
    data: bytes

    @property
    def ok(self) -> bool:
        return not self.plan.errors

    def report(self) -> bytes:
        """The errors' report (the beneficiary import's), or, once imported, the list with how each
        row met the registry."""
        if self.ok:
            return requests_result_report(self.data, self.plan)
        return requests_report(self.data, self.plan)


def requests_import(*, data: bytes, event: EmergencyEvent, user, unit=None, dry_run: bool = False,
                    today: date | None = None) -> RequestImportResult:
    """Import the list of requests of an event: every row through ``request_create`` (the checks of
    the entry form, the link to the registry by ID number, one aid of a kind per household and
    event), all in one transaction. One bad row and nothing is written; the report marks every
    error. A dry run checks everything the same way and writes nothing."""
    from benefits.selectors import emergency_rules_load, ruleset_load

    commune = event_commune_for(user, event, unit)
    today = today or timezone.localdate()
    plan = requests_read(data, today=today)
    seen: dict[tuple, int] = {}
    for row in plan.rows:  # the same household twice in the file: a clearer message than the constraint's
        v = row.values
        who = v["national_id"] or f"{name_normalize(v['full_name'])}|{name_normalize(v['hamlet'])}"
        if v["kind"] and v["kind"] not in HOUSEHOLD_KINDS:
            who = f"{name_normalize(v['subject_name'] or v['full_name'])}|{name_normalize(v['hamlet'])}"
        key = (v["kind"], who)
        if v["kind"] and v["full_name"] and key in seen:
            plan.error(row.row, "full_name", f"trùng với dòng {seen[key]}: cùng hộ (người), cùng loại trợ giúp.")
        seen.setdefault(key, row.row)
    created = linked = added = 0
    checked = set(plan.error_rows)  # rows whose cells are wrong: the rules cannot judge them
    rules, base_rules = emergency_rules_load(), ruleset_load()
    new_hamlets = not Hamlet.objects.filter(commune=commune).exists()  # the commune's first list comes from the file
    with transaction.atomic():  # every other row goes through the service, so that all errors show at once
        for row in plan.rows:
            if row.row in checked:
                continue
            try:
                request = request_create(user=user, event=event, unit=commune, rules=rules, base_rules=base_rules,
                                         new_hamlets=new_hamlets, **row.values)
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    column = _IMPORT_COLUMN.get(key, key)
                    for message in messages:
                        plan.error(row.row, column if column in HEADERS else "full_name", strip_tags(message))
            else:
                created += 1
                if request.registry == REGISTRY_FOUND:
                    linked += 1
                    p = request.person
                    plan.notes[row.row] = f"Đã có trong sổ: {p.full_name}, sinh {p.birth_text}, {p.hamlet} (nối với hồ sơ)"
                elif request.registry == REGISTRY_CREATED:
                    added += 1
                    plan.notes[row.row] = "Chưa có trong sổ: đã thêm người và hộ mới"
        if plan.errors or dry_run:
            transaction.set_rollback(True)
    if plan.errors:
        created = linked = added = 0
        plan.notes.clear()
    return RequestImportResult(plan, plan.summary(created=created, linked=linked, added=added), data)
