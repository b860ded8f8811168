"""Reads of the registry: lists already scoped to the user and joined, the worklist, age limits."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.text import capfirst

from btxh.formatting import format_date
from btxh.models import Level, Unit
from engine import Month

from .categories import all_categories, category_info
from .models import (
    DECIDED_STATUSES,
    Case,
    CaseChild,
    CaseSource,
    CaseStatus,
    Decision,
    Hamlet,
    HouseholdPoverty,
    Person,
)
from .permissions import is_approver

# Age bands of the people list's filter (filters.PersonFilter): [from, to) in years reached this year.
AGE_BANDS = {
    "0-4": ("Dưới 4 tuổi", 0, 4),
    "4-16": ("Từ 4 đến dưới 16 tuổi", 4, 16),
    "16-22": ("Từ 16 đến dưới 22 tuổi", 16, 22),
    "22-60": ("Từ 22 đến dưới 60 tuổi", 22, 60),
    "60-70": ("Từ 60 đến dưới 70 tuổi", 60, 70),
    "70-75": ("Từ 70 đến dưới 75 tuổi", 70, 75),
    "75-80": ("Từ 75 đến dưới 80 tuổi", 75, 80),
    "80+": ("Từ 80 tuổi trở lên", 80, None),
}


def _case_rows():
    return Case.objects.only("id", "person_id", "category", "status", "unit_id").order_by("category")


def person_list(*, user, data=None, today: date | None = None) -> QuerySet[Person]:
    """People the user may see, filtered by ``data`` (the list's query string, ``filters.PersonFilter``),
    in its order (name by default), with their unit and cases joined (a page costs three queries
    whatever its size). Nothing when ``data`` does not validate."""
    from .filters import PersonFilter  # it builds its query from this module's helpers

    return PersonFilter(data, user=user, today=today).qs


# The same order as "name_normalized", written so that PostgreSQL cannot read it off the name index.
_NAME_ORDER_UNINDEXED = Concat("name_normalized", Value(""), output_field=CharField())


def _trigram_search(fragment: str) -> bool:
    """Should a name search find its rows through the trigram index and sort them, rather than walk
    the name index in order and test every name?

    Walking the name index is quick when matches are dense ("van": the first 50 come early) but
    reads the table up to the matches' place in the alphabet when they are rare ("hoang thi" is
    one name in 240: 283,000 rows read, 1.3 s on a million people). PostgreSQL's estimate of a
    LIKE '%…%' cannot tell the two apart, so the words decide: a fragment of two words or of five
    letters or more is rare enough to gather through the trigram index and sort (60 ms for
    "hoang thi", benchmarks/registry.py). Only PostgreSQL has that index (migration 0002). Within
    one commune the (unit, name) index walks a few thousand rows at most: that stays.
    """
    return connection.vendor == "postgresql" and (" " in fragment or len(fragment) >= 5)


def national_id_prefix(digits: str) -> Q:
    """IDs starting with ``digits``, as a range ("0081" ≤ id < "0082") that the unique index serves
    on every database and collation (``LIKE '0081%'`` does not on SQLite: 6 s against 1 ms on a
    million people, benchmarks/registry.py)."""
    if len(digits) >= 12:
        return Q(national_id=digits[:12])
    if set(digits) == {"9"}:
        return Q(national_id__gte=digits)
    return Q(national_id__gte=digits, national_id__lt=f"{int(digits) + 1:0{len(digits)}d}")


def hamlets_of(user, unit: Unit | None = None) -> list[Hamlet]:
    """The commune's hamlets for the list filter, those no longer in use too (their people are still
    there): only for one commune (a province has thousands)."""
    if unit is None or unit.level != Level.COMMUNE:
        return []
    return list(Hamlet.objects.for_user(user).filter(commune=unit))


def hamlet_options(commune: Unit, *, keep: int | None = None) -> QuerySet[Hamlet]:
    """The hamlets a form offers: the commune's active ones, and ``keep`` (the record's own) even if
    it is no longer in use."""
    wanted = Q(active=True) | Q(pk=keep) if keep else Q(active=True)
    return Hamlet.objects.filter(wanted, commune=commune)


def hamlet_names(commune: Unit) -> list[str]:
    """The names a form of another register offers (it stores the name): the commune's active hamlets."""
    return list(Hamlet.objects.filter(commune=commune, active=True).values_list("name", flat=True))


def hamlet_list(*, user, commune: Unit) -> QuerySet[Hamlet]:
    """The commune's list as its page shows it, with how many living people each hamlet has."""
    return (
        Hamlet.objects.for_user(user)
        .filter(commune=commune)
        .annotate(people_count=Count("people", filter=Q(people__death_date__isnull=True)))
    )


def person_detail(*, user, person_id: int) -> Person:
    return (
        Person.objects.for_user(user)
        .select_related("unit", "household", "created_by")
        .prefetch_related("household__poverty_records", "household__members")
        .get(pk=person_id)
    )


def person_cases(person: Person) -> list[Case]:
    return list(
        person.cases.select_related("unit", "approving_unit", "cared_person", "previous_case__unit")
        .prefetch_related("children", "documents")
        .order_by("-created_at")
    )


HISTORY_EMPTY = "(trống)"


def history_value(field, value) -> str:
    """A field's value in a history row as an officer reads it: the choice's label, dd/mm/yyyy, mm/yyyy, Có/Không,
    the name of the linked record, "(trống)" for nothing."""
    if value is None or value == "":
        return HISTORY_EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Month):
        return value.text
    if isinstance(value, date):
        return format_date(value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def history_rows(obj, label: str, limit: int = 30) -> list[dict]:
    """One row per saved version of ``obj`` (newest first): when, by whom, and either "Tạo mới" or each
    changed field with its old and new value (django-simple-history's ``diff_against``)."""
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("-history_date")[:limit])
    rows = []
    for new, old in zip(records, [*records[1:], None][: len(records)], strict=True):  # none: a row loaded in bulk
        changes = []
        if old is not None:
            for change in new.diff_against(old).changes:
                field = model._meta.get_field(change.field)
                changes.append({"field": capfirst(str(field.verbose_name)), "old": history_value(field, change.old),
                                "new": history_value(field, change.new)})  # fmt: skip
            if not changes:
                continue
        rows.append({"at": new.history_date, "by": new.history_user, "what": label, "created": old is None,
                     "changes": changes})  # fmt: skip
    return rows


def person_history(person: Person, cases: list[Case], limit: int = 30) -> list[dict]:
    """Field-level changes of the person and their cases, newest first, with old and new values."""
    rows = []
    for obj, label in [(person, "Thông tin cá nhân"), *[(c, f"Hồ sơ {c.category}") for c in cases]]:
        rows += history_rows(obj, label, limit)
    rows.sort(key=lambda r: r["at"], reverse=True)
    return rows[:limit]


def case_history(case: Case, limit: int = 30) -> list[dict]:
    """The case's own changes, newest first, with old and new values (the case page)."""
    return history_rows(case, f"Hồ sơ {case.category}", limit)


def case_list(*, user, data=None) -> QuerySet[Case]:
    """Cases of the user's subtree filtered by ``data`` (the list's query string, ``filters.CaseFilter``);
    the approving unit is always on the commune's chain, so an approver sees every case submitted to them."""
    from .filters import CaseFilter  # it builds its query from this module's helpers

    return CaseFilter(data, user=user).qs


def cases_awaiting(user) -> QuerySet[Case]:
    """Cases submitted to the user's unit for a decision (the approver's inbox)."""
    if not is_approver(user) or not user.unit_id:
        return Case.objects.none()
    return Case.objects.filter(approving_unit=user.unit, status=CaseStatus.SUBMITTED)


def case_detail(*, user, case_id: int) -> Case:
    qs = (
        Case.objects.for_user(user)
        .select_related(
            "person__unit",
            "person__household",
            "unit",
            "approving_unit",
            "cared_person",
            "previous_case__unit",
            "submitted_by",
            "approved_by",
        )
        .prefetch_related("children", "documents", "events__by", "next_cases__unit")
    )
    return qs.get(pk=case_id)


# ---------------------------------------------------------------------------
# Age limits and the worklist
# ---------------------------------------------------------------------------
def _birthday_month(birth_date: date | None, birth_year: int | None, *, years: int = 0, months: int = 0) -> Month | None:
    if birth_date is None and birth_year is None:
        return None
    return Month.of(birth_date or date(birth_year, 1, 1)) + (years * 12 + months)


def case_age_limit_month(case: Case, *, today: date | None = None) -> Month | None:
    """The last month a case pays because of an age limit (the month of that birthday, docs/engine.md
    §6, convention 3), or None when the category has no age limit for this case. The limits are the
    engine's category rows."""
    info = category_info(case.category)
    if info is None:
        return None
    today = today or timezone.localdate()
    if info.needs_children:
        children = list(case.children.all())
        if info.needs_pregnancy:
            if case.pregnant or not children:
                return None
            return max(_birthday_month(c.birth_date, None, months=info.child_under_months) for c in children)
        limits = []
        for child in children:
            studying = child.studying_until and child.studying_until >= today
            months = info.child_studying_under_months if studying else info.child_under_months
            limits.append(_birthday_month(child.birth_date, None, months=months))
        return max(limits) if limits else None
    if info.needs_cared_person:
        cared = case.cared_person
        if cared is None or info.max_age is None:
            return None
        limit = _birthday_month(cared.birth_date, cared.birth_year, years=info.max_age)
        # A fostered elderly person has no upper limit; only a fostered child grows out of it.
        return limit if limit >= Month.of(today) or info.min_age is None else None
    if info.max_age is None:
        return None
    person = case.person
    return _birthday_month(person.birth_date, person.birth_year, years=info.max_age)


# Ages at which a coefficient or an eligibility changes (docs/legal-rules.md §3, §5).
WORKLIST_AGES = {
    4: "tròn 4 tuổi: hệ số trẻ em dưới 4 tuổi (K1, K3, CS-FOSTER) thay đổi",
    16: "tròn 16 tuổi: hết diện trẻ em (K1, K3) – xem xét K2 nếu đang đi học; hệ số K6 thay đổi",
    22: "tròn 22 tuổi: hết diện K2",
    60: "tròn 60 tuổi: người cao tuổi (K5A, K5D); hệ số K6 thay đổi",
    70: "tròn 70 tuổi: xem xét trợ cấp hưu trí xã hội (hộ nghèo, cận nghèo)",
    75: "tròn 75 tuổi: trợ cấp hưu trí xã hội (SP-75)",
    80: "tròn 80 tuổi: hệ số K5A tăng",
}
WORKLIST_DAYS = 60


@dataclass(frozen=True)
class WorkItem:
    due: date
    kind: str
    text: str
    person_id: int
    person_name: str
    unit_id: int
    unit_name: str
    hamlet: str
    case_id: int | None = None
    category: str = ""


def _months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of a shorter month)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _birthday_in(born: date, age: int) -> date:
    return _months_after(born, age * 12)


# Who knows which people did not collect their payments: payroll (a floor above), which plugs
# its selector in here from its AppConfig.ready() -- this app never imports it.
_UNCOLLECTED_PROVIDERS: list = []


def uncollected_provider_register(provider):
    """Register ``provider(unit, month: engine.Month) -> person ids`` of the people of a
    commune who did not collect their payment in each of the last three months; the signature
    of ``benefits.payroll.selectors.not_collected_streaks``."""
    if provider not in _UNCOLLECTED_PROVIDERS:
        _UNCOLLECTED_PROVIDERS.append(provider)
    return provider


def uncollected_payment_cases(units, *, today: date) -> list[WorkItem]:
    """People who have not collected their payments for three months in a row: to suspend
    (Decree 20/2021 art. 8(1)). Returns nothing until payroll registers a provider."""
    if not _UNCOLLECTED_PROVIDERS:
        return []

    month = Month(today.year, today.month)
    ids: set[int] = set()
    for unit in units:
        if unit.level == Level.COMMUNE:
            for provider in _UNCOLLECTED_PROVIDERS:
                ids.update(provider(unit, month))
    people = Person.objects.filter(pk__in=ids, death_date__isnull=True).select_related("unit")
    return [
        WorkItem(
            today,
            "uncollected",
            "3 tháng liền chưa nhận tiền: xem xét tạm dừng",
            p.pk,
            p.full_name,
            p.unit_id,
            p.unit.name,
            p.hamlet,
        )
        for p in people
    ]


def worklist(*, user, unit: Unit | None = None, today: date | None = None, days: int = WORKLIST_DAYS) -> list[WorkItem]:
    """What falls due in the next ``days`` days for the people with decided cases the user sees:
    birthdays that change a coefficient or an eligibility, children of K4 / CS-DISABLED-PARENT
    reaching 16 years or 36 months, certificates and studies ending, expected births."""
    today = today or timezone.localdate()
    until = today + timedelta(days=days)
    cases = Case.objects.for_user(user).filter(status__in=DECIDED_STATUSES)
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)
    items: list[WorkItem] = []

    years = {today.year - age for age in WORKLIST_AGES} | {until.year - age for age in WORKLIST_AGES}
    people = (
        Person.objects.filter(
            Exists(cases.filter(person=OuterRef("pk"))), birth_year__in=years, death_date__isnull=True
        )
        .select_related("unit")
        .only("id", "full_name", "birth_date", "birth_year", "hamlet", "unit__name", "unit__id")
    )
    for person in people:
        born = person.birth_date or date(person.birth_year, 1, 1)
        for age, text in WORKLIST_AGES.items():
            day = _birthday_in(born, age)
            if today <= day <= until:
                items.append(
                    WorkItem(
                        day,
                        f"age-{age}",
                        text,
                        person.pk,
                        person.full_name,
                        person.unit_id,
                        person.unit.name,
                        person.hamlet,
                    )
                )

    def case_item(case, due, kind, text):
        items.append(
            WorkItem(
                due,
                kind,
                text,
                case.person_id,
                case.person.full_name,
                case.unit_id,
                case.unit.name,
                case.person.hamlet,
                case.pk,
                case.category,
            )
        )

    joined = cases.select_related("person", "unit")
    for case in joined.filter(disability_certificate_valid_until__lte=until):
        expired = case.disability_certificate_valid_until < today
        case_item(
            case,
            case.disability_certificate_valid_until,
            "certificate",
            "giấy xác nhận khuyết tật đã hết giá trị" if expired else "giấy xác nhận khuyết tật hết giá trị",
        )
    for case in joined.filter(studying_until__gte=today, studying_until__lte=until):
        case_item(case, case.studying_until, "studies", "hết thời gian đi học: xem xét thôi hưởng K2 hoặc thay đổi")
    for case in joined.filter(pregnant=True, pregnancy_due_date__gte=today, pregnancy_due_date__lte=until):
        case_item(case, case.pregnancy_due_date, "birth", "dự sinh: bổ sung con vào hồ sơ hỗ trợ chăm sóc")
    child_years = {today.year - 16, until.year - 16, today.year - 3, until.year - 3, today.year - 22, until.year - 22}
    children = CaseChild.objects.filter(case__in=joined, birth_date__year__in=child_years).select_related(
        "case__person", "case__unit"
    )
    for child in children:
        info = category_info(child.case.category)
        limits = []
        if info.child_under_months:
            limits.append(info.child_under_months)
        if info.child_studying_under_months and child.studying_until and child.studying_until >= today:
            limits.append(info.child_studying_under_months)
        for months in limits:
            day = _months_after(child.birth_date, months)
            if today <= day <= until:
                label = f"{months // 12} tuổi" if months % 12 == 0 and months >= 60 else f"{months} tháng tuổi"
                name = child.full_name or f"sinh {child.birth_date:%d/%m/%Y}"
                case_item(child.case, day, f"child-{months}", f"con ({name}) tròn {label}")
    items += _poverty_items(cases, today=today)
    items += _moved_in_items(user, unit)
    units = Unit.objects.for_user(user) if unit is None else Unit.objects.filter(pk=unit.pk)
    items += uncollected_payment_cases(units, today=today)
    items.sort(key=lambda i: (i.unit_name, i.due, i.person_name))
    return items


def _moved_in_items(user, unit: Unit | None) -> list[WorkItem]:
    """People moved into the commune whose cases wait for its approving level to take them in:
    nothing is paid there until then."""
    cases = Case.objects.for_user(user).filter(
        status=CaseStatus.SUBMITTED, source=CaseSource.MOVED, previous_case__isnull=False
    )
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)
    items = []
    for case in cases.select_related("person", "unit", "previous_case__unit", "approving_unit"):
        due = timezone.localtime(case.submitted_at).date() if case.submitted_at else timezone.localdate()
        text = (f"chuyển đến từ {case.previous_case.unit.name}: chờ {case.approving_unit.name} xác nhận tiếp nhận "
                "(chưa được chi trả tại xã này)")  # fmt: skip
        items.append(WorkItem(due, "move-in", text, case.person_id, case.person.full_name, case.unit_id,
                              case.unit.name, case.person.hamlet, case.pk, case.category))  # fmt: skip
    return items


POVERTY_CATEGORIES = tuple(c.code for c in all_categories() if c.needs_poverty)
POVERTY_REVIEW_FROM = (12, 1)  # the commune approves next year's list in December


def poverty_review_year(today: date) -> int:
    """The year under review: next year from 1 December, else this year."""
    return today.year + 1 if (today.month, today.day) >= POVERTY_REVIEW_FROM else today.year


def poverty_review(*, user, year: int, unit: Unit | None = None) -> list[dict]:
    """People with a decided case that depends on the household's poverty status, with the status
    of ``year - 1`` and ``year`` (None when not recorded), those without a status first."""
    cases = Case.objects.for_user(user).filter(status__in=DECIDED_STATUSES, category__in=POVERTY_CATEGORIES)
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)
    rows: dict[int, dict] = {}
    for case in cases.select_related("person", "unit").order_by("person__hamlet", "person__full_name", "pk"):
        row = rows.setdefault(case.person_id, {"person": case.person, "unit": case.unit, "categories": []})
        row["categories"].append(case.category)
    households = {r["person"].household_id for r in rows.values() if r["person"].household_id}
    status: dict[tuple[int, int], str] = {
        (h, y): s
        for h, y, s in HouseholdPoverty.objects.filter(household_id__in=households, year__in=(year - 1, year)).values_list(
            "household_id", "year", "status"
        )
    }
    out = []
    for r in rows.values():
        h = r["person"].household_id
        out.append({**r, "previous": status.get((h, year - 1)), "current": status.get((h, year))})
    out.sort(key=lambda r: r["current"] is not None)
    return out


def _poverty_items(cases, *, today: date) -> list[WorkItem]:
    """Poverty-dependent cases whose household has no status for this year, or (from 1 December)
    for next year: their cases would compute to nothing from January."""
    items = []
    joined = cases.filter(category__in=POVERTY_CATEGORIES).select_related("person", "unit")
    for year in sorted({today.year, poverty_review_year(today)}):
        missing = joined.exclude(person__household__poverty_records__year=year)
        due = date(year, 1, 1) if year > today.year else today
        text = f"chưa có tình trạng hộ nghèo, cận nghèo năm {year}: nhập danh sách rà soát hoặc xác nhận hộ"
        for case in missing:
            items.append(WorkItem(due, "poverty", text, case.person_id, case.person.full_name, case.unit_id,
                                  case.unit.name, case.person.hamlet, case.pk, case.category))  # fmt: skip
    return items


def worklist_count(user, *, today: date | None = None) -> int:
    return len(worklist(user=user, today=today))


def pending_decision_count(user) -> int:
    return cases_awaiting(user).count()


def returned_count(user) -> int:
    if not user.can_edit_cases:
        return 0
    return Case.objects.for_user(user).filter(status=CaseStatus.RETURNED).count()


def approved_not_active_count(user) -> int:
    if not user.can_edit_cases:
        return 0
    return Case.objects.for_user(user).filter(status=CaseStatus.APPROVED).count()


def unit_options(user) -> QuerySet[Unit]:
    """Communes the user can filter a list by (their subtree)."""
    return Unit.objects.for_user(user).filter(level=Level.COMMUNE).only("id", "name", "code", "path", "level")


def unit_for_filter(user, unit_id) -> Unit | None:
    if not unit_id:
        return None
    try:
        return Unit.objects.for_user(user).get(pk=int(unit_id))
    except (Unit.DoesNotExist, ValueError, TypeError):
        return None


def decision_visible(user):
    """Decisions the user may read: those of a unit in their subtree, or about a case they see
    (a commune officer reads the district's decision about their commune's people)."""


    return Decision.objects.filter(
        Q(pk__in=Decision.objects.for_user(user).values("pk")) | Q(cases__in=Case.objects.for_user(user))
    ).distinct()


def poverty_form_initial(person: Person, year: int) -> dict:
    """The poverty form starts from what is recorded for the person's household: this year's status,
    else the latest earlier year's."""
    initial = {"year": year}
    if person.household_id:
        latest = (
            HouseholdPoverty.objects.filter(household_id=person.household_id, year__lte=year).order_by("-year").first()
        )
        if latest:
            initial["status"] = latest.status
    return initial
